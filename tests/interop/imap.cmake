# IMAP state under concurrency (issue #15): ten imaplib sessions, each checking every response against its
# own model of the mailbox.
mailflow_add_pytest(interop_imap_concurrent imap_concurrent.py)
