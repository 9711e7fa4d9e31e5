// The RFC 1035 §4 codec: known wire bytes, round trips, compression, and every malformed input rejected
// without crashing (including every truncated prefix of every valid packet).
#include "dns/DnsMessage.h"

#include <QRandomGenerator>
#include <QTest>

using namespace mf;

namespace {

QByteArray hex(const char *h)
{
    return QByteArray::fromHex(QByteArray(h).replace(' ', ""));
}

DnsMessage mxQuery()
{
    DnsMessage q;
    q.header.id = 0x1a2b;
    q.header.rd = true;
    q.questions = {DnsQuestion{"a.example", DnsType::MX, DnsClass::IN}};
    return q;
}

DnsMessage mxAnswer()
{
    DnsMessage a = mxQuery();
    a.header.qr = true;
    a.header.aa = true;
    a.answers = {DnsRecord::mx("a.example", 10, "mx1.a.example"), DnsRecord::mx("a.example", 20, "mx2.a.example")};
    a.additional = {DnsRecord::a("mx1.a.example", QHostAddress("127.0.1.1")),
                    DnsRecord::a("mx2.a.example", QHostAddress("::1"))};
    return a;
}

DnsMessage everyType()
{
    DnsMessage m;
    m.header.id = 0xffff;
    m.header.qr = true;
    m.header.opcode = 0;
    m.header.aa = true;
    m.header.tc = true;
    m.header.rd = true;
    m.header.ra = true;
    m.header.rcode = 3;
    m.questions = {DnsQuestion{"x.b.example", DnsType::ANY, DnsClass::IN}};
    DnsSoa soa;
    soa.mname = "ns.b.example";
    soa.rname = "hostmaster.b.example";
    soa.serial = 2026112701;
    m.answers = {
        DnsRecord::a("x.b.example", QHostAddress("127.0.2.1"), 60),
        DnsRecord::a("x.b.example", QHostAddress("2001:db8::25")),
        DnsRecord::ns("b.example", "ns.b.example"),
        DnsRecord::cname("www.b.example", "x.b.example"),
        DnsRecord::txt("x.b.example", {"v=spf1 -all", "", QByteArray(300, 'y')}),
        DnsRecord::other("x.b.example", 99, hex("0102 0304")),
        DnsRecord::mx("b.example", 0, ""),
    };
    m.authority = {DnsRecord::soaRecord("b.example", soa)};
    DnsEdns e;
    e.udpPayloadSize = 4096;
    e.dnssecOk = true;
    e.options = hex("000a 0008 0102030405060708"); // a COOKIE option
    m.edns = e;
    return m;
}

DnsMessage withEscapes()
{
    DnsMessage m;
    m.header.id = 7;
    m.questions = {DnsQuestion{"we\\.ird\\032name.example", DnsType::TXT, DnsClass::CH}};
    return m;
}

DnsMessage headerOnly()
{
    DnsMessage m;
    m.header.id = 0x0101;
    m.header.opcode = 2;
    return m;
}

QList<DnsMessage> validMessages()
{
    return {mxQuery(), mxAnswer(), everyType(), withEscapes(), headerOnly()};
}

// A name of `labels` labels of `size` 'a's, in wire form.
QByteArray longName(int labels, int size)
{
    QByteArray out;
    for (int i = 0; i < labels; ++i)
        out.append(char(size)).append(QByteArray(size, 'a'));
    return out.append('\0');
}

} // namespace

class TestDnsMessage : public QObject
{
    Q_OBJECT
private slots:
    void knownQueryBytes()
    {
        // What `dig +noedns a.example MX` sends, with id 0x1a2b.
        const QByteArray wire = hex("1a2b 0100 0001 0000 0000 0000 01 61 07 6578616d706c65 00 000f 0001");
        QCOMPARE(mxQuery().encode(), wire);
        const DnsParseResult parsed = DnsMessage::parse(wire);
        QVERIFY2(parsed.message, qPrintable(parsed.error));
        QCOMPARE(*parsed.message, mxQuery());
    }

