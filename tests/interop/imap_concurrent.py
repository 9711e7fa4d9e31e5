"""Ten concurrent Python imaplib sessions against `mailflow serve`, each checking every response it gets
against its own model of the mailbox (issue #15, "IMAP state exact"), as an IMAP stress tester does.

For a bounded time every session picks random commands (seeded; the seed is printed and can be given again
with IMAP_STRESS_SEED): SELECT, FETCH and UID FETCH, STORE and UID STORE of system flags and of keywords
(new ones keep appearing), \\Deleted plus EXPUNGE or UID EXPUNGE, APPEND (some with keywords), SEARCH, NOOP,
and LOGOUT followed by a new login. Every response line is recorded in order and checked:

- EXISTS never goes down, EXPUNGE names an existing sequence number, FETCH and SEARCH name only existing
  ones, and a sequence number keeps its UID until an EXPUNGE moves it (RFC 3501 §2.3.1, §7.3.1, §7.4.1);
- no EXPUNGE during FETCH, STORE or SEARCH; their UID forms may send one (§7.4.1);
- every keyword in FETCH FLAGS was announced by an untagged FLAGS response first, and PERMANENTFLAGS
  lists it too (§7.2.6, §7.1);
- LOGOUT is answered by BYE and the tagged OK only: no untagged response after BYE (§6.1.3);
- at the end no data is lost: every APPENDed message (each has its own Message-ID) is still there or was
  marked \\Deleted by some session, and none is there twice.
"""

import imaplib
import os
import random
import re
import sys
import threading
import time
import uuid

from mailflow_serve import MailflowServe, Steps, check, ok

BOB = "bob@a.example"
SESSIONS = 10
SECONDS = float(os.environ.get("IMAP_STRESS_SECONDS", "15"))
RUN = uuid.uuid4().hex[:10]
# The data directory outlives a run: the run works in a mailbox of its own.
MAILBOX = "stress-" + RUN
SYSTEM_FLAGS = ["\\Seen", "\\Flagged", "\\Answered", "\\Draft"]


class Literal(bytes):
    """Literal data read by imaplib between two response lines."""


class RecordingIMAP4(imaplib.IMAP4):
    """imaplib's client, keeping every response line and literal in the order they arrived."""

    def __init__(self, host, port):
        self.log = []
        super().__init__(host, port, timeout=60)

    def _get_line(self):
        line = super()._get_line()
        self.log.append(bytes(line))
        return line

    def read(self, size):
        data = super().read(size)
        self.log.append(Literal(data))
        return data


def whole_responses(entries):
    """Joins response lines with the literals they announce: one bytes object per response."""
    out = []
    current = None     # the response being joined
    continued = False  # a literal was read: the next line goes on with the same response
    for entry in entries:
        if isinstance(entry, Literal):
            current += b"\r\n" + entry
            continued = True
            continue
        if continued:
            current += entry
        else:
            if current is not None:
                out.append(current)
            current = entry
        continued = False
        if not re.search(rb"\{\d+\}$", entry):
            out.append(current)
            current = None
    if current is not None:
        out.append(current)
    return out


def parse_value(data, pos):
    """One IMAP value at data[pos:]: a list, NIL (None), a quoted string, a literal or an atom."""
    while pos < len(data) and data[pos:pos + 1] == b" ":
        pos += 1
    c = data[pos:pos + 1]
    if c == b"(":
        items = []
        pos += 1
        while True:
            while data[pos:pos + 1] == b" ":
                pos += 1
            if data[pos:pos + 1] == b")":
                return items, pos + 1
            value, pos = parse_value(data, pos)
            items.append(value)
    if c == b'"':
        out = bytearray()
        pos += 1
        while data[pos:pos + 1] != b'"':
            if data[pos:pos + 1] == b"\\":
                pos += 1
            out += data[pos:pos + 1]
            pos += 1
        return bytes(out), pos + 1
    if c == b"{":
        end = data.index(b"}", pos)
        size = int(data[pos + 1:end])
        start = end + 3  # "}\r\n"
        return data[start:start + size], start + size
    m = re.compile(rb"[^ ()\r\n\[]+(\[[^\]]*\](<\d+>)?)?").match(data, pos)
    if not m:
        raise ValueError("cannot parse %r" % data[pos:pos + 60])
    atom = m.group(0)
    return (None if atom.upper() == b"NIL" else atom), m.end()


class Shared:
    """What all sessions know together: the messages appended and the ones marked \\Deleted."""

    def __init__(self):
        self.lock = threading.Lock()
        self.appended = set()
        self.deleted = set()
        self.errors = []
        self.keyword_count = 0
        self.ops = {}

    def error(self, who, text):
        with self.lock:
            self.errors.append("%s: %s" % (who, text))

    def count(self, op):
        with self.lock:
            self.ops[op] = self.ops.get(op, 0) + 1

    def new_keyword(self, who):
        with self.lock:
            self.keyword_count += 1
            return "kw%s_%d" % (who, self.keyword_count)


