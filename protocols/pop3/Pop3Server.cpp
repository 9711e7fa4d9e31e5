#include "Pop3Server.h"

#include "core/SessionConnection.h"

#include <QCoreApplication>
#include <QDateTime>

namespace mf {

Pop3Server::Pop3Server(MailboxStore &store, const CredentialChecker &credentials, Pop3ServerConfig config,
                       QObject *parent)
    : AccessServer(QStringLiteral("pop3"), QStringLiteral("pop3s"), parent), m_store(store), m_credentials(credentials),
      m_config(std::move(config))
{
    setConnectionLimits(m_config.connectionLimits);
}

Pop3Server::~Pop3Server() = default;

std::unique_ptr<ProtocolSession> Pop3Server::createSession(bool tlsAvailable)
{
    Pop3ServerConfig config = m_config;
    config.tlsAvailable = tlsAvailable;
    // RFC 1939 §7: the APOP timestamp must differ for every greeting: process id, counter and clock.
    const QByteArray banner = '<' + QByteArray::number(QCoreApplication::applicationPid()) + '.'
        + QByteArray::number(++m_bannerCounter) + '.' + QByteArray::number(QDateTime::currentSecsSinceEpoch())
        + '@' + m_hostName + '>';
    return std::make_unique<Pop3ServerSession>(m_store, m_credentials, config, banner);
}

} // namespace mf
