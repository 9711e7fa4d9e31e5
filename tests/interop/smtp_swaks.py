"""Interop: swaks against `mailflow serve` (--pipeline, STARTTLS with verification, AUTH PLAIN/LOGIN)."""

import subprocess
import sys
import uuid

from mailflow_serve import MailflowServe, Steps
from smtp_store import find_message


def swaks(args):
    return subprocess.run(["swaks", "--timeout", "60", "--helo", "swaks.example"] + args,
                          capture_output=True, timeout=120)


def main(binary):
    steps = Steps("swaks")
    with MailflowServe(binary) as serve:
        host, smtp_port = serve.address("a.example", "smtp")
        _, sub_port = serve.address("a.example", "submission")
        _, smtps_port = serve.address("a.example", "smtps")

        def expect(result, code=0):
            out = result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
            assert result.returncode == code, "swaks exit %d (wanted %d):\n%s" % (result.returncode, code, out)
            return out

        def pipeline():
            marker = uuid.uuid4().hex
            out = expect(swaks(["--server", "%s:%d" % (host, smtp_port), "--pipeline", "--from", "x@b.example",
                                "--to", "alice@a.example,bob@a.example", "--header", "Subject: %s" % marker]))
            assert "PIPELINING" in out, out
            stored = find_message(serve, marker.encode())
            assert stored["recipients"] == ["alice@a.example", "bob@a.example"], stored

        def pipeline_with_refused_recipient():
            # swaks reports the refused RCPT and exits 24 ("no recipients accepted" would be 24 too).
            out = swaks(["--server", "%s:%d" % (host, smtp_port), "--pipeline", "--from", "x@b.example",
                         "--to", "nobody@a.example"])
            text = out.stdout.decode(errors="replace")
            assert out.returncode != 0 and "550 5.1.1" in text, text

        def starttls_auth_plain():
            marker = uuid.uuid4().hex
            expect(swaks(["--server", "%s:%d" % (host, sub_port), "-tls", "--tls-verify", "--tls-ca-path", serve.ca,
                          "-a", "PLAIN", "-au", "alice@a.example", "-ap", "alice-secret",
                          "--from", "alice@a.example", "--to", "carol@c.example", "--header", "Subject: %s" % marker]))
            assert b"with ESMTPSA id" in find_message(serve, marker.encode())["data"]

        def starttls_wrong_password():
            out = swaks(["--server", "%s:%d" % (host, sub_port), "-tls", "--tls-verify", "--tls-ca-path", serve.ca,
                         "-a", "PLAIN", "-au", "alice@a.example", "-ap", "nope",
                         "--from", "alice@a.example", "--to", "bob@a.example"])
            assert out.returncode == 28 and "535 5.7.8" in out.stdout.decode(errors="replace"), out.stdout.decode()

        def smtps_auth_login():
            marker = uuid.uuid4().hex
            expect(swaks(["--server", "%s:%d" % (host, smtps_port), "--tls-on-connect", "--tls-verify",
                          "--tls-ca-path", serve.ca, "-a", "LOGIN", "-au", "alice", "-ap", "alice-secret",
                          "--from", "alice@a.example", "--to", "bob@a.example", "--header", "Subject: %s" % marker]))
            find_message(serve, marker.encode())

        steps.run("--pipeline to two local users", pipeline)
        steps.run("--pipeline with a refused recipient", pipeline_with_refused_recipient)
        steps.run("-tls --tls-verify --tls-ca-path -a PLAIN on submission", starttls_auth_plain)
        steps.run("-a PLAIN with a wrong password gets 535", starttls_wrong_password)
        steps.run("--tls-on-connect -a LOGIN on smtps", smtps_auth_login)
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
