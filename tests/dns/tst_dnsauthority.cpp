// DnsAuthority without sockets: query bytes in, answer bytes out.
#include "DnsTestWorld.h"

#include <QTest>

using namespace mf;

namespace {

QByteArray hex(const char *h)
{
    return QByteArray::fromHex(QByteArray(h).replace(' ', ""));
}

DnsMessage query(const QByteArray &name, quint16 type, bool edns = false)
{
    DnsMessage q;
    q.header.id = 0x4242;
    q.header.rd = true;
    q.questions = {DnsQuestion{name, type, DnsClass::IN}};
    if (edns)
        q.edns = DnsEdns{};
    return q;
}

DnsMessage ask(const DnsAuthority &authority, const QByteArray &wire, DnsTransport transport = DnsTransport::Udp,
               int *size = nullptr)
{
    const DnsAuthority::Reply reply = authority.handle(wire, transport);
    if (reply.wire.isEmpty())
        return {};
    const DnsParseResult parsed = DnsMessage::parse(reply.wire);
    if (!parsed.message)
        qFatal("authority produced an unparseable answer: %s", qPrintable(parsed.error));
    if (!(*parsed.message == *reply.answer))
        qFatal("answer encodes differently from what was built");
    if (size)
        *size = int(reply.wire.size());
    return *parsed.message;
}

QStringList texts(const QList<DnsRecord> &records)
{
    QStringList out;
    for (const DnsRecord &r : records)
        out.append(r.describe());
    return out;
}

} // namespace

