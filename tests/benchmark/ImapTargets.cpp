#include "ImapTargets.h"

#include "imap/ImapServer.h"
#include "store/MailboxStore.h"

#include <QMetaObject>
#include <QSslConfiguration>

namespace mf::bench {

MailFlowImapTarget::MailFlowImapTarget()
{
    m_thread.setObjectName(QStringLiteral("mailflow-imap-server"));
}

MailFlowImapTarget::~MailFlowImapTarget()
{
    if (m_context) {
        QMetaObject::invokeMethod(m_context, [this] {
            delete m_server;
            delete m_store;
        }, Qt::BlockingQueuedConnection);
        m_context->deleteLater();
    }
    m_thread.quit();
    m_thread.wait();
}

bool MailFlowImapTarget::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_context, [this, error] {
        m_store = new MailboxStore(m_dir.filePath(QStringLiteral("mailboxes.sqlite")));
        if (!m_store->isOpen()) {
            *error = QStringLiteral("MailboxStore: ") + m_store->lastError();
            return;
        }
        ImapServerConfig config;
        config.hostName = "imap.bench.example";
        m_server = new ImapServer(*m_store, m_users, config);
        if (!m_server->listen(QHostAddress::LocalHost, 0, QSslConfiguration())) {
            *error = QStringLiteral("ImapServer: ") + m_server->errorString();
            return;
        }
        m_port = m_server->port();
    }, Qt::BlockingQueuedConnection);
    return m_port != 0;
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
