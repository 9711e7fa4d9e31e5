#include "Spool.h"

#include <QDebug>
#include <QSqlError>

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
    : QObject(parent), m_table(std::move(path), std::move(connectionName)), m_policy(policy)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &Spool::flush);
}

Spool::~Spool()
{
    flush();
}

bool Spool::open(QString *error)
{
    if (!m_table.open(error))
        return false;
    const auto contents = m_table.load(error);
    if (!contents)
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
                      const QByteArray &data, qint64 nowMs, const QString &origin, bool *duplicate)
{
    const auto ids = enqueueAll({NewEntry{flow, sender, recipients, data, origin}}, nowMs);
    const qint64 id = ids ? ids->value(0) : 0;
    if (duplicate)
        *duplicate = ids && id == 0;
    if (ids && id == 0)
        return idForOrigin(origin);
    return id;
}

std::optional<QList<qint64>> Spool::enqueueAll(const QList<NewEntry> &entries, qint64 nowMs)
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
        m_queued.insert({e.nextAttemptMs, e.id});
        m_unwritten.insert(e.id, n.origin);
        if (!n.origin.isEmpty())
            m_origins.insert(n.origin, e.id);
        ids << e.id;
        added << e.id;
    }
    if (added.isEmpty())
        return ids;
    // Durable: committed now, with whatever bookkeeping was pending. Otherwise with this pass's bookkeeping.
    if (!m_durableEnqueue) {
        m_flushTimer.start();
    } else if (!commit(true)) {
        for (qint64 id : std::as_const(added)) {
            const Entry &e = m_entries[id];
            m_queued.erase({e.nextAttemptMs, id});
            m_origins.remove(m_unwritten.value(id));
            m_unwritten.remove(id);
            m_entries.erase(id);
        }
        return std::nullopt;
    }
    for (qint64 id : std::as_const(added)) {
        const Entry &e = m_entries[id];
        m_highestRootFlow = qMax(m_highestRootFlow, rootFlowNumber(e.flow));
        emitChanged(e);
    }
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
    return m_table.read(id, true);
}

std::optional<Spool::Entry> Spool::entryHeader(qint64 id) const
{
    if (const auto it = m_entries.find(id); it != m_entries.end()) {
        Entry header = it->second;
        header.data = QByteArray();
        return header;
    }
    return m_table.read(id, false);
}

QList<Spool::Entry> Spool::entries() const
{
    const_cast<Spool *>(this)->flush();
    return m_table.readAll();
}

int Spool::countIn(State state) const
{
    const_cast<Spool *>(this)->flush();
    return m_table.countIn(state);
}

bool Spool::writePending()
{
    for (auto it = m_unwritten.cbegin(); it != m_unwritten.cend(); ++it)
        if (!m_table.insert(m_entries[it.key()], it.value()))
            return false;
    for (qint64 id : std::as_const(m_dirty))
        if (!m_table.update(m_entries[id]))
            return false;
    return true;
}

bool Spool::commit(bool durable)
{
    m_flushTimer.stop();
    if (m_unwritten.isEmpty() && m_dirty.isEmpty())
        return true;
    SqliteFile &file = m_table.file();
    if (durable)
        file.setSync(SqliteFile::Sync::Full);
    bool ok = file.db().transaction() && writePending() && file.db().commit();
    if (!ok) {
        qWarning().noquote() << "spool: cannot commit:" << file.db().lastError().text();
        file.db().rollback();
    }
    if (durable)
        file.setSync(SqliteFile::Sync::Normal);
    if (!ok)
        return false;
    // Finished entries leave memory once they are on disk.
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
    return true;
}

bool Spool::flush()
{
    const bool ok = commit(false);
    if (!ok)
        m_flushTimer.start(1000); // the disk may come back; nothing is forgotten meanwhile
    return ok;
}

} // namespace mf
