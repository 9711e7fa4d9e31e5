"""curl against MailFlow's POP3 server: pop3:// and pop3s:// with --cacert, STLS with --ssl-reqd,
-X UIDL, -X 'TOP 1 0', and RETR byte for byte."""
import subprocess
import sys

from pop3_support import MESSAGE1, MESSAGE2, Pop3TestServer

binary = sys.argv[1]


def curl(server, url, *extra, expect_ok=True):
    port = server.pop3s_port if url.startswith("pop3s") else server.pop3_port
    args = ["curl", "--silent", "--show-error", "--max-time", "30", "--user", "bob:secret",
            "--resolve", f"localhost:{port}:127.0.0.1", "--cacert", server.ca,
            url.replace("PORT", str(port)), *extra]
    result = subprocess.run(args, capture_output=True, timeout=60)
    if expect_ok and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}): {result.stderr.decode()}")
    return result


with Pop3TestServer(binary) as server:
    # LIST over plain POP3.
    out = curl(server, "pop3://localhost:PORT/").stdout
    assert out == b"1 %d\r\n2 %d\r\n" % (len(MESSAGE1), len(MESSAGE2)), out
    # RETR, byte for byte (curl undoes the dot-stuffing).
    assert curl(server, "pop3://localhost:PORT/1").stdout == MESSAGE1
    assert curl(server, "pop3://localhost:PORT/2").stdout == MESSAGE2
    # STLS demanded by the client.
    assert curl(server, "pop3://localhost:PORT/1", "--ssl-reqd").stdout == MESSAGE1
    # POP3S with the local CA.
    assert curl(server, "pop3s://localhost:PORT/1").stdout == MESSAGE1
    # Custom commands.
    out = curl(server, "pop3s://localhost:PORT/", "-X", "UIDL").stdout
    lines = out.split(b"\r\n")
    assert lines[0].startswith(b"1 ") and lines[1].startswith(b"2 ") and lines[2] == b"", out
    out = curl(server, "pop3://localhost:PORT/", "-X", "TOP 1 0").stdout
    assert out == MESSAGE1.split(b"\r\n\r\n")[0] + b"\r\n\r\n", out
    out = curl(server, "pop3://localhost:PORT/", "-X", "TOP 2 99999999").stdout
    assert out == MESSAGE2, out
    # A wrong password fails with curl's login-denied error (67).
    bad = subprocess.run(["curl", "--silent", "--max-time", "30", "--user", "bob:wrong",
                          f"pop3://127.0.0.1:{server.pop3_port}/"], capture_output=True, timeout=60)
    assert bad.returncode == 67, (bad.returncode, bad.stderr)
    # A certificate check against the wrong name fails: curl is not told to ignore it.
    wrong = subprocess.run(["curl", "--silent", "--max-time", "30", "--user", "bob:secret", "--cacert", server.ca,
                            "--resolve", f"wrong.example:{server.pop3s_port}:127.0.0.1",
                            f"pop3s://wrong.example:{server.pop3s_port}/"], capture_output=True, timeout=60)
    assert wrong.returncode == 60, (wrong.returncode, wrong.stderr)
    # DELE through curl (-X DELE with --head, as curl's manual shows), then curl's QUIT commits it.
    curl(server, "pop3://localhost:PORT/1", "-X", "DELE", "--head")
    out = curl(server, "pop3://localhost:PORT/").stdout
    assert out == b"1 %d\r\n" % len(MESSAGE2), out

print("curl interop: all checks passed")
