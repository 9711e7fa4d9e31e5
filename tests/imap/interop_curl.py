"""curl (a client nobody here wrote) against `mailflow serve` over imap://, STARTTLS (--ssl-reqd) and
imaps://: APPEND with -T, LIST, fetch by ;UID= and ;MAILINDEX=, ;SECTION= and ;PARTIAL=, -X custom
commands (UID SEARCH, STORE, EXAMINE), and a wrong password."""

import os
import subprocess
import sys
import tempfile
import uuid

from mailflow_serve import MailflowServe, Steps, check

BOB = "bob@a.example"
RUN = uuid.uuid4().hex[:12]
MESSAGE = ("From: Alice <alice@a.example>\r\nTo: Bob <bob@a.example>\r\nSubject: curl %s\r\n"
           "Message-ID: <curl-%s@a.example>\r\n\r\nHello from curl.\r\n" % (RUN, RUN)).encode()



def curl(*args, expect_ok=True):
    p = subprocess.run(["curl", "--silent", "--show-error", "--max-time", "30"] + list(args),
                       capture_output=True, timeout=60)
    if expect_ok:
        check(p.returncode == 0, "curl %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p


def main():
    steps = Steps("curl imap")
    with MailflowServe(sys.argv[1]) as serve, tempfile.TemporaryDirectory() as tmp:
        imap = "%s:%d" % serve.address("a.example", "imap")
        imaps = "%s:%d" % serve.address("a.example", "imaps")
        user = "%s:%s" % (BOB, serve.user(BOB)["password"])
        message_file = os.path.join(tmp, "message.eml")
        with open(message_file, "wb") as f:
            f.write(MESSAGE)
        state = {}

        def append():
            curl("imap://%s/INBOX" % imap, "--user", user, "-T", message_file)

        def uid_search():
            out = curl("imap://%s/INBOX" % imap, "--user", user, "-X", "UID SEARCH HEADER Message-ID curl-" + RUN).stdout
            uids = out.decode().split()
            check(len(uids) == 3 and uids[:2] == ["*", "SEARCH"], "UID SEARCH output %r" % out)
            state["uid"] = uids[2]

        def fetch_uid_imaps():
            out = curl("imaps://%s/INBOX;UID=%s" % (imaps, state["uid"]), "--cacert", serve.ca, "--user", user).stdout
            check(out == MESSAGE, "imaps ;UID= body %r" % out)

        def fetch_starttls_section():
            out = curl("imap://%s/INBOX;UID=%s;SECTION=HEADER.FIELDS%%20(SUBJECT)" % (imap, state["uid"]),
                       "--ssl-reqd", "--cacert", serve.ca, "--user", user).stdout
            check(out == b"Subject: curl %s\r\n\r\n" % RUN.encode(), "STARTTLS ;SECTION= %r" % out)

        def fetch_partial():
            out = curl("imap://%s/INBOX;UID=%s;SECTION=TEXT;PARTIAL=6.4" % (imap, state["uid"]), "--user", user).stdout
            check(out == b"from", ";PARTIAL=6.4 gave %r" % out)

        def fetch_mailindex():
            out = curl("imaps://%s/INBOX;MAILINDEX=1" % imaps, "--cacert", serve.ca, "--user", user).stdout
            check(len(out) > 0, ";MAILINDEX=1 returned nothing")

        def custom_commands():
            out = curl("imap://%s/INBOX" % imap, "--user", user, "-X", "UID STORE %s +FLAGS (\\Flagged)" % state["uid"]).stdout
            check(b"\\Flagged" in out, "STORE output %r" % out)
            out = curl("imap://%s/INBOX" % imap, "--user", user, "-X", "UID FETCH %s (FLAGS UID)" % state["uid"]).stdout
            check(b"\\Seen" in out and b"\\Flagged" in out, "flags after BODY[] fetch and STORE: %r" % out)
            out = curl("imaps://%s/" % imaps, "--cacert", serve.ca, "--user", user, "-X", "EXAMINE INBOX").stdout
            check(b"UIDVALIDITY" in out and b"EXISTS" in out, "EXAMINE output %r" % out)
            out = curl("imap://%s/" % imap, "--user", user, "-X", "STATUS INBOX (MESSAGES UIDNEXT)").stdout
            check(b"* STATUS INBOX (MESSAGES" in out, "STATUS output %r" % out)

        def list_mailboxes():
            out = curl("imaps://%s/" % imaps, "--cacert", serve.ca, "--user", user).stdout
            check(b'"/" INBOX' in out, "LIST output %r" % out)

        def wrong_password():
            p = curl("imap://%s/INBOX" % imap, "--user", BOB + ":wrong", expect_ok=False)
            check(p.returncode == 67, "wrong password: curl exit %d (want 67, login denied)" % p.returncode)

        steps.run("APPEND with -T over imap://", append)
        steps.run("-X 'UID SEARCH HEADER ...'", uid_search)
        steps.run("imaps:// ;UID= fetch with --cacert", fetch_uid_imaps)
        steps.run("STARTTLS (--ssl-reqd) ;SECTION=HEADER.FIELDS", fetch_starttls_section)
        steps.run(";PARTIAL= fetch", fetch_partial)
        steps.run(";MAILINDEX=1 over imaps://", fetch_mailindex)
        steps.run("-X STORE, FETCH, EXAMINE, STATUS", custom_commands)
        steps.run("LIST (imaps:// with no mailbox)", list_mailboxes)
        steps.run("wrong password is refused", wrong_password)
        return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main())
