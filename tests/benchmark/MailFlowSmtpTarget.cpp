#include "MailFlowSmtpTarget.h"

#include "smtp/SmtpRecipientPolicy.h"
#include "smtp/SmtpServer.h"
#include "store/SqliteMessageStore.h"

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

MailFlowSmtpTarget::MailFlowSmtpTarget() : ServerThreadTarget(QStringLiteral("mailflow-smtp-server")) {}

MailFlowSmtpTarget::~MailFlowSmtpTarget()
{
    stopInThread([this] {
        delete m_server;
        delete m_store;
        delete m_policy;
    });
}

bool MailFlowSmtpTarget::start(QString *error)
{
    return startInThread(error, [this](QString *error) -> quint16 {
        m_store = new SqliteMessageStore(dataPath(QStringLiteral("bench.sqlite")));
        if (!m_store->open()) {
            *error = QStringLiteral("SqliteMessageStore: ") + m_store->errorString();
            return 0;
        }
        m_policy = new AcceptEveryone;
        smtp::SmtpServerConfig config =
            smtp::SmtpServerConfig::forMode(smtp::SmtpServerConfig::Mode::Relay, QByteArrayLiteral("mx.bench.example"));
        config.offerStartTls = false;
        m_server = new smtp::SmtpServer(QStringLiteral("smtp"), config, QSslConfiguration(), *m_store, *m_policy, nullptr);
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            *error = QStringLiteral("SmtpServer: ") + m_server->errorString();
            return 0;
        }
        return m_server->port();
    });
}

QString MailFlowSmtpTarget::note() const
{
    int stored = 0;
    int transactions = 0;
    runInThread([&] {
        if (m_store) {
            stored = m_store->messageCount();
            transactions = m_store->transactionCount();
        }
    });
    return QStringLiteral("%1 messages durable in SQLite (synchronous=FULL) in %2 commit transactions; "
                          "each 250 sent after its commit").arg(stored).arg(transactions);
}

} // namespace mf::bench
