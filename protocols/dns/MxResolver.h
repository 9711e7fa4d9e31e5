#pragma once

#include "DnsResolver.h"
#include "MxSelection.h"

#include <QObject>
#include <QPointer>

namespace mf {

// Where to deliver mail for one domain, or why not (RFC 5321 §5.1, RFC 7505).
struct MxResolution {
    enum class Outcome : quint8 {
        Candidates,       // try `candidates` in order
        PermanentFailure, // bounce: NXDOMAIN, null MX, no usable MX, we are the best MX
        TemporaryFailure, // defer and retry: SERVFAIL, timeout
    };
    Outcome outcome = Outcome::TemporaryFailure;
    QByteArray domain;
    bool implicitMx = false;       // no MX records: the domain's own A/AAAA at preference 0
    QList<MxHost> hosts;           // the MX hosts in the order chosen
    MxCandidateList candidates;
    QByteArray enhancedStatus;     // RFC 3463 code for a failure: 5.1.2, 5.1.10, 5.4.4, 5.4.6, 4.4.3
    QString explanation;           // one line for the transcript and the DSN

    bool operator==(const MxResolution &) const = default;
};
QString mxOutcomeName(MxResolution::Outcome outcome);

class MxResolveJob;

// Finds the mail exchangers of a domain through a DnsResolver.
class MxResolver : public QObject
{
    Q_OBJECT
public:
    struct Config {
        QList<QByteArray> ownHostNames;   // our own MX names, for the "we are in the list" rule
        MxSelection::RandomSource random; // for shuffling equal preferences; system random when empty
    };

    MxResolver(DnsResolver *dns, Config config, QObject *parent = nullptr);

    DnsResolver *dns() const { return m_dns; }
    const Config &config() const { return m_config; }
    void setConfig(Config config);

    // Starts resolving; connect to the job's finished() signal. The job belongs to the resolver.
    MxResolveJob *resolve(const QByteArray &domain);
    void resolve(const QByteArray &domain, QObject *context, std::function<void(const MxResolution &)> done);

signals:
    // One line per decision ("b.example: no MX records, using its own address (implicit MX)").
    void note(const QString &text);

private:
    friend class MxResolveJob;
    DnsResolver *m_dns;
    Config m_config;
};

class MxResolveJob : public QObject
{
    Q_OBJECT
public:
    MxResolveJob(MxResolver *resolver, const QByteArray &domain);
    void start();

signals:
    void finished(const mf::MxResolution &resolution);

private:
    void lookupMx(const QByteArray &name);
    void mxAnswered(const DnsLookupResult &result);
    void resolveHosts(const QList<MxHost> &hosts);
    void addressAnswered(qsizetype hostIndex, const DnsLookupResult &result);
    void finishWithAddresses();
    void fail(MxResolution::Outcome outcome, const QByteArray &status, const QString &why);
    void finish();

    MxResolver *m_resolver;
    MxResolution m_result;
    bool m_followedCname = false;
    struct HostAddresses {
        QList<QHostAddress> v4, v6;
        bool temporary = false;
        int pending = 0;
    };
    QList<HostAddresses> m_addresses;
    int m_pending = 0;
    bool m_done = false;
};

} // namespace mf

Q_DECLARE_METATYPE(mf::MxResolution)
