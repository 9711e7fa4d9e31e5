#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace mf {

// One SQLite file of the world (spool, alias table...) opened under a connection name of its own, in WAL
// mode, and closed and unregistered when destroyed.
class SqliteFile
{
public:
    // FULL: every commit is fsync'd (what must survive a crash before a reply is sent).
    // NORMAL: commits survive a process crash, not necessarily a power cut (bookkeeping).
    enum class Sync { Full, Normal };

    SqliteFile(QString path, QString connectionName);
    ~SqliteFile();
    SqliteFile(const SqliteFile &) = delete;
    SqliteFile &operator=(const SqliteFile &) = delete;

    bool open(Sync sync, QString *error);
    // Changes the durability of the following commits.
    void setSync(Sync sync);
    QSqlDatabase &db() { return m_db; }
    const QSqlDatabase &db() const { return m_db; }
    // A statement prepared once and reused (SQLite parses each SQL text once per connection, not per
    // call). Bind, exec, read, then finish() a SELECT so it holds no read transaction open.
    QSqlQuery &prepared(const QString &sql) const;

private:
    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    mutable QHash<QString, QSqlQuery> m_prepared;
};

} // namespace mf
