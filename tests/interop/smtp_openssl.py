"""Interop: openssl s_client -starttls smtp against the submission port, verifying against the CA."""

import subprocess
import sys

from mailflow_serve import MailflowServe, Steps


def s_client(args, stdin):
    return subprocess.run(["openssl", "s_client", "-ign_eof", "-crlf"] + args, input=stdin,
                          capture_output=True, timeout=60)


def main(binary):
    steps = Steps("openssl")
    with MailflowServe(binary) as serve:
        host, sub_port = serve.address("a.example", "submission")
        _, smtps_port = serve.address("a.example", "smtps")

        def starttls_ehlo_quit():
            r = s_client(["-starttls", "smtp", "-connect", "%s:%d" % (host, sub_port), "-CAfile", serve.ca,
                          "-verify_return_error", "-verify_ip", host], b"EHLO openssl.example\nQUIT\n")
            out = r.stdout.decode(errors="replace")
            assert r.returncode == 0, "exit %d:\n%s\n%s" % (r.returncode, out, r.stderr.decode(errors="replace"))
            assert "Verify return code: 0 (ok)" in out, out
            # After TLS: EHLO again, AUTH now offered, STARTTLS no longer offered.
            assert "250-AUTH PLAIN LOGIN" in out, out
            tail = out[out.index("250-AUTH PLAIN LOGIN"):]
            assert "STARTTLS" not in tail, out
            assert "221 2.0.0 Bye" in out, out

        def smtps_greeting():
            r = s_client(["-connect", "%s:%d" % (host, smtps_port), "-CAfile", serve.ca, "-verify_return_error"],
                         b"QUIT\n")
            out = r.stdout.decode(errors="replace")
            assert r.returncode == 0 and "220 smtp.a.example ESMTP MailFlow" in out and "221 2.0.0 Bye" in out, out  # the submission host

        def untrusted_ca_fails():
            r = s_client(["-starttls", "smtp", "-connect", "%s:%d" % (host, sub_port), "-CAfile",
                          "/etc/ssl/certs/ca-certificates.crt", "-verify_return_error"], b"QUIT\n")
            assert r.returncode != 0, "verification succeeded without the MailFlow CA"

        steps.run("-starttls smtp -CAfile -verify_return_error, EHLO and QUIT", starttls_ehlo_quit)
        steps.run("implicit TLS greeting and QUIT on smtps", smtps_greeting)
        steps.run("verification fails without the MailFlow CA", untrusted_ca_fails)
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
