#include "AccessServer.h"

#include "SessionConnection.h"
#include "SessionListener.h"
#include "WireCapture.h"

namespace mf {

AccessServer::AccessServer(QString plainName, QString tlsName, QObject *parent)
    : QObject(parent), m_plainName(std::move(plainName)), m_tlsName(std::move(tlsName))
{
}

AccessServer::~AccessServer() = default;

void AccessServer::setGate(IoGate *gate)
{
    m_gate = gate;
    for (SessionListener *l : {m_plain, m_implicit})
        if (l)
            l->setGate(gate);
}

bool AccessServer::listen(const QHostAddress &address, quint16 port, const QSslConfiguration &tls)
{
    return listenOn(m_plain, address, port, tls, false);
}

bool AccessServer::listenImplicitTls(const QHostAddress &address, quint16 port, const QSslConfiguration &tls)
{
    return listenOn(m_implicit, address, port, tls, true);
}

bool AccessServer::listenOn(SessionListener *&listener, const QHostAddress &address, quint16 port,
                            const QSslConfiguration &tls, bool implicitTls)
{
    delete listener;
    const bool tlsAvailable = !implicitTls && !tls.localCertificate().isNull();
    auto factory = [this, tlsAvailable](const QHostAddress &, const QHostAddress &) { return createSession(tlsAvailable); };
    listener = new SessionListener(factory, tls, implicitTls, this);
    listener->setGate(m_gate);
    listener->setWireTap(m_wireTap);
    listener->setConnectionLimiter(m_limiter);
    const QString protocol = implicitTls ? m_tlsName : m_plainName;
    listener->setCapture(m_capture, protocol);
    connect(listener, &SessionListener::connectionOpened, this,
            [this, protocol, listener](SessionConnection *connection) { attach(connection, protocol, listener); });
    connect(listener, &SessionListener::handshakeFailed, this, &AccessServer::handshakeFailed);
    connect(listener, &SessionListener::connectionRefused, this, &AccessServer::connectionRefused);
    connect(listener, &SessionListener::acceptFailed, this, &AccessServer::acceptFailed);
    if (!listener->listen(address, port)) {
        m_error = listener->errorString();
        return false;
    }
    return true;
}

void AccessServer::attach(SessionConnection *connection, const QString &protocol, const SessionListener *listener)
{
    const quint64 id = ++m_nextConnectionId;
    m_connections.append(connection);
    emit connectionOpened(id, protocol, connection->socket()->peerAddress(), connection->socket()->peerPort(),
                          listener->address(), listener->port());
    connect(connection, &SessionConnection::event, this,
            [this, id, protocol](const SessionEvent &e) { emit sessionEvent(id, protocol, e); });
    connect(connection, &SessionConnection::finished, this, [this, id, protocol, connection] {
        m_connections.removeAll(connection);
        emit connectionClosed(id, protocol);
    });
}

QList<QPointer<SessionConnection>> AccessServer::openConnectionList() const
{
    QList<QPointer<SessionConnection>> open;
    for (const auto &c : m_connections)
        if (c)
            open << c;
    return open;
}

void AccessServer::close()
{
    if (m_plain)
        m_plain->close();
    if (m_implicit)
        m_implicit->close();
}

quint16 AccessServer::port() const
{
    return m_plain ? m_plain->port() : 0;
}

quint16 AccessServer::implicitTlsPort() const
{
    return m_implicit ? m_implicit->port() : 0;
}

QHostAddress AccessServer::address() const
{
    return m_plain ? m_plain->address() : m_implicit ? m_implicit->address() : QHostAddress();
}

int AccessServer::openConnections() const
{
    return (m_plain ? m_plain->connectionCount() : 0) + (m_implicit ? m_implicit->connectionCount() : 0);
}

} // namespace mf