class Session:
    """One client with its own model of the selected mailbox, checking every response against it."""

    def __init__(self, serve, shared, index, rng):
        self.serve = serve
        self.shared = shared
        self.name = "session %d" % index
        self.index = index
        self.rng = rng
        self.m = None
        self.seen = 0  # log entries already checked

    # --- the model -------------------------------------------------------------------------------
    def reset(self):
        self.uids = []          # sequence number n -> uid (None when not known yet)
        self.announced = set()  # keywords of the last FLAGS response
        self.mids = {}          # uid -> Message-ID, from ENVELOPE
        self.bye = False

    def fail(self, text):
        self.shared.error(self.name, text)

    def check_responses(self, command, uid):
        entries = self.m.log[self.seen:]
        self.seen = len(self.m.log)
        for response in whole_responses(entries):
            if response.startswith(b"+"):
                continue
            if not response.startswith(b"* "):
                continue  # the tagged completion
            if self.bye:
                self.fail("untagged response after BYE (RFC 3501 §6.1.3) in %s: %r" % (command, response[:120]))
                continue
            self.untagged(response[2:], command, uid)

    def untagged(self, r, command, uid):
        word = r.split(b" ", 2)
        if r.startswith(b"BYE"):
            self.bye = True
            if command != "LOGOUT":
                self.fail("BYE in answer to %s: %r" % (command, r))
            return
        if r.startswith(b"FLAGS "):
            flags, _ = parse_value(r, 6)
            self.announced = {f.decode() for f in flags if not f.startswith(b"\\")}
            return
        if r.startswith(b"OK [PERMANENTFLAGS "):
            flags, _ = parse_value(r, len(b"OK [PERMANENTFLAGS "))
            permanent = {f.decode() for f in flags}
            missing = self.announced - permanent
            if missing:
                self.fail("PERMANENTFLAGS lacks announced keywords %r" % sorted(missing)[:5])
            if b"\\*" not in flags:
                self.fail("PERMANENTFLAGS without \\* in a read-write mailbox: %r" % r[:120])
            return
        if r.startswith(b"SEARCH"):
            for n in r[6:].split():
                if command == "SEARCH" and not uid and not 1 <= int(n) <= len(self.uids):
                    self.fail("SEARCH names sequence number %s of %d" % (n, len(self.uids)))
            return
        if len(word) < 2 or not word[0].isdigit():
            return  # OK [UIDVALIDITY ...], CAPABILITY, LIST, ...
        n = int(word[0])
        kind = word[1].upper()
        if kind == b"EXISTS":
            if n < len(self.uids):
                self.fail("EXISTS went down from %d to %d without EXPUNGE (§7.3.1)" % (len(self.uids), n))
            self.uids.extend([None] * (n - len(self.uids)))
        elif kind == b"EXPUNGE":
            if command in ("FETCH", "STORE", "SEARCH") and not uid:
                self.fail("EXPUNGE during %s (RFC 3501 §7.4.1)" % command)
            if not 1 <= n <= len(self.uids):
                self.fail("EXPUNGE of sequence number %d of %d" % (n, len(self.uids)))
                return
            del self.uids[n - 1]
        elif kind == b"FETCH":
            if not 1 <= n <= len(self.uids):
                self.fail("FETCH of sequence number %d of %d" % (n, len(self.uids)))
                return
            items, _ = parse_value(r, r.index(b"FETCH") + 5)
            fields = {items[i].upper(): items[i + 1] for i in range(0, len(items) - 1, 2)}
            if b"UID" in fields:
                u = int(fields[b"UID"])
                known = self.uids[n - 1]
                if known is not None and known != u:
                    self.fail("sequence number %d was UID %d, now FETCH says UID %d" % (n, known, u))
                self.uids[n - 1] = u
                before = [x for x in self.uids[:n - 1] if x is not None]
                after = [x for x in self.uids[n:] if x is not None]
                if (before and before[-1] >= u) or (after and after[0] <= u):
                    self.fail("UIDs not ascending around sequence number %d (UID %d)" % (n, u))
            if b"FLAGS" in fields:
                for f in fields[b"FLAGS"]:
                    if f is None:
                        self.fail("NIL in a FLAGS list: %r" % r[:120])
                    elif not f.startswith(b"\\") and f.decode() not in self.announced:
                        self.fail("keyword %s in FETCH FLAGS was never announced by FLAGS (§7.2.6)" % f.decode())
            if b"ENVELOPE" in fields and self.uids[n - 1] is not None:
                mid = fields[b"ENVELOPE"][9]
                if mid:
                    self.mids[self.uids[n - 1]] = mid.decode()

    # --- commands --------------------------------------------------------------------------------
    def run_command(self, name, uid, call, allowed=("OK",)):
        self.shared.count(("UID " if uid else "") + name)
        try:
            typ, data = call()
        except imaplib.IMAP4.error as e:
            self.check_responses(name, uid)
            self.fail("%s%s failed: %r" % ("UID " if uid else "", name, e))
            return None
        self.check_responses(name, uid)
        self.m.untagged_responses.clear()
        if typ not in allowed:
            self.fail("%s%s answered %s %r" % ("UID " if uid else "", name, typ, data))
        return data

    def connect(self):
        host, port = self.serve.address("a.example", "imap")
        self.m = RecordingIMAP4(host, port)
        self.seen = 0
        self.reset()
        ok(self.m.login(BOB, self.serve.user(BOB)["password"]), "LOGIN")
        self.check_responses("LOGIN", False)
        self.select()

    def select(self):
        self.reset()
        self.run_command("SELECT", False, lambda: self.m.select(MAILBOX))

    def logout(self):
        # imaplib's logout() stops reading at BYE, so whatever the server sends after it would go unseen:
        # the command is sent by hand and every line is read until the server closes the connection.
        self.shared.count("LOGOUT")
        self.check_responses("before LOGOUT", False)
        tag = self.m._new_tag()
        self.m.send(tag + b" LOGOUT\r\n")
        lines = []
        while True:
            line = self.m.readline()  # the socket's timeout bounds the wait
            if not line:
                break
            lines.append(line.rstrip(b"\r\n"))
        self.m.shutdown()
        if not lines or not lines[0].startswith(b"* BYE"):
            self.fail("LOGOUT not answered by BYE first: %r" % lines[:3])
        if not lines or not lines[-1].startswith(tag + b" OK"):
            self.fail("LOGOUT not completed by a tagged OK: %r" % lines[-3:])
        for line in lines[1:-1]:
            self.fail("untagged response after BYE (RFC 3501 §6.1.3): %r" % line[:120])

    def random_set(self):
        count = len(self.uids)
        if count == 0:
            return None
        first = self.rng.randint(1, count)
        last = min(count, first + self.rng.randint(0, 15))
        return "%d:%d" % (first, last) if last > first else str(first)

    def random_flags(self):
        flags = self.rng.sample(SYSTEM_FLAGS, self.rng.randint(0, 2))
        if self.rng.random() < 0.5:
            pool = sorted(self.announced) or ["$Work"]
            flags.append(self.rng.choice(pool))
        if self.rng.random() < 0.2:
            flags.append(self.shared.new_keyword(self.index))
        return "(" + " ".join(flags) + ")"

    def step(self):
        op = self.rng.choices(
            ["fetch", "uidfetch", "store", "uidstore", "delete", "append", "search", "noop", "select", "relogin"],
            [18, 8, 14, 8, 8, 16, 8, 8, 4, 4])[0]
        m = self.m
        if op == "fetch":
            s = self.random_set()
            if s:
                items = self.rng.choice(["(UID FLAGS)", "(FLAGS)", "(UID FLAGS ENVELOPE)", "FAST"])
                self.run_command("FETCH", False, lambda: m.fetch(s, items), allowed=("OK", "NO"))
        elif op == "uidfetch":
            self.run_command("FETCH", True, lambda: m.uid("FETCH", "1:*", "(UID FLAGS ENVELOPE)"), allowed=("OK", "NO"))
        elif op == "store":
            s = self.random_set()
            if s:
                mode = self.rng.choice(["+FLAGS", "-FLAGS", "+FLAGS.SILENT"])
                flags = self.random_flags()
                self.run_command("STORE", False, lambda: m.store(s, mode, flags))
        elif op == "uidstore":
            known = [u for u in self.uids if u is not None]
            if known:
                u = self.rng.choice(known)
                flags = self.random_flags()
                self.run_command("STORE", True, lambda: m.uid("STORE", str(u), "+FLAGS", flags))
        elif op == "delete":
            candidates = [u for u in self.uids if u in self.mids]
            if candidates:
                u = self.rng.choice(candidates)
                with self.shared.lock:
                    self.shared.deleted.add(self.mids[u])  # before the STORE: it may be expunged at once
                self.run_command("STORE", True, lambda: m.uid("STORE", str(u), "+FLAGS", "(\\Deleted)"))
                if self.rng.random() < 0.5:
                    self.run_command("EXPUNGE", False, lambda: m.expunge())
                else:
                    self.run_command("EXPUNGE", True, lambda: m.uid("EXPUNGE", str(u)))
        elif op == "append":
            mid = "<%s.%d.%d@stress.example>" % (RUN, self.index, self.rng.getrandbits(48))
            with self.shared.lock:
                self.shared.appended.add(mid)
            body = ("From: Alice <alice@a.example>\r\nTo: Bob <bob@a.example>\r\nSubject: stress\r\n"
                    "Message-ID: %s\r\n\r\nHello from %s.\r\n" % (mid, self.name)).encode()
            flags = self.random_flags() if self.rng.random() < 0.4 else None
            self.run_command("APPEND", False, lambda: m.append(MAILBOX, flags, None, body))
        elif op == "search":
            if self.rng.random() < 0.5:
                self.run_command("SEARCH", False, lambda: m.search(None, self.rng.choice(["ALL", "UNSEEN", "FLAGGED"])))
            else:
                self.run_command("SEARCH", True, lambda: m.uid("SEARCH", "ALL"))
        elif op == "noop":
            self.run_command("NOOP", False, lambda: m.noop())
        elif op == "select":
            self.select()
        elif op == "relogin":
            self.logout()
            self.connect()

    def run(self, deadline):
        try:
            self.connect()
            while time.monotonic() < deadline and len(self.shared.errors) < 20000:
                self.step()
            self.logout()
        except Exception as e:  # a broken connection is an error of the run, not of the harness
            self.fail("stopped: %r" % (e,))


