#include "DnsQuery.h"

#include <algorithm>

namespace mf {

QString dnsLookupKindName(DnsLookupResult::Kind kind)
{
    switch (kind) {
    case DnsLookupResult::Kind::Records: return QStringLiteral("records");
    case DnsLookupResult::Kind::NxDomain: return QStringLiteral("NXDOMAIN");
    case DnsLookupResult::Kind::NoData: return QStringLiteral("NODATA");
    case DnsLookupResult::Kind::Alias: return QStringLiteral("alias");
    case DnsLookupResult::Kind::TemporaryFailure: return QStringLiteral("temporary failure");
    }
    return {};
}

DnsQuery::DnsQuery(const QByteArray &name, quint16 type, quint16 id, bool recursionDesired, bool useEdns)
{
    m_query.header.id = id;
    m_query.header.rd = recursionDesired;
    m_query.questions.append(DnsQuestion{DnsName::normalized(name), type, DnsClass::IN});
    if (useEdns)
        m_query.edns = DnsEdns{};
}

DnsQuery::Match DnsQuery::match(QByteArrayView packet) const
{
    Match m;
    DnsParseResult parsed = DnsMessage::parse(packet);
    if (!parsed.message) {
        m.reason = QStringLiteral("malformed answer: ") + parsed.error;
        return m;
    }
    const DnsMessage &a = *parsed.message;
    if (!a.header.qr) {
        m.reason = QStringLiteral("not a response (QR clear)");
        return m;
    }
    if (a.header.id != m_query.header.id) {
        m.reason = QStringLiteral("ID 0x%1 does not match the query's 0x%2")
                       .arg(a.header.id, 4, 16, QLatin1Char('0'))
                       .arg(m_query.header.id, 4, 16, QLatin1Char('0'));
        return m;
    }
    // A FORMERR/NOTIMP answer may legitimately omit the question; otherwise it must echo ours.
    const DnsQuestion &ours = m_query.questions.first();
    const bool echoes = a.questions.size() == 1 && DnsName::equal(a.questions.first().name, ours.name)
        && a.questions.first().type == ours.type && a.questions.first().cls == ours.cls;
    const bool questionless = a.questions.isEmpty() && a.rcode() != DnsRcode::NoError && a.rcode() != DnsRcode::NxDomain;
    if (!echoes && !questionless) {
        m.reason = QStringLiteral("question in the answer does not match the query");
        return m;
    }
    m.accepted = true;
    m.answer = std::move(parsed.message);
    return m;
}

DnsLookupResult DnsQuery::failure(const QString &detail) const
{
    DnsLookupResult r;
    r.kind = DnsLookupResult::Kind::TemporaryFailure;
    r.name = m_query.questions.first().name;
    r.type = m_query.questions.first().type;
    r.canonicalName = r.name;
    r.detail = detail;
    return r;
}

DnsLookupResult DnsQuery::classify(const DnsMessage &answer) const
{
    DnsLookupResult r = failure(QString());
    r.answer = answer;
    const DnsRcode rcode = answer.rcode();
    r.detail = QString::fromLatin1(dnsRcodeName(rcode));

    // Follow the CNAME chain the answer section gives (RFC 1034 §3.6.2), bounded against loops.
    QByteArray name = r.name;
    for (int hops = 0; hops < 16; ++hops) {
        const auto it = std::find_if(answer.answers.cbegin(), answer.answers.cend(), [&](const DnsRecord &rec) {
            return rec.type == DnsType::CNAME && DnsName::equal(rec.name, name);
        });
        if (it == answer.answers.cend() || r.type == DnsType::CNAME)
            break;
        name = DnsName::normalized(it->target);
    }
    r.canonicalName = name;

    if (rcode == DnsRcode::NxDomain) {
        r.kind = DnsLookupResult::Kind::NxDomain;
        return r;
    }
    if (rcode != DnsRcode::NoError)
        return r; // SERVFAIL, REFUSED, FORMERR, NOTIMP, BADVERS: the MTA should try again later
    if (answer.header.tc) {
        r.detail = QStringLiteral("truncated answer");
        return r;
    }
    for (const DnsRecord &rec : answer.answers)
        if (rec.type == r.type && DnsName::equal(rec.name, name))
            r.records.append(rec);
    if (!r.records.isEmpty())
        r.kind = DnsLookupResult::Kind::Records;
    else if (!DnsName::equal(name, r.name)
             && std::none_of(answer.authority.cbegin(), answer.authority.cend(),
                             [](const DnsRecord &rec) { return rec.type == DnsType::SOA; }))
        r.kind = DnsLookupResult::Kind::Alias; // the server did not chase the target: no negative proof
    else
        r.kind = DnsLookupResult::Kind::NoData;
    return r;
}

} // namespace mf
