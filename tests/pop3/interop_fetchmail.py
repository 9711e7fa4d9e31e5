"""fetchmail against MailFlow's POP3 server, from generated rcfiles: keep mode (UIDL remembers what was
fetched), delete mode, STLS and POP3S with the local CA (sslcertck), delivery through an MDA."""
import os
import poplib
import stat
import subprocess
import sys
import tempfile

from pop3_support import MESSAGE1, MESSAGE2, Pop3TestServer

binary = sys.argv[1]


def run_fetchmail(server, work, name, keep, security):
    out = os.path.join(work, name + ".mbox")
    port = server.pop3s_port if security == "pop3s" else server.pop3_port
    tls = 'sslproto ""'  # plain: no opportunistic STLS (fetchmail upgrades whenever STLS is offered)
    if security == "stls":
        tls = f'sslproto "TLS1.2+" sslcertck sslcertfile "{server.ca}" sslcommonname "localhost"'
    elif security == "pop3s":
        tls = f'ssl sslcertck sslcertfile "{server.ca}" sslcommonname "localhost"'
    rc = os.path.join(work, name + ".rc")
    with open(rc, "w") as f:
        f.write("set no bouncemail\nset no syslog\n"
                f'poll localhost port {port} protocol POP3 uidl timeout 30\n'
                f'  user "bob@b.example" there with password "secret" is "{os.environ.get("USER", "root")}" here\n'
                f'  {"keep" if keep else "no keep fetchall"} {tls}\n'
                f'  mda "cat >> {out}"\n')
    os.chmod(rc, stat.S_IRUSR | stat.S_IWUSR)  # fetchmail refuses rcfiles others can read
    env = dict(os.environ, HOME=work, FETCHMAILHOME=work)
    result = subprocess.run(["fetchmail", "-f", rc, "--idfile", os.path.join(work, "fetchids"),
                             "--pidfile", os.path.join(work, "fetchmail.pid"), "--nodetach", "-v"],
                            capture_output=True, timeout=120, env=env)
    log = result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
    fetched = b""
    if os.path.exists(out):
        with open(out, "rb") as f:
            fetched = f.read()
        os.remove(out)
    return result.returncode, fetched, log


def body_lines(message):
    """The message as fetchmail's MDA sees it: LF line ends (fetchmail strips CR for an MDA)."""
    return message.replace(b"\r\n", b"\n").split(b"\n\n", 1)[1]


def maildrop_count(server):
    pop = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
    pop.user("bob")
    pop.pass_("secret")
    count = pop.stat()[0]
    pop.quit()
    return count


for security in ("plain", "stls", "pop3s"):
    with Pop3TestServer(binary) as server, tempfile.TemporaryDirectory() as work:
        # Keep mode: both messages arrive, stay on the server, and are not fetched again.
        code, fetched, log = run_fetchmail(server, work, "keep1", True, security)
        assert code == 0, log
        assert fetched.count(b"Subject: first") == 1 and fetched.count(b"Subject: second") == 1, fetched
        assert body_lines(MESSAGE1) in fetched, fetched  # dot-stuffing undone: ".a line..." and "..two dots"
        assert body_lines(MESSAGE2) in fetched
        if security != "plain":
            assert "SSL" in log or "TLS" in log, log
        assert maildrop_count(server) == 2
        code, fetched, log = run_fetchmail(server, work, "keep2", True, security)
        assert code == 1 and fetched == b"", (code, log)  # 1: no new mail
        assert maildrop_count(server) == 2
        # Delete mode: everything is fetched and then removed at QUIT.
        code, fetched, log = run_fetchmail(server, work, "delete", False, security)
        assert code == 0, log
        assert fetched.count(b"Subject: first") == 1 and fetched.count(b"Subject: second") == 1, fetched
        assert maildrop_count(server) == 0

# A certificate from another CA is refused by sslcertck.
with Pop3TestServer(binary) as server, tempfile.TemporaryDirectory() as work:
    other = os.path.join(work, "other-ca.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Other CA",
                    "-keyout", os.path.join(work, "k.pem"), "-out", other, "-days", "2"],
                   check=True, capture_output=True)
    server.ca = other
    code, fetched, log = run_fetchmail(server, work, "wrongca", True, "pop3s")
    assert code != 0 and fetched == b"", (code, log)

print("fetchmail interop: all checks passed")
