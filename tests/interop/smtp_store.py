"""Reads the messages `mailflow serve` committed for a domain (its SQLite message store)."""

import os
import sqlite3


def stored_messages(serve, domain="a.example"):
    path = os.path.join(serve.data_dir, "mailstore", domain + ".sqlite")
    db = sqlite3.connect(path)
    try:
        return [dict(id=r[0], mail_from=r[1], recipients=r[2].split("\n"), data=bytes(r[3]))
                for r in db.execute("SELECT id, mail_from, recipients, data FROM messages ORDER BY id")]
    finally:
        db.close()


def find_message(serve, marker, domain="a.example"):
    """The stored message whose data contains `marker` (bytes); raises if absent."""
    for m in stored_messages(serve, domain):
        if marker in m["data"]:
            return m
    raise AssertionError("no stored message contains %r" % marker)
