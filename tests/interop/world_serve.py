"""A scenario's whole world under `mailflow serve`, driven by real clients across domains (issue 5):
dig asks the world's authoritative DNS server for MX and A records; swaks and smtplib submit mail at
a.example for bob@b.example, which MailFlow relays through b.example's MX; poplib, imaplib and curl read it
at b.example; an unauthenticated relay attempt is refused. Then 06-backup-mx: both MX records in preference
order, and mail relayed through the backup MX while the primary is down.

The scenario's own timeline plays too (01 sends one message to bob and then fetches it with POP3, deleting
it; 06 sends one and reads it with IMAP). The test waits for the timeline to finish before sending, and
finds its own messages by a unique marker, since the world's state survives between runs."""

import re
import email
import imaplib
import os
import poplib
import smtplib
import ssl
import subprocess
import sys
import tempfile
import uuid

from mailflow_serve import MailflowServe, Steps, wait_for

SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios")
ALICE = "alice@a.example"
BOB = "bob@b.example"


def run(args, timeout=60):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def dig(serve, name, rtype, *options):
    host, port = serve.endpoints["dns"].rsplit(":", 1)
    out = run(["dig", "@" + host, "-p", port, name, rtype, "+time=5", "+tries=2"] + list(options))
    assert out.returncode == 0, out.stdout + out.stderr
    status = flags = None
    answers = []
    section = None
    for line in out.stdout.splitlines():
        if line.startswith(";; ->>HEADER<<-"):
            status = line.split("status: ")[1].split(",")[0]
        elif line.startswith(";; flags:"):
            flags = line.split(";; flags:")[1].split(";")[0].split()
        elif line.startswith(";; ") and line.endswith("SECTION:"):
            section = line[3:-len(" SECTION:")]
        elif section == "ANSWER" and line and not line.startswith(";"):
            fields = line.split()
            answers.append((fields[0], fields[3], " ".join(fields[4:])))
    return status, flags, answers, out.stdout


def swaks_data(transcript):
    """The message swaks sent: its transcript's DATA lines (TLS: " ~> "), dot-stuffing undone."""
    lines = transcript.splitlines()
    start = lines.index(" ~> DATA") + 2
    end = lines.index(" ~> .", start)
    data = [line[len(" ~> "):] for line in lines[start:end]]
    return "".join((line[1:] if line.startswith(".") else line) + "\r\n" for line in data).encode()


def timeline_retrieved(serve, protocol):
    # The scenario's fetch is its last action; once it is in the event log, the timeline is over.
    return re.search(r"%s fetched \d+ message\(s\) with %s " % (re.escape(BOB), protocol), serve.log()) is not None


def message(marker, via):
    # Ends with body lines starting with "." (dot-stuffing in both SMTP hops and in POP3) and a line
    # with trailing spaces.
    return ("From: Alice <alice@a.example>\r\nTo: Bob <bob@b.example>\r\nSubject: world %s via %s\r\n"
            "Message-ID: <%s.%s@a.example>\r\n\r\nHello Bob, this crossed two domains.\r\n"
            ".one dot\r\n..two dots\r\n.\r\ntrailing spaces   \r\nAlice\r\n" % (marker, via, marker, via)).encode()


def imap_login(serve, ctx):
    imap = imaplib.IMAP4_SSL(*serve.address("b.example", "imaps"), ssl_context=ctx, timeout=30)
    imap.login(BOB, serve.user(BOB)["password"])
    return imap


def imap_find(serve, ctx, marker):
    """UIDs of bob's INBOX messages whose Subject carries the marker."""
    imap = imap_login(serve, ctx)
    try:
        typ, _ = imap.select("INBOX", readonly=True)
        assert typ == "OK"
        typ, data = imap.uid("SEARCH", None, "SUBJECT", marker)
        assert typ == "OK", data
        return [int(u) for u in data[0].split()]
    finally:
        imap.logout()


def imap_fetch(serve, ctx, uid):
    imap = imap_login(serve, ctx)
    try:
        imap.select("INBOX", readonly=True)
        typ, data = imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
        assert typ == "OK", data
        return data[0][1]
    finally:
        imap.logout()


def pop_messages(serve, ctx, marker):
    """The POP3S retrieval of every message in bob's maildrop carrying the marker (nothing is deleted)."""
    pop = poplib.POP3_SSL(*serve.address("b.example", "pop3s"), context=ctx, timeout=30)
    try:
        pop.user(BOB)
        pop.pass_(serve.user(BOB)["password"])
        found = []
        for i in range(1, pop.stat()[0] + 1):
            resp, lines, octets = pop.retr(i)
            data = b"".join(line + b"\r\n" for line in lines)
            assert resp.startswith(b"+OK"), resp
            if marker.encode() in data.split(b"\r\n\r\n")[0]:
                found.append(data)
        return found
    finally:
        pop.quit()  # RETR alone deletes nothing


