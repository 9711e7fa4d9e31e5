#pragma once

#include "DnsMessage.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>

namespace mf {

// The data of one zone a DnsAuthority serves: its apex (origin), SOA and records. Owner names are
// absolute, in presentation form without the trailing dot ("mx1.a.example"); "@" is not expanded.
class DnsZone
{
public:
    explicit DnsZone(const QByteArray &origin, quint32 defaultTtl = 300);

    const QByteArray &origin() const { return m_origin; }
    quint32 defaultTtl() const { return m_defaultTtl; }

    // The SOA at the apex; by default mname "ns.<origin>", rname "hostmaster.<origin>", minimum 300.
    const DnsSoa &soa() const { return m_soa; }
    void setSoa(const DnsSoa &soa) { m_soa = soa; }
    DnsRecord soaRecord() const;

    // Teaching knob: every query for a name in this zone gets SERVFAIL ("DNS server failure defers").
    bool serverFailure() const { return m_serverFailure; }
    void setServerFailure(bool failing) { m_serverFailure = failing; }

    // Adds a record; its owner must be the origin or below it and every name valid (returns false
    // otherwise). Adding an SOA at the apex replaces the zone's SOA.
    bool add(const DnsRecord &record);
    bool addMx(const QByteArray &owner, quint16 preference, const QByteArray &exchange);
    // RFC 7505 null MX: "owner MX 0 ." - the domain accepts no mail.
    bool addNullMx(const QByteArray &owner);
    // A or AAAA according to the address's protocol.
    bool addAddress(const QByteArray &owner, const QHostAddress &address);
    bool addCname(const QByteArray &owner, const QByteArray &target);
    // A name server of the zone (an NS record at `owner`, normally the apex).
    bool addNs(const QByteArray &owner, const QByteArray &nameServer);
    bool addTxt(const QByteArray &owner, const QByteArray &text);
    // Removes every record of `type` at `owner` (type 0: all types). Returns how many were removed.
    int remove(const QByteArray &owner, quint16 type = 0);

    // Records at `owner` (case-insensitive), all types.
    QList<DnsRecord> recordsAt(QByteArrayView owner) const;
    // True when `owner` holds records, or is an empty non-terminal (a name below it holds some).
    bool nameExists(QByteArrayView owner) const;
    const QList<DnsRecord> &records() const { return m_records; }

private:
    QByteArray m_origin;
    quint32 m_defaultTtl;
    DnsSoa m_soa;
    bool m_serverFailure = false;
    QList<DnsRecord> m_records; // without the SOA, which recordsAt() adds at the apex
};

} // namespace mf
