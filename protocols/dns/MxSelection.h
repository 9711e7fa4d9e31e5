#pragma once

#include "DnsMessage.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <functional>
#include <optional>

namespace mf {

// One mail exchanger host in the order an MTA should try them.
struct MxHost {
    QByteArray host;
    quint16 preference = 0;

    bool operator==(const MxHost &) const = default;
};

// One address to connect to, in order.
struct MxCandidate {
    QByteArray host;       // the MX target ("mx1.b.example"), or the domain itself for an implicit MX
    quint16 preference = 0;
    QHostAddress address;
    bool implicitMx = false;

    bool operator==(const MxCandidate &) const = default;
};

// The ordered addresses of one destination, consumed by the MTA: next() gives the first, and after a
// connection to it is refused or times out, the next one (RFC 5321 §5.1: "try (and retry) each of the
// relevant addresses in this list in order").
class MxCandidateList
{
public:
    MxCandidateList() = default;
    explicit MxCandidateList(QList<MxCandidate> candidates) : m_candidates(std::move(candidates)) {}

    std::optional<MxCandidate> next();
    // Skips the remaining addresses of the host last returned by next() (e.g. after its 5xx greeting).
    void skipHost();
    void rewind() { m_position = 0; }
    bool atEnd() const { return m_position >= m_candidates.size(); }
    qsizetype remaining() const { return m_candidates.size() - m_position; }
    qsizetype size() const { return m_candidates.size(); }
    bool isEmpty() const { return m_candidates.isEmpty(); }
    const QList<MxCandidate> &all() const { return m_candidates; }

    bool operator==(const MxCandidateList &) const = default;

private:
    QList<MxCandidate> m_candidates;
    qsizetype m_position = 0;
};

namespace MxSelection {

// Returns a uniformly distributed number in [0, bound). Tests inject a deterministic one.
using RandomSource = std::function<quint32(quint32 bound)>;
RandomSource systemRandom();

struct Plan {
    enum class Outcome : quint8 {
        Hosts,       // `hosts` holds the MX hosts to try, in order
        NullMx,      // RFC 7505: the domain publishes "MX 0 ." and accepts no mail
        LoopsToSelf, // we are the best MX ourselves: nothing left to relay to (RFC 5321 §5.1)
        NoUsableMx,  // no MX with a usable target
    };
    Outcome outcome = Outcome::NoUsableMx;
    QList<MxHost> hosts;

    bool operator==(const Plan &) const = default;
};

// Orders MX records (RFC 5321 §5.1): lowest preference first, records of equal preference shuffled with
// `random`; if one of `ownHostNames` is among the exchanges, drops every record at its preference or
// higher.
Plan orderMx(const QList<DnsRecord> &mxRecords, const QList<QByteArray> &ownHostNames, const RandomSource &random);

} // namespace MxSelection

} // namespace mf
