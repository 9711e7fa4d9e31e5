#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"
#include "scenario/NoteMarkup.h"

#include <QTest>

using namespace mf;

class TestScenarioLoader : public QObject
{
    Q_OBJECT
private slots:
    void bundledScenariosAreValid()
    {
        const auto bundled = ScenarioCatalog::bundled();
        QVERIFY(bundled.size() >= 8);
        for (const auto &entry : bundled) {
            const auto result = ScenarioLoader::loadFile(entry.path);
            QStringList errors;
            for (const auto &e : result.errors)
                errors << e.toString();
            QVERIFY2(result.ok(), qPrintable(errors.join('\n')));
            QVERIFY2(!result.scenario->title.indonesian.isEmpty(), qPrintable(entry.name + ": no Indonesian title"));
            QVERIFY2(!result.scenario->notes.indonesian.isEmpty(), qPrintable(entry.name + ": no Indonesian notes"));
            QVERIFY2(!result.scenario->expectations.isEmpty(), qPrintable(entry.name + ": no expectations"));
        }
    }

    void defaultScenarioFollowsTheSeed()
    {
        const auto result = ScenarioLoader::loadFile(ScenarioCatalog::defaultScenarioPath());
        QVERIFY(result.ok());
        const Scenario &s = *result.scenario;
        QCOMPARE(s.domains.size(), 2);
        QCOMPARE(s.timeline.first().kind, ActionSpec::Kind::Send);
        QCOMPARE(s.timeline.last().protocol, QString("pop3"));
    }

    void resolvesNames()
    {
        QCOMPARE(ScenarioCatalog::resolve("basic-pop3"), QString(":/scenarios/01-basic-pop3.json"));
        QCOMPARE(ScenarioCatalog::resolve("01-basic-pop3.json"), QString(":/scenarios/01-basic-pop3.json"));
        QVERIFY(ScenarioCatalog::resolve("no-such-lesson").isEmpty());
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("ms") << "1500ms" << qint64(1500);
        QTest::newRow("s") << "30s" << qint64(30000);
        QTest::newRow("m") << "15m" << qint64(900000);
        QTest::newRow("h") << "2h" << qint64(7200000);
        QTest::newRow("d") << "5d" << qint64(432000000);
        QTest::newRow("bare") << "250" << qint64(250);
        QTest::newRow("fraction") << "1.5s" << qint64(1500);
        QTest::newRow("bad unit") << "3 weeks" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(ScenarioLoader::parseDuration(text), ms);
    }

