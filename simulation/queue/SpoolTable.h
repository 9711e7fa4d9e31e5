#pragma once

#include "SpoolEntry.h"
#include "store/SqliteFile.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace mf {

// The spool's SQLite table: schema, migration and whole-row reads and writes. Knows nothing of queue
// semantics (Spool.cpp): it stores what it is given.
class SpoolTable
{
public:
    SpoolTable(QString path, QString connectionName);

    bool open(QString *error);
    SqliteFile &file() { return m_file; }
    const SqliteFile &file() const { return m_file; }

    // What open() found: the entries still to deliver (queued, active, deferred; bytes included), every
    // origin with its id, the highest id ever given (AUTOINCREMENT's, so ids are never reused) and the
    // highest root flow number.
    struct Contents {
        QList<SpoolEntry> live;
        QHash<QString, qint64> origins;
        qint64 highestId = 0;
        int highestRootFlow = 0;
    };
    std::optional<Contents> load(QString *error) const;

    // Within a transaction the caller opened on `file` (this table's file, or a SqliteWriter's connection
    // to it): a new row (with its id), or the new state of an existing row.
    static bool insert(SqliteFile &file, const SpoolEntry &entry, const QString &origin);
    static bool update(SqliteFile &file, const SpoolEntry &entry);

    std::optional<SpoolEntry> read(qint64 id, bool withData) const;
    QList<SpoolEntry> readAll() const;
    int countIn(SpoolEntry::State state) const;

    static QString stateName(SpoolEntry::State state);

private:
    bool migrate(QString *error);

    SqliteFile m_file;
};

} // namespace mf
