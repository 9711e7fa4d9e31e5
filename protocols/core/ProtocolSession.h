#pragma once

#include "SessionEvent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <vector>

namespace mf {

// Base of every sans-I/O protocol session (SMTP, POP3, IMAP; server and client side). A session never
// touches a socket, a timer or the clock: bytes go in through feed(), and out come the bytes to send
// (takeOutgoing) and the events (takeEvents). A socket adapter (SessionConnection) or a test drives it.
class ProtocolSession
{
public:
    enum class Role : quint8 { Server, Client };

    explicit ProtocolSession(Role role) : m_role(role) {}
    virtual ~ProtocolSession() = default;
    ProtocolSession(const ProtocolSession &) = delete;
    ProtocolSession &operator=(const ProtocolSession &) = delete;

    // Server sessions send their greeting here; client sessions usually wait for the server's.
    virtual void start() {}
    // Server sessions, instead of start(): the server is full (ConnectionLimits). Send the protocol's own
    // "too many connections" answer in place of the greeting and ask to close.
    virtual void refuse() { requestClose(); }
    virtual void feed(QByteArrayView bytes) = 0;
    // The adapter finished the TLS handshake the session asked for (or the connection is implicit TLS,
    // in which case this is called before start()).
    virtual void tlsEstablished() { m_tls = true; }
    // The peer went away without the protocol's goodbye.
    virtual void connectionLost() {}
    // The time given by pendingTimeoutMs() ran out with no input.
    virtual void timeout() {}
    // How long (ms) the session is willing to wait for the peer now; 0 means no limit. On a server the
    // adapter restarts this timer only when inputProgress() grows (or the value changes), never for a byte.
    virtual int pendingTimeoutMs() const { return 0; }
    // How many complete units of input (a line; an IMAP literal) the session has taken so far. Idle
    // timeouts count these, not bytes, so a client dribbling one byte at a time is still cut off.
    quint64 inputProgress() const { return m_inputProgress; }

    QByteArray takeOutgoing();
    std::vector<SessionEvent> takeEvents();
    bool hasOutgoing() const { return !m_outgoing.isEmpty(); }

    Role role() const { return m_role; }
    bool isTls() const { return m_tls; }
    bool isClosing() const { return m_closing; }
    // Marks the connection as TLS from the first byte (implicit TLS ports: SMTPS, POP3S, IMAPS).
    void setImplicitTls() { m_tls = true; }

protected:
    Direction ownDirection() const { return m_role == Role::Server ? Direction::Server : Direction::Client; }
    Direction peerDirection() const { return m_role == Role::Server ? Direction::Client : Direction::Server; }

    // Queues one line plus CRLF and records it in the transcript.
    void sendLine(QByteArrayView line);
    // Queues bytes that are not recorded line by line (e.g. a message body recorded by the caller).
    void sendRaw(QByteArrayView bytes);
    // Records a line received from the peer.
    void recordReceived(QByteArrayView line);
    // Records a line we sent whose bytes were queued with sendRaw.
    void recordSent(QByteArrayView line);
    void requestTls();
    void requestClose();
    void notice(QByteArrayView text);
    void error(QByteArrayView text);
    // A complete line (or literal) arrived: the peer is not idle (see inputProgress()).
    void countInput() { ++m_inputProgress; }

private:
    void addEvent(SessionEvent::Kind kind, Direction dir, QByteArrayView text);

    Role m_role;
    bool m_tls = false;
    bool m_closing = false;
    quint64 m_inputProgress = 0;
    QByteArray m_outgoing;
    std::vector<SessionEvent> m_events;
};

} // namespace mf
