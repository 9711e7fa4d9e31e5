// The DNS zone kept in an SQLite table: written from zones, read back as zones, and an authority that
// reads it on every query answers with the table's current rows.
#include "dns/DnsAuthority.h"
#include "dns/DnsZoneTable.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace mf;

namespace {

DnsZone sampleZone()
{
    DnsZone zone("b.example");
    zone.addAddress("b.example", QHostAddress("127.0.0.3"));
    zone.addMx("b.example", 10, "mx.b.example");
    zone.addAddress("mx.b.example", QHostAddress("127.0.0.3"));
    zone.addNs("b.example", "ns.b.example"); // the SOA's MNAME, with its address
    zone.addAddress("ns.b.example", QHostAddress("127.0.0.53"));
    return zone;
}

DnsMessage ask(const DnsAuthority &authority, const QByteArray &name, quint16 type)
{
    DnsMessage q;
    q.header.id = 7;
    q.questions.append(DnsQuestion{name, type, DnsClass::IN});
    return authority.answer(q);
}

} // namespace

class TestDnsZoneTable : public QObject
{
    Q_OBJECT
private:
    QSqlDatabase m_db;

private slots:
    void init()
    {
        m_db = QSqlDatabase::addDatabase("QSQLITE", "zones");
        m_db.setDatabaseName(":memory:");
        QVERIFY(m_db.open());
    }
    void cleanup()
    {
        m_db.close();
        m_db = {};
        QSqlDatabase::removeDatabase("zones");
    }

    void roundTrip()
    {
        DnsZoneTable table(m_db);
        QString error;
        QVERIFY2(table.create(&error), qPrintable(error));
        DnsZone nullMx("c.example");
        nullMx.addNullMx("c.example");
        QVERIFY(table.replaceAll({sampleZone(), nullMx}, &error));
        QStringList problems;
        const QList<DnsZone> zones = table.zones(&problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QCOMPARE(zones.size(), 2);
        QCOMPARE(zones[0].origin(), QByteArray("b.example"));
        QCOMPARE(zones[0].records(), sampleZone().records());
        QCOMPARE(zones[1].records().size(), 1);
        QCOMPARE(zones[1].records()[0].target, QByteArray()); // "." is the null MX
        // replaceAll replaces.
        QVERIFY(table.replaceAll({sampleZone()}, &error));
        QCOMPARE(table.zones().size(), 1);
    }

    // NS rows survive the table: an NS query names the SOA's MNAME, with its address as glue.
    void nameServerRowsAnswerNsQueries()
    {
        DnsZoneTable table(m_db);
        QVERIFY(table.create());
        QVERIFY(table.replaceAll({sampleZone()}));
        QSqlQuery q(m_db);
        QVERIFY(q.exec("SELECT value FROM dns_records WHERE zone = 'b.example' AND type = 'NS'"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QString("ns.b.example"));
        DnsAuthority authority;
        authority.setZoneSource([&table] { return table.zones(); });
        const DnsMessage a = ask(authority, "b.example", DnsType::NS);
        QCOMPARE(a.rcode(), DnsRcode::NoError);
        QCOMPARE(a.answers.size(), 1);
        QCOMPARE(a.answers[0].type, DnsType::NS);
        QCOMPARE(a.answers[0].target, QByteArray("ns.b.example"));
        QCOMPARE(a.answers[0].target, table.zones().at(0).soa().mname);
        QCOMPARE(a.additional.size(), 1);
        QCOMPARE(a.additional[0].address, QHostAddress("127.0.0.53"));
        // The name server's own name exists: its A query answers.
        QCOMPARE(ask(authority, "ns.b.example", DnsType::A).answers.value(0).address, QHostAddress("127.0.0.53"));
    }

    void badRowsAreSkippedWithAReason()
    {
        DnsZoneTable table(m_db);
        QVERIFY(table.create());
        QVERIFY(table.replaceAll({sampleZone()}));
        QSqlQuery q(m_db);
        QVERIFY(q.exec("INSERT INTO dns_records(zone, name, type, value) VALUES('b.example', 'x.b.example', 'A', 'nope')"));
        QVERIFY(q.exec("INSERT INTO dns_records(zone, name, type, value) VALUES('b.example', 'other.example', 'A', '127.0.0.9')"));
        QVERIFY(q.exec("INSERT INTO dns_records(zone, name, type, value) VALUES('b.example', 'y.b.example', 'SRV', 'z')"));
        QVERIFY(q.exec("INSERT INTO dns_records(zone, name, type, preference, value) VALUES('b.example', 'b.example', 'MX', 70000, 'big.b.example')"));
        QStringList problems;
        const QList<DnsZone> zones = table.zones(&problems);
        QCOMPARE(problems.size(), 4);
        QCOMPARE(zones.size(), 1);
        QCOMPARE(zones[0].records().size(), sampleZone().records().size());
    }

    void authorityReadsTheTableOnEveryQuery()
    {
        DnsZoneTable table(m_db);
        QVERIFY(table.create());
        QVERIFY(table.replaceAll({sampleZone()}));
        DnsAuthority authority;
        authority.setZoneSource([&table] { return table.zones(); });
        DnsMessage a = ask(authority, "b.example", DnsType::MX);
        QCOMPARE(a.answers.size(), 1);
        QCOMPARE(a.answers[0].preference, quint16(10));
        QCOMPARE(a.additional.size(), 1); // the MX host's address

        QSqlQuery q(m_db);
        QVERIFY(q.exec("UPDATE dns_records SET preference = 50, value = 'mail.b.example' WHERE type = 'MX'"));
        a = ask(authority, "b.example", DnsType::MX);
        QCOMPARE(a.answers.size(), 1);
        QCOMPARE(a.answers[0].preference, quint16(50));
        QCOMPARE(a.answers[0].target, QByteArray("mail.b.example"));
        QCOMPARE(a.additional.size(), 0); // mail.b.example has no A record

        QVERIFY(q.exec("UPDATE dns_records SET value = '127.0.0.77' WHERE name = 'mx.b.example'"));
        a = ask(authority, "mx.b.example", DnsType::A);
        QCOMPARE(a.answers.value(0).address, QHostAddress("127.0.0.77"));

        QVERIFY(q.exec("DELETE FROM dns_records"));
        QCOMPARE(ask(authority, "b.example", DnsType::MX).rcode(), DnsRcode::Refused);
    }
};

QTEST_GUILESS_MAIN(TestDnsZoneTable)
#include "tst_dnszonetable.moc"
