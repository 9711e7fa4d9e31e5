#pragma once

#include "Pop3ServerSession.h"
#include "core/IoGate.h"
#include "core/SessionEvent.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

namespace mf {

class SessionListener;
class SessionConnection;

// Serves POP3 (plain with STLS, RFC 1939/2595) and POP3S (implicit TLS) from a MailboxStore. Each accepted
// connection runs a Pop3ServerSession; the session's events are re-emitted with a connection id and the
// protocol name ("pop3" or "pop3s").
class Pop3Server : public QObject
{
    Q_OBJECT
public:
    Pop3Server(MailboxStore &store, const CredentialChecker &credentials, Pop3ServerConfig config,
               QObject *parent = nullptr);
    ~Pop3Server() override;

    // The POP3 port (110 in real life). STLS is offered when `tls` holds a certificate.
    bool listen(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);
    // The POP3S port (995): TLS from the first byte.
    bool listenImplicitTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);
    void close();

    quint16 port() const;
    quint16 implicitTlsPort() const;
    QHostAddress address() const;
    QString errorString() const { return m_error; }
    // The host name shown in the APOP banner.
    void setHostName(const QByteArray &hostName) { m_hostName = hostName; }
    int openConnections() const;
    // Step-by-command: new connections hand their sessions one line at a time while `gate` is open.
    void setGate(IoGate *gate);

signals:
    void connectionOpened(quint64 connectionId, const QString &protocol, const QHostAddress &peer);
    void sessionEvent(quint64 connectionId, const QString &protocol, const mf::SessionEvent &event);
    void connectionClosed(quint64 connectionId, const QString &protocol);
    void handshakeFailed(const QHostAddress &peer, const QString &reason);

private:
    SessionListener *makeListener(const QSslConfiguration &tls, bool implicitTls);
    void attach(SessionConnection *connection, const QString &protocol);

    MailboxStore &m_store;
    const CredentialChecker &m_credentials;
    Pop3ServerConfig m_config;
    QByteArray m_hostName = "localhost";
    SessionListener *m_plain = nullptr;
    SessionListener *m_implicit = nullptr;
    QString m_error;
    QPointer<IoGate> m_gate;
    quint64 m_nextConnectionId = 0;
    quint64 m_bannerCounter = 0;
};

} // namespace mf
