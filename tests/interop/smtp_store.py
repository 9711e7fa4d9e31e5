"""Reads the messages `mailflow serve` committed for a domain: the MTA queue of the served world
(SQLite, one row per accepted message, committed before the 250)."""

import json
import os
import sqlite3


def queue_path(serve, domain="a.example", world="default"):
    return os.path.join(serve.data_dir, "serve", world, domain, "mta-queue.sqlite")


def stored_messages(serve, domain="a.example"):
    db = sqlite3.connect(queue_path(serve, domain))
    try:
        return [dict(id=r[0], mail_from=r[1], recipients=[x["address"] for x in json.loads(r[2])], data=bytes(r[3]))
                for r in db.execute("SELECT id, sender, recipients, data FROM spool ORDER BY id")]
    finally:
        db.close()


def find_message(serve, marker, domain="a.example"):
    """The stored message whose data contains `marker` (bytes); raises if absent."""
    for m in stored_messages(serve, domain):
        if marker in m["data"]:
            return m
    raise AssertionError("no stored message contains %r" % marker)
