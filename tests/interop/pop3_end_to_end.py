"""End to end: smtplib sends to MailFlow's SMTP server, poplib (plain, STLS, POP3S) retrieves the message
byte for byte from the same `mailflow serve`, including body lines that start with "."; deletion only
after QUIT (a dropped connection deletes nothing); UIDL persists across a restart of the server."""

import poplib
import smtplib
import socket
import ssl
import subprocess
import sys
import uuid

from mailflow_serve import MailflowServe, Steps, wait_for

BOB = "bob@a.example"
# The data directory survives between runs and final delivery suppresses a Message-ID an account already
# received (the duplicate filter): every run uses Message-IDs of its own.
RUN = uuid.uuid4().hex


def message(marker):
    return ("From: alice@a.example\r\nTo: bob@a.example\r\nSubject: end to end %s\r\nMessage-ID: <%s@a.example>\r\n"
            "\r\nHello Bob.\r\n.a line that starts with a dot\r\n..two dots\r\n.\r\nbye\r\n" % (marker, marker)
            ).encode()


def lines_to_bytes(lines):
    return b"".join(line + b"\r\n" for line in lines)


def pop_login(serve, mode, ctx):
    password = serve.user(BOB)["password"]
    if mode == "pop3s":
        pop = poplib.POP3_SSL(*serve.address("a.example", "pop3s"), context=ctx, timeout=30)
    else:
        pop = poplib.POP3(*serve.address("a.example", "pop3"), timeout=30)
        if mode == "stls":
            pop.stls(context=ctx)
    pop.user(BOB)
    pop.pass_(password)
    return pop


def empty_maildrop(serve, ctx):
    # The data directory survives between runs: start from an empty maildrop.
    pop = pop_login(serve, "plain", ctx)
    for i in range(1, pop.stat()[0] + 1):
        pop.dele(i)
    pop.quit()


def send(serve, body):
    with smtplib.SMTP(*serve.address("a.example", "smtp"), timeout=30) as s:
        refused = s.sendmail("carol@elsewhere.example", [BOB], body)
        assert refused == {}, refused


def pop_count(serve, ctx):
    pop = pop_login(serve, "plain", ctx)
    try:
        return pop.stat()[0]
    finally:
        pop.quit()


def main(binary):
    steps = Steps("pop3 end to end")
    uidls = {}
    with MailflowServe(binary) as serve:
        ctx = ssl.create_default_context(cafile=serve.ca)
        empty_maildrop(serve, ctx)
        marker = uuid.uuid4().hex
        sent = message(marker)

        def smtp_then_pop3_byte_exact():
            send(serve, sent)
            # The 250 came once the message was durable in the MTA's queue; the MTA then routes it through
            # the alias expander into the mailbox, as a real MTA does, so wait for it to arrive.
            wait_for(lambda: pop_count(serve, ctx) == 1, "the message in bob's mailbox")
            for mode in ("plain", "stls", "pop3s"):
                pop = pop_login(serve, mode, ctx)
                assert pop.stat()[0] == 1, pop.stat()
                resp, lines, _ = pop.retr(1)
                got = lines_to_bytes(lines)
                # Final delivery added Return-Path and Delivered-To (RFC 5321 §4.4) in front of the MTA's
                # Received: header; everything after is what smtplib sent.
                assert got.startswith(b"Return-Path: <carol@elsewhere.example>\r\nDelivered-To: bob@a.example\r\n"
                                      b"Received: from "), got[:200]
                assert got.endswith(sent), got
                assert resp == b"+OK %d octets" % len(got), (resp, len(got))
                assert pop.list()[1] == [b"1 %d" % len(got)]
                resp, top, _ = pop.top(1, 0)
                assert lines_to_bytes(top) == got.split(b"\r\n\r\n")[0] + b"\r\n\r\n"
                uidls.setdefault("first", pop.uidl(1).split()[2])
                assert pop.uidl(1).split()[2] == uidls["first"]
                pop.quit()

        def dropped_connection_deletes_nothing():
            pop = pop_login(serve, "plain", ctx)
            pop.dele(1)
            assert pop.stat()[0] == 0
            pop.sock.shutdown(socket.SHUT_RDWR)
            pop.sock.close()
            pop.file.close()
            # Until the server noticed the drop, the maildrop is still locked: try until the lock is gone.
            import time
            deadline = time.monotonic() + 20
            while True:
                try:
                    pop = pop_login(serve, "pop3s", ctx)
                    break
                except poplib.error_proto as e:
                    assert b"[IN-USE]" in e.args[0] and time.monotonic() < deadline, e
                    time.sleep(0.05)  # polling with a deadline
            assert pop.stat()[0] == 1, "the DELE of a dropped connection must not take effect"
            pop.quit()

        def a_second_message_and_in_use():
            send(serve, message("second-" + RUN))
            wait_for(lambda: pop_count(serve, ctx) == 2, "the second message")
            pop = pop_login(serve, "plain", ctx)
            assert pop.stat()[0] == 2
            try:
                pop_login(serve, "stls", ctx)
                raise AssertionError("a second session got the maildrop")
            except poplib.error_proto as e:
                assert e.args[0].startswith(b"-ERR [IN-USE]"), e
            pop.quit()

        steps.run("smtplib -> SMTP -> mailbox -> POP3/STLS/POP3S byte for byte", smtp_then_pop3_byte_exact)
        steps.run("dropped connection before QUIT deletes nothing", dropped_connection_deletes_nothing)
        steps.run("second message; second login gets [IN-USE]", a_second_message_and_in_use)
        status = steps.finish(serve)
        if status:
            return status

    # A restart keeps the messages and their UIDLs; QUIT after DELE removes them for good.
    steps = Steps("pop3 end to end (after restart)")
    with MailflowServe(binary) as serve:
        ctx = ssl.create_default_context(cafile=serve.ca)

        def uidl_persists_and_quit_deletes():
            pop = pop_login(serve, "pop3s", ctx)
            assert pop.stat()[0] == 2
            assert pop.uidl(1).split()[2] == uidls["first"], (pop.uidl(1), uidls)
            pop.dele(1)
            pop.dele(2)
            assert pop.quit().startswith(b"+OK")
            pop = pop_login(serve, "plain", ctx)
            assert pop.stat() == (0, 0)
            pop.quit()

        def curl_pop3s():
            send(serve, message("curl-" + RUN))
            wait_for(lambda: pop_count(serve, ctx) == 1, "the message for curl")
            host, port = serve.address("a.example", "pop3s")
            out = subprocess.run(["curl", "--silent", "--show-error", "--cacert", serve.ca, "--user",
                                  "%s:%s" % (BOB, serve.user(BOB)["password"]), "pop3s://%s:%d/1" % (host, port)],
                                 capture_output=True, timeout=60)
            assert out.returncode == 0, out.stderr
            assert out.stdout.endswith(message("curl-" + RUN)), out.stdout

        steps.run("UIDL persists across a restart; QUIT deletes", uidl_persists_and_quit_deletes)
        steps.run("curl pop3s:// against serve's certificate", curl_pop3s)
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
