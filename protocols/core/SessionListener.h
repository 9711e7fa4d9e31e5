#pragma once

#include "ConnectionLimits.h"
#include "ProtocolSession.h"
#include "SessionConnection.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTimer>
#include <functional>
#include <memory>

namespace mf {

// Accepts connections on one address and port and gives each a fresh session wrapped in a
// SessionConnection. Plain ports (which may upgrade with STARTTLS/STLS) accept QSslSockets in unencrypted
// mode; implicit-TLS ports (SMTPS 465, POP3S 995, IMAPS 993) use QSslServer, which handshakes first.
class SessionListener : public QObject
{
    Q_OBJECT
public:
    // Called for every accepted connection; `peer` is the TCP-derived client address.
    using SessionFactory = std::function<std::unique_ptr<ProtocolSession>(const QHostAddress &peer,
                                                                          const QHostAddress &local)>;

    SessionListener(SessionFactory factory, const QSslConfiguration &tls, bool implicitTls,
                    QObject *parent = nullptr);
    ~SessionListener() override;

    bool listen(const QHostAddress &address, quint16 port);
    void close();
    QHostAddress address() const;
    quint16 port() const;
    QString errorString() const;
    bool implicitTls() const { return m_implicitTls; }
    // How many connections are open now (refused ones still saying goodbye included).
    int connectionCount() const { return m_open; }
    // The limits on open connections, counted by `limiter`, which several listeners of one server may
    // share (POP3 and POP3S). Without a call, this listener counts alone with the default limits.
    void setConnectionLimiter(std::shared_ptr<ConnectionLimiter> limiter);
    const ConnectionLimiter &connectionLimiter() const { return *m_limiter; }
    // Whether the port accepts now; false while paused after an accept error (see ConnectionLimits).
    bool isAccepting() const { return !m_acceptPaused; }
    // Gates every connection accepted from now on (see SessionConnection::setGate).
    void setGate(IoGate *gate) { m_gate = gate; }
    // Call before listen(): clients then reach the sessions through a WireTap, and every connection
    // reports the bytes that crossed the wire as SessionEvent::Kind::Wire events (the eavesdropper view).
    // The sessions themselves listen on a second, private port of the same address.
    void setWireTap(bool on) { m_wireTap = on; }
    bool wireTap() const { return m_wireTap; }
    // Call before listen(): every connection is recorded in `capture` (for a packet capture), under the
    // protocol name `service`. Puts clients behind a WireTap too, even without setWireTap(true), but only
    // setWireTap(true) makes connections report Kind::Wire events.
    void setCapture(std::shared_ptr<class WireCapture> capture, const QString &service);

signals:
    void connectionOpened(mf::SessionConnection *connection);
    // A TLS handshake on an implicit-TLS port failed before any session existed.
    void handshakeFailed(const QHostAddress &peer, const QString &reason);
    // accept() failed (out of file descriptors, say): the port pauses and resumes by itself.
    void acceptFailed(const QString &reason);
    // The port accepts again after an accept error.
    void acceptResumed();
    // A connection past a limit was answered with the protocol's refusal.
    void connectionRefused(const QHostAddress &peer, const QString &reason);

private:
    void acceptPending();
    void acceptTapped();
    void pairTap(quint16 innerPort);
    void startAccepting(QTcpServer *server, QSocketNotifier *&notifier);
    void acceptReady(QTcpServer *server);
    void onAcceptError(QTcpServer *server, QAbstractSocket::SocketError error);
    void resumeAccepting();

    SessionFactory m_factory;
    QSslConfiguration m_tls;
    bool m_implicitTls;
    QTcpServer *m_server = nullptr;
    QPointer<IoGate> m_gate;
    int m_open = 0;
    std::shared_ptr<ConnectionLimiter> m_limiter = std::make_shared<ConnectionLimiter>();
    QTimer m_acceptRetry; // resumes accepting after an accept error
    QSocketNotifier *m_acceptNotifier = nullptr; // our accept loop on m_server's descriptor
    QSocketNotifier *m_publicNotifier = nullptr; // ... and on m_public's
    bool m_acceptPaused = false;
    bool m_wireTap = false;
    std::shared_ptr<class WireCapture> m_capture;
    QString m_service;
    QTcpServer *m_public = nullptr; // with a wire tap: the port clients connect to
    // Taps and tapped connections waiting for their partner, by the port of the tap's inner connection.
    QHash<quint16, QPointer<class WireTap>> m_unpairedTaps;
    QHash<quint16, QPointer<SessionConnection>> m_unpairedConnections;
    QHash<SessionConnection *, QPointer<class WireTap>> m_tapOf; // open tapped connections
};

} // namespace mf
