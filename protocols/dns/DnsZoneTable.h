#pragma once

#include "DnsZone.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace mf {

// Authoritative zone data kept in one SQLite table, one row per record, so that it can be edited while
// the server runs (the GUI's DNS inspector edits it with a QSqlTableModel) and the next query sees the
// change. Columns: zone (the apex, "b.example"), name (absolute owner, "mx.b.example"), type ("A",
// "AAAA", "MX", "NS", "CNAME", "TXT"), preference (MX only), value (the address, the host, or the text; "."
// for a null MX) and ttl. Rows that do not make a valid record are skipped, with the reason.
class DnsZoneTable
{
public:
    // `db` is an open SQLite connection; the table lives in it.
    explicit DnsZoneTable(QSqlDatabase db) : m_db(std::move(db)) {}

    static QString tableName() { return QStringLiteral("dns_records"); }
    enum Column { Id, Zone, Name, Type, Preference, Value, Ttl };

    bool create(QString *error = nullptr);
    // Replaces every row with the records of `zones` (their SOA stays the default one).
    bool replaceAll(const QList<DnsZone> &zones, QString *error = nullptr);
    // The zones as the table holds them now. `problems` gets one sentence per row skipped.
    QList<DnsZone> zones(QStringList *problems = nullptr) const;

private:
    QSqlDatabase m_db;
};

} // namespace mf