def check_relayed(data, sent, mx_b="mx.b.example"):
    """Final delivery's trace fields, the two Received: headers newest first, then the sent bytes."""
    head = data[:len(data) - len(sent)]
    assert data.endswith(sent), "body/headers not byte-exact:\n%r" % data
    msg = email.message_from_bytes(head + b"\r\n")
    assert head.startswith(b"Return-Path: <alice@a.example>\r\n"), head[:200]
    assert msg["Delivered-To"] == BOB, msg["Delivered-To"]
    received = msg.get_all("Received")
    assert received and len(received) == 2, received
    assert ("by %s " % mx_b) in " ".join(received[0].split()), received[0]
    assert "by smtp.a.example " in " ".join(received[1].split()), received[1]  # the submission host
    assert list(msg.keys()) == ["Return-Path", "Delivered-To", "Received", "Received"], list(msg.keys())


def basic_world(binary):
    steps = Steps("world serve 01-basic-pop3")
    with MailflowServe(binary, extra_args=[os.path.join(SCENARIOS, "01-basic-pop3.json")]) as serve:
        ctx = ssl.create_default_context(cafile=serve.ca)
        marker = uuid.uuid4().hex
        sent = {"swaks": message(marker, "swaks"), "smtplib": message(marker, "smtplib")}
        found = {}

        def dig_mx():
            status, flags, answers, text = dig(serve, "b.example", "MX")
            assert status == "NOERROR" and "aa" in flags, text
            assert answers == [("b.example.", "MX", "10 mx.b.example.")], text

        def dig_a():
            status, flags, answers, text = dig(serve, "mx.b.example", "A")
            assert status == "NOERROR" and "aa" in flags, text
            assert answers == [("mx.b.example.", "A", "127.0.0.3")], text
            status, flags, answers, text = dig(serve, "mx.a.example", "A", "+tcp")
            assert status == "NOERROR" and "aa" in flags, text
            assert answers == [("mx.a.example.", "A", "127.0.0.2")], text
            assert "(TCP)" in text, text

        def dig_nxdomain():
            status, flags, answers, text = dig(serve, "nope.b.example", "A")
            assert status == "NXDOMAIN" and "aa" in flags and answers == [], text

        def dig_ns():
            # Every zone names its name server (the SOA's MNAME), and that name has an address.
            dns_host = serve.endpoints["dns"].rsplit(":", 1)[0]
            for zone in ("a.example", "b.example"):
                status, flags, answers, text = dig(serve, zone, "NS")
                assert status == "NOERROR" and "aa" in flags, text
                assert answers == [(zone + ".", "NS", "ns." + zone + ".")], text
                assert re.search(r"^ns\.%s\.\s+300\s+IN\s+A\s+%s$" % (re.escape(zone), re.escape(dns_host)), text, re.M), text
                status, flags, answers, text = dig(serve, zone, "SOA")
                assert answers and answers[0][2].split()[0] == "ns." + zone + ".", text

        def timeline_done():
            wait_for(lambda: timeline_retrieved(serve, "POP3"), "the scenario's POP3 fetch", timeout=60)

        def swaks_submission():
            host, port = serve.address("a.example", "submission")
            with tempfile.NamedTemporaryFile("wb", suffix=".eml", delete=False) as f:
                f.write(sent["swaks"].replace(b"\r\n", b"\n"))
            try:
                out = run(["swaks", "--server", host, "--port", str(port), "--helo", "laptop.a.example",
                           "-tls", "--tls-verify", "--tls-ca-path", serve.ca,
                           "-a", "PLAIN", "-au", ALICE, "-ap", serve.user(ALICE)["password"],
                           "--from", ALICE, "--to", BOB, "--data", "@" + f.name])
            finally:
                os.unlink(f.name)
            assert out.returncode == 0, out.stdout + out.stderr
            assert "<~  235 2.7.0 " in out.stdout and "<~  250 2.0.0 " in out.stdout, out.stdout
            # swaks adds a line of its own at the end: compare with what it put on the wire.
            sent["swaks"] = swaks_data(out.stdout)
            assert sent["swaks"].startswith(message(marker, "swaks")), sent["swaks"]

        def swaks_relay_refused():
            host, port = serve.address("b.example", "smtp")
            out = run(["swaks", "--server", host, "--port", str(port), "--helo", "outsider.example",
                       "--from", "mallory@outsider.example", "--to", ALICE])
            assert out.returncode == 24, "swaks exit %d (24 = RCPT refused)\n%s" % (out.returncode, out.stdout)
            assert "<** 554 5.7.1 " in out.stdout, out.stdout

        def smtplib_smtps():
            with smtplib.SMTP_SSL(*serve.address("a.example", "smtps"), context=ctx, timeout=30) as s:
                s.login(ALICE, serve.user(ALICE)["password"])
                refused = s.sendmail(ALICE, [BOB], sent["smtplib"])
                assert refused == {}, refused

        def both_arrive_pop3():
            wait_for(lambda: len(pop_messages(serve, ctx, marker)) == 2, "both relayed messages in bob's POP3 maildrop",
                     timeout=60)
            for data in pop_messages(serve, ctx, marker):
                via = "swaks" if b"via swaks" in data else "smtplib"
                check_relayed(data, sent[via])
                found.setdefault("pop3", {})[via] = data

        def both_arrive_imap():
            uids = wait_for(lambda: imap_find(serve, ctx, marker), "the relayed messages over IMAP")
            assert len(uids) == 2, uids
            for uid in uids:
                data = imap_fetch(serve, ctx, uid)
                via = "swaks" if b"via swaks" in data else "smtplib"
                check_relayed(data, sent[via])
                assert data == found["pop3"][via], "IMAP and POP3 disagree"
                found.setdefault("imap", {})[via] = uid

        def curl_imaps():
            uid = found["imap"]["smtplib"]
            host, port = serve.address("b.example", "imaps")
            out = subprocess.run(["curl", "--silent", "--show-error", "--cacert", serve.ca,
                                  "--user", "%s:%s" % (BOB, serve.user(BOB)["password"]),
                                  "imaps://%s:%d/INBOX;UID=%d" % (host, port, uid)], capture_output=True, timeout=60)
            assert out.returncode == 0, out.stderr
            assert out.stdout == found["pop3"]["smtplib"], out.stdout

        steps.run("dig b.example MX", dig_mx)
        steps.run("dig mx.b.example A, mx.a.example A +tcp", dig_a)
        steps.run("dig nope.b.example A -> NXDOMAIN", dig_nxdomain)
        steps.run("dig a.example NS, b.example NS (glue: the DNS server)", dig_ns)
        steps.run("scenario timeline finished (its POP3 fetch)", timeline_done)
        steps.run("swaks submission+STARTTLS+AUTH at a.example -> bob@b.example", swaks_submission)
        steps.run("swaks unauthenticated relay via b.example's MX refused", swaks_relay_refused)
        steps.run("smtplib SMTP_SSL+login at a.example -> bob@b.example", smtplib_smtps)
        steps.run("poplib POP3_SSL at b.example: both relayed, trace headers, byte-exact", both_arrive_pop3)
        steps.run("imaplib IMAP4_SSL at b.example: both relayed, byte-exact", both_arrive_imap)
        steps.run("curl imaps://.../INBOX;UID=n", curl_imaps)
        return steps.finish(serve)


