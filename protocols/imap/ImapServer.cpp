#include "ImapServer.h"

#include "core/SessionConnection.h"
#include "core/SessionListener.h"

namespace mf {

ImapServer::ImapServer(MailboxStore &store, const CredentialChecker &credentials, ImapServerConfig config,
                       QObject *parent)
    : QObject(parent), m_store(store), m_credentials(credentials), m_config(std::move(config))
{
    // Queued: the change is handled after the writing session's own command has finished, so a session
    // never sees its own write reported twice in the middle of a response.
    connect(&m_store, &MailboxStore::mailboxChanged, this, &ImapServer::onMailboxChanged, Qt::QueuedConnection);
}

ImapServer::~ImapServer() = default;

void ImapServer::setGate(IoGate *gate)
{
    m_gate = gate;
    for (SessionListener *l : {m_plain, m_implicit})
        if (l)
            l->setGate(gate);
}

SessionListener *ImapServer::makeListener(const QSslConfiguration &tls, bool implicitTls)
{
    ImapServerConfig config = m_config;
    config.tlsAvailable = !implicitTls && !tls.localCertificate().isNull();
    auto factory = [this, config](const QHostAddress &, const QHostAddress &) -> std::unique_ptr<ProtocolSession> {
        return std::make_unique<ImapServerSession>(&m_store, &m_credentials, config);
    };
    auto *listener = new SessionListener(factory, tls, implicitTls, this);
    listener->setGate(m_gate);
    const QString protocol = implicitTls ? QStringLiteral("imaps") : QStringLiteral("imap");
    connect(listener, &SessionListener::connectionOpened, this,
            [this, protocol](SessionConnection *connection) { attach(connection, protocol); });
    connect(listener, &SessionListener::handshakeFailed, this, &ImapServer::handshakeFailed);
    return listener;
}

void ImapServer::attach(SessionConnection *connection, const QString &protocol)
{
    const quint64 id = ++m_nextConnectionId;
    m_connections.append(connection);
    emit connectionOpened(id, protocol, connection->socket()->peerAddress());
    connect(connection, &SessionConnection::event, this,
            [this, id, protocol](const SessionEvent &e) { emit sessionEvent(id, protocol, e); });
    connect(connection, &SessionConnection::finished, this, [this, id, protocol, connection] {
        m_connections.removeAll(connection);
        emit connectionClosed(id, protocol);
    });
}

void ImapServer::onMailboxChanged(const QString &account, const QString &mailbox)
{
    m_connections.removeAll(nullptr);
    for (const QPointer<SessionConnection> &connection : std::as_const(m_connections)) {
        if (!connection || connection->isFinished())
            continue;
        auto *session = static_cast<ImapServerSession *>(connection->session());
        session->mailboxChanged(account, mailbox);
        if (session->hasOutgoing())
            connection->pump();
    }
}

bool ImapServer::listen(const QHostAddress &address, quint16 port, const QSslConfiguration &tls)
{
    delete m_plain;
    m_plain = makeListener(tls, false);
    if (!m_plain->listen(address, port)) {
        m_error = m_plain->errorString();
        return false;
    }
    return true;
}

bool ImapServer::listenImplicitTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls)
{
    delete m_implicit;
    m_implicit = makeListener(tls, true);
    if (!m_implicit->listen(address, port)) {
        m_error = m_implicit->errorString();
        return false;
    }
    return true;
}

void ImapServer::close()
{
    if (m_plain)
        m_plain->close();
    if (m_implicit)
        m_implicit->close();
}

quint16 ImapServer::port() const
{
    return m_plain ? m_plain->port() : 0;
}

quint16 ImapServer::implicitTlsPort() const
{
    return m_implicit ? m_implicit->port() : 0;
}

QHostAddress ImapServer::address() const
{
    return m_plain ? m_plain->address() : m_implicit ? m_implicit->address() : QHostAddress();
}

int ImapServer::openConnections() const
{
    return (m_plain ? m_plain->connectionCount() : 0) + (m_implicit ? m_implicit->connectionCount() : 0);
}

} // namespace mf
