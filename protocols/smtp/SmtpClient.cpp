#include "SmtpClient.h"

#include "core/SessionConnection.h"

#include <QSslSocket>

namespace mf {

SmtpClient::SmtpClient(QObject *parent) : QObject(parent) {}

SmtpClient::~SmtpClient()
{
    if (m_connection) {
        m_connection->disconnect(this);
        delete m_connection;
    }
}

void SmtpClient::send(const Target &target, SmtpClientConfig config, QList<SmtpOutgoingMessage> messages)
{
    Q_ASSERT(!m_running);
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->deleteLater();
    }
    config.useStartTls = target.tls != TlsMode::None;
    config.requireTls = target.tls == TlsMode::StartTls;
    auto session = std::make_unique<SmtpClientSession>(std::move(config), std::move(messages));
    m_session = session.get();
    m_results.clear();
    m_running = true;
    auto *socket = new QSslSocket;
    // Only an address of the target's family can reach it (an IPv4 source cannot connect to ::1).
    const QHostAddress targetAddress(target.host);
    if (!target.localAddress.isNull()
        && (targetAddress.isNull() || targetAddress.protocol() == target.localAddress.protocol()))
        socket->bind(target.localAddress, 0); // on failure the system picks the source address
    m_connection = new SessionConnection(std::move(session), socket, this);
    connect(m_connection, &SessionConnection::event, this, &SmtpClient::event);
    connect(m_connection, &SessionConnection::finished, this, &SmtpClient::onConnectionFinished);
    m_connection->connectToHost(target.host, target.port, target.tlsConfiguration, target.tls == TlsMode::Implicit,
                                target.verifyName);
}

void SmtpClient::abort()
{
    if (m_connection && m_running) {
        m_session->connectionLost();
        m_connection->pump();
        m_connection->abort();
    }
}

void SmtpClient::onConnectionFinished()
{
    if (!m_running)
        return;
    m_running = false;
    m_results = m_session->results();
    const QByteArray tlsFailure = m_connection->tlsFailure();
    for (SmtpSendResult &r : m_results) {
        // The session cannot see why a handshake failed; the adapter reported it.
        if (!tlsFailure.isEmpty()
            && (r.outcome == SmtpSendResult::Outcome::ConnectionFailure
                || r.outcome == SmtpSendResult::Outcome::TlsFailure
                || r.outcome == SmtpSendResult::Outcome::Pending)) {
            r.outcome = SmtpSendResult::Outcome::TlsFailure;
            r.errorText = QByteArrayLiteral("TLS failed: ") + tlsFailure;
        } else if (r.outcome == SmtpSendResult::Outcome::Pending) {
            r.outcome = SmtpSendResult::Outcome::ConnectionFailure;
            r.errorText = QByteArrayLiteral("the connection closed before the message was sent");
        }
    }
    emit finished(m_results);
}

} // namespace mf
