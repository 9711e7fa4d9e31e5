#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"
#include "world/World.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;

namespace {

const QStringList kSeedPath{
    "user@a.example", "ua@a.example", "spool@a.example", "alias-expander@a.example", "database@a.example",
    "mta-client@a.example", "mta-server@mx.a.example", "internet", "mta-server@mx.b.example",
    "alias-expander@b.example", "database@b.example", "mailboxes@b.example", "spool@b.example", "ua@b.example"};

int countClientLines(const EventLog &log)
{
    int n = 0;
    for (const SimEvent &e : log.events())
        n += e.kind == EventKind::Line && e.field("dir").toString() == "C" ? 1 : 0;
    return n;
}

int countKind(const EventLog &log, EventKind kind)
{
    int n = 0;
    for (const SimEvent &e : log.events())
        n += e.kind == kind ? 1 : 0;
    return n;
}

} // namespace

class TestWorld : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<World> makeWorld(QTemporaryDir &dir, bool gated)
    {
        const auto loaded = ScenarioLoader::loadFile(ScenarioCatalog::defaultScenarioPath());
        [&] { QVERIFY(loaded.ok()); }();
        WorldOptions options;
        options.dataDirectory = dir.path();
        options.gateConnections = gated;
        auto world = std::make_unique<World>(*loaded.scenario, options);
        QString error;
        [&] { QVERIFY2(world->start(&error), qPrintable(error)); }();
        return world;
    }

private slots:
    // Connection numbers belong to a world: a new world (the GUI's Reset) starts again at #1.
    void connectionNumbersStartAgainInANewWorld()
    {
        for (int run = 0; run < 2; ++run) {
            QTemporaryDir dir;
            auto world = makeWorld(dir, false);
            QSignalSpy finished(&world->stepper(), &Stepper::finished);
            world->stepper().run();
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
            QString first;
            for (const SimEvent &e : world->log().events()) {
                if (e.kind == EventKind::Line && e.text("proto") == "submission") {
                    first = e.text("conn");
                    break;
                }
            }
            QCOMPARE(first, QString("submission/mx.a.example#1"));
            world->stop();
        }
    }

    void defaultScenarioFollowsTheSeed()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, false);
        QSignalSpy finished(&world->stepper(), &Stepper::finished);
        world->stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(world->pathTo("bob@b.example"), kSeedPath);
        for (const auto &r : world->checkExpectations())
            QVERIFY2(r.held, qPrintable(r.detail));
    }

    // Stepping hop by hop: each step adds exactly one hop, in the seed's order, and nothing moves while
    // paused, not even the protocol conversation (the servers are gated).
    void stepHopByHop()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, true);
        QSignalSpy appended(&world->log(), &EventLog::appended);
        QStringList visited;
        for (int step = 0; step < kSeedPath.size() - 1; ++step) {
            const int hopsBefore = countKind(world->log(), EventKind::Hop);
            world->stepper().stepHop();
            QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isPaused(), 30000);
            QCOMPARE(countKind(world->log(), EventKind::Hop), hopsBefore + 1);
            const SimEvent *last = nullptr;
            for (const SimEvent &e : world->log().events())
                if (e.kind == EventKind::Hop)
                    last = &e;
            if (visited.isEmpty())
                visited << last->field("from").toString();
            visited << last->field("to").toString();
            appended.clear();
            const bool moved = appended.wait(150);
            QVERIFY2(!moved, qPrintable("the world moved while paused: "
                                        + (moved ? QString::fromUtf8(EventLog::toJsonLine(world->log().at(appended.first().first().toInt())))
                                                 : QString())
                                        + " after " + visited.last()));
        }
        QCOMPARE(visited, kSeedPath);
    }

    // Stepping command by command: each step lets one protocol line through (and the reply it causes).
    void stepCommandByCommand()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, true);
        // Run up to the submission hop, then step through the SMTP conversation.
        while (countKind(world->log(), EventKind::Line) == 0) {
            world->stepper().stepHop();
            QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isPaused(), 30000);
            world->stepper().stepCommand();
            QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isPaused(), 30000);
        }
        int steps = 0;
        while (countKind(world->log(), EventKind::Delivered) == 0 && steps < 200) {
            const int before = countClientLines(world->log());
            world->stepper().stepCommand();
            QTRY_VERIFY_WITH_TIMEOUT(world->stepper().isPaused() || countKind(world->log(), EventKind::Delivered) > 0, 30000);
            // One command (and the server's reply, however many lines it has) per step.
            const int added = countClientLines(world->log()) - before;
            QVERIFY2(added <= 1, qPrintable(QString("one step let %1 client lines through").arg(added)));
            ++steps;
        }
        QVERIFY2(steps > 10, "a whole SMTP conversation should take many command steps");
    }

    void logWalksBackAndForth()
    {
        QTemporaryDir dir;
        auto world = makeWorld(dir, false);
        QSignalSpy finished(&world->stepper(), &Stepper::finished);
        world->stepper().run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        EventLog &log = world->log();
        const int end = log.cursor();
        QVERIFY(log.stepBackTo(EventKind::Hop));
        QVERIFY(log.stepBackTo(EventKind::Hop));
        QCOMPARE(log.at(log.cursor()).field("to").toString(), QString("spool@b.example"));
        QVERIFY(log.stepForwardTo(EventKind::Hop));
        QCOMPARE(log.at(log.cursor()).field("to").toString(), QString("ua@b.example"));
        log.setCursor(end);
        QVERIFY(log.isLive());
    }
};

QTEST_GUILESS_MAIN(TestWorld)
#include "tst_world.moc"
