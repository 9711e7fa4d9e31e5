"""`mailflow serve` prints "Try:" hints for real clients (issue 16): this runs them, word for word as
printed, against the world they were printed for. Once on the built-in world (alice and bob, both at
a.example) and once on a lesson of two domains (alice@a.example writes to bob@b.example), where the hints
must pair each user with their own domain's servers: submission at the sender's domain, POP3S and IMAPS at
the recipient's. A hint that sends bob to a.example's POP3S gets "Login denied"; this test fails on it.

Each world starts from an empty state directory, so message 1 of the recipient's mailbox is the one swaks
sent (01-basic-pop3's own timeline message is fetched and deleted with POP3 first)."""

import os
import re
import shlex
import subprocess
import sys

from mailflow_serve import MailflowServe, Steps, wait_for

SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios")


def try_block(serve):
    """The hint lines and the sender/recipient named in the "Try (...)" heading."""
    lines = serve.log().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Try ("))
    m = re.match(r"Try \((\S+) writes to (\S+);", lines[start])
    assert m, lines[start]
    hints = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        hints.append(line.strip())
    return m.group(1), m.group(2), hints


def hint(hints, tool):
    found = [h for h in hints if h.startswith(tool + " ")]
    assert len(found) >= 1, "no %s hint in %r" % (tool, hints)
    return found


def run(command, stdin=None):
    return subprocess.run(shlex.split(command), input=stdin, capture_output=True, text=True, timeout=60)


def check_world(binary, suite, extra_args, sender, recipient, timeline_fetch=None):
    steps = Steps(suite)
    with MailflowServe(binary, extra_args=extra_args) as serve:
        wait_for(lambda: "Try (" in serve.log() and "imaps://" in serve.log(), "the Try: block")
        got_sender, got_recipient, hints = try_block(serve)
        domain = recipient.split("@")[1]

        def heading():
            assert (got_sender, got_recipient) == (sender, recipient), (got_sender, got_recipient)

        def addresses_of_own_domain():
            # The servers named for each user are their own domain's (the endpoints JSON says which).
            own = serve.endpoints["domains"]
            swaks = hint(hints, "swaks")[0]
            assert "--server %s " % own[sender.split("@")[1]]["submission"] in swaks, swaks
            assert "pop3s://%s/" % own[domain]["pop3s"] in hint(hints, "curl")[0], hints
            assert "imaps://%s/" % own[domain]["imaps"] in hint(hints, "curl")[1], hints

        def dig():
            out = run(hint(hints, "dig")[0] + " +time=5 +tries=2")
            assert out.returncode == 0 and "status: NOERROR" in out.stdout, out.stdout + out.stderr
            assert re.search(r"^%s\.\s+\d+\s+IN\s+MX\s+" % re.escape(domain), out.stdout, re.M), out.stdout

        def openssl():
            out = run(hint(hints, "openssl")[0], stdin="QUIT\n")
            assert "Verify return code: 0 (ok)" in out.stdout, out.stdout + out.stderr

        def timeline_done():
            if timeline_fetch:
                wait_for(lambda: timeline_fetch in serve.log(), "the lesson's own fetch", timeout=60)

        def swaks():
            out = run(hint(hints, "swaks")[0])
            assert out.returncode == 0, out.stdout + out.stderr
            assert "<~  235 2.7.0 " in out.stdout and "<~  250 2.0.0 " in out.stdout, out.stdout

        def curl(which):
            command = hint(hints, "curl")[which]

            def fetched():
                out = run(command)
                return out if out.returncode == 0 else None
            out = wait_for(fetched, "%s to succeed" % command, timeout=60)
            assert "X-Mailer: swaks" in out.stdout, out.stdout
            assert re.search(r"^From: %s\r?$" % re.escape(sender), out.stdout, re.M), out.stdout
            assert re.search(r"^To: %s\r?$" % re.escape(recipient), out.stdout, re.M), out.stdout

        steps.run("hints name %s -> %s" % (sender, recipient), heading)
        steps.run("each user's servers are their own domain's", addresses_of_own_domain)
        steps.run("dig hint", dig)
        steps.run("openssl s_client hint", openssl)
        steps.run("lesson timeline finished", timeline_done)
        steps.run("swaks hint (submission, STARTTLS, AUTH)", swaks)
        steps.run("curl pop3s hint", lambda: curl(0))
        steps.run("curl imaps hint", lambda: curl(1))
        return steps.finish(serve)


def main(binary):
    # A fresh world each run: the hints fetch message 1.
    os.environ.pop("MAILFLOW_DATA_DIR", None)
    single = check_world(binary, "serve hints, built-in world", [], "alice@a.example", "bob@a.example")
    multi = check_world(binary, "serve hints, 01-basic-pop3", [os.path.join(SCENARIOS, "01-basic-pop3.json")],
                        "alice@a.example", "bob@b.example",
                        timeline_fetch="bob@b.example fetched 1 message(s) with POP3")
    return single | multi


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
