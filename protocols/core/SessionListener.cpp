#include "SessionListener.h"

#include "WireTap.h"

#include <QNetworkProxy>
#include <QSslServer>
#include <QSslSocket>

namespace mf {

namespace {

// A QTcpServer whose accepted sockets are QSslSockets in unencrypted mode, so a session can upgrade
// them later with STARTTLS (SMTP), STLS (POP3) or STARTTLS (IMAP).
class UpgradableTcpServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        if (socket->setSocketDescriptor(descriptor))
            addPendingConnection(socket);
        else
            delete socket;
    }
};

} // namespace

SessionListener::SessionListener(SessionFactory factory, const QSslConfiguration &tls, bool implicitTls,
                                 QObject *parent)
    : QObject(parent), m_factory(std::move(factory)), m_tls(tls), m_implicitTls(implicitTls)
{
    if (implicitTls) {
        auto *server = new QSslServer(this);
        server->setSslConfiguration(tls);
        server->setHandshakeTimeout(30000);
        connect(server, &QSslServer::errorOccurred, this, [this](QSslSocket *socket, QAbstractSocket::SocketError) {
            emit handshakeFailed(socket->peerAddress(), socket->errorString());
        });
        connect(server, &QSslServer::handshakeInterruptedOnError, this,
                [this](QSslSocket *socket, const QSslError &error) {
                    emit handshakeFailed(socket->peerAddress(), error.errorString());
                });
        m_server = server;
    } else {
        m_server = new UpgradableTcpServer(this);
    }
    // Mail servers accept directly: a system proxy configuration (libproxy) has nothing to say here.
    m_server->setProxy(QNetworkProxy::NoProxy);
    m_server->setMaxPendingConnections(1024);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &SessionListener::acceptPending);
}

SessionListener::~SessionListener() = default;

bool SessionListener::listen(const QHostAddress &address, quint16 port)
{
    m_server->setListenBacklogSize(1024);
    if (!m_wireTap)
        return m_server->listen(address, port);
    // The sessions' own port is private; clients connect to the tap's.
    const bool any = address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
    if (!m_server->listen(any ? QHostAddress(QHostAddress::LocalHost) : address, 0))
        return false;
    if (!m_public) {
        m_public = new QTcpServer(this);
        m_public->setProxy(QNetworkProxy::NoProxy);
        m_public->setMaxPendingConnections(1024);
        connect(m_public, &QTcpServer::pendingConnectionAvailable, this, &SessionListener::acceptTapped);
    }
    m_public->setListenBacklogSize(1024);
    if (!m_public->listen(address, port)) {
        m_server->close();
        return false;
    }
    return true;
}

void SessionListener::close()
{
    if (m_public)
        m_public->close();
    m_server->close();
}

QHostAddress SessionListener::address() const
{
    return m_public ? m_public->serverAddress() : m_server->serverAddress();
}

quint16 SessionListener::port() const
{
    return m_public ? m_public->serverPort() : m_server->serverPort();
}

QString SessionListener::errorString() const
{
    if (m_public && m_public->serverError() != QAbstractSocket::UnknownSocketError)
        return m_public->errorString();
    return m_server->errorString();
}

void SessionListener::acceptTapped()
{
    while (m_public->hasPendingConnections()) {
        QTcpSocket *outside = m_public->nextPendingConnection();
        auto *tap = new WireTap(outside, m_server->serverAddress(), m_server->serverPort(), this);
        if (const quint16 port = tap->innerPort())
            m_unpairedTaps.insert(port, tap);
        else
            connect(tap, &WireTap::innerPortKnown, this, [this, tap](quint16 port) {
                m_unpairedTaps.insert(port, tap);
                pairTap(port);
            });
        connect(tap, &WireTap::finished, this, [this, tap] {
            for (auto it = m_unpairedTaps.begin(); it != m_unpairedTaps.end();)
                it = (!*it || *it == tap) ? m_unpairedTaps.erase(it) : std::next(it);
        });
    }
}

void SessionListener::pairTap(quint16 innerPort)
{
    const QPointer<WireTap> tap = m_unpairedTaps.value(innerPort);
    const QPointer<SessionConnection> connection = m_unpairedConnections.value(innerPort);
    if (!tap || !connection)
        return;
    m_unpairedTaps.remove(innerPort);
    m_unpairedConnections.remove(innerPort);
    if (!connection->isFinished())
        m_tapOf.insert(connection, tap);
    tap->setSink([connection](Direction dir, const QByteArray &bytes) {
        if (connection)
            connection->reportWire(dir, bytes);
    });
}

void SessionListener::acceptPending()
{
    while (m_server->hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
        if (!socket)
            continue;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto session = m_factory(socket->peerAddress(), socket->localAddress());
        auto *connection = new SessionConnection(std::move(session), socket, this);
        ++m_open;
        connect(connection, &SessionConnection::finished, this, [this, connection] {
            --m_open;
            // A tapped connection lives until its tap has reported the last bytes (the goodbye reply
            // crosses the wire after the session is done).
            if (const QPointer<WireTap> tap = m_tapOf.take(connection); tap && !tap->isFinished())
                connect(tap, &WireTap::finished, connection, &QObject::deleteLater);
            else
                connection->deleteLater();
        });
        if (m_gate)
            connection->setGate(m_gate);
        emit connectionOpened(connection);
        if (m_wireTap) {
            const quint16 peerPort = socket->peerPort();
            m_unpairedConnections.insert(peerPort, connection);
            connect(connection, &SessionConnection::finished, this, [this, peerPort, connection] {
                if (m_unpairedConnections.value(peerPort) == connection)
                    m_unpairedConnections.remove(peerPort);
            });
            pairTap(peerPort);
        }
        connection->startServer(m_tls, m_implicitTls);
    }
}

} // namespace mf