class TestDnsAuthority : public QObject
{
    Q_OBJECT
private slots:
    void answers_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<quint16>("type");
        QTest::addColumn<QString>("rcode");
        QTest::addColumn<bool>("aa");
        QTest::addColumn<QStringList>("answers");
        QTest::addColumn<QStringList>("authority");
        QTest::addColumn<QStringList>("additional");
        const QStringList none;
        const QStringList soaA = {"a.example. 300 IN SOA ns.a.example. hostmaster.a.example. 1 3600 600 86400 300"};
        QTest::newRow("MX with additional addresses")
            << QByteArray("a.example") << DnsType::MX << "NOERROR" << true
            << QStringList{"a.example. 300 IN MX 10 mx1.a.example.", "a.example. 300 IN MX 20 mx2.a.example."} << none
            << QStringList{"mx1.a.example. 300 IN A 127.0.1.1", "mx2.a.example. 300 IN A 127.0.1.2",
                           "mx2.a.example. 300 IN AAAA ::1"};
        QTest::newRow("case-insensitive name") << QByteArray("A.EXAMPLE") << DnsType::MX << "NOERROR" << true
            << QStringList{"a.example. 300 IN MX 10 mx1.a.example.", "a.example. 300 IN MX 20 mx2.a.example."} << none
            << QStringList{"mx1.a.example. 300 IN A 127.0.1.1", "mx2.a.example. 300 IN A 127.0.1.2",
                           "mx2.a.example. 300 IN AAAA ::1"};
        QTest::newRow("A") << QByteArray("mx1.a.example") << DnsType::A << "NOERROR" << true
                           << QStringList{"mx1.a.example. 300 IN A 127.0.1.1"} << none << none;
        QTest::newRow("AAAA") << QByteArray("mx2.a.example") << DnsType::AAAA << "NOERROR" << true
                              << QStringList{"mx2.a.example. 300 IN AAAA ::1"} << none << none;
        QTest::newRow("NS with glue") << QByteArray("a.example") << DnsType::NS << "NOERROR" << true
                                      << QStringList{"a.example. 300 IN NS ns.a.example."} << none
                                      << QStringList{"ns.a.example. 300 IN A 127.0.0.53"};
        QTest::newRow("SOA") << QByteArray("a.example") << DnsType::SOA << "NOERROR" << true << soaA << none << none;
        QTest::newRow("NXDOMAIN with SOA") << QByteArray("nope.a.example") << DnsType::MX << "NXDOMAIN" << true
                                           << none << soaA << none;
        QTest::newRow("NODATA with SOA") << QByteArray("mx1.a.example") << DnsType::MX << "NOERROR" << true
                                         << none << soaA << none;
        QTest::newRow("NODATA for TXT at the apex") << QByteArray("a.example") << DnsType::TXT << "NOERROR" << true
                                                    << none << soaA << none;
        QTest::newRow("empty non-terminal is NODATA") << QByteArray("y.a.example") << DnsType::A << "NOERROR" << true
                                                      << none << soaA << none;
        QTest::newRow("CNAME chased in zone") << QByteArray("alias.a.example") << DnsType::A << "NOERROR" << true
            << QStringList{"alias.a.example. 300 IN CNAME mx1.a.example.", "mx1.a.example. 300 IN A 127.0.1.1"}
            << none << none;
        QTest::newRow("CNAME asked for") << QByteArray("alias.a.example") << DnsType::CNAME << "NOERROR" << true
            << QStringList{"alias.a.example. 300 IN CNAME mx1.a.example."} << none << none;
        QTest::newRow("CNAME into another zone") << QByteArray("shop.a.example") << DnsType::MX << "NOERROR" << true
            << QStringList{"shop.a.example. 300 IN CNAME b.example.", "b.example. 300 IN MX 10 mx.b.example."}
            << none << QStringList{"mx.b.example. 300 IN A 127.0.2.1"};
        QTest::newRow("null MX") << QByteArray("nullmx.example") << DnsType::MX << "NOERROR" << true
                                 << QStringList{"nullmx.example. 300 IN MX 0 ."} << none << none;
        QTest::newRow("ANY") << QByteArray("mx2.a.example") << DnsType::ANY << "NOERROR" << true
                             << QStringList{"mx2.a.example. 300 IN A 127.0.1.2", "mx2.a.example. 300 IN AAAA ::1"}
                             << none << none;
        QTest::newRow("REFUSED outside our zones") << QByteArray("example.org") << DnsType::MX << "REFUSED" << false
                                                   << none << none << none;
        QTest::newRow("REFUSED for the parent") << QByteArray("example") << DnsType::A << "REFUSED" << false
                                                << none << none << none;
        QTest::newRow("SERVFAIL knob") << QByteArray("broken.example") << DnsType::MX << "SERVFAIL" << false
                                       << none << none << none;
        QTest::newRow("AXFR refused") << QByteArray("a.example") << DnsType::AXFR << "REFUSED" << false
                                      << none << none << none;
    }
    void answers()
    {
        QFETCH(QByteArray, name);
        QFETCH(quint16, type);
        QFETCH(QString, rcode);
        QFETCH(bool, aa);
        QFETCH(QStringList, answers);
        QFETCH(QStringList, authority);
        QFETCH(QStringList, additional);
        const DnsAuthority world = test::testAuthority();
        const DnsMessage q = query(name, type);
        const DnsMessage a = ask(world, q.encode());
        QCOMPARE(QString::fromLatin1(dnsRcodeName(a.rcode())), rcode);
        QCOMPARE(a.header.id, q.header.id);
        QVERIFY(a.header.qr);
        QCOMPARE(a.header.aa, aa);
        QVERIFY(a.header.rd);  // copied from the query
        QVERIFY(!a.header.ra); // authoritative only
        QVERIFY(!a.header.tc);
        QCOMPARE(a.questions, q.questions); // echoed as asked, case included
        QCOMPARE(texts(a.answers), answers);
        QCOMPARE(texts(a.authority), authority);
        QCOMPARE(texts(a.additional), additional);
        QVERIFY(!a.edns); // no OPT in, no OPT out (RFC 6891 §7)
    }

    void ednsEchoed()
    {
        const DnsAuthority world = test::testAuthority();
        DnsMessage q = query("a.example", DnsType::MX, true);
        q.edns->udpPayloadSize = 4096;
        const DnsMessage a = ask(world, q.encode());
        QCOMPARE(a.rcode(), DnsRcode::NoError);
        QVERIFY(a.edns);
        QCOMPARE(a.edns->udpPayloadSize, quint16(1232));
        QCOMPARE(a.edns->version, quint8(0));
        QCOMPARE(a.answers.size(), 2);
        // Unknown EDNS version: BADVERS (RFC 6891 §6.1.3), an extended RCODE.
        q.edns->version = 1;
        const DnsMessage bad = ask(world, q.encode());
        QCOMPARE(bad.rcode(), DnsRcode::BadVers);
        QVERIFY(bad.answers.isEmpty());
    }

    void truncation()
    {
        const DnsAuthority world = test::testAuthority();
        int size = 0;
        // 40 A records need 674 octets: over 512 on plain UDP.
        const DnsMessage udp = ask(world, query("many.big.example", DnsType::A).encode(), DnsTransport::Udp, &size);
        QVERIFY(udp.header.tc);
        QVERIFY(udp.answers.isEmpty());
        QCOMPARE(udp.questions.size(), 1);
        QVERIFY(size <= 512);
        // EDNS raises the limit to min(client's size, ours).
        const DnsMessage edns = ask(world, query("many.big.example", DnsType::A, true).encode(), DnsTransport::Udp, &size);
        QVERIFY(!edns.header.tc);
        QCOMPARE(edns.answers.size(), 40);
        QVERIFY(size > 512);
        DnsMessage small = query("many.big.example", DnsType::A, true);
        small.edns->udpPayloadSize = 100; // below 512 counts as 512 (RFC 6891 §6.2.5)
        QVERIFY(ask(world, small.encode()).header.tc);
        const DnsMessage tcp = ask(world, query("many.big.example", DnsType::A).encode(), DnsTransport::Tcp, &size);
        QVERIFY(!tcp.header.tc);
        QCOMPARE(tcp.answers.size(), 40);
    }

    void additionalDroppedBeforeTruncating()
    {
        // An MX answer that fits only without its additional addresses is not truncated (RFC 2181 §9).
        DnsAuthority world;
        DnsZone z("wide.example");
        for (int i = 0; i < 12; ++i) {
            const QByteArray host = "mail-exchanger-" + QByteArray::number(i) + ".wide.example";
            z.addMx("wide.example", quint16(i), host);
            z.addAddress(host, QHostAddress(QStringLiteral("127.0.6.%1").arg(i + 1)));
        }
        world.addZone(z);
        int size = 0;
        const DnsMessage a = ask(world, query("wide.example", DnsType::MX).encode(), DnsTransport::Udp, &size);
        QVERIFY(!a.header.tc);
        QCOMPARE(a.answers.size(), 12);
        QVERIFY(a.additional.isEmpty());
        QVERIFY(size <= 512);
        QCOMPARE(ask(world, query("wide.example", DnsType::MX).encode(), DnsTransport::Tcp).additional.size(), 12);
    }

    void formErrAndNotImp_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("rcode");
        QTest::addColumn<quint16>("id");
        const QByteArray question = hex("01 61 07 6578616d706c65 00 000f 0001");
        QTest::newRow("pointer loop") << hex("beef 0100 0001 0000 0000 0000 c00c 000f 0001") << "FORMERR" << quint16(0xbeef);
        QTest::newRow("question cut short") << hex("beef 0100 0001 0000 0000 0000 01 61 07 6578") << "FORMERR" << quint16(0xbeef);
        QTest::newRow("no question") << hex("0007 0000 0000 0000 0000 0000") << "FORMERR" << quint16(7);
        QTest::newRow("two questions") << hex("0008 0000 0002 0000 0000 0000") + question + question << "FORMERR" << quint16(8);
        QTest::newRow("question type OPT") << hex("0009 0000 0001 0000 0000 0000 01 61 07 6578616d706c65 00 0029 0001")
                                           << "FORMERR" << quint16(9);
        QTest::newRow("STATUS opcode") << hex("000a 1000 0001 0000 0000 0000") + question << "NOTIMP" << quint16(10);
        QTest::newRow("UPDATE opcode") << hex("000b 2800 0001 0000 0000 0000") + question << "NOTIMP" << quint16(11);
        QTest::newRow("IQUERY opcode") << hex("000c 0800 0001 0000 0000 0000") + question << "NOTIMP" << quint16(12);
        QTest::newRow("CHAOS class") << hex("000d 0000 0001 0000 0000 0000 01 61 07 6578616d706c65 00 0010 0003")
                                     << "REFUSED" << quint16(13);
    }
    void formErrAndNotImp()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, rcode);
        QFETCH(quint16, id);
        const DnsAuthority world = test::testAuthority();
        const DnsMessage a = ask(world, wire);
        QCOMPARE(QString::fromLatin1(dnsRcodeName(a.rcode())), rcode);
        QCOMPARE(a.header.id, id);
        QVERIFY(a.header.qr);
        QVERIFY(!a.header.aa);
        QVERIFY(a.answers.isEmpty());
        // And the authority keeps answering normally afterwards.
        QCOMPARE(ask(world, query("a.example", DnsType::MX).encode()).answers.size(), 2);
    }

    void silentCases()
    {
        const DnsAuthority world = test::testAuthority();
        QVERIFY(world.handle(hex("0102 0304 05"), DnsTransport::Udp).wire.isEmpty());  // no full header
        DnsMessage response = query("a.example", DnsType::MX);
        response.header.qr = true;                                                       // never answer answers
        QVERIFY(world.handle(response.encode(), DnsTransport::Udp).wire.isEmpty());
        QVERIFY(world.handle(hex("0102 8000 0001 0000 0000 0000 c00c"), DnsTransport::Udp).wire.isEmpty());
    }

    void serverFailureKnob()
    {
        DnsAuthority world = test::testAuthority();
        QCOMPARE(ask(world, query("mx1.a.example", DnsType::A).encode()).rcode(), DnsRcode::NoError);
        world.zone("a.example")->setServerFailure(true);
        QCOMPARE(ask(world, query("mx1.a.example", DnsType::A).encode()).rcode(), DnsRcode::ServFail);
        QCOMPARE(ask(world, query("nope.a.example", DnsType::A).encode()).rcode(), DnsRcode::ServFail);
        QCOMPARE(ask(world, query("b.example", DnsType::MX).encode()).rcode(), DnsRcode::NoError);
        world.zone("a.example")->setServerFailure(false);
        QCOMPARE(ask(world, query("mx1.a.example", DnsType::A).encode()).rcode(), DnsRcode::NoError);
    }

    void negativeTtlIsSoaMinimum()
    {
        DnsAuthority world;
        DnsZone z("ttl.example", 3600);
        DnsSoa soa = z.soa();
        soa.minimum = 60;
        z.setSoa(soa);
        world.addZone(z);
        const DnsMessage a = ask(world, query("nope.ttl.example", DnsType::A).encode());
        QCOMPARE(a.rcode(), DnsRcode::NxDomain);
        QCOMPARE(a.authority.first().ttl, quint32(60)); // RFC 2308 §3
    }

    void zoneEditing()
    {
        DnsAuthority world = test::testAuthority();
        QVERIFY(!world.zone("a.example")->add(DnsRecord::a("mx.b.example", QHostAddress("127.0.0.1"))));
        QVERIFY(!world.zone("a.example")->addMx("a.example", 5, "bad..name"));
        QVERIFY(!world.zone("a.example")->addAddress(QByteArray(64, 'x') + ".a.example", QHostAddress("127.0.0.1")));
        QCOMPARE(world.zone("a.example")->remove("a.example", DnsType::MX), 2);
        QCOMPARE(ask(world, query("a.example", DnsType::MX).encode()).answers.size(), 0);
        QVERIFY(world.removeZone("a.example"));
        QCOMPARE(ask(world, query("a.example", DnsType::MX).encode()).rcode(), DnsRcode::Refused);
        // The most specific zone wins.
        DnsZone sub("sub.b.example");
        sub.addAddress("host.sub.b.example", QHostAddress("127.0.7.1"));
        world.addZone(sub);
        const DnsMessage a = ask(world, query("host.sub.b.example", DnsType::A).encode());
        QCOMPARE(a.answers.size(), 1);
        QCOMPARE(ask(world, query("nope.sub.b.example", DnsType::A).encode()).authority.first().name,
                 QByteArray("sub.b.example"));
    }
};

QTEST_GUILESS_MAIN(TestDnsAuthority)
#include "tst_dnsauthority.moc"
