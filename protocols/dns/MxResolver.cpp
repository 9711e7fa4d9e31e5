#include "MxResolver.h"

namespace mf {

QString mxOutcomeName(MxResolution::Outcome outcome)
{
    switch (outcome) {
    case MxResolution::Outcome::Candidates: return QStringLiteral("candidates");
    case MxResolution::Outcome::PermanentFailure: return QStringLiteral("permanent failure");
    case MxResolution::Outcome::TemporaryFailure: return QStringLiteral("temporary failure");
    }
    return {};
}

MxResolver::MxResolver(DnsResolver *dns, Config config, QObject *parent) : QObject(parent), m_dns(dns)
{
    setConfig(std::move(config));
}

void MxResolver::setConfig(Config config)
{
    m_config = std::move(config);
    if (!m_config.random)
        m_config.random = MxSelection::systemRandom();
}

MxResolveJob *MxResolver::resolve(const QByteArray &domain)
{
    auto *job = new MxResolveJob(this, domain);
    job->start();
    return job;
}

void MxResolver::resolve(const QByteArray &domain, QObject *context, std::function<void(const MxResolution &)> done)
{
    MxResolveJob *job = resolve(domain);
    connect(job, &MxResolveJob::finished, context, [done = std::move(done)](const MxResolution &r) { done(r); });
}

MxResolveJob::MxResolveJob(MxResolver *resolver, const QByteArray &domain) : QObject(resolver), m_resolver(resolver)
{
    m_result.domain = DnsName::normalized(domain);
}

void MxResolveJob::start()
{
    lookupMx(m_result.domain);
}

void MxResolveJob::lookupMx(const QByteArray &name)
{
    m_resolver->m_dns->lookup(name, DnsType::MX, this, [this](const DnsLookupResult &r) { mxAnswered(r); });
}

void MxResolveJob::mxAnswered(const DnsLookupResult &r)
{
    const QString domain = QString::fromLatin1(r.name);
    switch (r.kind) {
    case DnsLookupResult::Kind::NxDomain:
        // RFC 5321 §5.1: a non-existent domain MUST be reported as an error.
        fail(MxResolution::Outcome::PermanentFailure, "5.1.2",
             QStringLiteral("%1 does not exist (NXDOMAIN): bad destination domain").arg(domain));
        return;
    case DnsLookupResult::Kind::TemporaryFailure:
        // RFC 5321 §5.1: a temporary DNS error MUST queue the message and retry later.
        fail(MxResolution::Outcome::TemporaryFailure, "4.4.3",
             QStringLiteral("MX lookup for %1 failed temporarily (%2): will retry").arg(domain, r.detail));
        return;
    case DnsLookupResult::Kind::Alias:
        if (m_followedCname) {
            fail(MxResolution::Outcome::TemporaryFailure, "4.4.3",
                 QStringLiteral("%1 is an alias of an alias (CNAME chain): will retry").arg(domain));
            return;
        }
        m_followedCname = true;
        emit m_resolver->note(QStringLiteral("%1 is an alias (CNAME) of %2: looking up its MX")
                                  .arg(domain, QString::fromLatin1(r.canonicalName)));
        lookupMx(r.canonicalName);
        return;
    case DnsLookupResult::Kind::NoData:
        // RFC 5321 §5.1: only without any MX record, the domain itself is the implicit MX, preference 0.
        m_result.implicitMx = true;
        emit m_resolver->note(QStringLiteral("%1 has no MX records: using its own address records (implicit MX)")
                                  .arg(QString::fromLatin1(r.canonicalName)));
        resolveHosts({MxHost{r.canonicalName, 0}});
        return;
    case DnsLookupResult::Kind::Records:
        break;
    }

    const MxSelection::Plan plan = MxSelection::orderMx(r.records, m_resolver->m_config.ownHostNames,
                                                        m_resolver->m_config.random);
    switch (plan.outcome) {
    case MxSelection::Plan::Outcome::NullMx:
        // RFC 7505 §4.1: fail at once, without trying to connect.
        fail(MxResolution::Outcome::PermanentFailure, "5.1.10",
             QStringLiteral("%1 publishes a null MX (MX 0 .): the domain accepts no mail").arg(domain));
        return;
    case MxSelection::Plan::Outcome::LoopsToSelf:
        fail(MxResolution::Outcome::PermanentFailure, "5.4.6",
             QStringLiteral("mail for %1 loops back to myself: we are its best MX").arg(domain));
        return;
    case MxSelection::Plan::Outcome::NoUsableMx:
        fail(MxResolution::Outcome::PermanentFailure, "5.4.4",
             QStringLiteral("%1 has MX records but none is usable").arg(domain));
        return;
    case MxSelection::Plan::Outcome::Hosts:
        break;
    }
    QStringList order;
    for (const MxHost &h : plan.hosts)
        order.append(QStringLiteral("%1 (%2)").arg(QString::fromLatin1(h.host)).arg(h.preference));
    emit m_resolver->note(QStringLiteral("%1: MX hosts in order: %2").arg(domain, order.join(QLatin1String(", "))));
    resolveHosts(plan.hosts);
}

void MxResolveJob::resolveHosts(const QList<MxHost> &hosts)
{
    m_result.hosts = hosts;
    m_addresses = QList<HostAddresses>(hosts.size());
    m_pending = int(hosts.size()) * 2;
    for (qsizetype i = 0; i < hosts.size(); ++i) {
        for (const quint16 type : {DnsType::A, DnsType::AAAA})
            m_resolver->m_dns->lookup(hosts[i].host, type, this,
                                      [this, i](const DnsLookupResult &r) { addressAnswered(i, r); });
    }
}

void MxResolveJob::addressAnswered(qsizetype hostIndex, const DnsLookupResult &r)
{
    HostAddresses &a = m_addresses[hostIndex];
    if (r.kind == DnsLookupResult::Kind::TemporaryFailure)
        a.temporary = true;
    for (const DnsRecord &rec : r.records)
        (rec.type == DnsType::A ? a.v4 : a.v6).append(rec.address);
    if (--m_pending == 0)
        finishWithAddresses();
}

void MxResolveJob::finishWithAddresses()
{
    QList<MxCandidate> candidates;
    bool anyTemporary = false;
    for (qsizetype i = 0; i < m_result.hosts.size(); ++i) {
        const MxHost &h = m_result.hosts[i];
        const HostAddresses &a = m_addresses[i];
        anyTemporary = anyTemporary || a.temporary;
        // IPv4 first: MailFlow's worlds live on 127.0.0.0/8; IPv6 addresses follow as further choices.
        for (const QHostAddress &address : a.v4 + a.v6)
            candidates.append(MxCandidate{h.host, h.preference, address, m_result.implicitMx});
        if (a.v4.isEmpty() && a.v6.isEmpty())
            emit m_resolver->note(QStringLiteral("%1 has no usable address%2")
                                      .arg(QString::fromLatin1(h.host),
                                           a.temporary ? QStringLiteral(" (lookup failed temporarily)") : QString()));
    }
    if (candidates.isEmpty()) {
        const QString domain = QString::fromLatin1(m_result.domain);
        if (anyTemporary)
            fail(MxResolution::Outcome::TemporaryFailure, "4.4.3",
                 QStringLiteral("address lookups for the mail exchangers of %1 failed temporarily: will retry").arg(domain));
        else if (m_result.implicitMx)
            fail(MxResolution::Outcome::PermanentFailure, "5.1.2",
                 QStringLiteral("%1 has neither MX nor address records").arg(domain));
        else
            fail(MxResolution::Outcome::PermanentFailure, "5.4.4",
                 QStringLiteral("no mail exchanger of %1 has an address").arg(domain));
        return;
    }
    m_result.outcome = MxResolution::Outcome::Candidates;
    m_result.candidates = MxCandidateList(candidates);
    QStringList list;
    for (const MxCandidate &c : candidates)
        list.append(QStringLiteral("%1 %2 [%3]").arg(c.preference).arg(QString::fromLatin1(c.host), c.address.toString()));
    m_result.explanation = QStringLiteral("deliver to %1 via %2")
                               .arg(QString::fromLatin1(m_result.domain), list.join(QLatin1String(", ")));
    finish();
}

void MxResolveJob::fail(MxResolution::Outcome outcome, const QByteArray &status, const QString &why)
{
    m_result.outcome = outcome;
    m_result.enhancedStatus = status;
    m_result.explanation = why;
    finish();
}

void MxResolveJob::finish()
{
    if (m_done)
        return;
    m_done = true;
    emit m_resolver->note(m_result.explanation);
    emit finished(m_result);
    deleteLater();
}

} // namespace mf
