#include "SmtpServer.h"

#include "SmtpServerSession.h"

#include <QMetaMethod>
#include <atomic>
#include <QPointer>
#include <QRandomGenerator>

namespace mf::smtp {

namespace {

// Connection ids are unique in the process, so transcripts of several endpoints never collide.
quint64 nextConnectionId()
{
    static std::atomic<quint64> next = 0;
    return ++next;
}

// Received-header ids ("<process tag><connection>.<transaction>") stay distinct across restarts.
const QByteArray &processTag()
{
    static const QByteArray tag =
        QByteArray::number(QRandomGenerator::global()->bounded(0x10000000u, 0xFFFFFFFFu), 16).toUpper();
    return tag;
}

} // namespace

SmtpServer::SmtpServer(QString protocolName, SmtpServerConfig config, const QSslConfiguration &tls,
                       SmtpMessageSink &sink, const SmtpRecipientPolicy &policy,
                       const CredentialChecker *credentials, QObject *parent)
    : QObject(parent),
      m_protocol(std::move(protocolName)),
      m_config(std::move(config)),
      m_sink(sink),
      m_policy(policy),
      m_credentials(credentials)
{
    auto factory = [this](const QHostAddress &peer, const QHostAddress &) -> std::unique_ptr<ProtocolSession> {
        m_nextId = m_connectionCounter ? ++*m_connectionCounter : nextConnectionId();
        auto session = std::make_unique<SmtpServerSession>(m_config, &m_sink, &m_policy, m_credentials, peer,
                                                           processTag() + QByteArray::number(m_nextId, 16).toUpper());
        // The adapter may read the clock; the session may not.
        session->setClock([this] { return m_clock(); });
        return session;
    };
    m_listener = new SessionListener(factory, tls, m_config.implicitTls(), this);
    m_listener->setConnectionLimiter(std::make_shared<ConnectionLimiter>(m_config.connectionLimits));
    connect(m_listener, &SessionListener::connectionOpened, this, &SmtpServer::onConnection);
    connect(m_listener, &SessionListener::connectionRefused, this, &SmtpServer::connectionRefused);
    connect(m_listener, &SessionListener::acceptFailed, this, &SmtpServer::acceptFailed);
}

bool SmtpServer::listen(const QHostAddress &address, quint16 port)
{
    return m_listener->listen(address, port);
}

void SmtpServer::close()
{
    m_listener->close();
}

void SmtpServer::gather(quint64 connectionId, const SessionEvent &event)
{
    static const QMetaMethod batchSignal = QMetaMethod::fromSignal(&SmtpServer::sessionEvents);
    if (!isSignalConnected(batchSignal))
        return;
    m_gathered.append(ConnectionEvent{connectionId, event});
    if (!std::exchange(m_emitPosted, true))
        QMetaObject::invokeMethod(this, &SmtpServer::emitGathered, Qt::QueuedConnection);
}

void SmtpServer::emitGathered()
{
    m_emitPosted = false;
    if (!m_gathered.isEmpty())
        emit sessionEvents(m_protocol, std::exchange(m_gathered, {}));
}

void SmtpServer::onConnection(SessionConnection *connection)
{
    // connectionOpened is emitted right after the factory ran for this connection.
    const quint64 id = m_nextId;
    auto *session = static_cast<SmtpServerSession *>(connection->session());
    QPointer<SessionConnection> guard(connection);
    // A commit finishing later produces the 250 outside any socket callback: flush it.
    session->setOutputReadyHandler([guard] {
        if (guard)
            guard->pump();
    });
    connect(connection, &SessionConnection::event, this, [this, id](const SessionEvent &e) {
        emit sessionEvent(id, m_protocol, e);
        gather(id, e);
    });
    // A session's step is handed on as it ends: before anything the step posted for later (the sink's
    // commit, say) runs.
    connect(connection, &SessionConnection::stepReported, this, [this] {
        if (!m_gathered.isEmpty())
            emitGathered();
    });
    // The connection's last lines are handed on before its end, so that a listener in another thread
    // (World) sees them in order.
    connect(connection, &SessionConnection::finished, this, [this, id] {
        if (!m_gathered.isEmpty())
            emitGathered();
        emit connectionClosed(id, m_protocol);
    });
    emit connectionOpened(id, m_protocol, connection->socket()->peerAddress(), connection->socket()->peerPort(), address(),
                          port());
}

} // namespace mf::smtp
