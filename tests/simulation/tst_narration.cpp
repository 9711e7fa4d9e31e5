// Every bundled lesson, run headless with real protocols, read through the one renderer:
// - every row has a specific explanation in English and in Bahasa Indonesia (no generic fallback text);
// - its story matches the golden transcript checked in under tests/golden/ (normalised: no dates, random
//   ids or ports). The story is kept per thread of causality (each message's hops, each connection's
//   lines, the DNS questions, the timeline), because the SMTP servers run in a thread of their own in a
//   headless run and so different connections' lines may interleave differently from run to run.
// MAILFLOW_UPDATE_GOLDEN=1 rewrites the golden files; review the diff before committing it.

#include "explain/ExplanationTables.h"
#include "narration/EventNarrator.h"
#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"
#include "world/World.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;

namespace {

QString normalised(QString s)
{
    static const QRegularExpression date(QStringLiteral("((Mon|Tue|Wed|Thu|Fri|Sat|Sun), +)?\\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}"));
    static const QRegularExpression isoDate(QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:?\\d\\d)?"));
    static const QRegularExpression imapDate(QStringLiteral("\\d{1,2}-\\w{3}-\\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}"));
    static const QRegularExpression port(QStringLiteral("(127\\.\\d+\\.\\d+\\.\\d+):\\d+"));
    static const QRegularExpression longNumber(QStringLiteral("\\d{4,}"));
    static const QRegularExpression connId(QStringLiteral("#\\d+"));
    static const QRegularExpression dnsId(QStringLiteral("id 0x[0-9a-f]+"));
    // Queue ids, UIDLs and MIME boundaries are random or time-based.
    static const QRegularExpression hexId(QStringLiteral("\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{5,}\\b"));
    static const QRegularExpression boundary(QStringLiteral("=-[A-Za-z0-9+/]{16,}"));
    s.replace(date, QStringLiteral("DATE"));
    s.replace(isoDate, QStringLiteral("DATE"));
    s.replace(imapDate, QStringLiteral("DATE"));
    s.replace(port, QStringLiteral("\\1:PORT"));
    s.replace(dnsId, QStringLiteral("id ID"));
    s.replace(boundary, QStringLiteral("=-BOUNDARY"));
    s.replace(hexId, QStringLiteral("HEX"));
    s.replace(longNumber, QStringLiteral("N"));
    s.replace(connId, QString());
    return s;
}

bool usesGenericText(const QString &explanation)
{
    if (explain::isGenericFallback(explanation))
        return true;
    for (const QString &g : narration::genericTexts())
        if (explanation.startsWith(g))
            return true;
    return false;
}

struct Story {
    QMap<QString, QStringList> messages;    // flow -> its hops and deliveries
    QStringList connectionOrder;            // "proto/host" in order of first appearance, repeated per connection
    QMap<QString, QStringList> connections; // conn -> its lines
    QStringList dns;
    QStringList timeline; // actions, fetches, notes without a message

    QString text(const QString &name) const
    {
        QStringList out{QStringLiteral("# %1: the golden story (tests/simulation/tst_narration.cpp)").arg(name)};
        for (auto it = messages.begin(); it != messages.end(); ++it) {
            out << QStringLiteral("== message %1").arg(it.key());
            out << it.value();
        }
        // Connections by name, then by content: two connections to the same server may start in either order.
        QMap<QString, QStringList> byName;
        for (auto it = connections.begin(); it != connections.end(); ++it)
            byName[normalised(it.key())] << it.value().join(QLatin1Char('\n'));
        for (auto it = byName.begin(); it != byName.end(); ++it) {
            QStringList blocks = it.value();
            blocks.sort();
            for (const QString &b : blocks)
                out << QStringLiteral("== connection %1").arg(it.key()) << b;
        }
        QStringList sortedDns = dns;
        sortedDns.sort();
        sortedDns.removeDuplicates();
        out << QStringLiteral("== dns") << sortedDns;
        out << QStringLiteral("== timeline") << timeline;
        return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
    }
};

} // namespace

