#include "MxSelection.h"

#include <QRandomGenerator>
#include <algorithm>

namespace mf {

std::optional<MxCandidate> MxCandidateList::next()
{
    if (atEnd())
        return std::nullopt;
    return m_candidates.at(m_position++);
}

void MxCandidateList::skipHost()
{
    if (m_position == 0)
        return;
    const QByteArray host = m_candidates.at(m_position - 1).host;
    while (!atEnd() && m_candidates.at(m_position).host == host)
        ++m_position;
}

MxSelection::RandomSource MxSelection::systemRandom()
{
    return [](quint32 bound) { return bound == 0 ? 0u : QRandomGenerator::global()->bounded(bound); };
}

MxSelection::Plan MxSelection::orderMx(const QList<DnsRecord> &mxRecords, const QList<QByteArray> &ownHostNames,
                                       const RandomSource &random)
{
    Plan plan;
    QList<MxHost> hosts;
    bool sawNullTarget = false;
    for (const DnsRecord &r : mxRecords) {
        if (r.type != DnsType::MX)
            continue;
        if (r.target.isEmpty()) {
            // "." cannot be connected to; RFC 7505 §3 forbids mixing it with real MX records, so a mix
            // keeps the real ones.
            sawNullTarget = true;
            continue;
        }
        hosts.append(MxHost{DnsName::normalized(r.target), r.preference});
    }
    if (hosts.isEmpty()) {
        plan.outcome = sawNullTarget ? Plan::Outcome::NullMx : Plan::Outcome::NoUsableMx;
        return plan;
    }

    std::stable_sort(hosts.begin(), hosts.end(),
                     [](const MxHost &a, const MxHost &b) { return a.preference < b.preference; });
    // Fisher-Yates within each run of equal preference ("MUST be randomized", RFC 5321 §5.1).
    for (qsizetype begin = 0; begin < hosts.size();) {
        qsizetype end = begin;
        while (end < hosts.size() && hosts[end].preference == hosts[begin].preference)
            ++end;
        for (qsizetype i = end - 1; i > begin; --i) {
            const qsizetype j = begin + qsizetype(random(quint32(i - begin + 1)) % quint32(i - begin + 1));
            std::swap(hosts[i], hosts[j]);
        }
        begin = end;
    }

    std::optional<quint16> ownPreference;
    for (const MxHost &h : hosts)
        for (const QByteArray &own : ownHostNames)
            if (DnsName::equal(h.host, own) && (!ownPreference || h.preference < *ownPreference))
                ownPreference = h.preference;
    if (ownPreference) {
        hosts.removeIf([&](const MxHost &h) { return h.preference >= *ownPreference; });
        if (hosts.isEmpty()) {
            plan.outcome = Plan::Outcome::LoopsToSelf;
            return plan;
        }
    }
    plan.outcome = Plan::Outcome::Hosts;
    plan.hosts = hosts;
    return plan;
}

} // namespace mf
