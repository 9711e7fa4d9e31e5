"""Python's imaplib (a client nobody here wrote) against `mailflow serve`: plain, STARTTLS and IMAPS, every
common command, partial fetch, AUTHENTICATE PLAIN, mail delivered by SMTP showing up over IMAP, and two
concurrent sessions seeing each other's flag changes, expunges and new mail (also pushed during IDLE)."""

import imaplib
import re
import smtplib
import socket
import ssl
import sys
import time
import uuid

from mailflow_serve import MailflowServe, Steps, check, ok

BOB = "bob@a.example"
ALICE = "alice@a.example"
# The data directory outlives a run, so every message of this run carries the run's own token.
RUN = uuid.uuid4().hex[:12].encode()
MESSAGE = (b"From: Alice <alice@a.example>\r\nTo: Bob <bob@a.example>\r\nSubject: imaplib test %d\r\n"
           b"Message-ID: <imaplib-%d-" + RUN + b"@a.example>\r\n\r\nHello Bob,\r\nline two.\r\n")




def connect(serve, mode):
    ctx = ssl.create_default_context(cafile=serve.ca)
    if mode == "imaps":
        host, port = serve.address("a.example", "imaps")
        return imaplib.IMAP4_SSL(host, port, ssl_context=ctx, timeout=30)
    host, port = serve.address("a.example", "imap")
    m = imaplib.IMAP4(host, port, timeout=30)
    if mode == "starttls":
        check("STARTTLS" in m.capabilities, "STARTTLS not offered: %r" % (m.capabilities,))
        ok(m.starttls(ssl_context=ctx), "STARTTLS")
        check("STARTTLS" not in m.capabilities, "STARTTLS still offered after TLS")
    return m