class TestNarration : public QObject
{
    Q_OBJECT
private slots:
    // Words of the world's own, said in the language asked for: a failed connection's usual socket
    // error, the mail client's two devices, a hop's sentence without its node ids.
    void ownWordsInBothLanguages()
    {
        SimEvent refused;
        refused.kind = EventKind::Error;
        refused.fields = {{QStringLiteral("host"), QStringLiteral("mx1.b.example")}, {QStringLiteral("text"), QStringLiteral("Connection refused")}};
        QCOMPARE(narration::summary(refused, Language::English), QString("connecting to mx1.b.example: Connection refused"));
        QCOMPARE(narration::summary(refused, Language::Indonesian), QString("menyambung ke mx1.b.example: Koneksi ditolak"));
        refused.fields.insert(QStringLiteral("text"), QStringLiteral("Something unusual"));
        QCOMPARE(narration::summary(refused, Language::Indonesian), QString("menyambung ke mx1.b.example: Something unusual"));

        QCOMPARE(narration::deviceName("phone", Language::Indonesian), QString("ponsel"));
        QCOMPARE(narration::deviceName("phone", Language::English), QString("phone"));
        QCOMPARE(narration::deviceName("laptop", Language::Indonesian), QString("laptop"));

        SimEvent read;
        read.kind = EventKind::Hop;
        read.reason = EventReason::ImapRead;
        read.fields = {{QStringLiteral("from"), QStringLiteral("spool@b.example")}, {QStringLiteral("to"), QStringLiteral("ua@b.example")},
                       {QStringLiteral("user"), QStringLiteral("bob@b.example")}, {QStringLiteral("protocol"), QStringLiteral("imap")},
                       {QStringLiteral("device"), QStringLiteral("phone")}, {QStringLiteral("message"), QStringLiteral("m1")}};
        const QString what = narration::hopSummary(read, Language::Indonesian);
        QVERIFY2(!what.isEmpty() && !what.contains("spool@") && !what.contains("ua@"), qPrintable(what));
        QCOMPARE(narration::summary(read, Language::Indonesian), QString("spool@b.example → ua@b.example: ") + what);
        QVERIFY2(narration::explanation(read, Language::Indonesian).contains("ponsel"), qPrintable(narration::explanation(read, Language::Indonesian)));
    }

    void bundledLessons_data()
    {
        QTest::addColumn<QString>("path");
        for (const auto &entry : ScenarioCatalog::bundled())
            QTest::newRow(qPrintable(QFileInfo(entry.path).completeBaseName())) << entry.path;
    }

    void bundledLessons()
    {
        QFETCH(QString, path);
        const QString name = QFileInfo(path).completeBaseName();
        const auto loaded = ScenarioLoader::loadFile(path);
        QVERIFY(loaded.ok());
        QTemporaryDir dir;
        WorldOptions options;
        options.dataDirectory = dir.path();
        options.ephemeralPorts = true;
        options.language = Language::English;
        World world(*loaded.scenario, options);
        QString error;
        QVERIFY2(world.start(&error), qPrintable(error));
        QSignalSpy finished(&world.stepper(), &Stepper::finished);
        world.stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);

        Story story;
        QStringList generic;
        for (const SimEvent &e : world.log().events()) {
            if (e.kind == EventKind::Wire)
                continue;
            for (Language l : {Language::English, Language::Indonesian}) {
                const QString why = narration::explanation(e, l);
                if (why.isEmpty() || usesGenericText(why))
                    generic << QStringLiteral("[%1] %2 | %3").arg(languageCode(l), narration::textLine(e, l, false), why);
            }
            const QString row = normalised(narration::marker(e, Language::English) + QLatin1Char(' ')
                                           + narration::summary(e, Language::English));
            const QString conn = e.text("conn");
            const QString message = e.text("message");
            if (!conn.isEmpty()) {
                story.connections[conn] << row;
            } else if (e.kind == EventKind::Dns) {
                story.dns << row;
            } else if (e.kind == EventKind::Queue) {
                // Two queues in two threads may report in either order; the queue's own story is in the
                // connection lines (250 ... queued as) and the hops.
            } else if (!message.isEmpty() && e.kind != EventKind::Action && e.kind != EventKind::Db) {
                story.messages[message] << row;
            } else {
                story.timeline << row;
            }
        }
        QVERIFY2(generic.isEmpty(), qPrintable(QStringLiteral("rows of %1 with a generic or missing explanation:\n%2")
                                                    .arg(name, generic.join(QLatin1Char('\n')))));

        const QString actual = story.text(name);
        const QString goldenPath = QStringLiteral(MAILFLOW_GOLDEN_DIR "/%1.golden").arg(name);
        if (qEnvironmentVariableIsSet("MAILFLOW_UPDATE_GOLDEN")) {
            QFile out(goldenPath);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(actual.toUtf8());
            return;
        }
        QFile in(goldenPath);
        QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(goldenPath + " is missing (MAILFLOW_UPDATE_GOLDEN=1 writes it)"));
        const QStringList expected = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
        const QStringList got = actual.split(QLatin1Char('\n'));
        for (int i = 0; i < qMax(expected.size(), got.size()); ++i) {
            QVERIFY2(expected.value(i) == got.value(i),
                     qPrintable(QStringLiteral("%1 line %2:\n  golden: %3\n  now:    %4")
                                    .arg(goldenPath).arg(i + 1).arg(expected.value(i), got.value(i))));
        }
    }
};

QTEST_GUILESS_MAIN(TestNarration)
#include "tst_narration.moc"
