"""Issue #15 items 7 and 8 through Python's poplib, a client nobody here wrote: past the connection limit
(POP3 and POP3S counted together) the greeting is -ERR [SYS/TEMP] (RFC 3206 §4), which poplib raises as
error_proto; a client that leaves makes room again; and the autologout timer counts complete lines, so a
client dribbling bytes is closed while a poplib client sending whole NOOPs (RFC 1939 §5, after login) is not."""
import poplib
import socket
import ssl
import sys
import time

from pop3_support import BOB, PASSWORD, Pop3TestServer, wait_for

binary = sys.argv[1]
REFUSAL = b"-ERR [SYS/TEMP] Too many connections"

with Pop3TestServer(binary, extra_args=["--max-connections", "2", "--max-connections-per-address", "0"]) as server:
    context = ssl.create_default_context(cafile=server.ca)
    first = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
    assert first.getwelcome().startswith(b"+OK"), first.getwelcome()
    second = poplib.POP3_SSL("localhost", server.pop3s_port, timeout=20, context=context)
    assert second.getwelcome().startswith(b"+OK"), second.getwelcome()
    # At the limit, on either port: refused with the RFC 3206 response code, then closed.
    for connect in (lambda: poplib.POP3("127.0.0.1", server.pop3_port, timeout=20),
                    lambda: poplib.POP3_SSL("localhost", server.pop3s_port, timeout=20, context=context)):
        try:
            connect()
            raise AssertionError("a third connection was greeted")
        except poplib.error_proto as e:
            assert e.args[0] == REFUSAL, e.args
    # The admitted sessions go on.
    first.user(BOB)
    first.pass_(PASSWORD)
    assert first.stat()[0] == 2
    assert "USER" in second.capa()
    first.quit()

    # Room again: the next client is greeted (the server notices the QUIT at once, retry briefly).
    def greeted():
        try:
            client = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
        except poplib.error_proto:
            return None
        return client
    third = wait_for(greeted, what="a greeting after a client left")
    third.quit()
    second.quit()

with Pop3TestServer(binary, extra_args=["--idle-timeout-ms", "400"]) as server:
    talker = poplib.POP3("127.0.0.1", server.pop3_port, timeout=20)
    talker.user(BOB)
    talker.pass_(PASSWORD)
    dribbler = socket.create_connection(("127.0.0.1", server.pop3_port), timeout=20)
    assert dribbler.recv(512).startswith(b"+OK")
    start = time.monotonic()
    closed_after = None
    while time.monotonic() - start < 3.0:
        if closed_after is None:
            try:
                dribbler.sendall(b"N")
                dribbler.settimeout(0.001)
                if dribbler.recv(512) == b"":
                    closed_after = time.monotonic() - start
            except socket.timeout:
                pass
            except OSError:
                closed_after = time.monotonic() - start
            dribbler.settimeout(20)
        assert talker.noop().startswith(b"+OK")
        time.sleep(0.05)
    assert closed_after is not None, "the dribbling client was never closed"
    assert 0.35 <= closed_after <= 2.5, closed_after
    assert talker.quit().startswith(b"+OK")

print("ok")
