"""Starts mailflow-pop3-testserver for the POP3 interop tests and stops it again."""
import json
import os
import subprocess
import sys
import tempfile
import time

BOB = "bob@b.example"
PASSWORD = "secret"

# A message with the lines POP3 must get right: one starting with ".", one that is only ".", 8-bit text.
MESSAGE1 = (b"From: alice@a.example\r\nTo: bob@b.example\r\nSubject: first\r\n"
            b"Message-ID: <1@a.example>\r\n\r\nHello Bob.\r\n.a line that starts with a dot\r\n"
            b"..two dots\r\n.\r\nSelamat pagi \xe2\x98\x80\r\nend\r\n")
MESSAGE2 = b"From: carol@a.example\r\nSubject: second\r\n\r\nshort\r\n"


def wait_for(predicate, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Pop3TestServer:
    def __init__(self, binary, messages=(MESSAGE1, MESSAGE2), require_tls=False, users=((BOB, PASSWORD),),
                 extra_args=()):
        self.binary = binary
        self.extra_args = list(extra_args)
        self.messages = messages
        self.require_tls = require_tls
        self.users = users
        self.tmp = tempfile.TemporaryDirectory()
        self.process = None

    def __enter__(self):
        endpoints = os.path.join(self.tmp.name, "endpoints.json")
        args = [self.binary, "--data", os.path.join(self.tmp.name, "data"), "--endpoints", endpoints]
        for user, password in self.users:
            args += ["--user", f"{user}:{password}"]
        for i, message in enumerate(self.messages):
            path = os.path.join(self.tmp.name, f"m{i}.eml")
            with open(path, "wb") as f:
                f.write(message)
            args += ["--deliver", f"{BOB}:{path}"]
        if self.require_tls:
            args.append("--require-tls")
        args += self.extra_args
        self.log = open(os.path.join(self.tmp.name, "server.log"), "wb")
        self.process = subprocess.Popen(args, stderr=self.log)
        wait_for(lambda: os.path.exists(endpoints) or self.process.poll() is not None, what="endpoints file")
        if self.process.poll() is not None:
            raise AssertionError("server exited: " + self.server_log())
        with open(endpoints) as f:
            self.endpoints = json.load(f)
        self.ca = self.endpoints["ca"]
        self.pop3_port = int(self.endpoints["pop3"].rsplit(":", 1)[1])
        self.pop3s_port = int(self.endpoints["pop3s"].rsplit(":", 1)[1])
        return self

    def server_log(self):
        self.log.flush()
        with open(os.path.join(self.tmp.name, "server.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        if exc[0] is not None:
            sys.stderr.write("--- server transcript ---\n" + self.server_log())
        self.log.close()
        self.tmp.cleanup()
        return False
