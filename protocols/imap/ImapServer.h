#pragma once

#include "ImapServerSession.h"
#include "core/AccessServer.h"

namespace mf {

// Serves IMAP (plain with STARTTLS, port 143 in real life) and IMAPS (implicit TLS, 993) from a
// MailboxStore. Each connection runs an ImapServerSession; their events are re-emitted with a connection id
// and the protocol name ("imap" or "imaps"). The store's change signals are passed to every open session
// (so IDLE pushes and the next command report other sessions' changes), and their connections pumped.
class ImapServer : public AccessServer
{
    Q_OBJECT
public:
    ImapServer(MailboxStore &store, const CredentialChecker &credentials, ImapServerConfig config = {},
               QObject *parent = nullptr);
    ~ImapServer() override;

protected:
    std::unique_ptr<ProtocolSession> createSession(bool tlsAvailable) override;

private:
    void onMailboxChanged(const QString &account, const QString &mailbox);

    MailboxStore &m_store;
    const CredentialChecker &m_credentials;
    ImapServerConfig m_config;
};

} // namespace mf
