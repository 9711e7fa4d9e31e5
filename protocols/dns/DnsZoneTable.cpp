#include "DnsZoneTable.h"

#include <QSqlError>
#include <algorithm>
#include <QSqlQuery>

namespace mf {

namespace {

QString typeName(quint16 type)
{
    switch (type) {
    case DnsType::A: return QStringLiteral("A");
    case DnsType::AAAA: return QStringLiteral("AAAA");
    case DnsType::MX: return QStringLiteral("MX");
    case DnsType::NS: return QStringLiteral("NS");
    case DnsType::CNAME: return QStringLiteral("CNAME");
    case DnsType::TXT: return QStringLiteral("TXT");
    default: return {};
    }
}

// One row as a record; nullopt (and `why`) when the row does not make one.
std::optional<DnsRecord> recordFromRow(const QByteArray &name, const QString &type, int preference,
                                       const QString &value, quint32 ttl, QString *why)
{
    const QString t = type.trimmed().toUpper();
    const QByteArray v = value.trimmed().toUtf8();
    if (t == QLatin1String("A") || t == QLatin1String("AAAA")) {
        const QHostAddress address(value.trimmed());
        const bool family = t == QLatin1String("A") ? address.protocol() == QAbstractSocket::IPv4Protocol
                                                     : address.protocol() == QAbstractSocket::IPv6Protocol;
        if (address.isNull() || !family) {
            *why = QStringLiteral("%1 is not an %2 address").arg(value, t);
            return std::nullopt;
        }
        DnsRecord r = DnsRecord::a(name, address, ttl);
        r.type = t == QLatin1String("A") ? DnsType::A : DnsType::AAAA;
        return r;
    }
    if (t == QLatin1String("MX")) {
        if (preference < 0 || preference > 65535) {
            *why = QStringLiteral("MX preference %1 is not between 0 and 65535").arg(preference);
            return std::nullopt;
        }
        // RFC 7505: "." as the exchange is the null MX.
        return DnsRecord::mx(name, quint16(preference), v == "." ? QByteArray() : DnsName::normalized(v), ttl);
    }
    if (t == QLatin1String("CNAME"))
        return DnsRecord::cname(name, DnsName::normalized(v), ttl);
    if (t == QLatin1String("NS"))
        return DnsRecord::ns(name, DnsName::normalized(v), ttl);
    if (t == QLatin1String("TXT"))
        return DnsRecord::txt(name, {v}, ttl);
    *why = QStringLiteral("record type %1 is not supported (A, AAAA, MX, NS, CNAME, TXT)").arg(type);
    return std::nullopt;
}

} // namespace

bool DnsZoneTable::create(QString *error)
{
    QSqlQuery q(m_db);
    const bool ok = q.exec(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS dns_records ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " zone TEXT NOT NULL COLLATE NOCASE,"
        " name TEXT NOT NULL COLLATE NOCASE,"
        " type TEXT NOT NULL COLLATE NOCASE,"
        " preference INTEGER,"
        " value TEXT NOT NULL,"
        " ttl INTEGER NOT NULL DEFAULT 300)"));
    if (!ok && error)
        *error = q.lastError().text();
    return ok;
}

bool DnsZoneTable::replaceAll(const QList<DnsZone> &zones, QString *error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    bool ok = q.exec(QStringLiteral("DELETE FROM dns_records"));
    for (const DnsZone &zone : zones) {
        for (const DnsRecord &r : zone.records()) {
            const QString type = typeName(r.type);
            if (type.isEmpty())
                continue;
            QString value;
            if (r.type == DnsType::A || r.type == DnsType::AAAA)
                value = r.address.toString();
            else if (r.type == DnsType::TXT)
                value = QString::fromUtf8(r.texts.join());
            else
                value = r.target.isEmpty() ? QStringLiteral(".") : QString::fromUtf8(r.target);
            q.prepare(QStringLiteral("INSERT INTO dns_records(zone, name, type, preference, value, ttl) VALUES(?, ?, ?, ?, ?, ?)"));
            q.addBindValue(QString::fromUtf8(zone.origin()));
            q.addBindValue(QString::fromUtf8(r.name));
            q.addBindValue(type);
            q.addBindValue(r.type == DnsType::MX ? QVariant(int(r.preference)) : QVariant());
            q.addBindValue(value);
            q.addBindValue(qint64(r.ttl));
            ok = ok && q.exec();
        }
    }
    if (ok && m_db.commit())
        return true;
    if (error)
        *error = q.lastError().text();
    m_db.rollback();
    return false;
}

QList<DnsZone> DnsZoneTable::zones(QStringList *problems) const
{
    QList<DnsZone> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT zone, name, type, preference, value, ttl FROM dns_records ORDER BY id"))) {
        if (problems)
            *problems << q.lastError().text();
        return out;
    }
    while (q.next()) {
        const QByteArray origin = DnsName::normalized(q.value(0).toString().trimmed().toUtf8());
        auto zone = std::find_if(out.begin(), out.end(), [&](const DnsZone &z) { return z.origin() == origin; });
        if (zone == out.end()) {
            out << DnsZone(origin);
            zone = out.end() - 1;
        }
        const QByteArray name = q.value(1).toString().trimmed().toUtf8();
        const qint64 ttl = q.value(5).isNull() ? zone->defaultTtl() : q.value(5).toLongLong();
        QString why;
        auto record = recordFromRow(name, q.value(2).toString(), q.value(3).isNull() ? 0 : q.value(3).toInt(),
                                    q.value(4).toString(), quint32(std::clamp<qint64>(ttl, 0, 0x7FFFFFFF)), &why);
        if (record && !zone->add(*record))
            why = QStringLiteral("%1 is not a valid name in the zone %2").arg(QString::fromUtf8(name), QString::fromUtf8(origin));
        if (!why.isEmpty() && problems)
            *problems << why;
    }
    return out;
}

} // namespace mf
