#pragma once

#include "BenchTargets.h"
#include "PrivateDovecot.h"
#include "core/CredentialChecker.h"

#include <memory>

namespace mf {
class MailboxStore;
class ImapServer;
} // namespace mf

namespace mf::bench {

// Every IMAP benchmark target has one user, "bench" with password "secret".
inline const QByteArray kImapBenchUser = "bench";
inline const QByteArray kImapBenchPassword = "secret";

// MailFlow's ImapServer (plain, no TLS) on a MailboxStore in a temporary directory, in its own thread as a
// separate server process would be (ServerThreadTarget).
class MailFlowImapTarget : public ServerThreadTarget
{
public:
    MailFlowImapTarget();
    ~MailFlowImapTarget() override;
    QString name() const override { return QStringLiteral("MailFlow ImapServer + SQLite"); }
    QString note() const override { return QStringLiteral("MailboxStore: SQLite WAL, synchronous=FULL"); }
    bool start(QString *error) override;

private:
    class OneUser : public CredentialChecker
    {
    public:
        bool checkPassword(const QByteArray &login, const QByteArray &password) const override
        {
            return login == kImapBenchUser && password == kImapBenchPassword;
        }
        QByteArray canonicalAccount(const QByteArray &login) const override
        {
            return login == kImapBenchUser ? login : QByteArray();
        }
    };

    OneUser m_users;
    MailboxStore *m_store = nullptr;
    ImapServer *m_server = nullptr;
};

// Debian's Dovecot (dovecot-imapd) in a private configuration: maildir in a temporary directory,
// passwd-file with the bench user, plain IMAP on a free loopback port.
class DovecotImapTarget : public BenchTarget
{
public:
    QString name() const override { return QStringLiteral("Dovecot imapd + maildir"); }
    QString note() const override { return QStringLiteral("Debian's dovecot, private config, default fsync"); }
    bool start(QString *error) override;
    QString host() const override { return QStringLiteral("127.0.0.1"); }
    quint16 port() const override { return m_dovecot.port(); }

private:
    testing::PrivateDovecot m_dovecot;
};

} // namespace mf::bench
