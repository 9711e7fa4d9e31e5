#include "Spool.h"

#include <QJsonArray>
#include <algorithm>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace mf {

namespace {

// The message bytes come last, and only when asked for: bookkeeping never reads them.
const char *const kHeaderColumns = "id, flow, sender, recipients, state, attempts, created_ms, next_attempt_ms, last_error";
const char *const kColumns = "id, flow, sender, recipients, state, attempts, created_ms, next_attempt_ms, last_error, data";

QString recipientStateName(Spool::RecipientState s)
{
    switch (s) {
    case Spool::RecipientState::Pending: return QStringLiteral("pending");
    case Spool::RecipientState::Delivered: return QStringLiteral("delivered");
    case Spool::RecipientState::Failed: return QStringLiteral("failed");
    }
    return {};
}

QByteArray encodeRecipients(const QList<Spool::Recipient> &recipients)
{
    QJsonArray arr;
    for (const auto &r : recipients) {
        arr.append(QJsonObject{{QStringLiteral("address"), r.address},
                               {QStringLiteral("state"), recipientStateName(r.state)},
                               {QStringLiteral("reply"), r.lastReply}});
    }
    return QJsonDocument(arr).toJson(QJsonDocument::Compact);
}

QList<Spool::Recipient> decodeRecipients(const QByteArray &json)
{
    QList<Spool::Recipient> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(json).array()) {
        const QJsonObject o = v.toObject();
        Spool::Recipient r;
        r.address = o.value(QStringLiteral("address")).toString();
        const QString s = o.value(QStringLiteral("state")).toString();
        r.state = s == QLatin1String("delivered") ? Spool::RecipientState::Delivered
            : s == QLatin1String("failed")        ? Spool::RecipientState::Failed
                                                  : Spool::RecipientState::Pending;
        r.lastReply = o.value(QStringLiteral("reply")).toString();
        out << r;
    }
    return out;
}

// SQLite binds a null QString as NULL; the text columns are NOT NULL, and "" means the null sender.
QString nonNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

QList<QString> Spool::Entry::pendingRecipients() const
{
    QList<QString> out;
    for (const auto &r : recipients)
        if (r.state == RecipientState::Pending)
            out << r.address;
    return out;
}

Spool::Spool(QString path, QString connectionName, RetryPolicy policy, QObject *parent)
    : QObject(parent), m_file(std::move(path), std::move(connectionName)), m_policy(policy)
{
}

Spool::~Spool() = default;

bool Spool::open(QString *error)
{
    if (!m_file.open(SqliteFile::Sync::Normal, error))
        return false;
    QSqlQuery q(m_file.db());
    const bool ok = q.exec(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS spool ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " flow TEXT NOT NULL,"
        " sender TEXT NOT NULL,"
        " recipients TEXT NOT NULL,"
        " data BLOB NOT NULL,"
        " state TEXT NOT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " created_ms INTEGER NOT NULL,"
        " next_attempt_ms INTEGER NOT NULL,"
        " last_error TEXT NOT NULL DEFAULT '',"
        " origin TEXT)"));
    if (!ok) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return migrate(error);
}