    // Each broken file must produce the error at the right line and field.
    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // "line: field: message fragment"
        const QByteArray head = "{\"version\": 1,\n\"title\": \"t\",\n";
        const QByteArray world = "\"world\": {\"domains\": [{\"name\": \"a.example\",\n"
                                 "\"users\": [{\"address\": \"alice@a.example\", \"password\": \"p\"}]}]}";
        QTest::newRow("not json") << QByteArray("{\n\"version\": 1,\n\"title\": }") << "3: : not valid JSON";
        QTest::newRow("missing world") << QByteArray("{\"version\": 1, \"title\": \"t\"}") << "1: world: required field";
        QTest::newRow("wrong version") << QByteArray("{\"version\": 7,\n\"title\": \"t\",\n") + world + "}"
                                       << "1: version: schema version 7";
        QTest::newRow("typo in field") << head + world + ",\n\"timline\": []}" << "5: timline: unknown field";
        QTest::newRow("bad domain") << head + "\"world\": {\"domains\": [\n{\"name\": \"not a domain\"}]}}"
                                    << "4: world.domains[0].name: 'not a domain' is not a domain name";
        QTest::newRow("non-loopback") << head + "\"world\": {\"domains\": [{\"name\": \"a.example\",\n\"address\": \"192.168.1.1\"}]}}"
                                      << "4: world.domains[0].address: '192.168.1.1' must be a loopback";
        QTest::newRow("unknown sender") << head + world + ",\n\"timeline\": [{\"send\": {\"from\": \"eve@a.example\", \"to\": \"x@a.example\"}}]}"
                                        << "5: timeline[0].send.from: 'eve@a.example' is not a user";
        QTest::newRow("two actions") << head + world + ",\n\"timeline\": [{\"fetch\": {}, \"send\": {}}]}"
                                     << "5: timeline[0]: each timeline entry needs exactly one action";
        QTest::newRow("bad protocol") << head + world + ",\n\"timeline\": [{\"fetch\": {\"user\": \"alice@a.example\",\n\"protocol\": \"smtp\"}}]}"
                                      << "6: timeline[0].fetch.protocol: must be one of pop3";
        QTest::newRow("unknown device") << head + world + ",\n\"timeline\": [{\"fetch\": {\"user\": \"alice@a.example\",\n\"device\": \"tablet\"}}]}"
                                        << "6: timeline[0].fetch.device: must be laptop or phone";
        QTest::newRow("null mx with mx") << head + "\"world\": {\"domains\": [{\"name\": \"a.example\", \"null_mx\": true,\n\"mx\": [{\"host\": \"mx.a.example\"}]}]}}"
                                         << "3: world.domains[0].null_mx: a domain with a null MX";
        QTest::newRow("bad code") << head + world + ",\n\"expect\": [{\"reply\": {\"code\": 99}}]}"
                                  << "5: expect[0].reply.code: must be between 200 and 599";
        QTest::newRow("preference range") << head + "\"world\": {\"domains\": [{\"name\": \"a.example\",\n\"mx\": [{\"host\": \"mx.a.example\",\n\"preference\": 70000}]}]}}"
                                          << "5: world.domains[0].mx[0].preference: must be between 0 and 65535";
        // Beyond qint64: found by fuzz_scenario_loader (converting 5.8e20 to an integer is undefined).
        QTest::newRow("preference beyond 64 bits") << head + "\"world\": {\"domains\": [{\"name\": \"a.example\",\n\"mx\": [{\"host\": \"mx.a.example\",\n\"preference\": 5.77778e20}]}]}}"
                                                   << "5: world.domains[0].mx[0].preference: must be between 0 and 65535 (is 5.77778e+20)";
        QTest::newRow("duration beyond a year") << head + world + ",\n\"timeline\": [{\"at\": \"16000000000000000000000000d\", \"fetch\": {\"user\": \"alice@a.example\"}}]}"
                                                << "5: timeline[0].at: must be at most 365 days";
        QTest::newRow("milliseconds beyond a year") << head + world + ",\n\"timeline\": [{\"at\": 1e300, \"fetch\": {\"user\": \"alice@a.example\"}}]}"
                                                    << "5: timeline[0].at: must be at most 365 days";
        QTest::newRow("unknown node in a note") << head + "\"notes\": {\"en\": \"The {node:spool@a.example} waits.\",\n\"id\": \"{node:alias-expandr@a.example} bertanya.\"},\n" + world + "}"
                                                << "4: notes.id: unknown node 'alias-expandr@a.example'";
        QTest::newRow("unknown node in plain notes") << head + "\"notes\": \"Ask {node:mta-server@mx.z.example}.\",\n" + world + "}"
                                                     << "3: notes: unknown node 'mta-server@mx.z.example'";
    }

    // Notes name nodes as {node:ID}; the reader renders each with a label, anything else stays as written.
    void noteMarkup()
    {
        const QString text = QStringLiteral("The {node:alias-expander@b.example} asks {node:database@b.example}; {not a node} {node:}.");
        const auto refs = notes::nodeReferences(text);
        QCOMPARE(refs.size(), 2);
        QCOMPARE(refs[0].id, QStringLiteral("alias-expander@b.example"));
        QCOMPARE(notes::render(text, [](const QString &id) { return id.section('@', 0, 0).toUpper(); }),
                 QStringLiteral("The ALIAS-EXPANDER asks DATABASE; {not a node} {node:}."));
        const auto lesson = ScenarioLoader::loadFile(ScenarioCatalog::resolve("06-backup-mx"));
        QVERIFY(lesson.ok());
        const QStringList ids = notes::nodeIds(*lesson.scenario);
        for (const char *id : {"mta-server@mx1.b.example", "mta-server@mx2.b.example", "spool@a.example", "internet", "dns@internet"})
            QVERIFY2(ids.contains(QLatin1String(id)), id);
        QVERIFY(!ids.contains("mta-server@b.example"));
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto result = ScenarioLoader::loadData(json, "lesson.json");
        QVERIFY(!result.ok());
        QStringList got;
        for (const auto &e : result.errors) {
            QCOMPARE(e.file, QString("lesson.json"));
            got << QString("%1: %2: %3").arg(e.line).arg(e.field, e.message);
        }
        bool found = false;
        for (const QString &g : got)
            found = found || g.startsWith(expected);
        QVERIFY2(found, qPrintable("expected '" + expected + "' among:\n" + got.join('\n')));
    }
};

QTEST_GUILESS_MAIN(TestScenarioLoader)
#include "tst_scenarioloader.moc"
