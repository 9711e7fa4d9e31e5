#pragma once

#include "DnsAuthority.h"

#include <QHostAddress>
#include <QMetaType>
#include <QString>

namespace mf {

// One DNS packet seen by the server or the resolver, for the transcript and the event log.
struct DnsEvent {
    enum class Kind : quint8 {
        Query,   // a query (sent by the resolver, or received by the server)
        Answer,  // an answer (sent by the server, or received by the resolver)
        Ignored, // a packet that was not taken: malformed, or an answer that does not match the query
        Timeout, // the resolver waited in vain (text says which attempt)
    };
    Kind kind = Kind::Query;
    DnsTransport transport = DnsTransport::Udp;
    QHostAddress peer; // the other side: the client for the server, the server for the resolver
    quint16 peerPort = 0;
    QString text;      // DnsMessage::describe(), or why the packet was ignored
    QByteArray wire;   // the packet as it travelled (empty for Timeout)

    bool operator==(const DnsEvent &) const = default;
};

inline QString dnsEventKindName(DnsEvent::Kind kind)
{
    switch (kind) {
    case DnsEvent::Kind::Query: return QStringLiteral("query");
    case DnsEvent::Kind::Answer: return QStringLiteral("answer");
    case DnsEvent::Kind::Ignored: return QStringLiteral("ignored");
    case DnsEvent::Kind::Timeout: return QStringLiteral("timeout");
    }
    return {};
}

} // namespace mf

Q_DECLARE_METATYPE(mf::DnsEvent)
