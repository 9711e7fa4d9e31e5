#include "SqliteMessageStore.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace mf {

namespace {

QString uniqueConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("mailflow-message-store-%1").arg(++counter);
}

} // namespace

SqliteMessageStore::SqliteMessageStore(QString path, QObject *parent)
    : QObject(parent), m_path(std::move(path)), m_connectionName(uniqueConnectionName())
{
}

SqliteMessageStore::~SqliteMessageStore()
{
    if (!m_pending.empty())
        flush(); // never drop a message that a session is waiting for
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool SqliteMessageStore::open()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        m_error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    const QStringList statements = {
        QStringLiteral("PRAGMA journal_mode=WAL"),
        // FULL: the WAL is fsync'd at every commit, so a COMMIT that returned survives a crash or power loss.
        QStringLiteral("PRAGMA synchronous=FULL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS messages ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " mail_from TEXT NOT NULL,"
                       " recipients TEXT NOT NULL,"
                       " data BLOB NOT NULL,"
                       " received_at TEXT NOT NULL,"
                       " size INTEGER NOT NULL,"
                       " helo TEXT, peer TEXT, auth_user TEXT, tls INTEGER)"),
    };
    for (const QString &s : statements) {
        if (!q.exec(s)) {
            m_error = q.lastError().text();
            return false;
        }
    }
    return true;
}

void SqliteMessageStore::commit(const smtp::SmtpMessage &message, Done done)
{
    m_pending.push_back(Pending{message, std::move(done)});
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &SqliteMessageStore::flush, Qt::QueuedConnection);
    }
}

void SqliteMessageStore::flush()
{
    m_flushScheduled = false;
    if (m_pending.empty())
        return;
    std::vector<Pending> batch = std::exchange(m_pending, {});
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QList<qint64> ids;
    bool ok = db.isOpen() && db.transaction();
    if (ok) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO messages (mail_from, recipients, data, received_at, size, helo, peer,"
                                 " auth_user, tls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const Pending &p : batch) {
            const smtp::SmtpMessage &m = p.message;
            q.addBindValue(QString::fromUtf8(m.mailFrom));
            q.addBindValue(QString::fromUtf8(m.recipients.join('\n')));
            q.addBindValue(m.data);
            q.addBindValue(m.receivedAt.toString(Qt::ISODate));
            q.addBindValue(m.data.size());
            q.addBindValue(QString::fromUtf8(m.helo));
            q.addBindValue(m.peerAddress.toString());
            q.addBindValue(QString::fromUtf8(m.authUser));
            q.addBindValue(m.tls ? 1 : 0);
            if (!q.exec()) {
                m_error = q.lastError().text();
                ok = false;
                break;
            }
            ids.append(q.lastInsertId().toLongLong());
        }
        if (ok && !db.commit()) {
            m_error = db.lastError().text();
            ok = false;
        }
        if (!ok)
            db.rollback();
    } else if (m_error.isEmpty()) {
        m_error = db.lastError().text();
    }
    ++m_transactions;
    if (ok)
        emit committed(ids);
    for (size_t i = 0; i < batch.size(); ++i) {
        if (!batch[i].done)
            continue;
        if (ok)
            batch[i].done(smtp::CommitResult::accepted(QByteArray::number(ids[qsizetype(i)])));
        else
            batch[i].done(smtp::CommitResult::failed(451, "4.3.0", "Error: could not store the message"));
    }
}

SqliteMessageStore::StoredMessage SqliteMessageStore::fromQuery(const QSqlQuery &q)
{
    StoredMessage m;
    m.id = q.value(0).toLongLong();
    m.mailFrom = q.value(1).toString().toUtf8();
    const QString rcpts = q.value(2).toString();
    for (const QString &r : rcpts.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        m.recipients.append(r.toUtf8());
    m.data = q.value(3).toByteArray();
    m.receivedAt = QDateTime::fromString(q.value(4).toString(), Qt::ISODate);
    m.size = q.value(5).toLongLong();
    return m;
}

int SqliteMessageStore::messageCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM messages")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

QList<SqliteMessageStore::StoredMessage> SqliteMessageStore::messages() const
{
    QList<StoredMessage> out;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("SELECT id, mail_from, recipients, data, received_at, size FROM messages ORDER BY id")))
        return out;
    while (q.next())
        out.append(fromQuery(q));
    return out;
}

std::optional<SqliteMessageStore::StoredMessage> SqliteMessageStore::message(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT id, mail_from, recipients, data, received_at, size FROM messages WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return fromQuery(q);
}

} // namespace mf