// Files written before the origin column existed get it now; the indexes make takeDue and the origin
// check lookups instead of table scans.
bool Spool::migrate(QString *error)
{
    QSqlQuery q(m_file.db());
    bool hasOrigin = false;
    q.exec(QStringLiteral("PRAGMA table_info(spool)"));
    while (q.next())
        hasOrigin = hasOrigin || q.value(1).toString() == QLatin1String("origin");
    const QStringList statements = {
        hasOrigin ? QString() : QStringLiteral("ALTER TABLE spool ADD COLUMN origin TEXT"),
        QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS spool_origin ON spool(origin) WHERE origin IS NOT NULL"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS spool_due ON spool(state, next_attempt_ms)"),
    };
    for (const QString &sql : statements) {
        if (!sql.isEmpty() && !q.exec(sql)) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

QString Spool::stateName(State state)
{
    switch (state) {
    case State::Queued: return QStringLiteral("queued");
    case State::Active: return QStringLiteral("active");
    case State::Deferred: return QStringLiteral("deferred");
    case State::Delivered: return QStringLiteral("delivered");
    case State::Bounced: return QStringLiteral("bounced");
    }
    return {};
}

Spool::Entry Spool::readEntry(const QSqlQuery &q, bool withData)
{
    Entry e;
    e.id = q.value(0).toLongLong();
    e.flow = q.value(1).toString();
    e.sender = q.value(2).toString();
    e.recipients = decodeRecipients(q.value(3).toByteArray());
    const QString s = q.value(4).toString();
    for (State st : {State::Queued, State::Active, State::Deferred, State::Delivered, State::Bounced})
        if (stateName(st) == s)
            e.state = st;
    e.attempts = q.value(5).toInt();
    e.createdMs = q.value(6).toLongLong();
    e.nextAttemptMs = q.value(7).toLongLong();
    e.lastError = q.value(8).toString();
    if (withData)
        e.data = q.value(9).toByteArray();
    return e;
}

void Spool::setSynchronous(bool full)
{
    m_file.setSync(full ? SqliteFile::Sync::Full : SqliteFile::Sync::Normal);
}

bool Spool::insert(const NewEntry &entry, qint64 nowMs, qint64 *id, bool *duplicate)
{
    QList<Recipient> rcpts;
    for (const QString &r : entry.recipients)
        rcpts << Recipient{r, RecipientState::Pending, {}};
    // The origin's unique index makes a second insert with the same origin a no-op in the same statement
    // (and so the same transaction) that would have stored the entry.
    QSqlQuery &q = m_file.prepared(QStringLiteral("INSERT OR IGNORE INTO spool(flow, sender, recipients, data, state, created_ms, next_attempt_ms, origin)"
                                                  " VALUES(?, ?, ?, ?, 'queued', ?, ?, ?)"));
    q.addBindValue(nonNull(entry.flow));
    q.addBindValue(nonNull(entry.sender));
    q.addBindValue(encodeRecipients(rcpts));
    q.addBindValue(entry.data);
    q.addBindValue(nowMs);
    q.addBindValue(nowMs);
    q.addBindValue(entry.origin.isEmpty() ? QVariant() : QVariant(entry.origin));
    if (!q.exec())
        return false;
    *duplicate = q.numRowsAffected() == 0;
    *id = *duplicate ? idForOrigin(entry.origin) : q.lastInsertId().toLongLong();
    return true;
}

qint64 Spool::enqueue(const QString &flow, const QString &sender, const QStringList &recipients,
                      const QByteArray &data, qint64 nowMs, const QString &origin, bool *duplicate)
{
    bool dup = false;
    qint64 id = 0;
    if (m_durableEnqueue)
        setSynchronous(true);
    const bool ok = insert(NewEntry{flow, sender, recipients, data, origin}, nowMs, &id, &dup);
    if (m_durableEnqueue)
        setSynchronous(false);
    if (duplicate)
        *duplicate = dup;
    if (!ok)
        return 0;
    if (!dup)
        emitChanged(id);
    return id;
}

std::optional<QList<qint64>> Spool::enqueueAll(const QList<NewEntry> &entries, qint64 nowMs)
{
    QList<qint64> ids;
    QList<bool> duplicates;
    if (m_durableEnqueue)
        setSynchronous(true);
    bool ok = m_file.db().transaction();
    for (const NewEntry &e : entries) {
        qint64 id = 0;
        bool dup = false;
        ok = ok && insert(e, nowMs, &id, &dup);
        ids << (dup ? 0 : id);
        duplicates << dup;
    }
    ok = ok && m_file.db().commit();
    if (!ok)
        m_file.db().rollback();
    if (m_durableEnqueue)
        setSynchronous(false);
    if (!ok)
        return std::nullopt;
    for (qint64 id : std::as_const(ids))
        if (id != 0)
            emitChanged(id);
    return ids;
}

qint64 Spool::idForOrigin(const QString &origin) const
{
    if (origin.isEmpty())
        return 0;
    QSqlQuery &q = m_file.prepared(QStringLiteral("SELECT id FROM spool WHERE origin = ?"));
    q.addBindValue(origin);
    const qint64 id = q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return id;
}

bool Spool::hasQueued() const
{
    QSqlQuery &q = m_file.prepared(QStringLiteral("SELECT 1 FROM spool WHERE state = 'queued' LIMIT 1"));
    const bool queued = q.exec() && q.next();
    q.finish();
    return queued;
}

int Spool::highestRootFlowNumber() const
{
    int highest = 0;
    QSqlQuery q(m_file.db());
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT DISTINCT flow FROM spool WHERE flow LIKE 'm%'"));
    while (q.next()) {
        const QString flow = q.value(0).toString();
        bool ok = false;
        const int n = flow.mid(1).section(QLatin1Char('.'), 0, 0).toInt(&ok);
        if (ok)
            highest = qMax(highest, n);
    }
    return highest;
}

QList<Spool::Entry> Spool::takeDue(qint64 nowMs, int limit)
{
    QList<Entry> due;
    m_file.db().transaction();
    // Two index searches (queued; deferred and due) instead of one OR, which SQLite answers by reading
    // and sorting every queued row, bytes included, on each pass.
    for (const QString &where : {QStringLiteral("state = 'queued'"),
                                 QStringLiteral("state = 'deferred' AND next_attempt_ms <= :now")}) {
        QSqlQuery q(m_file.db());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT %1 FROM spool WHERE %2 ORDER BY next_attempt_ms, id LIMIT :limit")
                      .arg(QLatin1String(kColumns), where));
        if (where.contains(QLatin1String(":now")))
            q.bindValue(QStringLiteral(":now"), nowMs);
        q.bindValue(QStringLiteral(":limit"), limit > 0 ? limit : -1);
        q.exec();
        while (q.next())
            due << readEntry(q, true);
    }
    std::sort(due.begin(), due.end(), [](const Entry &a, const Entry &b) {
        return a.nextAttemptMs != b.nextAttemptMs ? a.nextAttemptMs < b.nextAttemptMs : a.id < b.id;
    });
    if (limit > 0 && due.size() > limit)
        due.resize(limit);
    {
        QSqlQuery &q = m_file.prepared(QStringLiteral("UPDATE spool SET state = 'active', attempts = attempts + 1 WHERE id = ?"));
        for (Entry &e : due) {
            q.bindValue(0, e.id);
            q.exec();
            e.state = State::Active;
            ++e.attempts;
        }
    }
    m_file.db().commit();
    for (const Entry &e : due) {
        Entry header = e;
        header.data.clear();
        emit changed(header);
    }
    return due;
}

