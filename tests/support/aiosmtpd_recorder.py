#!/usr/bin/python3
"""A real SMTP server (Debian's aiosmtpd) for testing MailFlow's SMTP client.

Binds 127.0.0.1 on a free port, prints "PORT <n>" once it accepts connections, and appends one JSON
object per accepted message to --out: envelope, content (as received, dot-unstuffed), TLS and AUTH.
Recipients whose local part starts with "reject" get 550 5.1.1.
"""
import argparse
import asyncio
import json
import ssl
import logging

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# aiosmtpd itself sets the deprecated Session.login_data on every AUTH and logs a warning about it.
logging.getLogger("mail.log").setLevel(logging.ERROR)


class Recorder:
    def __init__(self, out):
        self.out = out

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].startswith("reject"):
            return "550 5.1.1 <%s>: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        record = {
            "from": envelope.mail_from,
            "rcpt": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "content": envelope.content.decode("latin-1"),
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
        }
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 2.0.0 Message accepted"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (port 465 style)")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--only-login", action="store_true", help="offer AUTH LOGIN but not PLAIN")
    args = p.parse_args()

    tls_context = None
    if args.cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        # handled=False: let aiosmtpd send 235/535 itself (its default, True, means we replied already).
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def factory():
        kwargs = dict(hostname="aiosmtpd.test", tls_context=None if args.implicit_tls else tls_context,
                      require_starttls=args.require_starttls)
        if args.user:
            kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)
            if args.only_login:
                kwargs.update(auth_exclude_mechanism=["PLAIN"])
        return SMTP(Recorder(args.out), **kwargs)

    async def serve():
        server = await asyncio.get_running_loop().create_server(
            factory, "127.0.0.1", 0, ssl=tls_context if args.implicit_tls else None)
        print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
