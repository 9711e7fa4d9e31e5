#pragma once

#include "DnsMessage.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace mf {

// What one lookup came to, as an MTA needs it.
struct DnsLookupResult {
    enum class Kind : quint8 {
        Records,           // records of the asked type (after following CNAMEs inside the answer)
        NxDomain,          // the name does not exist (RCODE 3): permanent
        NoData,            // the name exists, without records of that type
        Alias,             // the answer ends in a CNAME whose target it does not resolve: ask again for `canonicalName`
        TemporaryFailure,  // SERVFAIL, REFUSED, other errors, or no answer in time: try again later
    };
    Kind kind = Kind::TemporaryFailure;
    QByteArray name;          // the name asked for
    quint16 type = 0;
    QByteArray canonicalName; // where the CNAME chain in the answer leads (== name without CNAME)
    QList<DnsRecord> records; // for Records: the records of `type` owned by canonicalName
    std::optional<DnsMessage> answer; // the whole answer, when there was one
    QString detail;           // "SERVFAIL", "no answer after 2 attempts", ...

    bool operator==(const DnsLookupResult &) const = default;
};
QString dnsLookupKindName(DnsLookupResult::Kind kind);

// Sans-I/O client side of one question: builds the query and judges what comes back. Answers whose ID,
// QR bit or question do not match are ignored, so a spoofed or stale packet cannot be taken as the answer
// (RFC 5452 §9.1).
class DnsQuery
{
public:
    DnsQuery(const QByteArray &name, quint16 type, quint16 id, bool recursionDesired = false,
             bool useEdns = true);

    const DnsMessage &message() const { return m_query; }
    QByteArray wire() const { return m_query.encode(); }
    quint16 id() const { return m_query.header.id; }

    struct Match {
        bool accepted = false;
        std::optional<DnsMessage> answer;
        QString reason; // why the packet was ignored
    };
    Match match(QByteArrayView packet) const;

    // Interprets an accepted answer (which may be truncated: callers retry over TCP first).
    DnsLookupResult classify(const DnsMessage &answer) const;
    DnsLookupResult failure(const QString &detail) const;

private:
    DnsMessage m_query;
};

} // namespace mf

Q_DECLARE_METATYPE(mf::DnsLookupResult)
