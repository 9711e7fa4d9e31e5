#include "Spool.h"

namespace mf {

Spool::Spool(QString path, QString connectionName, RetryPolicy policy, QObject *parent)
    : QObject(parent),
      m_table(path, connectionName),
      m_writer(std::make_unique<SqliteWriter>(path, connectionName + QStringLiteral("-writer"))),
      m_policy(policy),
      m_runCompletion([](const std::function<void()> &work) { work(); })
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &Spool::flush);
}

Spool::~Spool()
{
    flush();
    m_writer.reset(); // waits for the last writes
}

bool Spool::open(QString *error)
{
    if (!m_table.open(error))
        return false;
    const auto contents = m_table.load(error);
    if (!contents || !m_writer->open(error))
        return false;
    for (const Entry &e : contents->live) {
        Entry &stored = m_entries[e.id] = e;
        if (stored.state == State::Queued)
            m_queued.insert({stored.nextAttemptMs, stored.id});
        else if (stored.state == State::Deferred)
            m_deferred.insert({stored.nextAttemptMs, stored.id});
    }
    m_origins = contents->origins;
    m_lastId = contents->highestId;
    m_highestRootFlow = contents->highestRootFlow;
    return true;
}

Spool::Entry *Spool::live(qint64 id)
{
    if (const auto it = m_entries.find(id); it != m_entries.end())
        return &it->second;
    // A finished entry is only on disk; changing it brings it back until it is written again.
    waitForWrites();
    const auto stored = m_table.read(id, true);
    return stored ? &(m_entries[id] = *stored) : nullptr;
}

void Spool::setState(Entry &e, State state, qint64 nextAttemptMs)
{
    m_queued.erase({e.nextAttemptMs, e.id});
    m_deferred.erase({e.nextAttemptMs, e.id});
    e.state = state;
    e.nextAttemptMs = nextAttemptMs;
    if (state == State::Queued)
        m_queued.insert({e.nextAttemptMs, e.id});
    else if (state == State::Deferred)
        m_deferred.insert({e.nextAttemptMs, e.id});
}

