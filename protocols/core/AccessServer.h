#pragma once

#include "ConnectionLimits.h"
#include "IoGate.h"
#include "ProtocolSession.h"
#include "SessionEvent.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <memory>

namespace mf {

class SessionConnection;
class SessionListener;

// What a mail access server (POP3, IMAP) has in common: a plain port that may upgrade with STLS/STARTTLS
// and an implicit-TLS port, one session per accepted connection, every session's events re-emitted with a
// connection id and the port's protocol name, and the step-by-command gate.
class AccessServer : public QObject
{
    Q_OBJECT
public:
    ~AccessServer() override;

    // The plain port (110/143 in real life); STLS/STARTTLS is offered when `tls` holds a certificate.
    bool listen(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);
    // The implicit-TLS port (995/993): TLS from the first byte.
    bool listenImplicitTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);
    void close();
    quint16 port() const;
    quint16 implicitTlsPort() const;
    QHostAddress address() const;
    QString errorString() const { return m_error; }
    int openConnections() const;
    // Step-by-command: new connections hand their sessions one line at a time while `gate` is open.
    void setGate(IoGate *gate);
    // Before listen(): clients pass through a WireTap and sessionEvent() also carries Kind::Wire events.
    void setWireTap(bool on) { m_wireTap = on; }
    // Before listen(): every connection on both ports is recorded in `capture` for a packet capture.
    void setCapture(std::shared_ptr<class WireCapture> capture) { m_capture = std::move(capture); }
    // The limits on open connections, counted over both ports together.
    void setConnectionLimits(const ConnectionLimits &limits) { m_limiter->setLimits(limits); }
    const ConnectionLimiter &connectionLimiter() const { return *m_limiter; }

signals:
    // A client connected: its address and port as this server's socket sees them (behind a wire tap the
    // address is the client's, the port the tap's), and the address and port it connected to.
    void connectionOpened(quint64 connectionId, const QString &protocol, const QHostAddress &peer, quint16 peerPort,
                          const QHostAddress &server, quint16 serverPort);
    void sessionEvent(quint64 connectionId, const QString &protocol, const mf::SessionEvent &event);
    void connectionClosed(quint64 connectionId, const QString &protocol);
    void handshakeFailed(const QHostAddress &peer, const QString &reason);
    // A connection past a limit got the protocol's refusal; accept() failed and the port paused.
    void connectionRefused(const QHostAddress &peer, const QString &reason);
    void acceptFailed(const QString &reason);

protected:
    // `plainName`/`tlsName`: the protocol names of the two ports ("pop3"/"pop3s").
    AccessServer(QString plainName, QString tlsName, QObject *parent);
    // A new session; `tlsAvailable` is whether STLS/STARTTLS can be offered on this connection.
    virtual std::unique_ptr<ProtocolSession> createSession(bool tlsAvailable) = 0;
    // The connections open now (IMAP tells them about other sessions' changes).
    QList<QPointer<SessionConnection>> openConnectionList() const;

private:
    bool listenOn(SessionListener *&listener, const QHostAddress &address, quint16 port,
                  const QSslConfiguration &tls, bool implicitTls);
    void attach(SessionConnection *connection, const QString &protocol, const SessionListener *listener);

    QString m_plainName;
    QString m_tlsName;
    SessionListener *m_plain = nullptr;
    SessionListener *m_implicit = nullptr;
    QList<QPointer<SessionConnection>> m_connections;
    QPointer<IoGate> m_gate;
    QString m_error;
    quint64 m_nextConnectionId = 0;
    bool m_wireTap = false;
    std::shared_ptr<class WireCapture> m_capture;
    std::shared_ptr<ConnectionLimiter> m_limiter = std::make_shared<ConnectionLimiter>();
};

} // namespace mf
