#include "SessionListener.h"

#include "WireCapture.h"
#include "WireTap.h"

#include <QNetworkProxy>
#include <QSocketNotifier>
#include <QSslServer>
#include <QSslSocket>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace mf {

namespace {

// The servers below accept through SessionListener::acceptReady, which hands each descriptor to
// takeDescriptor() as if QTcpServer had accepted it itself.
class DescriptorTaker
{
public:
    virtual ~DescriptorTaker() = default;
    virtual void takeDescriptor(qintptr descriptor) = 0;
};

// A QTcpServer whose accepted sockets are QSslSockets in unencrypted mode, so a session can upgrade
// them later with STARTTLS (SMTP), STLS (POP3) or STARTTLS (IMAP).
class UpgradableTcpServer : public QTcpServer, public DescriptorTaker
{
public:
    using QTcpServer::QTcpServer;
    void takeDescriptor(qintptr descriptor) override { incomingConnection(descriptor); }

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

// Implicit TLS: QSslServer handshakes, then offers the connection.
class ImplicitTlsServer : public QSslServer, public DescriptorTaker
{
public:
    using QSslServer::QSslServer;
    void takeDescriptor(qintptr descriptor) override { incomingConnection(descriptor); }
};

// The wire tap's public port: plain QTcpSockets.
class PlainTcpServer : public QTcpServer, public DescriptorTaker
{
public:
    using QTcpServer::QTcpServer;
    void takeDescriptor(qintptr descriptor) override { incomingConnection(descriptor); }
};

} // namespace

SessionListener::SessionListener(SessionFactory factory, const QSslConfiguration &tls, bool implicitTls,
                                 QObject *parent)
    : QObject(parent), m_factory(std::move(factory)), m_tls(tls), m_implicitTls(implicitTls)
{
    if (implicitTls) {
        auto *server = new ImplicitTlsServer(this);
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
    connect(m_server, &QTcpServer::acceptError, this,
            [this](QAbstractSocket::SocketError error) { onAcceptError(m_server, error); });
    m_acceptRetry.setSingleShot(true);
    connect(&m_acceptRetry, &QTimer::timeout, this, &SessionListener::resumeAccepting);
}

void SessionListener::setConnectionLimiter(std::shared_ptr<ConnectionLimiter> limiter)
{
    if (limiter)
        m_limiter = std::move(limiter);
}

void SessionListener::startAccepting(QTcpServer *server, QSocketNotifier *&notifier)
{
    // Qt's own accept loop is kept off (see acceptReady); nextPendingConnection() turns it back on, so
    // acceptPending()/acceptTapped() pause it again each time.
    server->pauseAccepting();
    delete notifier;
    notifier = new QSocketNotifier(server->socketDescriptor(), QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, server] { acceptReady(server); });
}

void SessionListener::acceptReady(QTcpServer *server)
{
    // QTcpServer's accept loop in Qt 6.4 takes EMFILE for a temporary error and tries again at once, for
    // as long as the connection waits in the backlog: a busy loop at full CPU while descriptors are out.
    // (Where Qt reports it, with acceptError, it pauses the port and never resumes.) So accept here, and
    // when the process is out of descriptors, pause this port and resume after acceptRetryMs or as soon
    // as one of our connections closes.
    auto *taker = dynamic_cast<DescriptorTaker *>(server);
    if (!taker || !server->isListening())
        return;
    const int listening = int(server->socketDescriptor());
    for (int i = 0; i < 64 && !m_acceptPaused; ++i) { // a bounded batch; the notifier fires again
        const int fd = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
            taker->takeDescriptor(fd);
            if (!server->isListening())
                return;
            continue;
        }
        const int error = errno;
        if (error == EAGAIN || error == EWOULDBLOCK)
            return;
        if (error == EINTR || error == ECONNABORTED || error == EPROTO)
            continue; // that one connection is gone; take the next
        // EMFILE, ENFILE, ENOBUFS, ENOMEM (or anything unexpected): wait for resources to come back.
        m_acceptPaused = true;
        for (QSocketNotifier *notifier : {m_acceptNotifier, m_publicNotifier})
            if (notifier)
                notifier->setEnabled(false);
        emit acceptFailed(QString::fromLocal8Bit(std::strerror(error)));
        m_acceptRetry.start(std::max(1, m_limiter->limits().acceptRetryMs));
        return;
    }
}

