"""openssl s_client -starttls pop3 (and plain TLS on the POP3S port) against MailFlow's POP3 server,
verifying the certificate against the local CA."""
import subprocess
import sys

from pop3_support import MESSAGE1, MESSAGE2, Pop3TestServer

binary = sys.argv[1]


def s_client(server, *args, commands):
    result = subprocess.run(["openssl", "s_client", "-CAfile", server.ca, "-verify_return_error",
                             "-verify_hostname", "localhost", "-crlf", "-ign_eof", "-quiet", *args],
                            input=commands, capture_output=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


commands = b"CAPA\nUSER bob\nPASS secret\nSTAT\nRETR 1\nSTLS\nQUIT\n"

with Pop3TestServer(binary) as server:
    for args in (["-starttls", "pop3", "-connect", f"127.0.0.1:{server.pop3_port}"],
                 ["-connect", f"127.0.0.1:{server.pop3s_port}"]):
        code, out, err = s_client(server, *args, commands=commands)
        assert code == 0, (code, err)
        assert b"verify return:1" in err or b"Verification: OK" in err or b"depth=0" in err, err
        lines = out.split(b"\r\n")
        # After TLS the capabilities no longer offer STLS.
        capa = lines[lines.index(b"+OK Capability list follows"):]
        capa = capa[:capa.index(b".") + 1]
        assert b"STLS" not in capa and b"USER" in capa, capa
        assert b"+OK bob@b.example has 2 messages (%d octets)" % (len(MESSAGE1) + len(MESSAGE2)) in lines, out
        assert b"+OK 2 %d" % (len(MESSAGE1) + len(MESSAGE2)) in lines, out
        # RETR's text is dot-stuffed on the wire.
        assert b"..a line that starts with a dot" in lines and b"...two dots" in lines and b".." in lines, out
        assert b"-ERR STLS is not valid after login" in lines, out
        assert lines[-2].startswith(b"+OK MailFlow POP3 server signing off"), lines[-3:]

    # A CA that did not sign the certificate: the handshake fails.
    code, out, err = subprocess.run(["openssl", "s_client", "-CAfile", "/dev/null", "-verify_return_error", "-quiet",
                                     "-starttls", "pop3", "-connect", f"127.0.0.1:{server.pop3_port}"],
                                    input=b"QUIT\n", capture_output=True, timeout=60).returncode, None, None
    assert code != 0

print("openssl s_client interop: all checks passed")
