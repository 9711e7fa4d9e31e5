"""Interop: curl's SMTP client against `mailflow serve` (smtp://, STARTTLS with --ssl-reqd, smtps://)."""

import os
import subprocess
import sys
import tempfile
import uuid

from mailflow_serve import MailflowServe, Steps
from smtp_store import find_message


def curl(args, body):
    with tempfile.NamedTemporaryFile("wb", suffix=".eml", delete=False) as f:
        f.write(body)
        path = f.name
    try:
        return subprocess.run(["curl", "--silent", "--show-error", "--max-time", "60"] + args
                              + ["--upload-file", path], capture_output=True, timeout=90)
    finally:
        os.unlink(path)


def body(marker):
    return ("From: alice@a.example\r\nTo: bob@a.example\r\nSubject: curl %s\r\n\r\nsent by curl\r\n" % marker).encode()


def main(binary):
    steps = Steps("curl")
    with MailflowServe(binary) as serve:
        host, smtp_port = serve.address("a.example", "smtp")
        _, sub_port = serve.address("a.example", "submission")
        _, smtps_port = serve.address("a.example", "smtps")
        user = serve.user("alice@a.example")
        creds = "%s:%s" % (user["login"], user["password"])

        def expect_ok(result, marker, protocol):
            assert result.returncode == 0, "curl exit %d: %s" % (result.returncode, result.stderr.decode())
            stored = find_message(serve, marker.encode())
            assert ("with %s id" % protocol).encode() in stored["data"], stored["data"][:300]

        def plain():
            marker = uuid.uuid4().hex
            r = curl(["--url", "smtp://%s:%d" % (host, smtp_port), "--mail-from", "someone@b.example",
                      "--mail-rcpt", "bob@a.example"], body(marker))
            expect_ok(r, marker, "ESMTP")

        def plain_relay_refused():
            r = curl(["--url", "smtp://%s:%d" % (host, smtp_port), "--mail-from", "someone@b.example",
                      "--mail-rcpt", "x@foreign.example"], body("relay"))
            assert r.returncode != 0, "relay accepted"
            assert b"554" in r.stderr, r.stderr

        def starttls_submission():
            marker = uuid.uuid4().hex
            r = curl(["--url", "smtp://%s:%d" % (host, sub_port), "--ssl-reqd", "--cacert", serve.ca,
                      "--user", creds, "--mail-from", "alice@a.example", "--mail-rcpt", "bob@a.example"], body(marker))
            expect_ok(r, marker, "ESMTPSA")

        def smtps():
            marker = uuid.uuid4().hex
            r = curl(["--url", "smtps://%s:%d" % (host, smtps_port), "--cacert", serve.ca,
                      "--user", creds, "--mail-from", "alice@a.example", "--mail-rcpt", "carol@c.example"], body(marker))
            expect_ok(r, marker, "ESMTPSA")

        def smtps_without_ca_fails():
            r = curl(["--url", "smtps://%s:%d" % (host, smtps_port), "--capath", "/nonexistent", "--cacert",
                      "/etc/ssl/certs/ca-certificates.crt", "--user", creds, "--mail-from", "alice@a.example",
                      "--mail-rcpt", "bob@a.example"], body("untrusted"))
            assert r.returncode == 60, "expected a certificate failure (60), got %d" % r.returncode

        steps.run("smtp:// plain to a local user", plain)
        steps.run("smtp:// relay refused", plain_relay_refused)
        steps.run("smtp:// --ssl-reqd --cacert --user on submission", starttls_submission)
        steps.run("smtps:// --cacert --user", smtps)
        steps.run("smtps:// without the MailFlow CA is refused by curl", smtps_without_ca_fails)
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
