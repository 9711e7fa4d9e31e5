"""`mailflow serve` stays within its memory budget under load from real clients (issue 15, docs/LIMITS.md,
"Memory in serve").

Starts `mailflow serve --ephemeral-ports` on a fresh state directory, warms it up (one connection of each
protocol, one small message delivered and read), then drives a bounded load:

- 200,000 NOOPs without login, over two SMTP and two IMAP connections (pipelined in batches);
- 3,000 connections opened and closed (SMTP, POP3 and IMAP, greeting and QUIT/LOGOUT);
- three 9 MB messages delivered through the MX port with smtplib, then read whole with imaplib and poplib,
  and deleted.

It reads the server's VmRSS and VmHWM from /proc/PID/status after the warm-up and after each phase, and
asserts that the peak stays within the budget for a server with that many transfers in flight, and that
the resident size settles back within the steady-state budget (the allocator hands freed pages back to the
system after a few seconds; the test polls for that, with a deadline). A server that kept every protocol
line and every message copy in memory (MailFlow before issue 15) ends this load about 250 MB above its
warm-up size and fails both.

Usage: serve_memory.py /path/to/mailflow
"""

import email
import imaplib
import os
import poplib
import smtplib
import socket
import sys
import tempfile
import threading
import time

from mailflow_serve import MailflowServe, Steps, check, ok, wait_for

# docs/LIMITS.md, "Memory in serve": keep these in step with the table there.
HEAP_BUDGET_MB = 64          # the heap (RssAnon) with a few idle connections, whatever ran before
GROWTH_BUDGET_MB = 40        # of which: above the warm-up figure, for everything the load leaves behind
PEAK_PER_TRANSFER_MB = 64    # more while a message of up to 10 MiB is in flight on a connection
TRANSFERS_AT_ONCE = 1        # this test moves one big message at a time
PER_CONNECTION_KB = 128      # each open connection (its session, buffers and, with TLS, OpenSSL's state)
IDLE_CONNECTIONS = 40        # per protocol (SMTP, POP3, IMAP), under the per-address limit of 50
FILE_BUDGET_MB = 96          # mapped files: the program and its libraries, SQLite's mmap of the mailboxes

ALICE = "alice@a.example"
BOB = "bob@a.example"
NOOPS = 200_000
NOOP_BATCH = 500
CHURN = 3_000
BIG_MESSAGES = 3
BIG_SIZE = 9_000_000


def status(pid):
    """VmRSS, VmHWM, RssAnon and RssFile of `pid` in MiB."""
    figures = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                figures[key] = int(value.split()[0]) / 1024.0
    return figures


def recv_lines(sock, count, buffer):
    """Reads until `count` CRLF-terminated lines arrived; returns the last one and what follows it."""
    seen = 0
    last = b""
    while True:
        while seen < count:
            end = buffer.find(b"\r\n")
            if end < 0:
                break
            last, buffer = buffer[:end], buffer[end + 2:]
            seen += 1
        if seen >= count:
            return last, buffer
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError("connection closed after %d of %d lines" % (seen, count))
        buffer += chunk


def smtp_reply(sock, buffer):
    """One whole SMTP reply (its last line), and what follows it."""
    while True:
        line, buffer = recv_lines(sock, 1, buffer)
        if len(line) < 4 or line[3:4] != b"-":
            return line, buffer


def noop_flood(address, protocol, count, results):
    sock = socket.create_connection(address, timeout=60)
    try:
        buffer = b""
        if protocol == "smtp":
            line, buffer = smtp_reply(sock, buffer)
            assert line.startswith(b"220"), line
            sock.sendall(b"EHLO memory.test\r\n")
            line, buffer = smtp_reply(sock, buffer)
            assert line.startswith(b"250"), line
            command, expect = b"NOOP\r\n", b"250"
        else:
            line, buffer = recv_lines(sock, 1, buffer)
            assert line.startswith(b"* OK"), line
            command, expect = b"a NOOP\r\n", b"a OK"
        done = 0
        while done < count:
            n = min(NOOP_BATCH, count - done)
            sock.sendall(command * n)
            line, buffer = recv_lines(sock, n, buffer)
            assert line.startswith(expect), line
            done += n
        results.append(done)
    finally:
        sock.close()


