"""Interop: Python's smtplib (a client nobody here wrote) against `mailflow serve`."""

import base64
import signal
import smtplib
import socket
import subprocess
import ssl
import sys
import uuid

from mailflow_serve import MailflowServe, Steps
from smtp_store import find_message


def message(marker, sender, rcpt):
    return ("From: %s\r\nTo: %s\r\nSubject: interop %s\r\n\r\nHello from smtplib.\r\n.leading dot line\r\n"
            % (sender, rcpt, marker))


def main(binary):
    steps = Steps("smtplib")
    with MailflowServe(binary) as serve:
        smtp_at = serve.address("a.example", "smtp")
        sub_at = serve.address("a.example", "submission")
        smtps_at = serve.address("a.example", "smtps")
        ctx = ssl.create_default_context(cafile=serve.ca)

        def plain_to_local_user():
            marker = uuid.uuid4().hex
            with smtplib.SMTP(*smtp_at, timeout=30) as s:
                s.ehlo("client.example")
                assert s.has_extn("pipelining") and s.has_extn("size") and s.has_extn("starttls"), s.esmtp_features
                assert not s.has_extn("auth"), "AUTH offered before TLS"
                refused = s.sendmail("sender@b.example", ["alice@a.example"], message(marker, "sender@b.example",
                                                                                       "alice@a.example"))
                assert refused == {}, refused
            stored = find_message(serve, marker.encode())
            assert stored["recipients"] == ["alice@a.example"], stored
            data = stored["data"]
            assert data.startswith(b"Received: from client.example ([127.0.0."), data[:200]
            assert b"with ESMTP id" in data and b"for <alice@a.example>;" in data, data[:300]
            assert b"\r\n.leading dot line\r\n" in data, "dot-stuffing not undone"

        def relay_refused():
            with smtplib.SMTP(*smtp_at, timeout=30) as s:
                try:
                    s.sendmail("sender@b.example", ["someone@foreign.example"], "Subject: x\r\n\r\nx\r\n")
                except smtplib.SMTPRecipientsRefused as e:
                    code, text = e.recipients["someone@foreign.example"]
                    assert code in (550, 554) and text.startswith(b"5.7.1"), (code, text)
                else:
                    raise AssertionError("relay to a foreign domain was accepted")

        def unknown_user_refused():
            with smtplib.SMTP(*smtp_at, timeout=30) as s:
                s.ehlo()
                s.mail("sender@b.example")
                code, text = s.rcpt("nobody@a.example")
                assert (code, text[:5]) == (550, b"5.1.1"), (code, text)
                code, text = s.rcpt("PostMaster")
                assert code == 250, (code, text)

        def auth_before_tls_refused():
            with smtplib.SMTP(*sub_at, timeout=30) as s:
                s.ehlo()
                assert not s.has_extn("auth"), "AUTH offered before TLS"
                token = base64.b64encode(b"\0alice@a.example\0alice-secret").decode()
                code, text = s.docmd("AUTH", "PLAIN " + token)
                assert (code, text[:6]) == (538, b"5.7.11"), (code, text)
                code, text = s.docmd("MAIL", "FROM:<alice@a.example>")
                assert (code, text[:5]) == (530, b"5.7.0"), (code, text)

        def submission_starttls_login_send():
            marker = uuid.uuid4().hex
            user = serve.user("alice@a.example")
            with smtplib.SMTP(*sub_at, timeout=30) as s:
                s.ehlo("client.example")
                s.starttls(context=ctx)
                s.ehlo("client.example")
                assert not s.has_extn("starttls"), "STARTTLS still offered after TLS"
                assert "PLAIN" in s.esmtp_features.get("auth", "").upper(), s.esmtp_features
                code, _ = s.docmd("MAIL", "FROM:<alice@a.example>")
                assert code == 530, "submission accepted MAIL before AUTH"
                s.login(user["login"], user["password"])
                # Authenticated clients may relay.
                refused = s.sendmail("alice@a.example", ["carol@c.example", "bob@a.example"],
                                     message(marker, "alice@a.example", "carol@c.example"))
                assert refused == {}, refused
            stored = find_message(serve, marker.encode())
            assert stored["recipients"] == ["carol@c.example", "bob@a.example"], stored
            assert b"with ESMTPSA id" in stored["data"], stored["data"][:300]

        def starttls_rejects_untrusted_certificate():
            with smtplib.SMTP(*sub_at, timeout=30) as s:
                s.ehlo()
                try:
                    s.starttls(context=ssl.create_default_context())  # system CAs only: must not verify
                except ssl.SSLCertVerificationError:
                    return
                raise AssertionError("certificate verified without the MailFlow CA")

        def smtps_login_send():
            marker = uuid.uuid4().hex
            with smtplib.SMTP_SSL(*smtps_at, context=ctx, timeout=30) as s:
                s.ehlo("client.example")
                assert not s.has_extn("starttls")
                s.login("alice", "alice-secret")  # the local part works as login too
                s.sendmail("alice@a.example", ["bob@a.example"], message(marker, "alice@a.example", "bob@a.example"))
            stored = find_message(serve, marker.encode())
            assert b"with ESMTPSA id" in stored["data"]

        def bad_login_refused():
            with smtplib.SMTP_SSL(*smtps_at, context=ctx, timeout=30) as s:
                try:
                    s.login("alice@a.example", "wrong")
                except smtplib.SMTPAuthenticationError as e:
                    assert e.smtp_code == 535 and e.smtp_error.startswith(b"5.7.8"), e
                else:
                    raise AssertionError("wrong password accepted")

        def starttls_injection_discarded():
            # CVE-2011-0411: a command sent in the same packet as STARTTLS must never be executed.
            with socket.create_connection(sub_at, timeout=30) as raw:
                f = raw.makefile("rb")
                assert f.readline().startswith(b"220 ")
                raw.sendall(b"EHLO client.example\r\n")
                while not f.readline().startswith(b"250 "):
                    pass
                raw.sendall(b"STARTTLS\r\nNOOP injected\r\n")
                assert f.readline().startswith(b"220 2.0.0"), "no 220 to STARTTLS"
                tls = ctx.wrap_socket(raw, server_hostname=sub_at[0])
                tf = tls.makefile("rb")
                tls.sendall(b"EHLO client.example\r\n")
                first = tf.readline()
                assert first.startswith(b"250-"), "injected command was answered: %r" % first
                tls.sendall(b"QUIT\r\n")
                while not tf.readline().startswith(b"221"):
                    pass
                tls.close()

        def port_in_use_exits_2():
            # The fixed ports: hold 2525 ourselves, then a second `mailflow serve` must refuse with status 2.
            holder = socket.socket()
            try:
                try:
                    holder.bind(("127.0.0.2", 2525))
                except OSError:
                    holder.close()
                    holder = socket.socket()
                    try:
                        holder.bind(("127.0.0.1", 2525))
                    except OSError:
                        pass  # something else already holds it: just as good
                holder.listen(1)
                r = subprocess.run([binary, "serve"], env=serve.env, capture_output=True, timeout=60)
                err = r.stderr.decode(errors="replace")
                assert r.returncode == 2, "exit %d: %s" % (r.returncode, err)
                assert "cannot listen on" in err and "2525" in err, err
            finally:
                holder.close()

        def sigint_stops_cleanly():
            with MailflowServe(binary) as other:
                other.process.send_signal(signal.SIGINT)
                code = other.process.wait(timeout=30)
                assert code == 0, "exit %d after SIGINT:\n%s" % (code, other.log())
                assert "MailFlow stopped." in other.log()

        steps.run("plain SMTP to a local user", plain_to_local_user)
        steps.run("relay to a foreign domain refused with 5.7.1", relay_refused)
        steps.run("unknown local user refused with 5.1.1, postmaster accepted", unknown_user_refused)
        steps.run("AUTH before TLS refused (538), MAIL before AUTH refused (530)", auth_before_tls_refused)
        steps.run("submission: STARTTLS with the CA, LOGIN, send", submission_starttls_login_send)
        steps.run("STARTTLS without the CA fails verification", starttls_rejects_untrusted_certificate)
        steps.run("SMTP_SSL on smtps with the CA, login, send", smtps_login_send)
        steps.run("wrong password refused with 535 5.7.8", bad_login_refused)
        steps.run("STARTTLS plaintext injection discarded", starttls_injection_discarded)
        steps.run("port in use: clear message, exit status 2", port_in_use_exits_2)
        steps.run("SIGINT stops a server with status 0", sigint_stops_cleanly)
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