void Spool::touched(const Entry &e)
{
    if (!m_unwritten.contains(e.id))
        m_dirty.insert(e.id);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Spool::emitChanged(const Entry &e)
{
    Entry header = e;
    header.data = QByteArray();
    emit changed(header);
}

qint64 Spool::enqueue(const QString &flow, const QString &sender, const QStringList &recipients,
                      const QByteArray &data, qint64 nowMs, const QString &origin, bool *duplicate, Committed committed)
{
    const qint64 existing = idForOrigin(origin);
    if (duplicate)
        *duplicate = existing != 0;
    if (existing != 0) {
        if (committed)
            committed(QList<qint64>{0});
        return existing;
    }
    return enqueueAll({NewEntry{flow, sender, recipients, data, origin}}, nowMs, std::move(committed)).value(0);
}

QList<qint64> Spool::enqueueAll(const QList<NewEntry> &entries, qint64 nowMs, Committed committed)
{
    QList<qint64> ids;
    QList<std::pair<qint64, QString>> added; // id, origin
    for (const NewEntry &n : entries) {
        if (!n.origin.isEmpty() && m_origins.contains(n.origin)) {
            ids << 0;
            continue;
        }
        Entry e;
        e.id = ++m_lastId;
        e.flow = n.flow;
        e.sender = n.sender;
        for (const QString &r : n.recipients)
            e.recipients << Recipient{r, RecipientState::Pending, {}};
        e.data = n.data;
        e.state = State::Queued;
        e.createdMs = nowMs;
        e.nextAttemptMs = nowMs;
        m_entries[e.id] = e;
        m_unwritten.insert(e.id, n.origin);
        if (!n.origin.isEmpty())
            m_origins.insert(n.origin, e.id);
        m_highestRootFlow = qMax(m_highestRootFlow, rootFlowNumber(e.flow));
        ids << e.id;
        added.append({e.id, n.origin});
    }
    if (added.isEmpty()) {
        if (committed)
            committed(ids);
        return ids;
    }
    commit(m_durableEnqueue, [this, ids, added, committed](bool ok) {
        for (const auto &[id, origin] : added) {
            if (ok) {
                // Due, and announced, only now that it cannot be lost.
                if (Entry *e = live(id); e && e->state == State::Queued) {
                    m_queued.insert({e->nextAttemptMs, id});
                    emitChanged(*e);
                }
            } else {
                // Nothing of it is on disk: it was never queued.
                m_unwritten.remove(id);
                m_dirty.remove(id);
                m_origins.remove(origin);
                m_entries.erase(id);
            }
        }
        if (committed)
            committed(ok ? std::optional(ids) : std::nullopt);
    });
    return ids;
}

QList<Spool::Entry> Spool::takeDue(qint64 nowMs, int limit)
{
    QList<Entry> due;
    auto queued = m_queued.begin();
    auto deferred = m_deferred.begin();
    // The two sets merged in (next attempt, id) order; deferred entries only once their time has come.
    while (limit <= 0 || due.size() < limit) {
        const bool deferredDue = deferred != m_deferred.end() && deferred->first <= nowMs;
        if (queued == m_queued.end() && !deferredDue)
            break;
        const bool takeQueued = queued != m_queued.end() && (!deferredDue || *queued < *deferred);
        const qint64 id = takeQueued ? (queued++)->second : (deferred++)->second;
        Entry &e = m_entries[id];
        // Not written: the row keeps saying queued (or deferred) until the attempt has an outcome.
        e.state = State::Active;
        ++e.attempts;
        due << e;
    }
    m_queued.erase(m_queued.begin(), queued);
    m_deferred.erase(m_deferred.begin(), deferred);
    for (const Entry &e : std::as_const(due))
        emitChanged(e);
    return due;
}

void Spool::setRecipientState(qint64 id, const QString &address, RecipientState state, const QString &reply)
{
    Entry *e = live(id);
    if (!e)
        return;
    for (Recipient &r : e->recipients) {
        if (r.address.compare(address, Qt::CaseInsensitive) == 0) {
            r.state = state;
            r.lastReply = reply;
        }
    }
    touched(*e); // no `changed`: the entry's queue state is the same
}

void Spool::markDelivered(qint64 id)
{
    if (Entry *e = live(id)) {
        setState(*e, State::Delivered, 0);
        e->lastError.clear();
        touched(*e);
        emitChanged(*e);
    }
}

bool Spool::markDeferred(qint64 id, const QString &error, qint64 nowMs)
{
    Entry *e = live(id);
    if (!e)
        return false;
    const qint64 age = nowMs - e->createdMs;
    if (age >= m_policy.maximalLifetimeMs) {
        markBounced(id, error + QStringLiteral(" (gave up: queue lifetime over)"));
        return false;
    }
    // Postfix qmgr: the delay grows with the message's age, within [minimal, maximal] backoff.
    const qint64 delay = qBound(m_policy.minimalBackoffMs, age, m_policy.maximalBackoffMs);
    setState(*e, State::Deferred, nowMs + delay);
    e->lastError = error;
    touched(*e);
    emitChanged(*e);
    return true;
}

void Spool::markBounced(qint64 id, const QString &error)
{
    if (Entry *e = live(id)) {
        setState(*e, State::Bounced, 0);
        e->lastError = error;
        touched(*e);
        emitChanged(*e);
    }
}

int Spool::waitingCount() const
{
    int waiting = 0;
    for (const auto &[id, e] : m_entries)
        waiting += !e.isFinished() && !m_unwritten.contains(id);
    return waiting;
}

int Spool::resume()
{
    int waiting = 0;
    for (auto &[id, e] : m_entries) {
        if (e.isFinished() || m_unwritten.contains(id))
            continue;
        if (e.state == State::Active) { // written by an older MailFlow, which stored the active state
            setState(e, State::Queued, e.nextAttemptMs);
            touched(e);
        }
        emitChanged(e);
        ++waiting;
    }
    return waiting;
}

std::optional<Spool::Entry> Spool::entry(qint64 id)
{
    if (const auto it = m_entries.find(id); it != m_entries.end())
        return it->second;
    waitForWrites();
    return m_table.read(id, true);
}

std::optional<Spool::Entry> Spool::entryHeader(qint64 id)
{
    if (const auto it = m_entries.find(id); it != m_entries.end()) {
        Entry header = it->second;
        header.data = QByteArray();
        return header;
    }
    waitForWrites();
    return m_table.read(id, false);
}

QList<Spool::Entry> Spool::entries()
{
    waitForWrites();
    return m_table.readAll();
}

int Spool::countIn(State state)
{
    waitForWrites();
    return m_table.countIn(state);
}

void Spool::waitForWrites()
{
    flush();
    m_writer->drain();
}

void Spool::commit(bool durable, std::function<void(bool ok)> done)
{
    m_flushTimer.stop();
    if (m_unwritten.isEmpty() && m_dirty.isEmpty() && !done)
        return;
    Written what{std::exchange(m_unwritten, {}), std::exchange(m_dirty, {})};
    QList<std::pair<Entry, QString>> inserts;
    QList<Entry> updates;
    for (auto it = what.inserts.cbegin(); it != what.inserts.cend(); ++it)
        inserts.append({m_entries[it.key()], it.value()});
    for (qint64 id : std::as_const(what.updates))
        updates.append(m_entries[id]);
    for (auto it = what.inserts.cbegin(); it != what.inserts.cend(); ++it)
        ++m_inFlight[it.key()];
    for (qint64 id : std::as_const(what.updates))
        ++m_inFlight[id];
    m_writer->write([inserts, updates](SqliteFile &file) {
        for (const auto &[entry, origin] : inserts)
            if (!SpoolTable::insert(file, entry, origin))
                return false;
        for (const Entry &entry : updates)
            if (!SpoolTable::update(file, entry))
                return false;
        return true;
    }, durable, this, [this, what, done](bool ok) {
        m_runCompletion([this, what, done, ok] {
            written(what, ok);
            if (done)
                done(ok);
        });
    });
}

void Spool::written(const Written &what, bool ok)
{
    auto settle = [this, ok](qint64 id) {
        if (--m_inFlight[id] <= 0)
            m_inFlight.remove(id);
        const auto it = m_entries.find(id);
        if (it == m_entries.end() || m_dirty.contains(id) || m_unwritten.contains(id) || m_inFlight.contains(id))
            return; // written again since: that write decides
        if (ok && it->second.isFinished())
            m_entries.erase(it); // finished and on disk: it leaves memory
    };
    if (!ok) {
        // Made again with the next write (retried in a second): the memory still has every change.
        for (auto it = what.inserts.cbegin(); it != what.inserts.cend(); ++it)
            if (m_entries.count(it.key()))
                m_unwritten.insert(it.key(), it.value());
        for (qint64 id : what.updates)
            if (m_entries.count(id) && !m_unwritten.contains(id))
                m_dirty.insert(id);
        if (!m_flushTimer.isActive())
            m_flushTimer.start(1000);
    }
    for (auto it = what.inserts.cbegin(); it != what.inserts.cend(); ++it)
        settle(it.key());
    for (qint64 id : what.updates)
        settle(id);
}

void Spool::flush()
{
    commit(false);
}

} // namespace mf
