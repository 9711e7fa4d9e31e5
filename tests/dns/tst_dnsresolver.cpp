// DnsResolver against DnsServer on a loopback port (UDP, TCP fallback), and against scripted responders
// for the cases a correct server never produces (wrong IDs, silence).
#include "DnsTestWorld.h"
#include "FakeDnsResponder.h"
#include "dns/DnsResolver.h"
#include "dns/DnsServer.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace mf;

Q_DECLARE_METATYPE(mf::DnsLookupResult::Kind)

namespace {

DnsLookupResult lookup(DnsResolver &resolver, const QByteArray &name, quint16 type)
{
    DnsLookupJob *job = resolver.lookup(name, type);
    QSignalSpy finished(job, &DnsLookupJob::finished);
    if (!finished.wait(15000))
        qFatal("lookup of %s did not finish", name.constData());
    if (finished.wait(50)) // finished() must come exactly once
        qFatal("lookup of %s finished twice", name.constData());
    return finished.first().first().value<DnsLookupResult>();
}

QStringList texts(const QList<DnsRecord> &records)
{
    QStringList out;
    for (const DnsRecord &r : records)
        out.append(r.describe());
    return out;
}

QList<DnsEvent> eventsOf(const QSignalSpy &spy)
{
    QList<DnsEvent> out;
    for (const QList<QVariant> &args : spy)
        out.append(args.first().value<DnsEvent>());
    return out;
}

} // namespace

class TestDnsResolver : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<DnsServer> m_server;

