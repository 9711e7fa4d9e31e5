#include "Pop3Server.h"

#include "core/SessionConnection.h"
#include "core/SessionListener.h"

#include <QCoreApplication>
#include <QDateTime>

namespace mf {

Pop3Server::Pop3Server(MailboxStore &store, const CredentialChecker &credentials, Pop3ServerConfig config,
                       QObject *parent)
    : QObject(parent), m_store(store), m_credentials(credentials), m_config(std::move(config))
{
}

Pop3Server::~Pop3Server() = default;

void Pop3Server::setGate(IoGate *gate)
{
    m_gate = gate;
    for (SessionListener *l : {m_plain, m_implicit})
        if (l)
            l->setGate(gate);
}

SessionListener *Pop3Server::makeListener(const QSslConfiguration &tls, bool implicitTls)
{
    Pop3ServerConfig config = m_config;
    config.tlsAvailable = !implicitTls && !tls.localCertificate().isNull();
    auto factory = [this, config](const QHostAddress &, const QHostAddress &) -> std::unique_ptr<ProtocolSession> {
        // RFC 1939 §7: the APOP timestamp must differ for every greeting: process id, counter and clock.
        const QByteArray banner = '<' + QByteArray::number(QCoreApplication::applicationPid()) + '.'
            + QByteArray::number(++m_bannerCounter) + '.' + QByteArray::number(QDateTime::currentSecsSinceEpoch())
            + '@' + m_hostName + '>';
        return std::make_unique<Pop3ServerSession>(m_store, m_credentials, config, banner);
    };
    auto *listener = new SessionListener(factory, tls, implicitTls, this);
    listener->setGate(m_gate);
    const QString protocol = implicitTls ? QStringLiteral("pop3s") : QStringLiteral("pop3");
    connect(listener, &SessionListener::connectionOpened, this,
            [this, protocol](SessionConnection *connection) { attach(connection, protocol); });
    connect(listener, &SessionListener::handshakeFailed, this, &Pop3Server::handshakeFailed);
    return listener;
}

void Pop3Server::attach(SessionConnection *connection, const QString &protocol)
{
    const quint64 id = ++m_nextConnectionId;
    emit connectionOpened(id, protocol, connection->socket()->peerAddress());
    connect(connection, &SessionConnection::event, this,
            [this, id, protocol](const SessionEvent &e) { emit sessionEvent(id, protocol, e); });
    connect(connection, &SessionConnection::finished, this,
            [this, id, protocol] { emit connectionClosed(id, protocol); });
}

bool Pop3Server::listen(const QHostAddress &address, quint16 port, const QSslConfiguration &tls)
{
    delete m_plain;
    m_plain = makeListener(tls, false);
    if (!m_plain->listen(address, port)) {
        m_error = m_plain->errorString();
        return false;
    }
    return true;
}

bool Pop3Server::listenImplicitTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls)
{
    delete m_implicit;
    m_implicit = makeListener(tls, true);
    if (!m_implicit->listen(address, port)) {
        m_error = m_implicit->errorString();
        return false;
    }
    return true;
}

void Pop3Server::close()
{
    if (m_plain)
        m_plain->close();
    if (m_implicit)
        m_implicit->close();
}

quint16 Pop3Server::port() const
{
    return m_plain ? m_plain->port() : 0;
}

quint16 Pop3Server::implicitTlsPort() const
{
    return m_implicit ? m_implicit->port() : 0;
}

QHostAddress Pop3Server::address() const
{
    return m_plain ? m_plain->address() : m_implicit ? m_implicit->address() : QHostAddress();
}

int Pop3Server::openConnections() const
{
    return (m_plain ? m_plain->connectionCount() : 0) + (m_implicit ? m_implicit->connectionCount() : 0);
}

} // namespace mf
