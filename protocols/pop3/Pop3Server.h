#pragma once

#include "Pop3ServerSession.h"
#include "core/AccessServer.h"

namespace mf {

// Serves POP3 (plain with STLS, RFC 1939/2595) and POP3S (implicit TLS) from a MailboxStore. Each accepted
// connection runs a Pop3ServerSession; the session's events are re-emitted with a connection id and the
// protocol name ("pop3" or "pop3s").
class Pop3Server : public AccessServer
{
    Q_OBJECT
public:
    Pop3Server(MailboxStore &store, const CredentialChecker &credentials, Pop3ServerConfig config,
               QObject *parent = nullptr);
    ~Pop3Server() override;

    // The host name shown in the greeting and its APOP banner.
    void setHostName(const QByteArray &hostName)
    {
        m_hostName = hostName;
        m_config.hostName = hostName;
    }

protected:
    std::unique_ptr<ProtocolSession> createSession(bool tlsAvailable) override;

private:
    MailboxStore &m_store;
    const CredentialChecker &m_credentials;
    Pop3ServerConfig m_config;
    QByteArray m_hostName = "localhost";
    quint64 m_bannerCounter = 0;
};

} // namespace mf
