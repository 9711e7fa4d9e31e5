// MX selection per RFC 5321 §5.1 and RFC 7505: the pure ordering rules, and MxResolver end to end through
// DnsResolver and DnsServer on a loopback port.
#include "DnsTestWorld.h"
#include "FakeDnsResponder.h"
#include "dns/DnsServer.h"
#include "dns/MxResolver.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace mf;

namespace {

enum class Random { First, Last, System };

MxSelection::RandomSource randomSource(Random mode)
{
    switch (mode) {
    case Random::First: return [](quint32) { return 0u; };
    case Random::Last: return [](quint32 bound) { return bound - 1; };
    case Random::System: return MxSelection::systemRandom();
    }
    return {};
}

QStringList hostsOf(const QList<MxHost> &hosts)
{
    QStringList out;
    for (const MxHost &h : hosts)
        out.append(QString("%1 %2").arg(h.preference).arg(QString::fromLatin1(h.host)));
    return out;
}

QStringList candidatesOf(const MxCandidateList &list)
{
    QStringList out;
    for (const MxCandidate &c : list.all())
        out.append(QString("%1 %2 %3%4").arg(c.preference).arg(QString::fromLatin1(c.host), c.address.toString(),
                                                                c.implicitMx ? " implicit" : ""));
    return out;
}

QList<DnsRecord> mx(std::initializer_list<std::pair<quint16, const char *>> list)
{
    QList<DnsRecord> out;
    for (const auto &[pref, host] : list)
        out.append(DnsRecord::mx("d.example", pref, host));
    return out;
}

} // namespace

Q_DECLARE_METATYPE(Random)
Q_DECLARE_METATYPE(MxSelection::Plan::Outcome)
Q_DECLARE_METATYPE(MxResolution::Outcome)

