#include "SpoolTable.h"

#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace mf {

namespace {

using State = SpoolEntry::State;
using RecipientState = SpoolEntry::RecipientState;

// The message bytes come last, and only when asked for: bookkeeping never reads them.
const char *const kHeaderColumns = "id, flow, sender, recipients, state, attempts, created_ms, next_attempt_ms, last_error";
const char *const kColumns = "id, flow, sender, recipients, state, attempts, created_ms, next_attempt_ms, last_error, data";

QString recipientStateName(RecipientState s)
{
    switch (s) {
    case RecipientState::Pending: return QStringLiteral("pending");
    case RecipientState::Delivered: return QStringLiteral("delivered");
    case RecipientState::Failed: return QStringLiteral("failed");
    }
    return {};
}

// A JSON string (RFC 8259 §7): quotation mark, reverse solidus and control characters escaped.
void appendJsonString(QByteArray &out, const QString &text)
{
    out += '"';
    for (const char c : text.toUtf8()) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (uchar(c) < 0x20) {
                out += "\\u00";
                out += "0123456789abcdef"[uchar(c) >> 4];
                out += "0123456789abcdef"[uchar(c) & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

// [{"address": ..., "state": ..., "reply": ...}, ...], written by hand: it is rewritten at every step of
// a message and QJsonDocument costs several times more.
QByteArray encodeRecipients(const QList<SpoolEntry::Recipient> &recipients)
{
    QByteArray out;
    out.reserve(64 * recipients.size() + 2);
    out += '[';
    for (qsizetype i = 0; i < recipients.size(); ++i) {
        const auto &r = recipients[i];
        out += i == 0 ? "{\"address\":" : ",{\"address\":";
        appendJsonString(out, r.address);
        out += ",\"state\":\"";
        out += recipientStateName(r.state).toLatin1();
        out += "\",\"reply\":";
        appendJsonString(out, r.lastReply);
        out += '}';
    }
    out += ']';
    return out;
}

QList<SpoolEntry::Recipient> decodeRecipients(const QByteArray &json)
{
    QList<SpoolEntry::Recipient> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(json).array()) {
        const QJsonObject o = v.toObject();
        SpoolEntry::Recipient r;
        r.address = o.value(QStringLiteral("address")).toString();
        const QString s = o.value(QStringLiteral("state")).toString();
        r.state = s == QLatin1String("delivered") ? RecipientState::Delivered
            : s == QLatin1String("failed")        ? RecipientState::Failed
                                                  : RecipientState::Pending;
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

// An entry in the middle of an attempt is stored as queued: after a crash it is simply tried again.
QString storedStateName(State state)
{
    return SpoolTable::stateName(state == State::Active ? State::Queued : state);
}

SpoolEntry readRow(const QSqlQuery &q, bool withData)
{
    SpoolEntry e;
    e.id = q.value(0).toLongLong();
    e.flow = q.value(1).toString();
    e.sender = q.value(2).toString();
    e.recipients = decodeRecipients(q.value(3).toByteArray());
    const QString s = q.value(4).toString();
    for (State st : {State::Queued, State::Active, State::Deferred, State::Delivered, State::Bounced})
        if (SpoolTable::stateName(st) == s)
            e.state = st;
    e.attempts = q.value(5).toInt();
    e.createdMs = q.value(6).toLongLong();
    e.nextAttemptMs = q.value(7).toLongLong();
    e.lastError = q.value(8).toString();
    if (withData)
        e.data = q.value(9).toByteArray();
    return e;
}


} // namespace

SpoolTable::SpoolTable(QString path, QString connectionName) : m_file(std::move(path), std::move(connectionName)) {}

QString SpoolTable::stateName(State state)
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

bool SpoolTable::open(QString *error)
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

// Files written before the origin column existed get it now; the index makes the origin unique.
bool SpoolTable::migrate(QString *error)
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

std::optional<SpoolTable::Contents> SpoolTable::load(QString *error) const
{
    Contents c;
    QSqlQuery q(m_file.db());
    q.setForwardOnly(true);
    auto fail = [&] {
        if (error)
            *error = q.lastError().text();
        return std::nullopt;
    };
    if (!q.exec(QStringLiteral("SELECT %1 FROM spool WHERE state IN ('queued', 'active', 'deferred') ORDER BY id")
                    .arg(QLatin1String(kColumns))))
        return fail();
    while (q.next())
        c.live << readRow(q, true);
    if (!q.exec(QStringLiteral("SELECT origin, id FROM spool WHERE origin IS NOT NULL")))
        return fail();
    while (q.next())
        c.origins.insert(q.value(0).toString(), q.value(1).toLongLong());
    if (!q.exec(QStringLiteral("SELECT MAX(id) FROM spool")))
        return fail();
    if (q.next())
        c.highestId = q.value(0).toLongLong();
    // AUTOINCREMENT remembers ids of rows since deleted.
    if (q.exec(QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name = 'spool'")) && q.next())
        c.highestId = qMax(c.highestId, q.value(0).toLongLong());
    if (!q.exec(QStringLiteral("SELECT DISTINCT flow FROM spool WHERE flow LIKE 'm%'")))
        return fail();
    while (q.next())
        c.highestRootFlow = qMax(c.highestRootFlow, rootFlowNumber(q.value(0).toString()));
    return c;
}

bool SpoolTable::insert(SqliteFile &file, const SpoolEntry &e, const QString &origin)
{
    QSqlQuery &q = file.prepared(QStringLiteral(
        "INSERT INTO spool(id, flow, sender, recipients, data, state, attempts, created_ms, next_attempt_ms, last_error, origin)"
        " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(e.id);
    q.addBindValue(nonNull(e.flow));
    q.addBindValue(nonNull(e.sender));
    q.addBindValue(encodeRecipients(e.recipients));
    q.addBindValue(e.data);
    q.addBindValue(storedStateName(e.state));
    q.addBindValue(e.attempts);
    q.addBindValue(e.createdMs);
    q.addBindValue(e.nextAttemptMs);
    q.addBindValue(nonNull(e.lastError));
    q.addBindValue(origin.isEmpty() ? QVariant() : QVariant(origin));
    if (q.exec())
        return true;
    qWarning().noquote() << "spool: cannot store entry" << e.id << "in" << file.db().databaseName() << ":" << q.lastError().text();
    return false;
}

bool SpoolTable::update(SqliteFile &file, const SpoolEntry &e)
{
    QSqlQuery &q = file.prepared(QStringLiteral(
        "UPDATE spool SET recipients = ?, state = ?, attempts = ?, next_attempt_ms = ?, last_error = ? WHERE id = ?"));
    q.addBindValue(encodeRecipients(e.recipients));
    q.addBindValue(storedStateName(e.state));
    q.addBindValue(e.attempts);
    q.addBindValue(e.nextAttemptMs);
    q.addBindValue(nonNull(e.lastError));
    q.addBindValue(e.id);
    if (q.exec())
        return true;
    qWarning().noquote() << "spool: cannot update entry" << e.id << "in" << file.db().databaseName() << ":" << q.lastError().text();
    return false;
}

std::optional<SpoolEntry> SpoolTable::read(qint64 id, bool withData) const
{
    QSqlQuery &q = m_file.prepared(QStringLiteral("SELECT %1 FROM spool WHERE id = ?")
                                       .arg(QLatin1String(withData ? kColumns : kHeaderColumns)));
    q.addBindValue(id);
    std::optional<SpoolEntry> e;
    if (q.exec() && q.next())
        e = readRow(q, withData);
    q.finish();
    return e;
}

QList<SpoolEntry> SpoolTable::readAll() const
{
    QList<SpoolEntry> out;
    QSqlQuery q(m_file.db());
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT %1 FROM spool ORDER BY id").arg(QLatin1String(kColumns)));
    while (q.next())
        out << readRow(q, true);
    return out;
}

int SpoolTable::countIn(State state) const
{
    QSqlQuery q(m_file.db());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM spool WHERE state = ?"));
    q.addBindValue(stateName(state));
    q.exec();
    return q.next() ? q.value(0).toInt() : 0;
}

} // namespace mf