private slots:
    void initTestCase()
    {
        qRegisterMetaType<mf::DnsEvent>();
        qRegisterMetaType<mf::DnsLookupResult>();
    }

    void init()
    {
        m_server = std::make_unique<DnsServer>();
        m_server->authority() = test::testAuthority();
        QVERIFY2(m_server->listen(QHostAddress("127.0.0.1"), 0), qPrintable(m_server->errorString()));
        QVERIFY(m_server->port() != 0);
    }

    void cleanup() { m_server.reset(); }

    void lookups_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<quint16>("type");
        QTest::addColumn<bool>("edns");
        QTest::addColumn<DnsLookupResult::Kind>("kind");
        QTest::addColumn<QByteArray>("canonical");
        QTest::addColumn<QStringList>("records");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<bool>("viaTcp");
        using K = DnsLookupResult::Kind;
        const QStringList none;
        QTest::newRow("MX") << QByteArray("a.example") << DnsType::MX << true << K::Records << QByteArray("a.example")
                            << QStringList{"a.example. 300 IN MX 10 mx1.a.example.", "a.example. 300 IN MX 20 mx2.a.example."}
                            << "NOERROR" << false;
        QTest::newRow("MX without EDNS") << QByteArray("A.Example.") << DnsType::MX << false << K::Records
                                         << QByteArray("a.example")
                                         << QStringList{"a.example. 300 IN MX 10 mx1.a.example.",
                                                        "a.example. 300 IN MX 20 mx2.a.example."}
                                         << "NOERROR" << false;
        QTest::newRow("AAAA") << QByteArray("mx2.a.example") << DnsType::AAAA << true << K::Records
                              << QByteArray("mx2.a.example") << QStringList{"mx2.a.example. 300 IN AAAA ::1"} << "NOERROR"
                              << false;
        QTest::newRow("A through CNAME") << QByteArray("alias.a.example") << DnsType::A << true << K::Records
                                         << QByteArray("mx1.a.example") << QStringList{"mx1.a.example. 300 IN A 127.0.1.1"}
                                         << "NOERROR" << false;
        QTest::newRow("MX through CNAME") << QByteArray("shop.a.example") << DnsType::MX << true << K::Records
                                          << QByteArray("b.example") << QStringList{"b.example. 300 IN MX 10 mx.b.example."}
                                          << "NOERROR" << false;
        QTest::newRow("NXDOMAIN") << QByteArray("nope.a.example") << DnsType::MX << true << K::NxDomain
                                  << QByteArray("nope.a.example") << none << "NXDOMAIN" << false;
        QTest::newRow("NODATA") << QByteArray("mx1.a.example") << DnsType::MX << true << K::NoData
                                << QByteArray("mx1.a.example") << none << "NOERROR" << false;
        QTest::newRow("SERVFAIL is temporary") << QByteArray("broken.example") << DnsType::MX << true
                                               << K::TemporaryFailure << QByteArray("broken.example") << none << "SERVFAIL"
                                               << false;
        QTest::newRow("REFUSED is temporary") << QByteArray("example.org") << DnsType::MX << true << K::TemporaryFailure
                                              << QByteArray("example.org") << none << "REFUSED" << false;
        QTest::newRow("truncated: retried over TCP") << QByteArray("many.big.example") << DnsType::A << false
                                                     << K::Records << QByteArray("many.big.example") << QStringList()
                                                     << "NOERROR" << true;
    }
    void lookups()
    {
        QFETCH(QByteArray, name);
        QFETCH(quint16, type);
        QFETCH(bool, edns);
        QFETCH(DnsLookupResult::Kind, kind);
        QFETCH(QByteArray, canonical);
        QFETCH(QStringList, records);
        QFETCH(QString, detail);
        QFETCH(bool, viaTcp);

        DnsResolver::Options options;
        options.useEdns = edns;
        DnsResolver resolver(m_server->address(), m_server->port(), options);
        QSignalSpy events(&resolver, &DnsResolver::dnsEvent);
        QSignalSpy serverEvents(m_server.get(), &DnsServer::dnsEvent);
        const DnsLookupResult r = lookup(resolver, name, type);
        QCOMPARE(dnsLookupKindName(r.kind), dnsLookupKindName(kind));
        QCOMPARE(r.canonicalName, canonical);
        QCOMPARE(r.detail, detail);
        if (viaTcp)
            QCOMPARE(r.records.size(), 40);
        else
            QCOMPARE(texts(r.records), records);
        QVERIFY(r.answer);

        const QList<DnsEvent> log = eventsOf(events);
        QCOMPARE(log.first().kind, DnsEvent::Kind::Query);
        QCOMPARE(log.first().peer, m_server->address());
        QCOMPARE(log.first().peerPort, m_server->port());
        QVERIFY2(log.first().text.contains(". IN " + DnsType::name(type)), qPrintable(log.first().text));
        QCOMPARE(log.first().text.contains("edns"), edns);
        QCOMPARE(log.last().kind, DnsEvent::Kind::Answer);
        QCOMPARE(log.last().transport, viaTcp ? DnsTransport::Tcp : DnsTransport::Udp);
        QCOMPARE(log.size(), viaTcp ? 4 : 2);
        if (viaTcp) {
            QVERIFY(log.at(1).text.contains("flags qr aa tc"));
            QCOMPARE(log.at(2).transport, DnsTransport::Tcp);
        }
        // The server saw the same exchange.
        QCOMPARE(serverEvents.size(), log.size());
    }

    void idSourceInjected()
    {
        DnsResolver resolver(m_server->address(), m_server->port());
        resolver.setIdSource([] { return quint16(0x1a2b); });
        QSignalSpy events(&resolver, &DnsResolver::dnsEvent);
        QCOMPARE(lookup(resolver, "a.example", DnsType::MX).kind, DnsLookupResult::Kind::Records);
        QVERIFY(eventsOf(events).first().text.startsWith("id 0x1a2b, flags none, question a.example. IN MX"));
        QVERIFY(eventsOf(events).last().text.startsWith("id 0x1a2b, flags qr aa, status NOERROR"));
    }

    void timeoutAfterRetries()
    {
        test::FakeDnsResponder silent([](const DnsMessage &) { return QList<QByteArray>{}; });
        DnsResolver::Options options;
        options.timeoutMs = 150;
        options.attempts = 3;
        DnsResolver resolver(QHostAddress("127.0.0.1"), silent.port(), options);
        QSignalSpy events(&resolver, &DnsResolver::dnsEvent);
        const DnsLookupResult r = lookup(resolver, "a.example", DnsType::MX);
        QCOMPARE(r.kind, DnsLookupResult::Kind::TemporaryFailure);
        QCOMPARE(r.detail, QString("no answer after 3 attempts"));
        QVERIFY(!r.answer);
        QCOMPARE(silent.queries, 3);
        const QList<DnsEvent> log = eventsOf(events);
        QCOMPARE(log.size(), 6);
        int timeouts = 0;
        for (const DnsEvent &e : log)
            timeouts += e.kind == DnsEvent::Kind::Timeout;
        QCOMPARE(timeouts, 3);
        QVERIFY(log.last().text.contains("(attempt 3 of 3)"));
    }

    void mismatchedAnswersIgnored()
    {
        // Before the real answer: a wrong ID, a different question, a query (QR clear), and garbage.
        test::FakeDnsResponder tricky([](const DnsMessage &q) {
            DnsMessage wrongId = test::FakeDnsResponder::answerTo(q);
            wrongId.header.id = quint16(q.header.id + 1);
            wrongId.answers = {DnsRecord::mx("a.example", 1, "evil.example")};
            DnsMessage wrongQuestion = test::FakeDnsResponder::answerTo(q);
            wrongQuestion.questions.first().name = "other.example";
            wrongQuestion.answers = {DnsRecord::mx("other.example", 1, "evil.example")};
            DnsMessage notAnswer = test::FakeDnsResponder::answerTo(q);
            notAnswer.header.qr = false;
            DnsMessage right = test::FakeDnsResponder::answerTo(q);
            right.answers = {DnsRecord::mx("a.example", 10, "mx1.a.example")};
            return QList<QByteArray>{wrongId.encode(), wrongQuestion.encode(), notAnswer.encode(),
                                     QByteArray("\x01\x02garbage"), right.encode()};
        });
        DnsResolver resolver(QHostAddress("127.0.0.1"), tricky.port());
        QSignalSpy events(&resolver, &DnsResolver::dnsEvent);
        const DnsLookupResult r = lookup(resolver, "a.example", DnsType::MX);
        QCOMPARE(r.kind, DnsLookupResult::Kind::Records);
        QCOMPARE(texts(r.records), QStringList{"a.example. 300 IN MX 10 mx1.a.example."});
        QStringList ignored;
        for (const DnsEvent &e : eventsOf(events))
            if (e.kind == DnsEvent::Kind::Ignored)
                ignored.append(e.text);
        QCOMPARE(ignored.size(), 4);
        QVERIFY(ignored.at(0).contains("does not match the query's"));
        QVERIFY(ignored.at(1).contains("question in the answer does not match"));
        QVERIFY(ignored.at(2).contains("not a response"));
        QVERIFY(ignored.at(3).startsWith("malformed answer"));
    }

    void truncatedButNoTcpServer()
    {
        test::FakeDnsResponder udpOnly([](const DnsMessage &q) {
            DnsMessage tc = test::FakeDnsResponder::answerTo(q);
            tc.header.tc = true;
            return QList<QByteArray>{tc.encode()};
        });
        DnsResolver::Options options;
        options.timeoutMs = 2000;
        DnsResolver resolver(QHostAddress("127.0.0.1"), udpOnly.port(), options);
        const DnsLookupResult r = lookup(resolver, "a.example", DnsType::MX);
        QCOMPARE(r.kind, DnsLookupResult::Kind::TemporaryFailure);
        QVERIFY2(r.detail.startsWith("TCP: "), qPrintable(r.detail));
    }

    void tcpSeveralQueriesPerConnection()
    {
        QTcpSocket socket;
        socket.connectToHost(m_server->address(), m_server->port());
        QVERIFY(socket.waitForConnected(5000));
        QByteArray frames;
        for (const quint16 id : {1, 2, 3}) {
            DnsMessage q;
            q.header.id = id;
            q.questions = {DnsQuestion{id == 2 ? "nope.a.example" : "a.example", DnsType::MX, DnsClass::IN}};
            const QByteArray wire = q.encode();
            frames.append(char(wire.size() >> 8)).append(char(wire.size() & 0xff)).append(wire);
        }
        // Trickled one octet at a time: the length prefix may arrive split.
        for (const char c : frames) {
            socket.write(&c, 1);
            socket.flush();
        }
        QByteArray in;
        QList<DnsMessage> answers;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     in.append(socket.readAll());
                                     while (in.size() >= 2) {
                                         const int n = (uchar(in[0]) << 8) | uchar(in[1]);
                                         if (in.size() < 2 + n)
                                             break;
                                         answers.append(*DnsMessage::parse(in.mid(2, n)).message);
                                         in.remove(0, 2 + n);
                                     }
                                     return answers.size() == 3;
                                 }()),
                                 10000);
        QCOMPARE(answers.at(0).header.id, quint16(1));
        QCOMPARE(answers.at(1).rcode(), DnsRcode::NxDomain);
        QCOMPARE(answers.at(2).answers.size(), 2);
        QCOMPARE(m_server->tcpConnectionCount(), 1);
        // A malformed frame gets FORMERR and the connection stays usable.
        const QByteArray bad = QByteArray::fromHex("00 0e beef 0100 0001 0000 0000 0000 c00c");
        socket.write(bad);
        QTRY_VERIFY((in.append(socket.readAll()), in.size() >= 14));
        const DnsParseResult formErr = DnsMessage::parse(in.mid(2));
        QVERIFY(formErr.message);
        QCOMPARE(formErr.message->rcode(), DnsRcode::FormErr);
        QCOMPARE(formErr.message->header.id, quint16(0xbeef));
        socket.disconnectFromHost();
        QTRY_COMPARE(m_server->tcpConnectionCount(), 0);
    }

    void tcpIdleConnectionClosed()
    {
        DnsServer::Limits limits;
        limits.tcpIdleTimeoutMs = 200;
        DnsServer server(limits);
        QVERIFY(server.listen(QHostAddress("127.0.0.1"), 0));
        QTcpSocket socket;
        socket.connectToHost(server.address(), server.port());
        QVERIFY(socket.waitForConnected(5000));
        QTRY_COMPARE(server.tcpConnectionCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        QTRY_COMPARE(server.tcpConnectionCount(), 0);
    }

    void serverClosedWithOpenConnection()
    {
        QTcpSocket socket;
        socket.connectToHost(m_server->address(), m_server->port());
        QVERIFY(socket.waitForConnected(5000));
        QTRY_COMPARE(m_server->tcpConnectionCount(), 1);
        const quint16 port = m_server->port();
        m_server->close();
        QVERIFY(!m_server->isListening());
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        m_server.reset(); // and destroying it afterwards is fine too
        // A resolver pointed at the closed port gives up with a temporary failure.
        DnsResolver::Options options;
        options.timeoutMs = 100;
        options.attempts = 1;
        DnsResolver resolver(QHostAddress("127.0.0.1"), port, options);
        QCOMPARE(lookup(resolver, "a.example", DnsType::MX).kind, DnsLookupResult::Kind::TemporaryFailure);
    }

    void malformedUdpQueryGetsFormErr()
    {
        QUdpSocket socket;
        QVERIFY(socket.bind(QHostAddress("127.0.0.1"), 0));
        QSignalSpy serverEvents(m_server.get(), &DnsServer::dnsEvent);
        socket.writeDatagram(QByteArray::fromHex("beef 0100 0001 0000 0000 0000 3f61"), m_server->address(), m_server->port());
        QTRY_VERIFY(socket.hasPendingDatagrams());
        const DnsParseResult a = DnsMessage::parse(socket.receiveDatagram().data());
        QVERIFY(a.message);
        QCOMPARE(a.message->rcode(), DnsRcode::FormErr);
        QCOMPARE(serverEvents.size(), 2);
        const auto in = serverEvents.at(0).at(0).value<DnsEvent>();
        QCOMPARE(in.kind, DnsEvent::Kind::Ignored);
        QVERIFY2(in.text.startsWith("malformed query: "), qPrintable(in.text));
    }

    void listenOnBusyPortFails()
    {
        DnsServer second;
        QVERIFY(!second.listen(m_server->address(), m_server->port()));
        QVERIFY(!second.errorString().isEmpty());
        QVERIFY(!second.isListening());
    }

    void classifyWithoutSockets()
    {
        const DnsQuery q("out.example", DnsType::MX, 7);
        DnsMessage a = test::FakeDnsResponder::answerTo(q.message());
        a.answers = {DnsRecord::cname("out.example", "mail.elsewhere.test")};
        // A CNAME the server did not chase, and no SOA: ask again for the target.
        DnsLookupResult r = q.classify(a);
        QCOMPARE(r.kind, DnsLookupResult::Kind::Alias);
        QCOMPARE(r.canonicalName, QByteArray("mail.elsewhere.test"));
        // With an SOA the server proved the target has no MX: NODATA.
        a.authority = {DnsRecord::soaRecord("elsewhere.test", DnsSoa{})};
        QCOMPARE(q.classify(a).kind, DnsLookupResult::Kind::NoData);
        // FORMERR without a question is still the answer to our query.
        DnsMessage formErr;
        formErr.header.id = 7;
        formErr.header.qr = true;
        formErr.setRcode(DnsRcode::FormErr);
        const DnsQuery::Match m = q.match(formErr.encode());
        QVERIFY(m.accepted);
        QCOMPARE(q.classify(*m.answer).kind, DnsLookupResult::Kind::TemporaryFailure);
        // but a NOERROR without the question is not.
        formErr.setRcode(DnsRcode::NoError);
        QVERIFY(!q.match(formErr.encode()).accepted);
    }
};

QTEST_GUILESS_MAIN(TestDnsResolver)
#include "tst_dnsresolver.moc"
