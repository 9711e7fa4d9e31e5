#include "SessionListener.h"

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
    m_server->setMaxPendingConnections(1024);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &SessionListener::acceptPending);
}

SessionListener::~SessionListener() = default;

bool SessionListener::listen(const QHostAddress &address, quint16 port)
{
    m_server->setListenBacklogSize(1024);
    return m_server->listen(address, port);
}

void SessionListener::close()
{
    m_server->close();
}

QHostAddress SessionListener::address() const
{
    return m_server->serverAddress();
}

quint16 SessionListener::port() const
{
    return m_server->serverPort();
}

QString SessionListener::errorString() const
{
    return m_server->errorString();
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
            connection->deleteLater();
        });
        if (m_gate)
            connection->setGate(m_gate);
        emit connectionOpened(connection);
        connection->startServer(m_tls, m_implicitTls);
    }
}

} // namespace mf
