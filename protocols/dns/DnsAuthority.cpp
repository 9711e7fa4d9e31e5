#include "DnsAuthority.h"

namespace mf {

namespace {

constexpr int kClassicUdpLimit = 512; // RFC 1035 §4.2.1
constexpr int kTcpLimit = 65535;      // RFC 1035 §4.2.2 length prefix

DnsMessage responseSkeleton(const DnsMessage &query)
{
    DnsMessage a;
    a.header.id = query.header.id;
    a.header.qr = true;
    a.header.opcode = query.header.opcode;
    a.header.rd = query.header.rd; // copied into the response (RFC 1035 §4.1.1)
    a.header.cd = query.header.cd;
    a.questions = query.questions;
    return a;
}

// RFC 2308 §3: the SOA in a negative answer carries TTL = min(SOA TTL, SOA MINIMUM).
DnsRecord negativeSoa(const DnsZone &zone)
{
    DnsRecord soa = zone.soaRecord();
    soa.ttl = std::min(soa.ttl, soa.soa.minimum);
    return soa;
}

} // namespace

void DnsAuthority::addZone(const DnsZone &zone)
{
    removeZone(zone.origin());
    m_zones.append(zone);
}

bool DnsAuthority::removeZone(QByteArrayView origin)
{
    const QByteArray n = DnsName::normalized(origin);
    return m_zones.removeIf([&](const DnsZone &z) { return z.origin() == n; }) > 0;
}

DnsZone *DnsAuthority::zone(QByteArrayView origin)
{
    const QByteArray n = DnsName::normalized(origin);
    for (DnsZone &z : m_zones)
        if (z.origin() == n)
            return &z;
    return nullptr;
}

const DnsZone *DnsAuthority::zoneFor(QByteArrayView name) const
{
    const DnsZone *best = nullptr;
    for (const DnsZone &z : m_zones)
        if (DnsName::isAtOrBelow(name, z.origin()) && (!best || z.origin().size() > best->origin().size()))
            best = &z;
    return best;
}

DnsAuthority::Reply DnsAuthority::handle(QByteArrayView query, DnsTransport transport) const
{
    Reply reply;
    DnsParseResult parsed = DnsMessage::parse(query);
    if (!parsed.message) {
        reply.queryError = parsed.error;
        // Too short to carry an ID, or itself a response: stay silent (never answer answers).
        if (query.size() < 12 || (uchar(query[2]) & 0x80))
            return reply;
        DnsMessage formErr;
        formErr.header.id = quint16((uchar(query[0]) << 8) | uchar(query[1]));
        formErr.header.qr = true;
        formErr.header.opcode = quint8((uchar(query[2]) >> 3) & 0xF);
        formErr.header.rd = uchar(query[2]) & 0x01;
        formErr.setRcode(DnsRcode::FormErr);
        reply.answer = formErr;
        reply.wire = formErr.encode();
        return reply;
    }
    reply.query = parsed.message;
    if (parsed.message->header.qr)
        return reply;

    DnsMessage answer = this->answer(*parsed.message);

    int limit = kTcpLimit;
    if (transport == DnsTransport::Udp) {
        // RFC 6891 §6.2.3-5: use the requestor's size, never below 512, capped by ours.
        limit = kClassicUdpLimit;
        if (parsed.message->edns)
            limit = std::clamp<int>(parsed.message->edns->udpPayloadSize, kClassicUdpLimit,
                                    std::max<int>(kClassicUdpLimit, m_limits.ourUdpPayloadSize));
    }
    QByteArray wire = answer.encode();
    if (wire.size() > limit && !answer.additional.isEmpty()) {
        // Additional data is optional: dropping it does not make the answer truncated (RFC 2181 §9).
        answer.additional.clear();
        wire = answer.encode();
    }
    if (wire.size() > limit) {
        answer.answers.clear();
        answer.authority.clear();
        answer.header.tc = true;
        wire = answer.encode();
    }
    reply.answer = answer;
    reply.wire = wire;
    return reply;
}

DnsMessage DnsAuthority::answer(const DnsMessage &query) const
{
    if (m_source)
        m_zones = m_source();
    DnsMessage a = responseSkeleton(query);
    if (query.edns) {
        DnsEdns ours;
        ours.udpPayloadSize = m_limits.ourUdpPayloadSize;
        ours.dnssecOk = false;
        a.edns = ours;
        // RFC 6891 §6.1.3: a version we do not implement gets BADVERS.
        if (query.edns->version != 0) {
            a.setRcode(DnsRcode::BadVers);
            return a;
        }
    }
    if (query.header.opcode != quint8(DnsOpcode::Query)) {
        a.setRcode(DnsRcode::NotImp);
        return a;
    }
    if (query.questions.size() != 1) {
        a.setRcode(DnsRcode::FormErr);
        return a;
    }
    const DnsQuestion &q = query.questions.first();
    if (q.type == DnsType::OPT) {
        a.setRcode(DnsRcode::FormErr);
        return a;
    }
    const DnsZone *zone = zoneFor(q.name);
    if (!zone || (q.cls != DnsClass::IN && q.cls != DnsClass::ANY)) {
        a.setRcode(DnsRcode::Refused);
        return a;
    }
    if (zone->serverFailure()) {
        a.setRcode(DnsRcode::ServFail);
        return a;
    }
    if (q.type == DnsType::AXFR || q.type == DnsType::IXFR) {
        a.setRcode(DnsRcode::Refused); // zone transfers are not offered
        return a;
    }

    a.header.aa = true;
    QByteArray name = DnsName::normalized(q.name);
    for (int step = 0;; ++step) {
        const QList<DnsRecord> here = zone->recordsAt(name);
        QList<DnsRecord> matching;
        const DnsRecord *cname = nullptr;
        for (const DnsRecord &r : here) {
            if (r.type == q.type || q.type == DnsType::ANY)
                matching.append(r);
            if (r.type == DnsType::CNAME)
                cname = &r;
        }
        if (!matching.isEmpty()) {
            a.answers.append(matching);
            break;
        }
        if (cname) {
            // RFC 1034 §4.3.2 step 3a: answer the CNAME and restart with its target if we serve it.
            a.answers.append(*cname);
            const DnsZone *next = zoneFor(cname->target);
            if (!next || next->serverFailure() || step + 1 >= m_limits.cnameChainLimit)
                break;
            zone = next;
            name = cname->target;
            continue;
        }
        if (!zone->nameExists(name)) {
            a.setRcode(DnsRcode::NxDomain);
            a.authority.append(negativeSoa(*zone));
        } else {
            a.authority.append(negativeSoa(*zone)); // NODATA (RFC 2308 §2.2)
        }
        break;
    }
    addAdditional(a);
    return a;
}

void DnsAuthority::addAdditional(DnsMessage &answer) const
{
    // RFC 1035 §3.3.9 / §3.3.11: address records of MX exchanges and name servers help the client.
    QList<QByteArray> wanted;
    for (const DnsRecord &r : answer.answers)
        if ((r.type == DnsType::MX || r.type == DnsType::NS) && !r.target.isEmpty() && !wanted.contains(r.target))
            wanted.append(r.target);
    for (const QByteArray &target : wanted) {
        const DnsZone *z = zoneFor(target);
        if (!z || z->serverFailure())
            continue;
        for (const DnsRecord &r : z->recordsAt(target))
            if ((r.type == DnsType::A || r.type == DnsType::AAAA) && !answer.additional.contains(r))
                answer.additional.append(r);
    }
}

} // namespace mf