class TestMxResolver : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<DnsServer> m_server;

    MxResolution resolve(MxResolver &resolver, const QByteArray &domain)
    {
        MxResolveJob *job = resolver.resolve(domain);
        QSignalSpy finished(job, &MxResolveJob::finished);
        if (!finished.wait(15000))
            qFatal("resolving %s did not finish", domain.constData());
        return finished.first().first().value<MxResolution>();
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<mf::MxResolution>();
        qRegisterMetaType<mf::DnsLookupResult>();
        qRegisterMetaType<mf::DnsEvent>();
    }

    void init()
    {
        m_server = std::make_unique<DnsServer>();
        m_server->authority() = test::testAuthority();
        QVERIFY2(m_server->listen(QHostAddress("127.0.0.1"), 0), qPrintable(m_server->errorString()));
    }

    void cleanup() { m_server.reset(); }

    // --- The ordering rules alone -----------------------------------------------------------------

    void orderMx_data()
    {
        QTest::addColumn<QList<DnsRecord>>("records");
        QTest::addColumn<QList<QByteArray>>("own");
        QTest::addColumn<Random>("random");
        QTest::addColumn<MxSelection::Plan::Outcome>("outcome");
        QTest::addColumn<QStringList>("hosts");
        using O = MxSelection::Plan::Outcome;
        const QList<QByteArray> noOwn;
        QTest::newRow("lowest preference first") << mx({{30, "c"}, {10, "a"}, {20, "b"}}) << noOwn << Random::First
                                                 << O::Hosts << QStringList{"10 a", "20 b", "30 c"};
        QTest::newRow("equal preferences, random picks last") << mx({{10, "a"}, {10, "b"}, {20, "c"}}) << noOwn
                                                              << Random::Last << O::Hosts
                                                              << QStringList{"10 a", "10 b", "20 c"};
        QTest::newRow("equal preferences, random picks first") << mx({{10, "a"}, {10, "b"}, {20, "c"}}) << noOwn
                                                               << Random::First << O::Hosts
                                                               << QStringList{"10 b", "10 a", "20 c"};
        QTest::newRow("three equal, random picks first") << mx({{5, "a"}, {5, "b"}, {5, "c"}}) << noOwn << Random::First
                                                         << O::Hosts << QStringList{"5 b", "5 c", "5 a"};
        QTest::newRow("we are the second MX") << mx({{10, "a"}, {20, "me"}, {30, "c"}, {20, "d"}})
                                              << QList<QByteArray>{"ME."} << Random::Last << O::Hosts
                                              << QStringList{"10 a"};
        QTest::newRow("we are the best MX") << mx({{10, "me"}, {20, "b"}}) << QList<QByteArray>{"other", "me"}
                                            << Random::Last << O::LoopsToSelf << QStringList{};
        QTest::newRow("we share the best preference") << mx({{10, "a"}, {10, "me"}}) << QList<QByteArray>{"me"}
                                                      << Random::Last << O::LoopsToSelf << QStringList{};
        QTest::newRow("null MX") << mx({{0, ""}}) << noOwn << Random::Last << O::NullMx << QStringList{};
        QTest::newRow("null MX with a non-zero preference") << mx({{10, ""}}) << noOwn << Random::Last << O::NullMx
                                                            << QStringList{};
        QTest::newRow("null MX mixed with real ones is ignored") << mx({{0, ""}, {10, "a"}}) << noOwn << Random::Last
                                                                 << O::Hosts << QStringList{"10 a"};
        QTest::newRow("no MX records") << QList<DnsRecord>{} << noOwn << Random::Last << O::NoUsableMx << QStringList{};
    }
    void orderMx()
    {
        QFETCH(QList<DnsRecord>, records);
        QFETCH(QList<QByteArray>, own);
        QFETCH(Random, random);
        QFETCH(MxSelection::Plan::Outcome, outcome);
        QFETCH(QStringList, hosts);
        const MxSelection::Plan plan = MxSelection::orderMx(records, own, randomSource(random));
        QCOMPARE(int(plan.outcome), int(outcome));
        QCOMPARE(hostsOf(plan.hosts), hosts);
    }

    void equalPreferencesReallyShuffled()
    {
        // Over many runs with the system random source every order of three equal MX hosts appears, and
        // the preference-20 host always comes last.
        const QList<DnsRecord> records = mx({{10, "a"}, {10, "b"}, {10, "c"}, {20, "z"}});
        QSet<QString> orders;
        for (int run = 0; run < 600; ++run) {
            const MxSelection::Plan plan = MxSelection::orderMx(records, {}, MxSelection::systemRandom());
            QCOMPARE(plan.hosts.size(), 4);
            QCOMPARE(plan.hosts.last().host, QByteArray("z"));
            orders.insert(hostsOf(plan.hosts).join(','));
        }
        QCOMPARE(orders.size(), 6);
    }

    void candidateListIterates()
    {
        MxCandidateList list({MxCandidate{"mx1", 10, QHostAddress("127.0.0.1")},
                              MxCandidate{"mx1", 10, QHostAddress("::1")},
                              MxCandidate{"mx2", 20, QHostAddress("127.0.0.2")},
                              MxCandidate{"mx3", 30, QHostAddress("127.0.0.3")}});
        QCOMPARE(list.remaining(), 4);
        QCOMPARE(list.next()->address, QHostAddress("127.0.0.1")); // refused...
        QCOMPARE(list.next()->address, QHostAddress("::1"));       // ...timed out...
        QCOMPARE(list.next()->host, QByteArray("mx2"));
        list.rewind();
        QCOMPARE(list.next()->host, QByteArray("mx1"));
        list.skipHost(); // mx1 answered 5xx: its other addresses are the same server
        QCOMPARE(list.next()->host, QByteArray("mx2"));
        QCOMPARE(list.next()->host, QByteArray("mx3"));
        QVERIFY(list.atEnd());
        QVERIFY(!list.next());
        QVERIFY(!list.next());
        QVERIFY(!MxCandidateList().next());
    }

    // --- End to end over DNS ------------------------------------------------------------------

    void resolve_data()
    {
        QTest::addColumn<QByteArray>("domain");
        QTest::addColumn<QList<QByteArray>>("own");
        QTest::addColumn<Random>("random");
        QTest::addColumn<MxResolution::Outcome>("outcome");
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QStringList>("candidates");
        QTest::addColumn<QString>("explanation");
        using O = MxResolution::Outcome;
        const QList<QByteArray> noOwn;
        QTest::newRow("preference order, all addresses") << QByteArray("a.example") << noOwn << Random::Last
            << O::Candidates << QByteArray()
            << QStringList{"10 mx1.a.example 127.0.1.1", "20 mx2.a.example 127.0.1.2", "20 mx2.a.example ::1"}
            << "deliver to a.example via 10 mx1.a.example [127.0.1.1], 20 mx2.a.example [127.0.1.2], 20 mx2.a.example [::1]";
        QTest::newRow("equal preference, random first") << QByteArray("equal.example") << noOwn << Random::First
            << O::Candidates << QByteArray()
            << QStringList{"10 mxb.equal.example 127.0.3.2", "10 mxa.equal.example 127.0.3.1", "20 mxc.equal.example 127.0.3.3"}
            << "";
        QTest::newRow("equal preference, random last") << QByteArray("equal.example") << noOwn << Random::Last
            << O::Candidates << QByteArray()
            << QStringList{"10 mxa.equal.example 127.0.3.1", "10 mxb.equal.example 127.0.3.2", "20 mxc.equal.example 127.0.3.3"}
            << "";
        QTest::newRow("implicit MX") << QByteArray("implicit.example") << noOwn << Random::Last << O::Candidates
                                     << QByteArray() << QStringList{"0 implicit.example 127.0.4.1 implicit"} << "";
        QTest::newRow("MX through CNAME") << QByteArray("shop.a.example") << noOwn << Random::Last << O::Candidates
                                          << QByteArray() << QStringList{"10 mx.b.example 127.0.2.1"} << "";
        QTest::newRow("NXDOMAIN is permanent") << QByteArray("nope.a.example") << noOwn << Random::Last
            << O::PermanentFailure << QByteArray("5.1.2") << QStringList{}
            << "nope.a.example does not exist (NXDOMAIN): bad destination domain";
        QTest::newRow("SERVFAIL defers") << QByteArray("broken.example") << noOwn << Random::Last << O::TemporaryFailure
            << QByteArray("4.4.3") << QStringList{}
            << "MX lookup for broken.example failed temporarily (SERVFAIL): will retry";
        QTest::newRow("REFUSED defers") << QByteArray("elsewhere.test") << noOwn << Random::Last << O::TemporaryFailure
                                        << QByteArray("4.4.3") << QStringList{}
                                        << "MX lookup for elsewhere.test failed temporarily (REFUSED): will retry";
        QTest::newRow("null MX") << QByteArray("nullmx.example") << noOwn << Random::Last << O::PermanentFailure
            << QByteArray("5.1.10") << QStringList{}
            << "nullmx.example publishes a null MX (MX 0 .): the domain accepts no mail";
        QTest::newRow("no MX and no address") << QByteArray("bare.example") << noOwn << Random::Last
            << O::PermanentFailure << QByteArray("5.1.2") << QStringList{}
            << "bare.example has neither MX nor address records";
        QTest::newRow("MX hosts without addresses") << QByteArray("ghost.example") << noOwn << Random::Last
            << O::PermanentFailure << QByteArray("5.4.4") << QStringList{}
            << "no mail exchanger of ghost.example has an address";
        QTest::newRow("we are a backup MX") << QByteArray("a.example") << QList<QByteArray>{"mx2.a.example"}
                                            << Random::Last << O::Candidates << QByteArray()
                                            << QStringList{"10 mx1.a.example 127.0.1.1"} << "";
        QTest::newRow("we are the best MX") << QByteArray("a.example") << QList<QByteArray>{"MX1.A.EXAMPLE"}
            << Random::Last << O::PermanentFailure << QByteArray("5.4.6") << QStringList{}
            << "mail for a.example loops back to myself: we are its best MX";
    }
    void resolve()
    {
        QFETCH(QByteArray, domain);
        QFETCH(QList<QByteArray>, own);
        QFETCH(Random, random);
        QFETCH(MxResolution::Outcome, outcome);
        QFETCH(QByteArray, status);
        QFETCH(QStringList, candidates);
        QFETCH(QString, explanation);
        DnsResolver dns(m_server->address(), m_server->port());
        MxResolver resolver(&dns, MxResolver::Config{own, randomSource(random)});
        QSignalSpy notes(&resolver, &MxResolver::note);
        const MxResolution r = resolve(resolver, domain);
        QCOMPARE(mxOutcomeName(r.outcome), mxOutcomeName(outcome));
        QCOMPARE(r.enhancedStatus, status);
        QCOMPARE(candidatesOf(r.candidates), candidates);
        if (!explanation.isEmpty())
            QCOMPARE(r.explanation, explanation);
        QVERIFY(!notes.isEmpty());
        QCOMPARE(notes.last().first().toString(), r.explanation);
        QCOMPARE(r.implicitMx, domain == "implicit.example" || domain == "bare.example"); // no MX: the A/AAAA path
    }

    void bothOrdersOverManyRuns()
    {
        DnsResolver dns(m_server->address(), m_server->port());
        MxResolver resolver(&dns, MxResolver::Config{});
        QSet<QString> firstHosts;
        for (int run = 0; run < 40 && firstHosts.size() < 2; ++run) {
            MxResolution r = resolve(resolver, "equal.example");
            QCOMPARE(r.outcome, MxResolution::Outcome::Candidates);
            QCOMPARE(r.candidates.all().last().host, QByteArray("mxc.equal.example"));
            firstHosts.insert(QString::fromLatin1(r.candidates.next()->host));
        }
        QCOMPARE(firstHosts, (QSet<QString>{"mxa.equal.example", "mxb.equal.example"}));
    }

    void cnameFollowedOnce()
    {
        // A server that does not chase CNAMEs: cn.example MX -> CNAME b.example; b.example is answered
        // by the real authority; loop.example -> CNAME loop2.example -> CNAME loop.example...
        const DnsAuthority world = test::testAuthority();
        test::FakeDnsResponder lazy([&world](const DnsMessage &q) {
            const QByteArray name = q.questions.first().name;
            if (name == "cn.example" || name == "loop.example" || name == "loop2.example") {
                DnsMessage a = test::FakeDnsResponder::answerTo(q);
                const QByteArray target = name == "cn.example" ? "b.example"
                                        : name == "loop.example" ? "loop2.example" : "loop.example";
                a.answers = {DnsRecord::cname(name, target)};
                return QList<QByteArray>{a.encode()};
            }
            return QList<QByteArray>{world.handle(q.encode(), DnsTransport::Udp).wire};
        });
        DnsResolver dns(QHostAddress("127.0.0.1"), lazy.port());
        MxResolver resolver(&dns, MxResolver::Config{});
        QSignalSpy notes(&resolver, &MxResolver::note);
        MxResolution r = resolve(resolver, "cn.example");
        QCOMPARE(r.outcome, MxResolution::Outcome::Candidates);
        QCOMPARE(candidatesOf(r.candidates), QStringList{"10 mx.b.example 127.0.2.1"});
        QCOMPARE(notes.first().first().toString(), QString("cn.example is an alias (CNAME) of b.example: looking up its MX"));

        r = resolve(resolver, "loop.example");
        QCOMPARE(r.outcome, MxResolution::Outcome::TemporaryFailure);
        QCOMPARE(r.explanation, QString("loop2.example is an alias of an alias (CNAME chain): will retry"));
    }

    void timeoutDefers()
    {
        test::FakeDnsResponder silent([](const DnsMessage &) { return QList<QByteArray>{}; });
        DnsResolver::Options options;
        options.timeoutMs = 100;
        options.attempts = 2;
        DnsResolver dns(QHostAddress("127.0.0.1"), silent.port(), options);
        MxResolver resolver(&dns, MxResolver::Config{});
        const MxResolution r = resolve(resolver, "a.example");
        QCOMPARE(r.outcome, MxResolution::Outcome::TemporaryFailure);
        QCOMPARE(r.enhancedStatus, QByteArray("4.4.3"));
        QVERIFY2(r.explanation.contains("no answer after 2 attempts"), qPrintable(r.explanation));
    }

    void addressLookupFailureDefers()
    {
        // The MX answer arrives, but the exchanger's zone then fails: defer rather than bounce.
        DnsAuthority world = test::testAuthority();
        DnsZone other("other.example");
        other.addAddress("mx.other.example", QHostAddress("127.0.8.1"));
        other.setServerFailure(true);
        world.addZone(other);
        world.zone("b.example")->remove("b.example", DnsType::MX);
        world.zone("b.example")->addMx("b.example", 10, "mx.other.example");
        m_server->authority() = world;
        DnsResolver dns(m_server->address(), m_server->port());
        MxResolver resolver(&dns, MxResolver::Config{});
        const MxResolution r = resolve(resolver, "b.example");
        QCOMPARE(r.outcome, MxResolution::Outcome::TemporaryFailure);
        QCOMPARE(r.hosts, (QList<MxHost>{MxHost{"mx.other.example", 10}}));
        // Once the zone recovers, the same lookup succeeds.
        m_server->authority().zone("other.example")->setServerFailure(false);
        QCOMPARE(candidatesOf(resolve(resolver, "b.example").candidates), QStringList{"10 mx.other.example 127.0.8.1"});
    }

    void callbackApi()
    {
        DnsResolver dns(m_server->address(), m_server->port());
        MxResolver resolver(&dns, MxResolver::Config{});
        std::optional<MxResolution> got;
        resolver.resolve("b.example", this, [&](const MxResolution &r) { got = r; });
        QTRY_VERIFY(got.has_value());
        QCOMPARE(got->candidates.next()->address, QHostAddress("127.0.2.1"));
    }
};

QTEST_GUILESS_MAIN(TestMxResolver)
#include "tst_mxresolver.moc"
