"""Start `mailflow serve` for an interop test and stop it cleanly.

Generic for every protocol: it returns the parsed --endpoints JSON (DESIGN.md), and makes sure the server
is terminated whatever happens. Usage:

    with MailflowServe(sys.argv[1]) as serve:
        host, port = serve.address("a.example", "smtp")
        ...
        assert serve.stop() == 0
"""

import json
import os
import signal
import subprocess
import tempfile
import time


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def ok(result, what):
    """An imaplib result that must be OK: its data."""
    typ, data = result
    check(typ == "OK", "%s: %s %r" % (what, typ, data))
    return data


def wait_for(predicate, what, timeout=20.0):
    """Polls `predicate` until it is true: mail is routed after the 250, as a real MTA does."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.05)  # polling with a deadline, not synchronisation by sleeping


class ServeError(RuntimeError):
    pass


class MailflowServe:
    # `verbose`: --verbose, every event printed to the log (log() reads it); off for load tests.
    def __init__(self, binary, extra_args=(), start_timeout=60.0, env=None, verbose=True):
        self.binary = binary
        self.verbose = verbose
        self.extra_args = list(extra_args)
        self.start_timeout = start_timeout
        self.workdir = tempfile.TemporaryDirectory(prefix="mailflow-serve-")
        self.data_dir = os.environ.get("MAILFLOW_DATA_DIR") or os.path.join(self.workdir.name, "data")
        self.endpoints_path = os.path.join(self.workdir.name, "endpoints.json")
        self.log_path = os.path.join(self.workdir.name, "serve.log")
        self.env = dict(os.environ if env is None else env)
        self.env["MAILFLOW_DATA_DIR"] = self.data_dir
        self.env.setdefault("QT_QPA_PLATFORM", "offscreen")
        self.process = None
        self.endpoints = None
        self._log = None

    # The parsed endpoints JSON: {"ca": ..., "dns": ..., "domains": {...}, "users": [...]}.
    def start(self):
        self._log = open(self.log_path, "wb")
        args = [self.binary, "serve", "--ephemeral-ports", "--endpoints", self.endpoints_path]
        if self.verbose:
            args.append("--verbose")
        self.process = subprocess.Popen(args + self.extra_args, stdout=self._log, stderr=subprocess.STDOUT,
                                        env=self.env)
        deadline = time.monotonic() + self.start_timeout
        while not os.path.exists(self.endpoints_path):
            if self.process.poll() is not None:
                raise ServeError("mailflow serve exited with %s before listening:\n%s"
                                 % (self.process.returncode, self.log()))
            if time.monotonic() > deadline:
                self.kill()
                raise ServeError("mailflow serve did not write %s within %ss:\n%s"
                                 % (self.endpoints_path, self.start_timeout, self.log()))
            time.sleep(0.05)  # polling with a deadline, not synchronisation by sleeping
        with open(self.endpoints_path) as f:
            self.endpoints = json.load(f)
        return self.endpoints

    def address(self, domain, service):
        host, port = self.endpoints["domains"][domain][service].rsplit(":", 1)
        return host, int(port)

    @property
    def ca(self):
        return self.endpoints["ca"]

    def user(self, address):
        return next(u for u in self.endpoints["users"] if u["address"] == address)

    # Sends SIGTERM and returns the exit status.
    def stop(self, timeout=30.0):
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise ServeError("mailflow serve did not stop within %ss after SIGTERM:\n%s" % (timeout, self.log()))

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.kill()
        if self._log:
            self._log.close()
        self.workdir.cleanup()
        return False


class Steps:
    """Runs named steps, printing which client/step failed, and gives the exit status at the end."""

    def __init__(self, suite):
        self.suite = suite
        self.failures = []

    def run(self, name, fn):
        try:
            fn()
            print("ok   %s: %s" % (self.suite, name), flush=True)
        except Exception as e:  # report every failing step, then go on
            self.failures.append(name)
            print("FAIL %s: %s: %r" % (self.suite, name, e), flush=True)

    def finish(self, serve=None):
        if serve is not None:
            code = serve.stop()
            if code != 0:
                self.failures.append("clean stop")
                print("FAIL %s: mailflow serve exit status %s after SIGTERM" % (self.suite, code), flush=True)
            else:
                print("ok   %s: mailflow serve stopped with status 0" % self.suite, flush=True)
            if self.failures:
                print("---- mailflow serve output ----\n" + serve.log()[-20000:], flush=True)
        if self.failures:
            print("%s: %d step(s) failed: %s" % (self.suite, len(self.failures), ", ".join(self.failures)))
            return 1
        print("%s: all steps passed" % self.suite)
        return 0
