#pragma once

#include "scenario/Scenario.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace mf {

// A persistent mail queue in SQLite: the Spool node. Entries move queued -> active -> delivered, or
// active -> deferred (with the next retry time) -> active ..., or -> bounced. Every change is committed
// (WAL, synchronous=FULL) before the call returns, so an entry that was accepted survives a crash; after
// a restart, entries left active are queued again (resume()). Per-recipient progress is stored with the
// entry, so a retry never re-delivers to a recipient that already has the message (like Postfix's R->D
// records).
class Spool : public QObject
{
    Q_OBJECT
public:
    enum class State { Queued, Active, Deferred, Delivered, Bounced };
    Q_ENUM(State)
    enum class RecipientState { Pending, Delivered, Failed };

    struct Recipient {
        QString address;
        RecipientState state = RecipientState::Pending;
        QString lastReply;
    };
    struct Entry {
        qint64 id = 0;
        QString flow;     // the simulation's id for this message copy
        QString sender;   // reverse-path; empty for the null sender
        QList<Recipient> recipients;
        QByteArray data;
        State state = State::Queued;
        int attempts = 0;
        qint64 createdMs = 0;
        qint64 nextAttemptMs = 0;
        QString lastError;
        QList<QString> pendingRecipients() const;
    };

    Spool(QString path, QString connectionName, RetryPolicy policy, QObject *parent = nullptr);
    ~Spool() override;

    bool open(QString *error = nullptr);

    // Durably queues a message; returns its id, or 0 on failure.
    qint64 enqueue(const QString &flow, const QString &sender, const QStringList &recipients, const QByteArray &data,
                   qint64 nowMs);
    // Entries due at `nowMs` (queued, or deferred with a passed retry time), now marked active.
    QList<Entry> takeDue(qint64 nowMs);
    // The earliest retry time among deferred entries, or -1.
    qint64 nextRetryMs() const;
    void setRecipientState(qint64 id, const QString &address, RecipientState state, const QString &reply);
    void markDelivered(qint64 id);
    // Defers after a temporary failure with Postfix's backoff (delay = age, clamped to [min, max]);
    // returns false and bounces the entry when the queue lifetime is over.
    bool markDeferred(qint64 id, const QString &error, qint64 nowMs);
    void markBounced(qint64 id, const QString &error);
    // After a restart: entries that were active go back to queued. Returns how many.
    int resume();

    std::optional<Entry> entry(qint64 id) const;
    QList<Entry> entries() const;
    int countIn(State state) const;
    static QString stateName(State state);
    QSqlDatabase database() const { return m_db; }
    const RetryPolicy &policy() const { return m_policy; }

signals:
    // Emitted after every committed change, for `queue` events and the spool's badge.
    void changed(const mf::Spool::Entry &entry);

private:
    bool setState(qint64 id, State state, const QString &error, qint64 nextAttempt, bool countAttempt);
    void emitChanged(qint64 id);
    static Entry readEntry(const class QSqlQuery &q);

    QString m_path;
    QString m_connectionName;
    RetryPolicy m_policy;
    QSqlDatabase m_db;
};

} // namespace mf
