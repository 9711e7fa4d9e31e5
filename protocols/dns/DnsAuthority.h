#pragma once

#include "DnsMessage.h"
#include "DnsZone.h"

#include <QByteArray>
#include <QList>
#include <functional>
#include <optional>

namespace mf {

enum class DnsTransport : quint8 { Udp, Tcp };

// An authoritative-only name server without I/O: query bytes in, answer bytes out (RFC 1034 §4.3.2
// algorithm restricted to the zones it serves; no recursion, no delegation below an apex).
class DnsAuthority
{
public:
    struct Limits {
        quint16 ourUdpPayloadSize = 1232; // advertised in our OPT record (RFC 6891 §6.2.5)
        int cnameChainLimit = 8;
    };

    DnsAuthority() = default;
    explicit DnsAuthority(Limits limits) : m_limits(limits) {}

    // Where the zones come from when they are kept elsewhere (e.g. a DnsZoneTable in SQLite): read again
    // before every answer, so an edit changes the next answer. Without a source, the zones added here.
    void setZoneSource(std::function<QList<DnsZone>()> source) { m_source = std::move(source); }

    // Adds or replaces (same origin) a zone.
    void addZone(const DnsZone &zone);
    bool removeZone(QByteArrayView origin);
    // The zone with this exact origin, to edit records or set the SERVFAIL knob; nullptr if not served.
    DnsZone *zone(QByteArrayView origin);
    const QList<DnsZone> &zones() const { return m_zones; }
    // The served zone closest enclosing `name` (longest origin), or nullptr.
    const DnsZone *zoneFor(QByteArrayView name) const;

    struct Reply {
        std::optional<DnsMessage> query;  // parsed query, empty when malformed
        QString queryError;               // why it was malformed
        std::optional<DnsMessage> answer; // empty when nothing is sent (too short to answer, or a response)
        QByteArray wire;                  // encoded answer, empty when nothing is sent
    };
    Reply handle(QByteArrayView query, DnsTransport transport) const;

    // The answer to a well-formed query, before size limits are applied.
    DnsMessage answer(const DnsMessage &query) const;

private:
    void addAdditional(DnsMessage &answer) const;

    Limits m_limits;
    std::function<QList<DnsZone>()> m_source;
    mutable QList<DnsZone> m_zones; // refreshed from m_source by answer()
};

} // namespace mf
