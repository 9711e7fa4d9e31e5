#pragma once

#include "SpoolEntry.h"
#include "SpoolTable.h"
#include "store/SqliteWriter.h"
#include "scenario/Scenario.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <set>

namespace mf {

// A persistent mail queue in SQLite: the Spool node. Entries move queued -> active -> delivered, or
// active -> deferred (with the next retry time) -> active ..., or -> bounced. Per-recipient progress is
// stored with the entry, so a retry never re-delivers to a recipient that already has the message (like
// Postfix's R->D records).
//
// The entries still to deliver live in memory as well as on disk: queue decisions (what is due, the
// next retry, an entry's state) never wait for a query, and the writes are made by a thread of their own
// (SqliteWriter), in order, so the caller never waits for the disk either. Writes follow two rules:
// - A new entry is committed (WAL; synchronous=FULL, or NORMAL after setDurableEnqueue(false)) before it
//   becomes due and before the enqueue's `committed` callback runs: an entry that was accepted survives
//   a crash (RFC 5321 §6.1: commit before the 250). Entries queued while an earlier commit is on the disk
//   share the next one (group commit).
// - Bookkeeping (recipient progress, deferred, delivered, bounced) is committed once per pass of the
//   event loop, every change of the pass in one write (or with the next enqueue, whichever comes first),
//   like Postfix's qmgr updating queue files behind its in-memory queue. An entry in the middle of an
//   attempt is stored as queued: after a crash it is tried again. A crash can lose the last pass's
//   bookkeeping; that only repeats a step on restart, and the next hop's duplicate filter absorbs the
//   repeat. A write that fails is made again a second later; nothing is forgotten meanwhile.
class Spool : public QObject
{
    Q_OBJECT
public:
    using Entry = SpoolEntry;
    using State = SpoolEntry::State;
    using RecipientState = SpoolEntry::RecipientState;
    using Recipient = SpoolEntry::Recipient;
    // Called once new entries are committed: their ids in order, 0 for an origin that was already
    // queued; nullopt when the commit failed and nothing was stored.
    using Committed = std::function<void(const std::optional<QList<qint64>> &ids)>;
    // Runs what the writer's completions do in the spool's thread (entries becoming due, `committed`
    // callbacks): at once by default; the World holds them while a lecturer has paused it.
    using CompletionRunner = std::function<void(std::function<void()>)>;

    Spool(QString path, QString connectionName, RetryPolicy policy, QObject *parent = nullptr);
    ~Spool() override;

    bool open(QString *error = nullptr);
    void setCompletionRunner(CompletionRunner runner) { m_runCompletion = std::move(runner); }

    // Queues a message and returns its id at once (or the existing entry's id, with *duplicate set, for
    // an origin already queued). A non-empty `origin` names what put the message here (e.g.
    // "timeline:3", "forward:17:owner@b.example"); it is unique, so queuing the same origin again (a
    // restart re-running the step that queued it) stores nothing. The entry becomes due once committed,
    // and `committed` runs then.
    qint64 enqueue(const QString &flow, const QString &sender, const QStringList &recipients, const QByteArray &data,
                   qint64 nowMs, const QString &origin = {}, bool *duplicate = nullptr, Committed committed = {});
    struct NewEntry {
        QString flow, sender;
        QStringList recipients;
        QByteArray data;
        QString origin;
    };
    // Queues several messages, committed in one transaction: their ids at once (0 for an origin already
    // queued), `committed` when they are on disk.
    QList<qint64> enqueueAll(const QList<NewEntry> &entries, qint64 nowMs, Committed committed);
    // Whether new entries wait for the disk (synchronous=FULL, the default: the commit precedes an SMTP
    // 250) or only for the OS (synchronous=NORMAL: survives a killed process, not a power cut), for a
    // spool whose writer can replay what it wrote.
    void setDurableEnqueue(bool durable) { m_durableEnqueue = durable; }
    // The id of the entry queued with this origin, or 0.
    qint64 idForOrigin(const QString &origin) const { return m_origins.value(origin, 0); }
    // Entries due at `nowMs` (queued, or deferred with a passed retry time), now marked active, at most
    // `limit` of them when limit > 0 (oldest retry time first).
    QList<Entry> takeDue(qint64 nowMs, int limit = 0);
    // Whether any entry is queued (waiting for takeDue without a retry time).
    bool hasQueued() const { return !m_queued.empty(); }
    // The earliest retry time among deferred entries, or -1.
    qint64 nextRetryMs() const { return m_deferred.empty() ? -1 : m_deferred.begin()->first; }
    void setRecipientState(qint64 id, const QString &address, RecipientState state, const QString &reply);
    void markDelivered(qint64 id);
    // Defers after a temporary failure with Postfix's backoff (delay = age, clamped to [min, max]);
    // returns false and bounces the entry when the queue lifetime is over.
    bool markDeferred(qint64 id, const QString &error, qint64 nowMs);
    void markBounced(qint64 id, const QString &error);
    // How many entries are still to deliver (queued, deferred, or in an attempt).
    int waitingCount() const;
    // After a restart: announces (`changed`) every entry that was waiting when the spool was opened
    // (queued, deferred, or in the middle of an attempt, which is queued again) and returns how many.
    int resume();

