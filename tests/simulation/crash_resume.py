"""Crash test (issue 5): a `mailflow run` killed with SIGKILL in the middle of a multi-message run and
restarted on the same world files (--state DIR) ends with every accepted message delivered exactly once.

The world sends 40 messages over simulated time, a third of them to a mailing list whose copies split
into two local mailboxes and a forward to the other domain. The run is killed from outside after some
deliveries, then killed again by the process itself (MAILFLOW_CRASH_AT) at each of the places where a
crash can duplicate mail: after an MTA server's commit before its 250, after the client's 250 before the
spool records it, after the next hop's 250 before the MTA queue records it, and after the mailbox commit
before the queue records it. Then it runs to the end. The mailboxes' SQLite files are read directly: each
message must be in each of its recipients' mailboxes exactly once, and nowhere else."""

import email
import email.policy
import json
import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

SENDS = 40


def recipients_of(k):
    """Who send #k goes to, and which accounts must end up with it."""
    kind = k % 3
    if kind == 0:
        return ["bob@b.example"], {"bob@b.example"}
    if kind == 1:
        return ["team@b.example"], {"bob@b.example", "carol@b.example", "dan@a.example"}
    return ["bob@b.example", "carol@b.example"], {"bob@b.example", "carol@b.example"}


def scenario():
    timeline = []
    for k in range(SENDS):
        to, _ = recipients_of(k)
        timeline.append({"at": "%ds" % (k * 10), "send": {
            "from": "alice@a.example", "to": to, "subject": "crash test #%d" % k,
            "body": "message number %d of the crash test\n" % k}})
    return {
        "version": 1,
        "title": {"en": "Crash test: many messages, killed and restarted"},
        "world": {"internet": {"latency": "20ms"}, "domains": [
            {"name": "a.example", "address": "127.0.0.2", "mx": [{"host": "mx.a.example", "preference": 10}],
             "users": [{"address": "alice@a.example", "password": "alice-secret", "name": "Alice"},
                       {"address": "dan@a.example", "password": "dan-secret", "name": "Dan"}]},
            {"name": "b.example", "address": "127.0.0.3", "mx": [{"host": "mx.b.example", "preference": 10}],
             "users": [{"address": "bob@b.example", "password": "bob-secret", "name": "Bob"},
                       {"address": "carol@b.example", "password": "carol-secret", "name": "Carol"}],
             "aliases": [{"address": "team@b.example",
                          "members": ["bob@b.example", "carol@b.example", "dan@a.example"]}]},
        ]},
        "timeline": timeline,
        "expect": [],
    }


