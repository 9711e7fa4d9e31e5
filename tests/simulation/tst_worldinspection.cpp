// What the World exposes to the GUI's inspectors: each message's envelope and bytes at every hop (the
// Received: trail grows as servers accept it), and the DNS zone kept in SQLite, read on every query.
#include "dns/DnsResolver.h"
#include "mime/MimeMessage.h"
#include "mime/ReceivedField.h"
#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"
#include "world/World.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;

namespace {

int receivedCountOf(const QByteArray &data)
{
    return int(receivedFields(MimeMessage(data)).size());
}

QHostAddress dnsAddress(const World &w)
{
    return QHostAddress(w.endpoints().value("dns").toString().section(':', 0, 0));
}

quint16 dnsPort(const World &w)
{
    return quint16(w.endpoints().value("dns").toString().section(':', 1).toUInt());
}

// MX records of `domain` as "preference host" strings, asked over the network.
QStringList lookupMx(const World &w, const QByteArray &domain)
{
    DnsResolver resolver(dnsAddress(w), dnsPort(w));
    std::optional<DnsLookupResult> result;
    resolver.lookup(domain, DnsType::MX, &resolver, [&](const DnsLookupResult &r) { result = r; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000); }();
    QStringList out;
    if (result)
        for (const DnsRecord &r : result->records)
            out << QString::number(r.preference) + ' ' + QString::fromUtf8(r.target);
    return out;
}

} // namespace

class TestWorldInspection : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<World> makeWorld(QTemporaryDir &dir, const QString &path = ScenarioCatalog::defaultScenarioPath())
    {
        const auto loaded = ScenarioLoader::loadFile(path);
        [&] { QVERIFY(loaded.ok()); }();
        WorldOptions options;
        options.dataDirectory = dir.path();
        auto world = std::make_unique<World>(*loaded.scenario, options);
        QString error;
        [&] { QVERIFY2(world->start(&error), qPrintable(error)); }();
        return world;
    }

    void runToEnd(World &world)
    {
        QSignalSpy finished(&world.stepper(), &Stepper::finished);
        world.stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    }

