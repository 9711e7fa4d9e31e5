#pragma once

#include "ImapServerSession.h"
#include "core/IoGate.h"
#include "core/SessionEvent.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

namespace mf {

class SessionListener;
class SessionConnection;

// Serves IMAP (plain with STARTTLS, port 143 in real life) and IMAPS (implicit TLS, 993) from a
// MailboxStore. Each connection runs an ImapServerSession; their events are re-emitted with a connection id
// and the protocol name ("imap" or "imaps"). The store's change signals are passed to every open session
// (so IDLE pushes and the next command report other sessions' changes), and their connections pumped.
class ImapServer : public QObject
{
    Q_OBJECT
public:
    ImapServer(MailboxStore &store, const CredentialChecker &credentials, ImapServerConfig config = {},
               QObject *parent = nullptr);
    ~ImapServer() override;

    // STARTTLS is offered when `tls` holds a certificate.
    bool listen(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);
    bool listenImplicitTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls);
    void close();

    quint16 port() const;
    quint16 implicitTlsPort() const;
    QHostAddress address() const;
    QString errorString() const { return m_error; }
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
    void onMailboxChanged(const QString &account, const QString &mailbox);

    MailboxStore &m_store;
    const CredentialChecker &m_credentials;
    ImapServerConfig m_config;
    SessionListener *m_plain = nullptr;
    SessionListener *m_implicit = nullptr;
    QList<QPointer<SessionConnection>> m_connections;
    QString m_error;
    QPointer<IoGate> m_gate;
    quint64 m_nextConnectionId = 0;
};

} // namespace mf
