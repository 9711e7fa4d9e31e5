#include "ImapTargets.h"

#include "imap/ImapServer.h"
#include "store/MailboxStore.h"

#include <QSslConfiguration>

namespace mf::bench {

MailFlowImapTarget::MailFlowImapTarget() : ServerThreadTarget(QStringLiteral("mailflow-imap-server")) {}

MailFlowImapTarget::~MailFlowImapTarget()
{
    stopInThread([this] {
        delete m_server;
        delete m_store;
    });
}

bool MailFlowImapTarget::start(QString *error)
{
    return startInThread(error, [this](QString *error) -> quint16 {
        m_store = new MailboxStore(dataPath(QStringLiteral("mailboxes.sqlite")));
        if (!m_store->isOpen()) {
            *error = QStringLiteral("MailboxStore: ") + m_store->lastError();
            return 0;
        }
        ImapServerConfig config;
        config.hostName = "imap.bench.example";
        m_server = new ImapServer(*m_store, m_users, config);
        if (!m_server->listen(QHostAddress::LocalHost, 0, QSslConfiguration())) {
            *error = QStringLiteral("ImapServer: ") + m_server->errorString();
            return 0;
        }
        return m_server->port();
    });
}

bool DovecotImapTarget::start(QString *error)
{
    testing::DovecotConfig config;
    config.protocol = "imap";
    config.user = kImapBenchUser;
    config.password = kImapBenchPassword;
    if (!m_dovecot.prepare(config) || !m_dovecot.start()) {
        *error = m_dovecot.errorString();
        return false;
    }
    return true;
}

} // namespace mf::bench
