#pragma once

#include "smtp/SmtpMessage.h"

#include <QByteArrayList>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSqlQuery>
#include <QString>
#include <optional>
#include <vector>

namespace mf {

// Accepted messages in one SQLite file (WAL journal, synchronous=FULL, so a COMMIT has reached stable
// storage when it returns). Commits requested during one event-loop turn are written in a single
// transaction (group commit), after which all their callbacks fire: one fsync for many messages keeps
// the commit-before-250 rule (RFC 5321 §6.1) cheap under load.
class SqliteMessageStore : public QObject, public smtp::SmtpMessageSink
{
    Q_OBJECT
public:
    struct StoredMessage {
        qint64 id = 0;
        QByteArray mailFrom;
        QByteArrayList recipients;
        QByteArray data;
        QDateTime receivedAt;
        qint64 size = 0;
    };

    explicit SqliteMessageStore(QString path, QObject *parent = nullptr);
    ~SqliteMessageStore() override;

    // Opens or creates the file and its table. False with errorString() on failure.
    bool open();
    QString errorString() const { return m_error; }
    QString path() const { return m_path; }

    // Queues the message; `done` fires from the event loop after the transaction holding it committed.
    void commit(const smtp::SmtpMessage &message, Done done) override;

    int messageCount() const;
    QList<StoredMessage> messages() const;
    std::optional<StoredMessage> message(qint64 id) const;
    // How many write transactions ran; with group commit this is less than the messages written.
    int transactionCount() const { return m_transactions; }

signals:
    void committed(const QList<qint64> &ids);

private:
    struct Pending {
        smtp::SmtpMessage message;
        Done done;
    };
    void flush();
    static StoredMessage fromQuery(const QSqlQuery &query);

    QString m_path;
    QString m_connectionName;
    QString m_error;
    std::vector<Pending> m_pending;
    bool m_flushScheduled = false;
    int m_transactions = 0;
};

} // namespace mf