class Run:
    """One `mailflow run --format json` on the world's state directory, read line by line."""

    def __init__(self, binary, scenario_path, state, crash_at=None):
        env = dict(os.environ)
        env.pop("MAILFLOW_CRASH_AT", None)
        if crash_at:
            env["MAILFLOW_CRASH_AT"] = crash_at
        self.crash_at = crash_at
        self.proc = subprocess.Popen([binary, "run", scenario_path, "--format", "json", "--state", state,
                                      "--timeout", "240"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.proc.stdout, selectors.EVENT_READ)
        self.buffer = b""
        self.events = []

    def next_event(self, deadline):
        """The next JSON event, or None at the end of the output."""
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("mailflow run produced no event in time")
            if not self.selector.select(remaining):
                continue
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        event = json.loads(line)
        self.events.append(event)
        return event

    def read_until(self, predicate, seconds=120):
        deadline = time.monotonic() + seconds
        while True:
            event = self.next_event(deadline)
            if event is None or predicate(event):
                return event

    def finish(self, seconds=240):
        self.read_until(lambda e: False, seconds)
        stderr = self.proc.stderr.read().decode(errors="replace")
        code = self.proc.wait(timeout=seconds)
        self.selector.close()
        return code, stderr

    def count(self, kind, reason=None):
        return sum(1 for e in self.events
                   if e.get("kind") == kind and (reason is None or e.get("reason") == reason))


def stored_messages(state):
    """(account, subject, message-id) of every message in every mailbox of the world."""
    out = []
    for domain in ("a.example", "b.example"):
        path = os.path.join(state, domain, "mailboxes.sqlite")
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        for account, data in db.execute(
                "SELECT b.account, t.bytes FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id"
                " JOIN bodies t ON t.message_id = m.id"):
            msg = email.message_from_bytes(bytes(data), policy=email.policy.compat32)
            out.append((account, msg.get("Subject", ""), msg.get("Message-ID", "")))
        db.close()
    return out


def check_exactly_once(state):
    problems = []
    found = {}
    ids = {}
    for account, subject, message_id in stored_messages(state):
        found[(account, subject)] = found.get((account, subject), 0) + 1
        ids[(account, message_id)] = ids.get((account, message_id), 0) + 1
    expected = {}
    for k in range(SENDS):
        for account in recipients_of(k)[1]:
            expected[(account, "crash test #%d" % k)] = 1
    for key, n in sorted(expected.items()):
        if found.get(key, 0) != n:
            problems.append("%s has %d cop%s of '%s' (expected 1)" % (key[0], found.get(key, 0),
                                                                      "y" if found.get(key, 0) == 1 else "ies", key[1]))
    for key, n in sorted(found.items()):
        if key not in expected:
            problems.append("%s has %d unexpected message(s) '%s'" % (key[0], n, key[1]))
    for key, n in sorted(ids.items()):
        if n != 1:
            problems.append("%s holds Message-ID %s %d times" % (key[0], key[1], n))
    return problems, sum(found.values())


def deliveries(n):
    """A predicate that holds at the n-th `delivered` event."""
    seen = [0]

    def predicate(event):
        seen[0] += event.get("kind") == "delivered"
        return seen[0] >= n
    return predicate


def main(binary):
    failures = []
    with tempfile.TemporaryDirectory(prefix="mailflow-crash-") as tmp:
        scenario_path = os.path.join(tmp, "crash.json")
        with open(scenario_path, "w") as f:
            json.dump(scenario(), f, indent=1)
        state = os.path.join(tmp, "world")

        # 1. Killed from outside once some messages are delivered, well before the end.
        run = Run(binary, scenario_path, state)
        if run.read_until(deliveries(12)) is None:
            failures.append("the first run ended before 12 deliveries")
        run.proc.send_signal(signal.SIGKILL)
        code, _ = run.finish()
        print("run 1: SIGKILL from outside after %d deliveries (exit %d)" % (run.count("delivered"), code))
        if code != -signal.SIGKILL:
            failures.append("run 1 was not killed (exit %d)" % code)

        # 2. Killed by itself exactly in each window where a crash could duplicate or lose mail.
        for crash_at in ("relay-accepted:3", "mailbox-stored:4", "submission-accepted:2", "queue-committed:5",
                         "relay-accepted:7"):
            run = Run(binary, scenario_path, state, crash_at)
            code, stderr = run.finish()
            skipped = run.count("note", "already-in-spool")
            suppressed = run.count("note", "duplicate-suppressed")
            print("run with MAILFLOW_CRASH_AT=%s: exit %d, %d deliveries, %d sends skipped, %d duplicates suppressed"
                  % (crash_at, code, run.count("delivered"), skipped, suppressed))
            if code != -signal.SIGKILL or "MAILFLOW_CRASH_AT" not in stderr:
                failures.append("MAILFLOW_CRASH_AT=%s: the process did not die there (exit %d): %s"
                                % (crash_at, code, stderr.strip()[-300:]))
            if skipped == 0:
                failures.append("MAILFLOW_CRASH_AT=%s: the restarted timeline skipped no send" % crash_at)

        # 3. Killed from outside again, at a different point.
        run = Run(binary, scenario_path, state)
        if run.read_until(deliveries(5)) is None:
            failures.append("the second outside kill came too late: the run had ended")
        run.proc.send_signal(signal.SIGKILL)
        code, _ = run.finish()
        print("run 7: SIGKILL from outside after %d deliveries (exit %d)" % (run.count("delivered"), code))

        # 4. The last run goes to the end.
        run = Run(binary, scenario_path, state)
        code, stderr = run.finish()
        suppressed_last = run.count("note", "duplicate-suppressed")
        print("final run: exit %d, %d deliveries, %d sends skipped, %d duplicates suppressed"
              % (code, run.count("delivered"), run.count("note", "already-in-spool"),
                 suppressed_last))
        if code != 0:
            failures.append("the final run failed (exit %d): %s" % (code, stderr.strip()[-500:]))

        # 5. Exactly once, read from the world's own files.
        problems, total = check_exactly_once(state)
        print("%d messages stored in the world's mailboxes" % total)
        failures.extend(problems)

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("every accepted message was delivered exactly once")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
