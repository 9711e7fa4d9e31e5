#include "DnsZone.h"

namespace mf {

DnsZone::DnsZone(const QByteArray &origin, quint32 defaultTtl)
    : m_origin(DnsName::normalized(origin)), m_defaultTtl(defaultTtl)
{
    m_soa.mname = "ns." + m_origin;
    m_soa.rname = "hostmaster." + m_origin;
}

DnsRecord DnsZone::soaRecord() const
{
    return DnsRecord::soaRecord(m_origin, m_soa, m_defaultTtl);
}

bool DnsZone::add(const DnsRecord &record)
{
    if (!DnsName::isValid(record.name) || !DnsName::isAtOrBelow(record.name, m_origin))
        return false;
    if ((record.type == DnsType::MX || record.type == DnsType::NS || record.type == DnsType::CNAME)
        && !DnsName::isValid(record.target))
        return false;
    DnsRecord r = record;
    r.name = DnsName::normalized(r.name);
    if (r.type == DnsType::SOA) {
        if (r.name != m_origin)
            return false;
        m_soa = r.soa;
        return true;
    }
    if (!m_records.contains(r))
        m_records.append(r);
    return true;
}

bool DnsZone::addMx(const QByteArray &owner, quint16 preference, const QByteArray &exchange)
{
    return add(DnsRecord::mx(owner, preference, DnsName::normalized(exchange), m_defaultTtl));
}

bool DnsZone::addNullMx(const QByteArray &owner)
{
    return add(DnsRecord::mx(owner, 0, QByteArray(), m_defaultTtl));
}

bool DnsZone::addAddress(const QByteArray &owner, const QHostAddress &address)
{
    return add(DnsRecord::a(owner, address, m_defaultTtl));
}

bool DnsZone::addCname(const QByteArray &owner, const QByteArray &target)
{
    return add(DnsRecord::cname(owner, DnsName::normalized(target), m_defaultTtl));
}

bool DnsZone::addNs(const QByteArray &owner, const QByteArray &nameServer)
{
    return add(DnsRecord::ns(owner, DnsName::normalized(nameServer), m_defaultTtl));
}

bool DnsZone::addTxt(const QByteArray &owner, const QByteArray &text)
{
    return add(DnsRecord::txt(owner, {text}, m_defaultTtl));
}

int DnsZone::remove(const QByteArray &owner, quint16 type)
{
    const QByteArray n = DnsName::normalized(owner);
    return int(m_records.removeIf([&](const DnsRecord &r) { return r.name == n && (type == 0 || r.type == type); }));
}

QList<DnsRecord> DnsZone::recordsAt(QByteArrayView owner) const
{
    const QByteArray n = DnsName::normalized(owner);
    QList<DnsRecord> out;
    if (n == m_origin)
        out.append(soaRecord());
    for (const DnsRecord &r : m_records)
        if (r.name == n)
            out.append(r);
    return out;
}

bool DnsZone::nameExists(QByteArrayView owner) const
{
    const QByteArray n = DnsName::normalized(owner);
    if (n == m_origin)
        return true;
    for (const DnsRecord &r : m_records)
        if (DnsName::isAtOrBelow(r.name, n))
            return true;
    return false;
}

} // namespace mf
