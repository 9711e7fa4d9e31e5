#pragma once

#include "BenchTargets.h"


namespace mf {
class SqliteMessageStore;
namespace smtp {
class SmtpServer;
class SmtpRecipientPolicy;
}
} // namespace mf

namespace mf::bench {

// MailFlow's own SmtpServer (relay mode, no TLS) with a SqliteMessageStore in a temporary directory:
// every 250 after DATA follows a committed SQLite transaction (commit-before-250). The server runs in
// its own thread (ServerThreadTarget).
class MailFlowSmtpTarget : public ServerThreadTarget
{
public:
    MailFlowSmtpTarget();
    ~MailFlowSmtpTarget() override;
    QString name() const override { return QStringLiteral("MailFlow SmtpServer + SQLite"); }
    QString note() const override;
    bool start(QString *error) override;

private:
    SqliteMessageStore *m_store = nullptr;
    smtp::SmtpRecipientPolicy *m_policy = nullptr;
    smtp::SmtpServer *m_server = nullptr;
};

} // namespace mf::bench