private slots:
    void snapshotsFollowTheMessage()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir);
        runToEnd(*world);
        QCOMPARE(world->messageFlows().value(0), QStringLiteral("m1"));
        const QList<MessageSnapshot> snapshots = world->messageSnapshots("m1");
        QVERIFY(snapshots.size() >= 14);

        // The nodes it was at, in order, are the seed's path.
        QStringList nodes;
        for (const MessageSnapshot &s : snapshots)
            if (nodes.isEmpty() || nodes.last() != s.node)
                nodes << s.node;
        QCOMPARE(nodes.first(), QStringLiteral("user@a.example"));
        QCOMPARE(nodes.last(), QStringLiteral("ua@b.example"));
        QVERIFY(nodes.contains("mta-server@mx.b.example"));

        // The envelope: MAIL FROM alice, RCPT TO bob, all along.
        for (const MessageSnapshot &s : snapshots) {
            QCOMPARE(s.mailFrom, QStringLiteral("alice@a.example"));
            QCOMPARE(s.rcptTo, QStringList{"bob@b.example"});
        }
        // The Received: trail grows by one at each MTA server that accepted it, never shrinks.
        int previous = 0;
        QHash<QString, int> receivedAt;
        for (const MessageSnapshot &s : snapshots) {
            const int n = receivedCountOf(s.data);
            QVERIFY(n >= previous);
            previous = n;
            receivedAt.insert(s.node, n);
        }
        QCOMPARE(receivedAt.value("ua@a.example"), 0);
        QCOMPARE(receivedAt.value("mta-client@a.example"), 0);
        QCOMPARE(receivedAt.value("internet"), 1);
        QCOMPARE(receivedAt.value("mailboxes@b.example"), 2);
        const MimeMessage delivered(snapshots.last().data);
        QCOMPARE(delivered.headerValues("Return-Path").value(0).trimmed(), QByteArray("<alice@a.example>"));
        QCOMPARE(delivered.headerValues("Delivered-To").value(0).trimmed(), QByteArray("bob@b.example"));
        const QList<ReceivedField> trail = receivedFields(delivered);
        QCOMPARE(trail.size(), 2);
        QVERIFY2(trail[0].by.startsWith("mx.b.example"), trail[0].by.constData()); // newest on top
        QVERIFY2(trail[1].by.startsWith("smtp.a.example"), trail[1].by.constData()); // the submission host
        QCOMPARE(trail[1].with, QByteArray("ESMTPSA")); // submission: TLS and AUTH
        QCOMPARE(trail[0].with, QByteArray("ESMTPS"));  // relay: TLS, no AUTH
        QVERIFY(!trail[0].date.isEmpty());

        // At an earlier event the message looks as it did then.
        for (const MessageSnapshot &s : snapshots) {
            const auto then = world->messageAt("m1", s.eventIndex);
            QVERIFY(then);
            QCOMPARE(receivedCountOf(then->data), receivedCountOf(s.data));
        }
        QVERIFY(!world->messageAt("m1", snapshots.first().eventIndex - 1));
        QVERIFY(!world->messageAt("nope", world->log().size()));
    }

    // The relay leaves from the sending domain's own address (127.0.0.2 for a.example), not from
    // 127.0.0.1: the receiving MTA's Received: field and the transcript name the sender's host.
    void relayComesFromTheSendingDomainsAddress()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir);
        runToEnd(*world);
        const QHostAddress sender = world->domain("a.example")->mx.front().spec.address;
        QCOMPARE(sender, QHostAddress("127.0.0.2")); // the scenario's, so that it cannot be 127.0.0.1
        const QList<MessageSnapshot> snapshots = world->messageSnapshots("m1");
        QVERIFY(!snapshots.isEmpty());
        const QList<ReceivedField> trail = receivedFields(MimeMessage(snapshots.last().data));
        QCOMPARE(trail.size(), 2);
        QVERIFY2(trail[0].by.startsWith("mx.b.example"), trail[0].by.constData());
        QCOMPARE(trail[0].from, QByteArray("mx.a.example ([127.0.0.2])"));
        QVERIFY2(!trail[0].raw.contains("127.0.0.1"), trail[0].raw.constData());

        // Every line of the relay connection into mx.b.example names the client at a.example's address.
        int relayLines = 0;
        for (const SimEvent &e : world->log().events()) {
            if (e.kind != EventKind::Line || !e.text("conn").startsWith("smtp/mx.b.example"))
                continue;
            ++relayLines;
            QVERIFY2(e.text("client").startsWith("127.0.0.2:"), qPrintable(e.text("client")));
        }
        QVERIFY(relayLines > 5);
    }

    void bounceSnapshotHasNullSender()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, ScenarioCatalog::resolve("05-unknown-user-bounce"));
        runToEnd(*world);
        bool sawBounce = false;
        for (const QString &flow : world->messageFlows()) {
            const auto snapshots = world->messageSnapshots(flow);
            if (!snapshots.isEmpty() && snapshots.first().mailFrom.isEmpty()) {
                sawBounce = true;
                QVERIFY(MimeMessage(snapshots.first().data).headerValues("Content-Type").value(0).contains("report"));
            }
        }
        QVERIFY(sawBounce);
    }

    void dnsZoneIsReadFromSqliteOnEveryQuery()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir);
        QSqlDatabase db = world->dnsDatabase();
        QVERIFY(db.isOpen());
        QCOMPARE(lookupMx(*world, "b.example"), QStringList{"10 mx.b.example"});

        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE %1 SET preference = 5 WHERE zone = 'b.example' AND type = 'MX'")
                           .arg(World::dnsTableName())));
        QCOMPARE(q.numRowsAffected(), 1);
        QCOMPARE(lookupMx(*world, "b.example"), QStringList{"5 mx.b.example"});

        // A second MX and a host change: both in the next answer.
        QVERIFY(q.exec(QStringLiteral("INSERT INTO %1(zone, name, type, preference, value, ttl) "
                                      "VALUES('b.example', 'b.example', 'MX', 20, 'backup.b.example', 300)")
                           .arg(World::dnsTableName())));
        QStringList mx = lookupMx(*world, "b.example");
        mx.sort();
        QCOMPARE(mx, (QStringList{"20 backup.b.example", "5 mx.b.example"}));

        // A row that makes no valid record is skipped; the rest of the zone still answers.
        QVERIFY(q.exec(QStringLiteral("INSERT INTO %1(zone, name, type, value) VALUES('b.example', 'x.b.example', 'A', 'not-an-address')")
                           .arg(World::dnsTableName())));
        QCOMPARE(lookupMx(*world, "b.example").size(), 2);
    }

    // Every zone names its name server: NS at the apex, the SOA's MNAME, with the world's DNS server's
    // address (dig, a client nobody here wrote, asks).
    void everyZonePublishesItsNameServer()
    {
        const QString dig = QStandardPaths::findExecutable("dig");
        if (dig.isEmpty())
            QSKIP("dig is not installed");
        QTemporaryDir dir;
        auto world = makeWorld(dir);
        for (const char *zone : {"a.example", "b.example"}) {
            const QString ns = QStringLiteral("ns.%1.").arg(zone);
            QProcess process;
            process.start(dig, {"@" + dnsAddress(*world).toString(), "-p", QString::number(dnsPort(*world)),
                                "+tries=1", "+time=5", "+noall", "+answer", "+additional", zone, "NS"});
            QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 15000);
            QStringList lines;
            for (const QByteArray &l : process.readAllStandardOutput().trimmed().split('\n'))
                lines << QString::fromUtf8(l).simplified();
            QCOMPARE(lines, (QStringList{QStringLiteral("%1. 300 IN NS %2").arg(zone, ns),
                                         QStringLiteral("%1 300 IN A %2").arg(ns, dnsAddress(*world).toString())}));
            // The SOA's MNAME is that name server.
            QProcess soa;
            soa.start(dig, {"@" + dnsAddress(*world).toString(), "-p", QString::number(dnsPort(*world)), "+short",
                            "+tries=1", "+time=5", zone, "SOA"});
            QTRY_COMPARE_WITH_TIMEOUT(soa.state(), QProcess::NotRunning, 15000);
            QCOMPARE(QString::fromUtf8(soa.readAllStandardOutput()).section(' ', 0, 0), ns);
        }
    }

    void digSeesAnEditedZone()
    {
        const QString dig = QStandardPaths::findExecutable("dig");
        if (dig.isEmpty())
            QSKIP("dig is not installed");
        QTemporaryDir dir;
        auto world = makeWorld(dir);
        QSqlQuery q(world->dnsDatabase());
        QVERIFY(q.exec(QStringLiteral("UPDATE %1 SET value = 'mx2.b.example', preference = 30 WHERE zone = 'b.example' AND type = 'MX'")
                           .arg(World::dnsTableName())));
        QProcess process;
        process.start(dig, {"@" + dnsAddress(*world).toString(), "-p", QString::number(dnsPort(*world)), "+short",
                            "+tries=1", "+time=5", "b.example", "MX"});
        // The DNS server answers from this thread's event loop: wait without blocking it.
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 15000);
        QCOMPARE(process.readAllStandardOutput().trimmed(), QByteArray("30 mx2.b.example."));
    }
};

QTEST_GUILESS_MAIN(TestWorldInspection)
#include "tst_worldinspection.moc"
