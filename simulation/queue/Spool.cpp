#include "Spool.h"


namespace mf {

namespace {

int rootFlowNumber(const QString &flow)
{
    if (!flow.startsWith(QLatin1Char('m')))
        return 0;
    bool ok = false;
    const int n = QStringView(flow).mid(1).split(QLatin1Char('.')).value(0).toInt(&ok);
    return ok ? n : 0;
}

} // namespace

Spool::Spool(QString path, QString connectionName, RetryPolicy policy, QObject *parent)
    : QObject(parent),
      m_table(path, connectionName),
      m_writer(std::make_unique<SqliteWriter>(path, connectionName + QStringLiteral("-writer"))),
      m_policy(policy)
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
    // A finished entry is only on disk; changing it brings it back until the next commit.
    const auto stored = m_table.read(id, true);
    return stored ? &(m_entries[id] = *stored) : nullptr;
}

void Spool::setState(Entry &e, State state)
{
    m_queued.erase({e.nextAttemptMs, e.id});
    m_deferred.erase({e.nextAttemptMs, e.id});
    e.state = state;
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
    const qint64 id = m_lastId + 1;
    enqueueAll({NewEntry{flow, sender, recipients, data, origin}}, nowMs, std::move(committed));
    return id;
}

void Spool::enqueueAll(const QList<NewEntry> &entries, qint64 nowMs, Committed committed)
{
    QList<qint64> ids;
    QList<qint64> added;
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
        added << e.id;
    }
    // Due once on disk (and announced then); without durability at once, written with the bookkeeping.
    auto becomeDue = [this, added] {
        for (qint64 id : added) {
            if (Entry *e = live(id); e && e->state == State::Queued) {
                m_queued.insert({e->nextAttemptMs, id});
                emitChanged(*e);
            }
        }
    };
    if (added.isEmpty() || !m_durableEnqueue) {
        becomeDue();
        if (!added.isEmpty())
            m_flushTimer.start();
        if (committed)
            committed(ids);
        return;
    }
    commit(true, [this, ids, added, becomeDue, committed](bool ok) {
        if (ok) {
            becomeDue();
        } else {
            // Nothing of it is on disk: it was never queued.
            for (qint64 id : added) {
                for (auto it = m_origins.begin(); it != m_origins.end();) {
                    if (it.value() == id)
                        it = m_origins.erase(it);
                    else
                        ++it;
                }
                m_entries.erase(id);
            }
        }
        if (committed)
            committed(ok ? std::optional(ids) : std::nullopt);
    });
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
        // Not written: an entry active when the process died is queued again on restart anyway, so the
        // row keeps saying queued (or deferred) until the attempt has an outcome.
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
        setState(*e, State::Delivered);
        e->lastError.clear();
        e->nextAttemptMs = 0;
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
    m_queued.erase({e->nextAttemptMs, id});
    m_deferred.erase({e->nextAttemptMs, id});
    e->nextAttemptMs = nowMs + delay;
    e->lastError = error;
    setState(*e, State::Deferred);
    touched(*e);
    emitChanged(*e);
    return true;
}

void Spool::markBounced(qint64 id, const QString &error)
{
    if (Entry *e = live(id)) {
        setState(*e, State::Bounced);
        e->lastError = error;
        e->nextAttemptMs = 0;
        touched(*e);
        emitChanged(*e);
    }
}

int Spool::resume()
{
    int waiting = 0;
    for (auto &[id, e] : m_entries) {
        if (e.isFinished() || m_unwritten.contains(id))
            continue;
        if (e.state == State::Active) { // written by an older MailFlow, which stored the active state
            setState(e, State::Queued);
            touched(e);
        }
        emitChanged(e);
        ++waiting;
    }
    return waiting;
}

std::optional<Spool::Entry> Spool::entry(qint64 id) const
{
    if (const auto it = m_entries.find(id); it != m_entries.end())
        return it->second;
    waitForWrites();
    return m_table.read(id, true);
}

std::optional<Spool::Entry> Spool::entryHeader(qint64 id) const
{
    if (const auto it = m_entries.find(id); it != m_entries.end()) {
        Entry header = it->second;
        header.data = QByteArray();
        return header;
    }
    waitForWrites();
    return m_table.read(id, false);
}

QList<Spool::Entry> Spool::entries() const
{
    waitForWrites();
    return m_table.readAll();
}

int Spool::countIn(State state) const
{
    waitForWrites();
    return m_table.countIn(state);
}

void Spool::waitForWrites() const
{
    const_cast<Spool *>(this)->flush();
    m_writer->drain();
}

void Spool::commit(bool durable, SqliteWriter::Done done)
{
    m_flushTimer.stop();
    QList<std::pair<Entry, QString>> inserts;
    QList<Entry> updates;
    for (auto it = m_unwritten.cbegin(); it != m_unwritten.cend(); ++it)
        inserts.append({m_entries[it.key()], it.value()});
    for (qint64 id : std::as_const(m_dirty))
        updates.append(m_entries[id]);
    // Finished entries leave memory once they are handed over (a later read waits for the writer).
    auto forget = [this](qint64 id) {
        if (const auto it = m_entries.find(id); it != m_entries.end() && it->second.isFinished())
            m_entries.erase(it);
    };
    for (auto it = m_unwritten.cbegin(); it != m_unwritten.cend(); ++it)
        forget(it.key());
    for (qint64 id : std::as_const(m_dirty))
        forget(id);
    m_unwritten.clear();
    m_dirty.clear();
    if (inserts.isEmpty() && updates.isEmpty() && !done)
        return;
    m_writer->write([inserts, updates](SqliteFile &file) {
        for (const auto &[entry, origin] : inserts)
            if (!SpoolTable::insert(file, entry, origin))
                return false;
        for (const Entry &entry : updates)
            if (!SpoolTable::update(file, entry))
                return false;
        return true;
    }, durable, this, std::move(done));
}

void Spool::flush()
{
    commit(false);
}

} // namespace mf