qint64 Spool::nextRetryMs() const
{
    QSqlQuery &q = m_file.prepared(QStringLiteral("SELECT MIN(next_attempt_ms) FROM spool WHERE state = 'deferred'"));
    const qint64 next = q.exec() && q.next() && !q.value(0).isNull() ? q.value(0).toLongLong() : -1;
    q.finish();
    return next;
}

void Spool::setRecipientState(qint64 id, const QString &address, RecipientState state, const QString &reply)
{
    auto e = entryHeader(id);
    if (!e)
        return;
    for (Recipient &r : e->recipients) {
        if (r.address.compare(address, Qt::CaseInsensitive) == 0) {
            r.state = state;
            r.lastReply = reply;
        }
    }
    QSqlQuery &q = m_file.prepared(QStringLiteral("UPDATE spool SET recipients = ? WHERE id = ?"));
    q.addBindValue(encodeRecipients(e->recipients));
    q.addBindValue(id);
    if (q.exec())
        emit changed(*e); // what was just written: no need to read it back
}

bool Spool::setState(qint64 id, State state, const QString &error, qint64 nextAttempt, bool countAttempt)
{
    QSqlQuery &q = m_file.prepared(QStringLiteral("UPDATE spool SET state = ?, last_error = ?, next_attempt_ms = ?, attempts = attempts + ?"
                                                  " WHERE id = ?"));
    q.addBindValue(stateName(state));
    q.addBindValue(nonNull(error));
    q.addBindValue(nextAttempt);
    q.addBindValue(countAttempt ? 1 : 0);
    q.addBindValue(id);
    const bool ok = q.exec();
    emitChanged(id);
    return ok;
}

void Spool::markDelivered(qint64 id)
{
    setState(id, State::Delivered, {}, 0, false);
}

bool Spool::markDeferred(qint64 id, const QString &error, qint64 nowMs)
{
    const auto e = entryHeader(id);
    if (!e)
        return false;
    const qint64 age = nowMs - e->createdMs;
    if (age >= m_policy.maximalLifetimeMs) {
        setState(id, State::Bounced, error + QStringLiteral(" (gave up: queue lifetime over)"), 0, false);
        return false;
    }
    // Postfix qmgr: the delay grows with the message's age, within [minimal, maximal] backoff.
    const qint64 delay = qBound(m_policy.minimalBackoffMs, age, m_policy.maximalBackoffMs);
    setState(id, State::Deferred, error, nowMs + delay, false);
    return true;
}

void Spool::markBounced(qint64 id, const QString &error)
{
    setState(id, State::Bounced, error, 0, false);
}

int Spool::resume()
{
    QList<qint64> ids;
    {
        QSqlQuery q(m_file.db());
        q.exec(QStringLiteral("SELECT id FROM spool WHERE state = 'active'"));
        while (q.next())
            ids << q.value(0).toLongLong();
    }
    for (qint64 id : ids) {
        const auto e = entryHeader(id);
        setState(id, State::Queued, e ? e->lastError : QString(), e ? e->nextAttemptMs : 0, false);
    }
    return int(ids.size());
}

std::optional<Spool::Entry> Spool::entry(qint64 id) const
{
    QSqlQuery &q = m_file.prepared(QStringLiteral("SELECT %1 FROM spool WHERE id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(id);
    std::optional<Entry> e;
    if (q.exec() && q.next())
        e = readEntry(q, true);
    q.finish();
    return e;
}

std::optional<Spool::Entry> Spool::entryHeader(qint64 id) const
{
    QSqlQuery &q = m_file.prepared(QStringLiteral("SELECT %1 FROM spool WHERE id = ?").arg(QLatin1String(kHeaderColumns)));
    q.addBindValue(id);
    std::optional<Entry> e;
    if (q.exec() && q.next())
        e = readEntry(q, false);
    q.finish();
    return e;
}

QList<Spool::Entry> Spool::entries() const
{
    QList<Entry> out;
    QSqlQuery q(m_file.db());
    q.exec(QStringLiteral("SELECT %1 FROM spool ORDER BY id").arg(QLatin1String(kColumns)));
    while (q.next())
        out << readEntry(q, true);
    return out;
}

int Spool::countIn(State state) const
{
    QSqlQuery q(m_file.db());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM spool WHERE state = ?"));
    q.addBindValue(stateName(state));
    q.exec();
    return q.next() ? q.value(0).toInt() : 0;
}

void Spool::emitChanged(qint64 id)
{
    if (const auto e = entryHeader(id))
        emit changed(*e);
}

} // namespace mf
