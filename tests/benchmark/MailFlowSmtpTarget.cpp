#include "MailFlowSmtpTarget.h"

#include "smtp/SmtpRecipientPolicy.h"
#include "smtp/SmtpServer.h"
#include "store/SqliteMessageStore.h"

#include <QMetaObject>
#include <QSslConfiguration>

namespace mf::bench {

namespace {

// The benchmark's recipients all exist: measure storage and protocol, not address lookups.
class AcceptEveryone : public smtp::SmtpRecipientPolicy
{
public:
    Decision check(const QByteArray &, bool) const override { return Decision::Accept; }
};

} // namespace

MailFlowSmtpTarget::MailFlowSmtpTarget()
{
    m_thread.setObjectName(QStringLiteral("mailflow-smtp-server"));
}

MailFlowSmtpTarget::~MailFlowSmtpTarget()
{
    if (m_context) {
        QMetaObject::invokeMethod(m_context, [this] {
            delete m_server;
            delete m_store;
            delete m_policy;
        }, Qt::BlockingQueuedConnection);
        m_context->deleteLater();
    }
    m_thread.quit();
    m_thread.wait();
}

bool MailFlowSmtpTarget::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_context, [this, error] {
        m_store = new SqliteMessageStore(m_dir.filePath(QStringLiteral("bench.sqlite")));
        if (!m_store->open()) {
            *error = QStringLiteral("SqliteMessageStore: ") + m_store->errorString();
            return;
        }
        m_policy = new AcceptEveryone;
        smtp::SmtpServerConfig config =
            smtp::SmtpServerConfig::forMode(smtp::SmtpServerConfig::Mode::Relay, QByteArrayLiteral("mx.bench.example"));
        config.offerStartTls = false;
        m_server = new smtp::SmtpServer(QStringLiteral("smtp"), config, QSslConfiguration(), *m_store, *m_policy, nullptr);
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            *error = QStringLiteral("SmtpServer: ") + m_server->errorString();
            return;
        }
        m_port = m_server->port();
    }, Qt::BlockingQueuedConnection);
    return m_port != 0;
}

QString MailFlowSmtpTarget::note() const
{
    int stored = 0;
    int transactions = 0;
    if (m_context && m_store) {
        QMetaObject::invokeMethod(m_context, [&] {
            stored = m_store->messageCount();
            transactions = m_store->transactionCount();
        }, Qt::BlockingQueuedConnection);
    }
    return QStringLiteral("%1 messages durable in SQLite (synchronous=FULL) in %2 commit transactions; "
                          "each 250 sent after its commit").arg(stored).arg(transactions);
}

} // namespace mf::bench
