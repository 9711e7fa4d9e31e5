"""Every port of a world greets with the name of the host it belongs to (issue 16), and that name is real:
MailFlow's DNS gives it the port's address, and the certificate the port presents is valid for it.

One world with three kinds of domain: a.example with one MX, b.example with two (mx1, mx2 on addresses of
their own) and c.example with none (the implicit MX: the domain's own address). For every port the test
reads the greeting (and for SMTP the EHLO reply), checks the host name in it, asks the world's DNS server
(dig) for the name's A record, and then does TLS (implicit or STARTTLS/STLS) with Python's ssl module,
verifying the certificate against MailFlow's CA *for that name*."""

import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile

from mailflow_serve import MailflowServe, Steps

WORLD = {
    "version": 1,
    "title": {"en": "Greetings", "id": "Salam pembuka"},
    "world": {"domains": [
        {"name": "a.example", "address": "127.0.0.2", "mx": [{"host": "mx.a.example", "preference": 10}],
         "users": [{"address": "alice@a.example", "password": "alice-secret"}]},
        {"name": "b.example", "address": "127.0.0.3",
         "mx": [{"host": "mx1.b.example", "preference": 10, "address": "127.0.0.3"},
                {"host": "mx2.b.example", "preference": 20, "address": "127.0.0.13"}],
         "users": [{"address": "bob@b.example", "password": "bob-secret"}]},
        {"name": "c.example", "address": "127.0.0.4",
         "users": [{"address": "carol@c.example", "password": "carol-secret"}]},
    ]},
}


class Line:
    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def read(self):
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            assert chunk, "connection closed; so far %r" % self.buffer
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line.decode()

    def send(self, text):
        self.sock.sendall(text.encode() + b"\r\n")


def connect(address):
    host, port = address.rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=30)


def tls(sock, ctx, name):
    wrapped = ctx.wrap_socket(sock, server_hostname=name)  # verifies the certificate for `name`
    return Line(wrapped)


def smtp_greeting(conn, name):
    greeting = conn.read()
    assert greeting.startswith("220 %s " % name), greeting
    conn.send("EHLO greeter.example")
    lines = [conn.read()]
    while lines[-1].startswith("250-"):
        lines.append(conn.read())
    assert lines[0] in ("250-" + name, "250 " + name), lines
    return lines


def check_smtp(address, name, ctx, implicit):
    sock = connect(address)
    if implicit:
        smtp_greeting(tls(sock, ctx, name), name)
        return
    conn = Line(sock)
    assert "250-STARTTLS" in smtp_greeting(conn, name)
    conn.send("STARTTLS")
    assert conn.read().startswith("220 "), "no STARTTLS"
    # After STARTTLS the session starts over (RFC 3207 §4.2): EHLO again, same name.
    secure = tls(sock, ctx, name)
    secure.send("EHLO greeter.example")
    assert secure.read() in ("250-" + name, "250 " + name)


def check_pop3(address, name, ctx, implicit):
    sock = connect(address)
    conn = tls(sock, ctx, name) if implicit else Line(sock)
    greeting = conn.read()
    assert greeting.startswith("+OK %s " % name), greeting
    if not implicit:
        conn.send("STLS")
        assert conn.read().startswith("+OK"), "STLS refused"
        tls(sock, ctx, name).send("QUIT")


def check_imap(address, name, ctx, implicit):
    sock = connect(address)
    conn = tls(sock, ctx, name) if implicit else Line(sock)
    greeting = conn.read()
    assert greeting.startswith("* OK ") and (" %s " % name) in greeting, greeting
    if not implicit:
        conn.send("a STARTTLS")
        line = conn.read()
        while line.startswith("* "):
            line = conn.read()
        assert line.startswith("a OK"), line
        tls(sock, ctx, name).send("b LOGOUT")


def dig_a(serve, name):
    host, port = serve.endpoints["dns"].rsplit(":", 1)
    out = subprocess.run(["dig", "@" + host, "-p", port, name, "A", "+short", "+time=5", "+tries=2"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def main(binary):
    steps = Steps("serve greetings")
    with tempfile.TemporaryDirectory() as tmp:
        lesson = os.path.join(tmp, "greetings.json")
        with open(lesson, "w") as f:
            json.dump(WORLD, f)
        with MailflowServe(binary, extra_args=[lesson]) as serve:
            ctx = ssl.create_default_context(cafile=serve.ca)
            ports = []  # (service, address, expected name)
            for domain, services in serve.endpoints["domains"].items():
                for mx in services["mx"]:
                    ports.append(("smtp", mx["smtp"], mx["host"]))
                for service, prefix in (("submission", "smtp."), ("smtps", "smtp."), ("pop3", "pop."),
                                        ("pop3s", "pop."), ("imap", "imap."), ("imaps", "imap.")):
                    ports.append((service, services[service], prefix + domain))
            hosts = {name for _, _, name in ports}
            assert {"mx.a.example", "mx1.b.example", "mx2.b.example", "c.example", "smtp.c.example"} <= hosts, hosts
            assert len(ports) == 3 * 6 + 4, ports
            for service, address, name in ports:
                def check(service=service, address=address, name=name):
                    assert dig_a(serve, name) == [address.rsplit(":", 1)[0]], (name, dig_a(serve, name))
                    if service in ("smtp", "submission", "smtps"):
                        check_smtp(address, name, ctx, implicit=service == "smtps")
                    elif service.startswith("pop3"):
                        check_pop3(address, name, ctx, implicit=service == "pop3s")
                    else:
                        check_imap(address, name, ctx, implicit=service == "imaps")
                steps.run("%s %s greets as %s, which resolves to it and is in its certificate"
                          % (service, address, name), check)
            return steps.finish(serve)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
