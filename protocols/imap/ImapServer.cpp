#include "ImapServer.h"

#include "core/SessionConnection.h"

namespace mf {

ImapServer::ImapServer(MailboxStore &store, const CredentialChecker &credentials, ImapServerConfig config,
                       QObject *parent)
    : AccessServer(QStringLiteral("imap"), QStringLiteral("imaps"), parent), m_store(store), m_credentials(credentials),
      m_config(std::move(config))
{
    setConnectionLimits(m_config.connectionLimits);
    // Queued: the change is handled after the writing session's own command has finished, so a session
    // never sees its own write reported twice in the middle of a response.
    connect(&m_store, &MailboxStore::mailboxChanged, this, &ImapServer::onMailboxChanged, Qt::QueuedConnection);
}

ImapServer::~ImapServer() = default;

std::unique_ptr<ProtocolSession> ImapServer::createSession(bool tlsAvailable)
{
    ImapServerConfig config = m_config;
    config.tlsAvailable = tlsAvailable;
    return std::make_unique<ImapServerSession>(&m_store, &m_credentials, config);
}

void ImapServer::onMailboxChanged(const QString &account, const QString &mailbox)
{
    for (const QPointer<SessionConnection> &connection : openConnectionList()) {
        if (!connection || connection->isFinished())
            continue;
        auto *session = static_cast<ImapServerSession *>(connection->session());
        session->mailboxChanged(account, mailbox);
        if (session->hasOutgoing())
            connection->pump();
    }
}

} // namespace mf
