// Plain-language explanations of DNS packets: what was asked and what the answer means for the mail,
// in both languages, from real wire-format messages.
#include "dns/DnsEvent.h"
#include "dns/DnsMessage.h"
#include "explain/DnsExplanations.h"

#include <QtTest>

using namespace mf;

namespace {

DnsMessage question(const QByteArray &name, quint16 type)
{
    DnsMessage m;
    m.header.id = 0x1234;
    m.header.rd = true;
    m.questions << DnsQuestion{name, type, DnsClass::IN};
    return m;
}

DnsMessage answer(const QByteArray &name, quint16 type, QList<DnsRecord> records, DnsRcode rcode = DnsRcode::NoError)
{
    DnsMessage m = question(name, type);
    m.header.qr = true;
    m.header.aa = true;
    m.answers = records;
    m.setRcode(rcode);
    return m;
}

DnsEvent packet(const DnsMessage &m)
{
    DnsEvent e;
    e.kind = m.header.qr ? DnsEvent::Kind::Answer : DnsEvent::Kind::Query;
    e.wire = m.encode();
    return e;
}

} // namespace

class TestDnsExplanations : public QObject
{
    Q_OBJECT
private slots:
    void explains_data()
    {
        QTest::addColumn<DnsEvent>("event");
        QTest::addColumn<QString>("english");
        QTest::addColumn<QString>("indonesian");
        QTest::addColumn<QString>("reference");

        QTest::newRow("mx query") << packet(question("b.example", DnsType::MX))
                                  << "Which mail servers accept mail for b.example?"
                                  << "Server surat mana yang menerima surat untuk b.example?" << "RFC 5321 §5.1";
        QTest::newRow("a query") << packet(question("mx.b.example", DnsType::A)) << "IPv4 address of mx.b.example"
                                 << "alamat IPv4 mx.b.example" << "RFC 1035 §4.1.2";
        QTest::newRow("one mx") << packet(answer("b.example", DnsType::MX, {DnsRecord::mx("b.example", 10, "mx.b.example")}))
                                << "Mail for b.example goes to mx.b.example (10)" << "dikirim ke mx.b.example (10)"
                                << "RFC 5321 §5.1";
        QTest::newRow("backup mx sorted") << packet(answer("b.example", DnsType::MX,
                                                          {DnsRecord::mx("b.example", 20, "mx2.b.example"),
                                                           DnsRecord::mx("b.example", 10, "mx1.b.example")}))
                                          << "mx1.b.example (10), mx2.b.example (20): the lowest preference is tried first"
                                          << "preferensi terkecil dicoba dulu" << "RFC 5321 §5.1";
        QTest::newRow("null mx") << packet(answer("nomail.example", DnsType::MX, {DnsRecord::mx("nomail.example", 0, "")}))
                                 << "null MX" << "null MX" << "RFC 7505 §3";
        QTest::newRow("no mx") << packet(answer("c.example", DnsType::MX, {})) << "implicit MX" << "MX implisit"
                               << "RFC 5321 §5.1";
        QTest::newRow("nxdomain") << packet(answer("nowhere.example", DnsType::MX, {}, DnsRcode::NxDomain))
                                  << "nowhere.example does not exist (NXDOMAIN)" << "tidak ada (NXDOMAIN)"
                                  << "RFC 1035 §4.1.1, RFC 5321 §5.1";
        QTest::newRow("servfail") << packet(answer("b.example", DnsType::MX, {}, DnsRcode::ServFail)) << "retried later"
                                  << "dicoba lagi nanti" << "RFC 1035 §4.1.1, RFC 5321 §5.1";
        QTest::newRow("address") << packet(answer("mx.b.example", DnsType::A,
                                                 {DnsRecord::a("mx.b.example", QHostAddress(QStringLiteral("127.0.2.1")))}))
                                 << "mx.b.example is at 127.0.2.1" << "mx.b.example berada di 127.0.2.1"
                                 << "RFC 1035 §3.4.1, RFC 5321 §5.1";
        DnsMessage truncated = answer("b.example", DnsType::MX, {});
        truncated.header.tc = true;
        QTest::newRow("truncated") << packet(truncated) << "ask again over TCP" << "lewat TCP" << "RFC 1035 §4.2.1, RFC 7766";
        DnsEvent timeout;
        timeout.kind = DnsEvent::Kind::Timeout;
        QTest::newRow("timeout") << timeout << "No DNS answer arrived in time" << "tidak datang tepat waktu"
                                 << "RFC 1035 §4.2.1";
    }

    void explains()
    {
        QFETCH(DnsEvent, event);
        QFETCH(QString, english);
        QFETCH(QString, indonesian);
        QFETCH(QString, reference);
        const Explanation en = explainDnsEvent(event, Language::English);
        const Explanation id = explainDnsEvent(event, Language::Indonesian);
        QVERIFY2(en.text.contains(english), qPrintable(en.text));
        QVERIFY2(id.text.contains(indonesian), qPrintable(id.text));
        QCOMPARE(en.reference, reference);
        QCOMPARE(id.reference, reference);
        QVERIFY(en.text != id.text);
    }

    void malformedPacketHasNoExplanation()
    {
        DnsEvent e;
        e.kind = DnsEvent::Kind::Answer;
        e.wire = QByteArray("\x12\x34\x81", 3);
        QVERIFY(explainDnsEvent(e, Language::English).isEmpty());
    }
};

QTEST_MAIN(TestDnsExplanations)
#include "tst_dnsexplanations.moc"