    void roundTrip_data()
    {
        QTest::addColumn<DnsMessage>("message");
        QTest::newRow("mx query") << mxQuery();
        QTest::newRow("mx answer with additional") << mxAnswer();
        QTest::newRow("every type, flags, edns") << everyType();
        QTest::newRow("escaped labels") << withEscapes();
        QTest::newRow("header only") << headerOnly();
    }
    void roundTrip()
    {
        QFETCH(DnsMessage, message);
        const QByteArray wire = message.encode();
        const DnsParseResult parsed = DnsMessage::parse(wire);
        QVERIFY2(parsed.message, qPrintable(parsed.error));
        DnsMessage expected = message;
        // A TXT string over 255 octets travels as two character-strings (RFC 1035 §3.3).
        for (DnsRecord &r : expected.answers)
            if (r.type == DnsType::TXT && r.texts.size() == 3)
                r.texts = {"v=spf1 -all", "", QByteArray(255, 'y'), QByteArray(45, 'y')};
        QCOMPARE(*parsed.message, expected);
        QCOMPARE(parsed.message->encode(), DnsMessage(expected).encode());
    }

    void compression()
    {
        const QByteArray wire = mxAnswer().encode();
        // "a.example" is written once, in the question at offset 12; every later use is a pointer to it.
        QCOMPARE(wire.count("\x07" "example"), 1);
        QCOMPARE(wire.mid(12, 11), hex("01 61 07 6578616d706c65 00"));
        // First answer: owner is a pointer to 12, then MX 10 "mx1" + pointer to 12.
        QCOMPARE(wire.mid(27, 2), hex("c00c"));
        QCOMPARE(wire.mid(27 + 10, 2 + 2 + 4 + 2), hex("0008 000a 03 6d7831 c00c"));
        // Second MX target "mx2" + pointer; the additional A owners point at the earlier "mx1..." names.
        QVERIFY(wire.contains(hex("03 6d7832 c00c")));
        QCOMPARE(wire.count("mx1"), 1);
        QCOMPARE(wire.count("mx2"), 1);
        QCOMPARE(wire.size(), 12 + 15 + 2 * (12 + 8) + (12 + 4) + (12 + 16));
        // Compression matches exact spellings, so every name decodes as it was written.
        DnsMessage mixed = mxAnswer();
        mixed.answers[0].name = "A.EXAMPLE";
        QCOMPARE(mixed.encode().size(), wire.size() + 9);
        QCOMPARE(*DnsMessage::parse(mixed.encode()).message, mixed);
        // Unknown types never get their RDATA compressed: names there are opaque bytes.
        DnsMessage opaque = mxQuery();
        opaque.answers = {DnsRecord::other("a.example", 99, hex("01 61 07 6578616d706c65 00"))};
        QVERIFY(opaque.encode().endsWith(hex("0063 0001 0000012c 000b 01 61 07 6578616d706c65 00")));
    }

    void describe()
    {
        DnsMessage a = mxAnswer();
        a.additional.clear();
        a.answers.removeLast();
        QCOMPARE(a.describe(), QString("id 0x1a2b, flags qr aa rd, status NOERROR, question a.example. IN MX, "
                                       "answers: a.example. 300 IN MX 10 mx1.a.example."));
        QCOMPARE(mxQuery().describe(), QString("id 0x1a2b, flags rd, question a.example. IN MX"));
        DnsMessage nx = mxQuery();
        nx.header.qr = true;
        nx.setRcode(DnsRcode::NxDomain);
        DnsSoa soa;
        soa.mname = "ns.a.example";
        soa.rname = "hostmaster.a.example";
        nx.authority = {DnsRecord::soaRecord("a.example", soa, 300)};
        nx.edns = DnsEdns{};
        QCOMPARE(nx.describe(), QString("id 0x1a2b, flags qr rd, status NXDOMAIN, question a.example. IN MX, "
                                        "authority: a.example. 300 IN SOA ns.a.example. hostmaster.a.example. "
                                        "1 3600 600 86400 300, edns version 0 udp 1232"));
        QCOMPARE(DnsRecord::mx("a.example", 0, "").describe(), QString("a.example. 300 IN MX 0 ."));
        QCOMPARE(DnsRecord::txt("t.example", {"say \"hi\""}).describe(), QString("t.example. 300 IN TXT \"say \\\"hi\\\"\""));
        QCOMPARE(DnsRecord::other("t.example", 99, hex("beef")).describe(), QString("t.example. 300 IN TYPE99 \\# 2 beef"));
    }

