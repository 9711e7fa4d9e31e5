#pragma once

#include "BenchTargets.h"

#include <QTemporaryDir>
#include <QThread>

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
// its own thread, as a separate MTA process would, so it does not share an event loop with the load.
class MailFlowSmtpTarget : public BenchTarget
{
public:
    MailFlowSmtpTarget();
    ~MailFlowSmtpTarget() override;
    QString name() const override { return QStringLiteral("MailFlow SmtpServer + SQLite"); }
    QString note() const override;
    bool start(QString *error) override;
    QString host() const override { return QStringLiteral("127.0.0.1"); }
    quint16 port() const override { return m_port; }

private:
    QTemporaryDir m_dir;
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; the server objects are created and deleted there
    SqliteMessageStore *m_store = nullptr;
    smtp::SmtpRecipientPolicy *m_policy = nullptr;
    smtp::SmtpServer *m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace mf::bench