void SessionListener::onAcceptError(QTcpServer *server, QAbstractSocket::SocketError error)
{
    // Only if Qt's own accept loop ran after all (acceptReady normally does the accepting): it has paused
    // itself after a non-temporary failure, typically EMFILE/ENFILE, and would never accept again. Pause
    // ours as well and resume after acceptRetryMs or when a connection closes; the connection that could
    // not be accepted waits in the kernel's backlog meanwhile.
    Q_UNUSED(error);
    if (m_acceptPaused)
        return;
    m_acceptPaused = true;
    for (QSocketNotifier *notifier : {m_acceptNotifier, m_publicNotifier})
        if (notifier)
            notifier->setEnabled(false);
    emit acceptFailed(server->errorString());
    m_acceptRetry.start(std::max(1, m_limiter->limits().acceptRetryMs));
}

void SessionListener::resumeAccepting()
{
    m_acceptRetry.stop();
    if (!std::exchange(m_acceptPaused, false))
        return;
    for (QSocketNotifier *notifier : {m_acceptNotifier, m_publicNotifier})
        if (notifier)
            notifier->setEnabled(true);
    emit acceptResumed();
}

SessionListener::~SessionListener()
{
    // The notifiers go before the servers close their descriptors.
    delete std::exchange(m_acceptNotifier, nullptr);
    delete std::exchange(m_publicNotifier, nullptr);
}

void SessionListener::setCapture(std::shared_ptr<WireCapture> capture, const QString &service)
{
    m_capture = std::move(capture);
    m_service = service;
}

bool SessionListener::listen(const QHostAddress &address, quint16 port)
{
    m_server->setListenBacklogSize(1024);
    if (!m_wireTap && !m_capture) {
        if (!m_server->listen(address, port))
            return false;
        startAccepting(m_server, m_acceptNotifier);
        return true;
    }
    // The sessions' own port is private; clients connect to the tap's.
    const bool any = address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
    if (!m_server->listen(any ? QHostAddress(QHostAddress::LocalHost) : address, 0))
        return false;
    if (!m_public) {
        m_public = new PlainTcpServer(this);
        m_public->setProxy(QNetworkProxy::NoProxy);
        m_public->setMaxPendingConnections(1024);
        connect(m_public, &QTcpServer::pendingConnectionAvailable, this, &SessionListener::acceptTapped);
        connect(m_public, &QTcpServer::acceptError, this,
                [this](QAbstractSocket::SocketError error) { onAcceptError(m_public, error); });
    }
    m_public->setListenBacklogSize(1024);
    if (!m_public->listen(address, port)) {
        m_server->close();
        return false;
    }
    startAccepting(m_server, m_acceptNotifier);
    startAccepting(m_public, m_publicNotifier);
    return true;
}

void SessionListener::close()
{
    m_acceptRetry.stop();
    m_acceptPaused = false;
    delete std::exchange(m_acceptNotifier, nullptr);
    delete std::exchange(m_publicNotifier, nullptr);
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
        tap->recordInto(m_capture, m_service);
        if (!m_wireTap) { // recorded for a capture only: no Kind::Wire events, nothing to pair
            tap->setSink([](Direction, const QByteArray &) {});
            continue;
        }
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
    m_public->pauseAccepting(); // nextPendingConnection() re-enabled Qt's own accept loop
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
        const QHostAddress peer = socket->peerAddress();
        const ConnectionLimiter::Verdict verdict = m_limiter->admit(peer);
        const bool refuse = verdict != ConnectionLimiter::Verdict::Admitted;
        if (refuse) {
            const ConnectionLimits &limits = m_limiter->limits();
            emit connectionRefused(peer, verdict == ConnectionLimiter::Verdict::TooManyConnections
                                             ? QStringLiteral("%1 connections open (limit)").arg(limits.maxConnections)
                                             : QStringLiteral("%1 connections open from %2 (limit)")
                                                   .arg(limits.maxConnectionsPerAddress)
                                                   .arg(peer.toString()));
        }
        auto session = m_factory(peer, socket->localAddress());
        auto *connection = new SessionConnection(std::move(session), socket, this);
        ++m_open;
        connect(connection, &SessionConnection::finished, this, [this, connection, peer, refuse] {
            --m_open;
            if (!refuse)
                m_limiter->release(peer);
            // A descriptor came back: a port paused by an accept error may take the next connection.
            if (m_acceptPaused)
                resumeAccepting();
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
        connection->startServer(m_tls, m_implicitTls, refuse);
    }
    m_server->pauseAccepting(); // nextPendingConnection() re-enabled Qt's own accept loop
}

} // namespace mf