    void extendedRcode()
    {
        DnsMessage m = mxQuery();
        m.header.qr = true;
        m.edns = DnsEdns{};
        m.setRcode(DnsRcode::BadVers);
        QCOMPARE(m.header.rcode, quint8(0));
        QCOMPARE(m.edns->extendedRcode, quint8(1));
        const DnsParseResult parsed = DnsMessage::parse(m.encode());
        QVERIFY(parsed.message);
        QCOMPARE(parsed.message->rcode(), DnsRcode::BadVers);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("error");
        const QByteArray qHeader = hex("1a2b 0100 0001 0000 0000 0000");
        const QByteArray rHeader1 = hex("1a2b 8400 0001 0001 0000 0000");
        const QByteArray question = hex("01 61 07 6578616d706c65 00 000f 0001");
        QTest::newRow("empty") << QByteArray() << "shorter than the 12-octet header";
        QTest::newRow("5 octets") << hex("1a2b010000") << "shorter than the 12-octet header";
        QTest::newRow("question missing") << qHeader << "exceed the message size";
        QTest::newRow("counts 0xffff") << hex("1a2b 0100 ffff ffff ffff ffff") + question << "exceed the message size";
        QTest::newRow("pointer to itself") << qHeader + hex("c00c 000f 0001") << "does not point backwards";
        QTest::newRow("pointer forward") << qHeader + hex("c00e 01 61 00 000f 0001") << "does not point backwards";
        QTest::newRow("pointer beyond the end") << qHeader + hex("01 61 c0ff 000f 0001") << "does not point backwards";
        QTest::newRow("two-step loop") << rHeader1 + question + hex("01 62 c01b 000f 0001 0000012c 0000")
                                       << "does not point backwards";
        QTest::newRow("pointer cut in half") << rHeader1 + question + hex("01 61 c0") << "ends inside a compression pointer";
        QTest::newRow("label length 64") << qHeader + QByteArray(1, char(64)) + QByteArray(64, 'a') + hex("00 0001 0001")
                                         << "label length 64 over 63";
        QTest::newRow("label type 0x80") << qHeader + hex("8161 00 0001 0001") << "over 63";
        QTest::newRow("name of 256 octets") << qHeader + longName(4, 63) + hex("0001 0001") << "longer than 255";
        QTest::newRow("name of 255 via pointers")
            << hex("1a2b 8400 0001 0001 0000 0000") + longName(3, 63) + hex("0001 0001")
                   + hex("3f") + QByteArray(63, 'b') + hex("c00c 0001 0001 0000012c 0004 7f000001")
            << "longer than 255";
        QTest::newRow("label past the end") << qHeader + hex("3f 6162636465") << "ends inside a label";
        QTest::newRow("no type/class") << qHeader + hex("01 61 01 62 00 00") << "ends inside question";
        QTest::newRow("rdlength past the end") << rHeader1 + question + hex("c00c 0001 0001 0000012c 0010 7f000001")
                                               << "ends inside RDATA";
        QTest::newRow("A with 5 octets") << rHeader1 + question + hex("c00c 0001 0001 0000012c 0005 7f00000101")
                                         << "A record with RDLENGTH 5";
        QTest::newRow("AAAA with 4 octets") << rHeader1 + question + hex("c00c 001c 0001 0000012c 0004 7f000001")
                                            << "AAAA record with RDLENGTH 4";
        QTest::newRow("MX name beyond RDLENGTH") << rHeader1 + question + hex("c00c 000f 0001 0000012c 0003 000a 03 6d7831 c00c")
                                                 << "RDLENGTH says 3";
        QTest::newRow("MX RDATA longer than its name") << rHeader1 + question + hex("c00c 000f 0001 0000012c 0006 000a c00c ffff")
                                                       << "RDLENGTH says 6";
        QTest::newRow("TXT string overruns") << rHeader1 + question + hex("c00c 0010 0001 0000012c 0003 05 6162")
                                             << "TXT character-string runs past";
        QTest::newRow("SOA cut short") << rHeader1 + question + hex("c00c 0006 0001 0000012c 0006 00 00 00000001")
                                       << "ends inside";
        QTest::newRow("trailing garbage") << qHeader + question + hex("00") << "1 octets after the last record";
        QTest::newRow("two OPT records")
            << hex("1a2b 0100 0001 0000 0000 0002") + question + hex("00 0029 1000 00000000 0000 00 0029 1000 00000000 0000")
            << "more than one OPT";
        QTest::newRow("OPT not at the root") << hex("1a2b 0100 0001 0000 0000 0001") + question + hex("c00c 0029 1000 00000000 0000")
                                             << "OPT record not owned by the root";
    }
    void malformed()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, error);
        const DnsParseResult parsed = DnsMessage::parse(wire);
        QVERIFY2(!parsed.message, qPrintable(parsed.message ? parsed.message->describe() : QString()));
        QVERIFY2(parsed.error.contains(error), qPrintable(parsed.error));
    }

    void maxLengthNameAccepted()
    {
        // 3 x 63 + 61 labels: 4*64 - 2 + 1 = 255 octets with the root: the longest legal name.
        QByteArray name = longName(3, 63);
        name.chop(1);
        name.append(char(61)).append(QByteArray(61, 'c')).append('\0');
        QCOMPARE(name.size(), 255);
        const DnsParseResult parsed = DnsMessage::parse(hex("0001 0000 0001 0000 0000 0000") + name + hex("0001 0001"));
        QVERIFY2(parsed.message, qPrintable(parsed.error));
        QCOMPARE(parsed.message->questions.first().name.size(), 253);
    }

    void everyTruncatedPrefixRejected()
    {
        for (const DnsMessage &m : validMessages()) {
            const QByteArray wire = m.encode();
            QVERIFY(DnsMessage::parse(wire).message);
            for (qsizetype n = 0; n < wire.size(); ++n) {
                const DnsParseResult parsed = DnsMessage::parse(wire.left(n));
                QVERIFY2(!parsed.message, qPrintable(QString("prefix %1 of %2 accepted").arg(n).arg(wire.size())));
                QVERIFY(!parsed.error.isEmpty());
            }
        }
    }

    void randomCorruptionNeverCrashes()
    {
        // Not a proof, a smoke test: flipped octets and random garbage either parse or are rejected,
        // and whatever parses encodes again.
        QRandomGenerator rng(20261127);
        int rejected = 0;
        for (const DnsMessage &m : validMessages()) {
            const QByteArray wire = m.encode();
            for (int round = 0; round < 2000; ++round) {
                QByteArray broken = wire;
                const int flips = 1 + int(rng.bounded(4));
                for (int f = 0; f < flips; ++f)
                    broken[qsizetype(rng.bounded(quint32(broken.size())))] = char(rng.bounded(256));
                const DnsParseResult parsed = DnsMessage::parse(broken);
                if (parsed.message)
                    (void)parsed.message->encode(), (void)parsed.message->describe();
                else
                    ++rejected;
            }
        }
        for (int round = 0; round < 2000; ++round) {
            QByteArray junk(qsizetype(rng.bounded(600)), '\0');
            for (char &c : junk)
                c = char(rng.bounded(256));
            (void)DnsMessage::parse(junk);
        }
        QVERIFY(rejected > 0);
    }

    void nameHelpers()
    {
        QVERIFY(DnsName::equal("A.Example.", "a.example"));
        QVERIFY(DnsName::isAtOrBelow("mx1.a.example", "a.example"));
        QVERIFY(DnsName::isAtOrBelow("a.example", "A.EXAMPLE."));
        QVERIFY(!DnsName::isAtOrBelow("ba.example", "a.example"));
        QVERIFY(!DnsName::isAtOrBelow("example", "a.example"));
        QCOMPARE(DnsName::display(""), QByteArray("."));
        QVERIFY(DnsName::isValid("a.example"));
        QVERIFY(DnsName::isValid(""));
        QVERIFY(!DnsName::isValid("a..example"));
        QVERIFY(!DnsName::isValid(QByteArray(64, 'a') + ".example"));
        QVERIFY(DnsName::isValid(QByteArray(63, 'a') + ".example"));
        QVERIFY(!DnsName::isValid(QByteArray(63, 'a') + '.' + QByteArray(63, 'b') + '.' + QByteArray(63, 'c') + '.'
                                  + QByteArray(63, 'd')));
        QVERIFY(!DnsName::isValid("trailing\\"));
        QCOMPARE(DnsType::fromName("mx"), std::optional<quint16>(DnsType::MX));
        QCOMPARE(DnsType::fromName("TYPE99"), std::optional<quint16>(99));
        QCOMPARE(DnsType::name(99), QByteArray("TYPE99"));
    }
};

QTEST_GUILESS_MAIN(TestDnsMessage)
#include "tst_dnsmessage.moc"