def full_session(serve, mode, n):
    password = serve.user(BOB)["password"]
    m = connect(serve, mode)
    check("IMAP4REV1" in m.capabilities and "IDLE" in m.capabilities, "capabilities %r" % (m.capabilities,))
    if n % 2:
        ok(m.login(BOB, password), "LOGIN")
    else:
        ok(m.authenticate("PLAIN", lambda _: ("\0%s\0%s" % (BOB, password)).encode()), "AUTHENTICATE PLAIN")
    folder = "Lab-%s-%s" % (mode, RUN.decode())
    ok(m.create(folder), "CREATE")
    check(any(folder.encode() in line for line in ok(m.list('""', "*"), "LIST")), "LIST misses the new folder")
    typ, data = m.select("INBOX")
    check(typ == "OK", "SELECT %r" % (data,))
    before = int(data[0])
    data = ok(m.append("INBOX", r"(\Flagged)", imaplib.Time2Internaldate(time.time()), MESSAGE % (n, n)), "APPEND")
    uid = int(re.search(rb"APPENDUID \d+ (\d+)", data[0]).group(1))
    ok(m.noop(), "NOOP")
    count = before + 1
    found = ok(m.uid("SEARCH", None, "HEADER", "Message-ID", "<imaplib-%d-%s@a.example>" % (n, RUN.decode())), "UID SEARCH")
    check(found[0].split() == [str(uid).encode()], "UID SEARCH found %r, wanted %d" % (found, uid))
    seq = ok(m.search(None, "SUBJECT", '"imaplib test %d"' % n, "TEXT", RUN.decode()), "SEARCH")[0].split()
    check(seq == [str(count).encode()], "SEARCH gave %r, wanted %d" % (seq, count))
    data = ok(m.fetch(str(count), "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])"), "FETCH")
    check(b"UID %d" % uid in data[0][0] and b"\\Flagged" in data[0][0], "FETCH %r" % (data,))
    check(b"RFC822.SIZE %d" % len(MESSAGE % (n, n)) in data[0][0], "RFC822.SIZE in %r" % (data,))
    check(data[0][1] == b"Subject: imaplib test %d\r\n\r\n" % n, "HEADER.FIELDS %r" % (data[0][1],))
    data = ok(m.fetch(str(count), "(BODY.PEEK[]<0.18>)"), "partial FETCH")
    check(data[0][1] == (MESSAGE % (n, n))[:18] and b"BODY[]<0>" in data[0][0], "partial %r" % (data,))
    data = ok(m.fetch(str(count), "(FLAGS)"), "FETCH FLAGS")
    check(b"\\Seen" not in data[0], "BODY.PEEK set \\Seen: %r" % (data,))
    data = ok(m.uid("FETCH", str(uid), "(BODY[TEXT])"), "UID FETCH BODY[TEXT]")
    check(data[0][1] == b"Hello Bob,\r\nline two.\r\n", "BODY[TEXT] %r" % (data,))
    data = ok(m.fetch(str(count), "(FLAGS)"), "FETCH FLAGS after BODY[]")
    check(b"\\Seen" in data[0], "BODY[] did not set \\Seen: %r" % (data,))
    data = ok(m.fetch(str(count), "(ENVELOPE BODYSTRUCTURE)"), "ENVELOPE")
    check(b'"imaplib test %d"' % n in data[0] and b'"text" "plain"' in data[0], "ENVELOPE %r" % (data,))
    data = ok(m.copy(str(count), folder), "COPY")
    check(b"COPYUID" in data[0], "COPYUID missing: %r" % (data,))
    status = ok(m.status(folder, "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"), "STATUS")
    check(b"MESSAGES 1" in status[0], "STATUS %r" % (status,))
    ok(m.store(str(count), "+FLAGS", r"(\Deleted)"), "STORE")
    data = ok(m.expunge(), "EXPUNGE")
    check(data == [str(count).encode()], "EXPUNGE responses %r" % (data,))
    ok(m.select(folder), "SELECT folder")
    data = ok(m.uid("MOVE", "1:*", "INBOX"), "UID MOVE")
    ok(m.close(), "CLOSE")
    ok(m.delete(folder), "DELETE")
    typ, data = m.delete("INBOX")
    check(typ == "NO", "DELETE INBOX must fail: %r" % (data,))
    typ, data = m.select("No-Such-Box")
    check(typ == "NO", "SELECT of a missing mailbox: %r" % (data,))
    typ, data = m.logout()
    check(typ == "BYE", "LOGOUT: imaplib returns the untagged BYE: %r %r" % (typ, data))


def smtp_then_imap(serve):
    host, port = serve.address("a.example", "smtp")
    with smtplib.SMTP(host, port, timeout=30) as s:
        s.sendmail("someone@elsewhere.example", [BOB], b"Subject: via SMTP\r\nMessage-ID: <via-smtp-" + RUN + b"@x>\r\n\r\nhi\r\n")
    m = connect(serve, "imaps")
    ok(m.login(BOB, serve.user(BOB)["password"]), "LOGIN")
    ok(m.select("INBOX", readonly=True), "EXAMINE")
    found = ok(m.search(None, "HEADER", "Message-ID", "via-smtp-" + RUN.decode()), "SEARCH")[0].split()
    check(len(found) == 1, "the SMTP-delivered message is not in INBOX: %r" % (found,))
    m.logout()


def wait_for(predicate, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)  # polling with a deadline
    raise AssertionError("timed out waiting for " + what)


