#include "SqliteFile.h"

#include <QSqlError>
#include <QSqlQuery>

namespace mf {

SqliteFile::SqliteFile(QString path, QString connectionName)
    : m_path(std::move(path)), m_connectionName(std::move(connectionName))
{
}

SqliteFile::~SqliteFile()
{
    m_prepared.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool SqliteFile::open(Sync sync, QString *error)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    if (!m_db.open()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery(m_db).exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    setSync(sync);
    return true;
}

QSqlQuery &SqliteFile::prepared(const QString &sql) const
{
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(sql);
        it = m_prepared.insert(sql, q);
    }
    return *it;
}

void SqliteFile::setSync(Sync sync)
{
    QSqlQuery(m_db).exec(sync == Sync::Full ? QStringLiteral("PRAGMA synchronous=FULL")
                                            : QStringLiteral("PRAGMA synchronous=NORMAL"));
}

} // namespace mf