def churn(address, protocol, count, errors):
    try:
        for _ in range(count):
            sock = socket.create_connection(address, timeout=30)
            buffer = b""
            if protocol == "smtp":
                line, buffer = smtp_reply(sock, buffer)
                assert line.startswith(b"220"), line
                sock.sendall(b"QUIT\r\n")
                line, buffer = smtp_reply(sock, buffer)
                assert line.startswith(b"221"), line
            elif protocol == "pop3":
                line, buffer = recv_lines(sock, 1, buffer)
                assert line.startswith(b"+OK"), line
                sock.sendall(b"QUIT\r\n")
                line, buffer = recv_lines(sock, 1, buffer)
                assert line.startswith(b"+OK"), line
            else:
                line, buffer = recv_lines(sock, 1, buffer)
                assert line.startswith(b"* OK"), line
                sock.sendall(b"a LOGOUT\r\n")
                line, buffer = recv_lines(sock, 2, buffer)
                assert line.startswith(b"a OK"), line
            sock.close()
    except Exception as e:  # reported by the main thread
        errors.append(repr(e))


def big_message(i):
    # 76-character lines, as a MUA writes them; a unique subject to find it by.
    line = ("%d " % i + "x" * 74)[:74] + "\r\n"
    body = line * (BIG_SIZE // len(line))
    return ("From: Alice <%s>\r\nTo: Bob <%s>\r\nSubject: memory test %d\r\n"
            "Message-ID: <memory-%d@a.example>\r\n\r\n" % (ALICE, BOB, i, i) + body).encode()


def main():
    binary = sys.argv[1]
    steps = Steps("serve_memory")
    state = tempfile.TemporaryDirectory(prefix="mailflow-serve-memory-")
    figures = []
    with MailflowServe(binary, extra_args=["--state", state.name], verbose=False) as serve:
        pid = serve.process.pid
        smtp_address = serve.address("a.example", "smtp")
        imap_address = serve.address("a.example", "imap")
        pop3_address = serve.address("a.example", "pop3")
        password = serve.user(BOB)["password"]

        clock = [time.monotonic()]
        # The heap's peak: /proc has no high-water mark of RssAnon, so a thread samples it every 20 ms.
        sampled = {"peak": 0.0, "stop": False}

        def sample():
            while not sampled["stop"]:
                sampled["peak"] = max(sampled["peak"], status(pid)["RssAnon"])
                time.sleep(0.02)  # sampling, not synchronisation

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        def take(label):
            f = status(pid)
            figures.append((label, f))
            now = time.monotonic()
            print("     %-24s VmRSS %6.1f  RssAnon %6.1f  RssFile %6.1f  VmHWM %6.1f MiB  (%.1f s)"
                  % (label, f["VmRSS"], f["RssAnon"], f["RssFile"], f["VmHWM"], now - clock[0]), flush=True)
            clock[0] = now
            return f

        def imap_count():
            imap = imaplib.IMAP4(*imap_address, timeout=60)
            imap.login(BOB, password)
            count = int(ok(imap.select("INBOX"), "SELECT")[0])
            imap.logout()
            return count

        def warm_up():
            with smtplib.SMTP(*smtp_address, timeout=60) as s:
                s.sendmail(ALICE, [BOB], b"From: <%s>\r\nTo: <%s>\r\nSubject: warm-up\r\n\r\nwarm-up\r\n"
                           % (ALICE.encode(), BOB.encode()))
            wait_for(lambda: imap_count() >= 1, "the warm-up message in bob's INBOX", timeout=30)
            pop = poplib.POP3(*pop3_address, timeout=60)
            pop.user(BOB)
            pop.pass_(password)
            pop.retr(1)
            pop.dele(1)
            pop.quit()
            churn_all(30)

        def churn_all(per_protocol):
            errors = []
            threads = [threading.Thread(target=churn, args=(a, p, per_protocol, errors))
                       for a, p in ((smtp_address, "smtp"), (pop3_address, "pop3"), (imap_address, "imap"))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert not errors, errors

        def noops():
            results = []
            per = NOOPS // 4
            threads = [threading.Thread(target=noop_flood, args=(a, p, per, results))
                       for a, p in ((smtp_address, "smtp"), (smtp_address, "smtp"),
                                    (imap_address, "imap"), (imap_address, "imap"))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sum(results) == NOOPS, "%d of %d NOOPs answered" % (sum(results), NOOPS)

        def messages():
            sent = [big_message(i) for i in range(BIG_MESSAGES)]
            for data in sent:
                with smtplib.SMTP(*smtp_address, timeout=120) as s:
                    s.sendmail(ALICE, [BOB], data)
            wait_for(lambda: imap_count() >= BIG_MESSAGES, "%d big messages in bob's INBOX" % BIG_MESSAGES,
                     timeout=60)
            imap = imaplib.IMAP4(*imap_address, timeout=120)
            imap.login(BOB, password)
            ok(imap.select("INBOX"), "SELECT")
            for n in range(1, BIG_MESSAGES + 1):
                data = ok(imap.fetch(str(n), "(BODY.PEEK[])"), "FETCH")
                body = email.message_from_bytes(data[0][1])
                assert body["Subject"].startswith("memory test"), body["Subject"]
                assert len(data[0][1]) > BIG_SIZE, len(data[0][1])
            imap.logout()
            pop = poplib.POP3(*pop3_address, timeout=120)
            pop.user(BOB)
            pop.pass_(password)
            for n in range(1, BIG_MESSAGES + 1):
                lines = pop.retr(n)[1]
                assert sum(len(x) + 2 for x in lines) > BIG_SIZE
                pop.dele(n)
            pop.quit()
            wait_for(lambda: imap_count() == 0, "bob's INBOX empty again", timeout=30)

        def idle_connections():
            before = status(pid)["RssAnon"]
            held = []
            try:
                for address, protocol in ((smtp_address, "smtp"), (pop3_address, "pop3"), (imap_address, "imap")):
                    for _ in range(IDLE_CONNECTIONS):
                        sock = socket.create_connection(address, timeout=30)
                        held.append(sock)
                        line, _ = (smtp_reply if protocol == "smtp" else lambda s, b: recv_lines(s, 1, b))(sock, b"")
                        assert line[:1] in (b"2", b"+", b"*"), line
                grown = (status(pid)["RssAnon"] - before) * 1024 / len(held)
                print("     %d idle connections: %.1f KiB each" % (len(held), grown), flush=True)
                assert grown <= PER_CONNECTION_KB, "%.1f KiB per open connection" % grown
            finally:
                for sock in held:
                    sock.close()

        steps.run("warm-up: one connection of each protocol, one message", warm_up)
        base = take("after warm-up")
        started = time.monotonic()
        steps.run("%d NOOPs without login over 4 connections" % NOOPS, noops)
        take("after the NOOPs")
        steps.run("%d connections opened and closed" % CHURN, lambda: churn_all(CHURN // 3))
        take("after the connections")
        steps.run("%d idle connections within %d KiB each" % (3 * IDLE_CONNECTIONS, PER_CONNECTION_KB),
                  idle_connections)
        steps.run("%d messages of %d MB delivered, read (IMAP, POP3), deleted" % (BIG_MESSAGES, BIG_SIZE // 10**6),
                  messages)
        take("after the messages")
        print("     load took %.1f s; sampled peak of RssAnon %.1f MiB"
              % (time.monotonic() - started, sampled["peak"]), flush=True)

        # jemalloc hands freed pages back to the system after its decay time: poll for the settled size.
        def settles():
            deadline = time.monotonic() + 20
            while True:
                f = status(pid)
                if f["RssAnon"] <= HEAP_BUDGET_MB and f["RssAnon"] - base["RssAnon"] <= GROWTH_BUDGET_MB:
                    return
                if time.monotonic() > deadline:
                    raise AssertionError("RssAnon %.1f MiB (%.1f above the warm-up), budget %d MiB and %d above"
                                         % (f["RssAnon"], f["RssAnon"] - base["RssAnon"], HEAP_BUDGET_MB,
                                            GROWTH_BUDGET_MB))
                time.sleep(0.5)  # polling with a deadline for the allocator's decay, not synchronisation

        peak_limit = HEAP_BUDGET_MB + TRANSFERS_AT_ONCE * PEAK_PER_TRANSFER_MB

        def peak_within():
            assert sampled["peak"] <= peak_limit, "RssAnon peaked at %.1f MiB" % sampled["peak"]

        steps.run("heap (RssAnon) settles within %d MiB, at most %d above the warm-up"
                  % (HEAP_BUDGET_MB, GROWTH_BUDGET_MB), settles)
        settled = take("settled")
        sampled["stop"] = True
        steps.run("heap (RssAnon) peak within %d MiB" % peak_limit, peak_within)
        steps.run("VmRSS within %d MiB (heap budget and mapped files)" % (HEAP_BUDGET_MB + FILE_BUDGET_MB),
                  lambda: check(settled["VmRSS"] <= HEAP_BUDGET_MB + FILE_BUDGET_MB, "VmRSS %.1f" % settled["VmRSS"]))
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main())
