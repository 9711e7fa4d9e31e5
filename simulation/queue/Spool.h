#pragma once

#include "scenario/Scenario.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include "store/SqliteFile.h"

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

    // Durably queues a message; returns its id, or 0 on failure. A non-empty `origin` names what put the
    // message here (e.g. "timeline:3", "forward:17:owner@b.example"); it is unique and stored in the same
    // transaction as the entry, so queuing the same origin again (a restart re-running the step that
    // queued it) stores nothing and returns the existing entry's id with *duplicate set.
    qint64 enqueue(const QString &flow, const QString &sender, const QStringList &recipients, const QByteArray &data,
                   qint64 nowMs, const QString &origin = {}, bool *duplicate = nullptr);
    struct NewEntry {
        QString flow, sender;
        QStringList recipients;
        QByteArray data;
        QString origin;
    };
    // Group commit: queues several messages in one transaction (one fsync); ids in order, 0 for an
    // origin that was already queued. Empty on failure (nothing stored).
    std::optional<QList<qint64>> enqueueAll(const QList<NewEntry> &entries, qint64 nowMs);
    // Whether enqueue() waits for the disk (synchronous=FULL, the default: it precedes an SMTP 250) or
    // only for the OS (synchronous=NORMAL: survives a killed process, not a power cut; for a spool whose
    // writers can replay what they wrote). Bookkeeping (states, recipients) always uses NORMAL: losing
    // it to a power cut only repeats a step, and the next hop's duplicate filter absorbs the repeat.
    void setDurableEnqueue(bool durable) { m_durableEnqueue = durable; }
    // The id of the entry queued with this origin, or 0.
    qint64 idForOrigin(const QString &origin) const;
    // Entries due at `nowMs` (queued, or deferred with a passed retry time), now marked active, at most
    // `limit` of them when limit > 0 (oldest retry time first). One transaction for the whole batch.
    QList<Entry> takeDue(qint64 nowMs, int limit = 0);
    // Whether any entry is queued (waiting for takeDue without a retry time).
    bool hasQueued() const;
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
    // The entry without its message bytes (data stays empty): cheap bookkeeping reads.
    std::optional<Entry> entryHeader(qint64 id) const;
    // The largest N among flow ids "mN" / "mN.x..." ever queued here (0 when none): a restarted world
    // numbers its new messages above it, so message ids stay unique across runs.
    int highestRootFlowNumber() const;
    QList<Entry> entries() const;
    int countIn(State state) const;
    static QString stateName(State state);
    QSqlDatabase database() const { return m_file.db(); }
    const RetryPolicy &policy() const { return m_policy; }

signals:
    // Emitted after every committed change, for `queue` events and the spool's badge. The entry's data
    // (message bytes) is not filled in.
    void changed(const mf::Spool::Entry &entry);

private:
    bool setState(qint64 id, State state, const QString &error, qint64 nextAttempt, bool countAttempt);
    bool migrate(QString *error);
    void emitChanged(qint64 id);
    static Entry readEntry(const class QSqlQuery &q, bool withData);

    bool insert(const NewEntry &entry, qint64 nowMs, qint64 *id, bool *duplicate);
    void setSynchronous(bool full);

    SqliteFile m_file;
    bool m_durableEnqueue = true;
    RetryPolicy m_policy;
};

} // namespace mf
