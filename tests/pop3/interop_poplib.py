"""Python's poplib against MailFlow's POP3 server: plain, STLS and POP3S, deletion semantics, lock, errors."""
import poplib
import socket
import ssl
import sys

from pop3_support import BOB, MESSAGE1, MESSAGE2, PASSWORD, Pop3TestServer, wait_for

binary = sys.argv[1]


def lines_to_bytes(lines):
    return b"".join(line + b"\r\n" for line in lines)


def tls_context(server):
    return ssl.create_default_context(cafile=server.ca)


def check_maildrop(pop):
    count, size = pop.stat()
    assert count == 2 and size == len(MESSAGE1) + len(MESSAGE2), (count, size)
    resp, listing, _ = pop.list()
    assert listing == [b"1 %d" % len(MESSAGE1), b"2 %d" % len(MESSAGE2)], listing
    resp, lines, octets = pop.retr(1)
    assert resp == b"+OK %d octets" % len(MESSAGE1), resp
    assert lines_to_bytes(lines) == MESSAGE1, lines
    resp, lines, _ = pop.retr(2)
    assert lines_to_bytes(lines) == MESSAGE2
    resp, lines, _ = pop.top(1, 0)
    assert lines_to_bytes(lines) == MESSAGE1.split(b"\r\n\r\n")[0] + b"\r\n\r\n", lines
    resp, lines, _ = pop.top(1, 99999999)
    assert lines_to_bytes(lines) == MESSAGE1
    resp, uidls, _ = pop.uidl()
    assert len(uidls) == 2 and all(len(u.split()[1]) <= 70 for u in uidls), uidls
    return uidls


with Pop3TestServer(binary) as server:
    # Plain USER/PASS.
    pop = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
    assert pop.getwelcome().startswith(b"+OK localhost MailFlow POP3 server ready"), pop.getwelcome()  # its host name
    caps = pop.capa()
    for cap in ("TOP", "UIDL", "USER", "SASL", "RESP-CODES", "PIPELINING", "STLS", "IMPLEMENTATION"):
        assert cap in caps, (cap, caps)
    assert caps["SASL"] == ["PLAIN"] and caps["IMPLEMENTATION"] == ["MailFlow"], caps
    pop.user("bob")
    pop.pass_(PASSWORD)
    uidls = check_maildrop(pop)
    assert pop.noop().startswith(b"+OK")
    try:
        pop.retr(3)
        raise AssertionError("RETR 3 should fail")
    except poplib.error_proto as e:
        assert e.args[0] == b"-ERR No such message", e
    pop.quit()

    # STLS: the capabilities change after TLS, and the UIDLs are the same in a second session.
    pop = poplib.POP3("localhost", server.pop3_port, timeout=20)
    pop.stls(context=tls_context(server))
    assert "STLS" not in pop.capa()
    try:
        pop._shortcmd("STLS")
        raise AssertionError("STLS twice should fail")
    except poplib.error_proto as e:
        assert e.args[0] == b"-ERR Already using TLS", e
    pop.user(BOB)
    pop.pass_(PASSWORD)
    assert check_maildrop(pop) == uidls
    pop.quit()

    # POP3S with the CA, and a second login while the maildrop is locked.
    pop = poplib.POP3_SSL("localhost", server.pop3s_port, context=tls_context(server), timeout=20)
    pop.user("bob")
    pop.pass_(PASSWORD)
    assert check_maildrop(pop) == uidls
    other = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
    other.user("bob")
    try:
        other.pass_(PASSWORD)
        raise AssertionError("second login should be refused")
    except poplib.error_proto as e:
        assert e.args[0].startswith(b"-ERR [IN-USE]"), e
    other.quit()

    # DELE, then the connection drops before QUIT: nothing is deleted (RFC 1939 §6).
    pop.dele(1)
    assert pop.stat()[0] == 1
    assert pop.list()[1] == [b"2 %d" % len(MESSAGE2)]
    try:
        pop.dele(1)
        raise AssertionError("DELE twice should fail")
    except poplib.error_proto as e:
        assert e.args[0] == b"-ERR Message 1 already deleted", e
    pop.sock.close()
    pop.file.close()

    def login_again():
        try:
            p = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
            p.user("bob")
            p.pass_(PASSWORD)
            return p
        except poplib.error_proto as e:
            assert b"[IN-USE]" in e.args[0], e  # the server has not seen the drop yet
            return None

    pop = wait_for(login_again, what="the lock of the dropped session to be released")
    assert pop.stat()[0] == 2, "a dropped connection must not delete"
    # With QUIT the deletion happens, and the remaining UIDL is unchanged.
    pop.dele(1)
    assert pop.quit().startswith(b"+OK")
    pop = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
    pop.user("bob")
    pop.pass_(PASSWORD)
    assert pop.stat() == (1, len(MESSAGE2))
    assert pop.uidl()[1] == [b"1 " + uidls[1].split()[1]]
    pop.quit()

    # A wrong password is answered with [AUTH] (after the delay), and the session goes on.
    pop = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
    pop.user("bob")
    try:
        pop.pass_("wrong")
        raise AssertionError("wrong password accepted")
    except poplib.error_proto as e:
        assert e.args[0].startswith(b"-ERR [AUTH]"), e
    pop.user("bob")
    pop.pass_(PASSWORD)
    pop.quit()

    # PIPELINING: a burst of commands in one write, answered in order (as mpop sends them).
    with socket.create_connection(("127.0.0.1", server.pop3_port), timeout=20) as s:
        f = s.makefile("rb")
        assert f.readline().startswith(b"+OK")
        s.sendall(b"USER bob\r\nPASS wrong\r\nUSER bob\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL 1\r\nNOOP\r\nQUIT\r\n")
        expect = [b"+OK Send PASS", b"-ERR [AUTH]", b"+OK Send PASS", b"+OK bob@b.example has 1 messages",
                  b"+OK 1 %d" % len(MESSAGE2), b"+OK 1 messages", b"1 %d" % len(MESSAGE2), b".", b"+OK 1 ",
                  b"+OK", b"+OK MailFlow POP3 server signing off"]
        for prefix in expect:
            line = f.readline()
            assert line.startswith(prefix), (prefix, line)

# A server that requires TLS for passwords: refused in plain, accepted after STLS.
with Pop3TestServer(binary, require_tls=True) as server:
    pop = poplib.POP3("localhost", server.pop3_port, timeout=20)
    caps = pop.capa()
    assert "USER" not in caps and "SASL" not in caps and "STLS" in caps, caps
    try:
        pop.user("bob")
        raise AssertionError("USER before TLS should be refused")
    except poplib.error_proto as e:
        assert e.args[0].startswith(b"-ERR [AUTH]") and b"TLS required" in e.args[0], e
    pop.stls(context=tls_context(server))
    pop.user("bob")
    pop.pass_(PASSWORD)
    assert pop.stat()[0] == 2
    pop.quit()

print("poplib interop: all checks passed")