def two_sessions(serve):
    password = serve.user(ALICE)["password"]
    a = connect(serve, "plain")
    b = connect(serve, "starttls")
    ok(a.login(ALICE, password), "A LOGIN")
    ok(b.login(ALICE, password), "B LOGIN")
    for i in range(3):
        ok(a.append("INBOX", None, None, MESSAGE % (100 + i, 100 + i)), "APPEND")
    ok(a.select("INBOX"), "A SELECT")
    ok(b.select("INBOX"), "B SELECT")
    uids = ok(a.uid("SEARCH", None, "ALL"), "A UID SEARCH")[0].split()
    # A flags a message: B sees an untagged FETCH FLAGS at its next command.
    ok(a.uid("STORE", uids[0], "+FLAGS", r"(\Flagged)"), "A STORE")
    ok(b.noop(), "B NOOP")
    fetches = b.response("FETCH")[1]
    check(any(b"\\Flagged" in f for f in fetches if f), "B did not see the flag: %r" % (fetches,))
    # A expunges: B gets the EXPUNGE at its next NOOP and its message count follows.
    ok(a.uid("STORE", uids[1], "+FLAGS", r"(\Deleted)"), "A STORE Deleted")
    ok(a.expunge(), "A EXPUNGE")
    ok(b.noop(), "B NOOP after expunge")
    expunged = b.response("EXPUNGE")[1]
    check(expunged and expunged[0] == b"2", "B did not see EXPUNGE 2: %r" % (expunged,))
    data = ok(b.fetch("1:*", "(UID)"), "B FETCH")
    check(len([d for d in data if d]) == len(uids) - 1, "B still lists the expunged message: %r" % (data,))
    # New mail: B sees EXISTS.
    ok(a.append("INBOX", None, None, MESSAGE % (200, 200)), "A APPEND")
    ok(b.noop(), "B NOOP after append")
    exists = b.response("EXISTS")[1]
    check(exists and exists[-1] == str(len(uids)).encode(), "B EXISTS %r" % (exists,))
    a.logout()
    b.logout()


def idle_push(serve):
    """imaplib has no IDLE, so this one speaks IDLE on a raw socket while imaplib changes the mailbox."""
    password = serve.user(ALICE)["password"]
    host, port = serve.address("a.example", "imap")
    raw = socket.create_connection((host, port), timeout=20)
    buf = b""

    def read_until(pattern):
        nonlocal buf
        deadline = time.monotonic() + 20
        while not re.search(pattern, buf):
            check(time.monotonic() < deadline, "timeout waiting for %r in %r" % (pattern, buf))
            chunk = raw.recv(65536)
            check(chunk, "connection closed; got %r" % (buf,))
            buf += chunk
        found = re.search(pattern, buf)
        buf = buf[found.end():]
        return found

    read_until(rb"\* OK .*\r\n")
    raw.sendall(b'i1 LOGIN %s "%s"\r\ni2 SELECT INBOX\r\n' % (ALICE.encode(), password.encode()))
    exists = int(read_until(rb"\* (\d+) EXISTS\r\n").group(1))
    read_until(rb"i2 OK .*\r\n")
    raw.sendall(b"i3 IDLE\r\n")
    read_until(rb"\+ idling\r\n")
    a = connect(serve, "imaps")
    ok(a.login(ALICE, password), "LOGIN")
    ok(a.append("INBOX", None, None, MESSAGE % (300, 300)), "APPEND while B idles")
    read_until(rb"\* %d EXISTS\r\n" % (exists + 1))
    ok(a.select("INBOX"), "SELECT")
    ok(a.store("1", "+FLAGS", r"(\Deleted)"), "STORE")
    read_until(rb"\* 1 FETCH \(FLAGS \([^)]*\\Deleted")
    ok(a.expunge(), "EXPUNGE")
    read_until(rb"\* 1 EXPUNGE\r\n")
    raw.sendall(b"DONE\r\n")
    read_until(rb"i3 OK Idle completed\r\n")
    raw.sendall(b"i4 LOGOUT\r\n")
    read_until(rb"\* BYE .*\r\ni4 OK .*\r\n")
    raw.close()
    a.logout()


def main():
    steps = Steps("imaplib")
    with MailflowServe(sys.argv[1]) as serve:
        for n, mode in enumerate(["plain", "starttls", "imaps"]):
            steps.run("full session over %s" % mode, lambda mode=mode, n=n: full_session(serve, mode, n))
        steps.run("SMTP delivery visible over IMAP", lambda: smtp_then_imap(serve))
        steps.run("two concurrent sessions: flags, expunge, new mail", lambda: two_sessions(serve))
        steps.run("IDLE pushes from another session", lambda: idle_push(serve))
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main())