    std::optional<Entry> entry(qint64 id);
    // The entry without its message bytes (data stays empty): cheap bookkeeping reads.
    std::optional<Entry> entryHeader(qint64 id);
    // The largest N among flow ids "mN" / "mN.x..." ever queued here (0 when none): a restarted world
    // numbers its new messages above it, so message ids stay unique across runs.
    int highestRootFlowNumber() const { return m_highestRootFlow; }
    // What the file holds (every write made so far is waited for first).
    QList<Entry> entries();
    int countIn(State state);
    static QString stateName(State state) { return SpoolTable::stateName(state); }
    const RetryPolicy &policy() const { return m_policy; }
    // Hands the bookkeeping of this pass to the writer now (it is otherwise handed over when the event
    // loop next runs).
    void flush();
    // Waits until everything handed to the writer is on disk (for reading the file directly).
    void waitForWrites();

signals:
    // Emitted when an entry is queued (once committed) or its queue state changes, and for each waiting
    // entry by resume(), for `queue` events and the spool's badge. The entry's data (message bytes) is
    // not filled in. Recipient progress alone emits nothing: it shows in the state change that follows.
    void changed(const mf::Spool::Entry &entry);

private:
    using DueKey = std::pair<qint64, qint64>; // (next attempt, id): the order takeDue hands entries out
    // What one write carried, to finish it or to make it again.
    struct Written {
        QHash<qint64, QString> inserts; // id -> origin
        QSet<qint64> updates;
    };

    Entry *live(qint64 id);
    // Moves an entry between the due sets (with its next attempt time) and marks it for the next commit.
    void setState(Entry &e, State state, qint64 nextAttemptMs);
    void touched(const Entry &e);
    void emitChanged(const Entry &e);
    // Hands every pending insert and update to the writer as one write; `done` runs (through the
    // completion runner) once it is committed or has failed, after the spool has taken note.
    void commit(bool durable, std::function<void(bool ok)> done = {});
    void written(const Written &what, bool ok);

    mutable SpoolTable m_table; // this thread's connection: loading, and reading finished entries
    std::unique_ptr<SqliteWriter> m_writer;
    RetryPolicy m_policy;
    bool m_durableEnqueue = true;
    CompletionRunner m_runCompletion;
    // Entries not yet delivered or bounced, bytes included, and finished ones until they are written.
    std::map<qint64, Entry> m_entries;
    std::set<DueKey> m_queued;
    std::set<DueKey> m_deferred;
    QHash<QString, qint64> m_origins;
    QHash<qint64, QString> m_unwritten; // new entries not yet handed to the writer -> their origin
    QSet<qint64> m_dirty;               // entries whose row is stale
    QHash<qint64, int> m_inFlight;      // entries in writes not yet committed -> how many writes
    qint64 m_lastId = 0;
    int m_highestRootFlow = 0;
    QTimer m_flushTimer;
};

} // namespace mf