def backup_mx_world(binary):
    steps = Steps("world serve 06-backup-mx")
    with MailflowServe(binary, extra_args=[os.path.join(SCENARIOS, "06-backup-mx.json")]) as serve:
        ctx = ssl.create_default_context(cafile=serve.ca)
        marker = uuid.uuid4().hex
        sent = message(marker, "smtplib")

        def dig_mx_order():
            for options in ([], ["+tcp"]):
                status, flags, answers, text = dig(serve, "b.example", "MX", *options)
                assert status == "NOERROR" and "aa" in flags, text
                assert answers == [("b.example.", "MX", "10 mx1.b.example."),
                                   ("b.example.", "MX", "20 mx2.b.example.")], text

        def dig_mx_addresses():
            for name, address in (("mx1.b.example", "127.0.0.3"), ("mx2.b.example", "127.0.0.13")):
                status, flags, answers, text = dig(serve, name, "A")
                assert status == "NOERROR" and answers == [(name + ".", "A", address)], text

        def endpoints_list_both_mx():
            mx = serve.endpoints["domains"]["b.example"]["mx"]
            assert [(m["host"], m["preference"]) for m in mx] == [("mx1.b.example", 10), ("mx2.b.example", 20)], mx
            assert mx[1]["smtp"].startswith("127.0.0.13:"), mx

        def timeline_done():
            wait_for(lambda: timeline_retrieved(serve, "IMAP"), "the scenario's IMAP fetch", timeout=60)

        def relayed_through_backup():
            with smtplib.SMTP_SSL(*serve.address("a.example", "smtps"), context=ctx, timeout=30) as s:
                s.login(ALICE, serve.user(ALICE)["password"])
                assert s.sendmail(ALICE, [BOB], sent) == {}
            uids = wait_for(lambda: imap_find(serve, ctx, marker), "the message via the backup MX", timeout=60)
            assert len(uids) == 1, uids
            check_relayed(imap_fetch(serve, ctx, uids[0]), sent, mx_b="mx2.b.example")

        steps.run("dig b.example MX: 10 mx1, 20 mx2 (UDP and TCP)", dig_mx_order)
        steps.run("dig mx1/mx2.b.example A", dig_mx_addresses)
        steps.run("endpoints JSON lists both MX", endpoints_list_both_mx)
        steps.run("scenario timeline finished (its IMAP fetch)", timeline_done)
        steps.run("smtplib -> a.example -> backup MX mx2.b.example (mx1 down) -> imaplib", relayed_through_backup)
        return steps.finish(serve)


def main(binary):
    return basic_world(binary) | backup_mx_world(binary)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
