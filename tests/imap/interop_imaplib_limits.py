"""Python's imaplib against `mailflow serve` with the hostile inputs of issue #15: each gets an answer, and
the server goes on serving legitimate clients (LOGIN and SELECT on a new connection) afterwards.

Nested SEARCH keys (before login on a raw socket, then at the limit and past it through imaplib), a
CREATE 20,000 levels deep, LIST with 120 stars and with 40,000 wildcards, and a message 20,000 MIME
levels deep delivered through the MX port and then fetched with BODYSTRUCTURE."""

import imaplib
import re
import smtplib
import socket
import sys
import uuid

from mailflow_serve import MailflowServe, Steps, check, ok, wait_for

BOB = "bob@a.example"
RUN = uuid.uuid4().hex[:12]
NESTING = 64  # imap::kMaxSearchNesting (protocols/imap/ImapLimits.h)




def login(serve, select=True):
    host, port = serve.address("a.example", "imap")
    m = imaplib.IMAP4(host, port, timeout=30)
    ok(m.login(BOB, serve.user(BOB)["password"]), "LOGIN")
    if select:
        ok(m.select("INBOX"), "SELECT")
    return m


def still_serving(serve):
    m = login(serve)
    ok(m.noop(), "NOOP")
    m.logout()


def read_until(raw, buf, pattern):
    while not re.search(pattern, buf):
        chunk = raw.recv(65536)  # the socket's timeout bounds the wait
        check(chunk, "connection closed; got %r" % (buf[-300:],))
        buf += chunk
    return buf


def nested_search_before_login(serve):
    host, port = serve.address("a.example", "imap")
    with socket.create_connection((host, port), timeout=30) as raw:
        buf = read_until(raw, b"", rb"\* OK .*\r\n")
        raw.sendall(b"a SEARCH ALL " + b"(" * 60000 + b"ALL\r\n")
        buf = read_until(raw, buf, rb"a BAD [^\r\n]*\r\n")
        check(b"nested too deeply" in buf, "nesting reply %r" % (buf[-200:],))
        raw.sendall(b"b SEARCH " + b"NOT " * 16000 + b"ALL\r\nc SEARCH " + b"OR " * 9000 + b"ALL " * 9001 + b"\r\n")
        buf = read_until(raw, buf, rb"c BAD [^\r\n]*\r\n")
        raw.sendall(b'd LOGIN %s "%s"\r\ne SELECT INBOX\r\n' % (BOB.encode(), serve.user(BOB)["password"].encode()))
        read_until(raw, buf, rb"e OK \[READ-WRITE\][^\r\n]*\r\n")
    still_serving(serve)


def nested_search_limit(serve):
    m = login(serve)
    ok(m.search(None, "(" * NESTING + "ALL" + ")" * NESTING), "SEARCH at the nesting limit")
    ok(m.search(None, "NOT " * NESTING + "ALL"), "SEARCH NOT at the nesting limit")
    try:
        m.search(None, "(" * (NESTING + 1) + "ALL" + ")" * (NESTING + 1))
        raise AssertionError("SEARCH past the nesting limit was accepted")
    except imaplib.IMAP4.error as e:  # imaplib raises on a tagged BAD
        check("nested too deeply" in str(e), "past the limit: %r" % (e,))
    ok(m.search(None, "(ALL)"), "SEARCH (ALL)")
    ok(m.search(None, "*"), "SEARCH *")
    ok(m.noop(), "NOOP after the BAD")
    m.logout()
    still_serving(serve)


def deep_create(serve):
    m = login(serve, select=False)
    before = len(ok(m.list('""', "*"), "LIST"))
    typ, data = m.create("a/" * 19999 + "b")
    check(typ == "NO" and b"[LIMIT]" in data[0], "CREATE of 20,000 levels: %r %r" % (typ, data[0][:100]))
    check(len(ok(m.list('""', "*"), "LIST")) == before, "a refused CREATE left mailboxes behind")
    folder = "/".join(["Deep-" + RUN] + ["l"] * 31)  # 32 levels: at the limit
    ok(m.create(folder), "CREATE at the depth limit")
    typ, data = m.create(folder + "/one-more")
    check(typ == "NO" and b"[LIMIT]" in data[0], "CREATE past the depth limit: %r %r" % (typ, data))
    m.logout()
    still_serving(serve)


def list_wildcards(serve):
    m = login(serve, select=False)
    data = ok(m.list('""', '"' + "*" * 120 + 'Z"'), "LIST with 120 stars")
    check(data == [None], "LIST 120 stars then Z matched %r" % (data,))
    data = ok(m.list('""', '"' + "*%" * 20000 + '"'), "LIST with 40,000 wildcards")
    check(any(b'"/" INBOX' in d for d in data if d), "40,000 wildcards did not list INBOX: %r" % (data[:3],))
    m.logout()
    still_serving(serve)


def deep_mime(serve):
    host, port = serve.address("a.example", "smtp")
    body = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i) for i in range(20000))
    message = (b"From: mallory@evil.example\r\nSubject: deep " + RUN.encode() + b"\r\n" + body
               + b"Content-Type: text/plain\r\n\r\nhello\r\n")
    with smtplib.SMTP(host, port, timeout=30) as s:
        s.sendmail("mallory@evil.example", [BOB], message)
    m = login(serve)
    # Delivery to the mailbox follows the 250, as in a real MTA.
    found = wait_for(lambda: ok(m.search(None, "SUBJECT", '"deep %s"' % RUN), "SEARCH")[0].split(),
                     "the deep message in INBOX", timeout=60)
    data = ok(m.fetch(found[0].decode(), "(BODYSTRUCTURE)"), "FETCH BODYSTRUCTURE")
    check(b'"application" "octet-stream"' in data[0], "BODYSTRUCTURE %r" % (data[0][:200],))
    ok(m.fetch(found[0].decode(), "(BODY.PEEK[1.1.1] ENVELOPE)"), "FETCH a section")
    m.logout()
    still_serving(serve)


def main():
    steps = Steps("imaplib-limits")
    with MailflowServe(sys.argv[1]) as serve:
        steps.run("nested SEARCH before login", lambda: nested_search_before_login(serve))
        steps.run("SEARCH nesting at the limit and past it", lambda: nested_search_limit(serve))
        steps.run("CREATE 20,000 levels deep", lambda: deep_create(serve))
        steps.run("LIST with 120 stars and 40,000 wildcards", lambda: list_wildcards(serve))
        steps.run("a message 20,000 MIME levels deep", lambda: deep_mime(serve))
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main())