def stress(serve, seed):
    host, port = serve.address("a.example", "imap")
    setup = imaplib.IMAP4(host, port, timeout=30)
    ok(setup.login(BOB, serve.user(BOB)["password"]), "LOGIN")
    ok(setup.create(MAILBOX), "CREATE")
    setup.logout()

    shared = Shared()
    deadline = time.monotonic() + SECONDS
    sessions = [Session(serve, shared, i, random.Random(seed * 1000 + i)) for i in range(SESSIONS)]
    threads = [threading.Thread(target=s.run, args=(deadline,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(SECONDS + 120)
        check(not t.is_alive(), "a session did not finish")
    print("operations: %s" % ", ".join("%s %d" % kv for kv in sorted(shared.ops.items())), flush=True)
    print("appended %d messages, %d marked \\Deleted, %d new keywords"
          % (len(shared.appended), len(shared.deleted), shared.keyword_count), flush=True)

    # No data lost: what is left, plus what someone deleted, covers everything appended, once.
    final = imaplib.IMAP4(host, port, timeout=60)
    ok(final.login(BOB, serve.user(BOB)["password"]), "LOGIN")
    ok(final.select(MAILBOX), "SELECT")
    data = ok(final.uid("FETCH", "1:*", "(ENVELOPE)"), "UID FETCH ENVELOPE")
    final.logout()
    present = []
    for item in data:
        line = item if isinstance(item, bytes) else item[0] + item[1]
        if b"ENVELOPE" not in line:
            continue
        envelope, _ = parse_value(line, line.index(b"ENVELOPE") + 8)
        if envelope[9]:
            present.append(envelope[9].decode())
    duplicates = {mid for mid in present if present.count(mid) > 1}
    if duplicates:
        shared.error("final", "messages there twice: %r" % sorted(duplicates)[:5])
    lost = shared.appended - set(present) - shared.deleted
    if lost:
        shared.error("final", "%d appended messages lost (never marked \\Deleted): %r" % (len(lost), sorted(lost)[:5]))
    strangers = set(present) - shared.appended
    if strangers:
        shared.error("final", "messages nobody appended: %r" % sorted(strangers)[:5])
    print("%d messages left in %s" % (len(present), MAILBOX), flush=True)

    if shared.errors:
        kinds = {}
        for e in shared.errors:
            kind = re.sub(r"\d+", "N", e.split(": ", 1)[1])[:90]
            kinds[kind] = kinds.get(kind, 0) + 1
        print("%d protocol errors; by kind:" % len(shared.errors))
        for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
            print("  %5d  %s" % (n, kind))
        print("first errors:\n  " + "\n  ".join(shared.errors[:20]))
        raise AssertionError("%d protocol errors (seed %d)" % (len(shared.errors), seed))


def main():
    seed = int(os.environ.get("IMAP_STRESS_SEED") or random.SystemRandom().randrange(1, 10**9))
    print("seed %d (set IMAP_STRESS_SEED=%d to repeat the choices), %d sessions for %.0f s"
          % (seed, seed, SESSIONS, SECONDS), flush=True)
    steps = Steps("imaplib concurrent")
    with MailflowServe(sys.argv[1]) as serve:
        steps.run("10 sessions, random commands, every response checked", lambda: stress(serve, seed))
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main())
