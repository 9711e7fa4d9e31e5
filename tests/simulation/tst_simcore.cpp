#include "events/EventLog.h"
#include "events/SimScheduler.h"
#include "events/Stepper.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace mf;

class TestSimCore : public QObject
{
    Q_OBJECT
private slots:
    void schedulerOrdersByTimeThenSequence()
    {
        SimScheduler s;
        QStringList order;
        s.scheduleAt(100, [&] { order << "b"; });
        s.scheduleAt(50, [&] { order << "a"; });
        s.scheduleAt(100, [&] { order << "c"; });
        const auto cancelled = s.scheduleAt(70, [&] { order << "x"; });
        QVERIFY(s.cancel(cancelled));
        QVERIFY(!s.cancel(cancelled));
        while (s.runNext()) {}
        QCOMPARE(order, (QStringList{"a", "b", "c"}));
        QCOMPARE(s.now(), qint64(100));
        // An event scheduled in the past runs now, never moving the clock back.
        s.scheduleAt(10, [&] { order << "late"; });
        QVERIFY(s.runNext());
        QCOMPARE(s.now(), qint64(100));
    }

    void eventLogCursorWalksBackAndForth()
    {
        EventLog log;
        QSignalSpy moved(&log, &EventLog::cursorMoved);
        log.append({0, EventKind::Hop, {{"to", "ua@a.example"}}});
        log.append({5, EventKind::Line, {{"text", "EHLO x"}}});
        log.append({9, EventKind::Hop, {{"to", "spool@a.example"}}});
        QVERIFY(log.isLive());
        QCOMPARE(log.cursor(), 2);
        QVERIFY(log.stepBackTo(EventKind::Hop));
        QCOMPARE(log.cursor(), 0);
        QVERIFY(!log.stepBackTo(EventKind::Hop));
        QVERIFY(log.stepForward());
        QCOMPARE(log.cursor(), 1);
        // Appending while looking back does not move the cursor.
        log.append({12, EventKind::Queue, {}});
        QCOMPARE(log.cursor(), 1);
        QVERIFY(log.stepForwardTo(EventKind::Queue));
        QVERIFY(log.isLive());
        QVERIFY(moved.count() >= 5);

        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        log.writeJsonLines(buffer);
        const QList<QByteArray> lines = buffer.data().trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(first.value("t").toInteger(), 0);
        QCOMPARE(first.value("kind").toString(), QString("hop"));
        QCOMPARE(first.value("to").toString(), QString("ua@a.example"));
        QCOMPARE(SimEvent::fromJson(first).field("to").toString(), QString("ua@a.example"));
    }

    // serve's log (EventRetention): the most recent events in memory, the older ones in the archive file,
    // indices those of the whole history.
    void boundedLogKeepsRecentEventsAndArchivesTheRest()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("events.jsonl");
        auto archive = std::make_unique<EventArchive>(path, 0);
        QString error;
        QVERIFY2(archive->open(&error), qPrintable(error));
        EventLog log;
        log.setRetention(EventRetention{100, 1 << 30, 0, 0}, std::move(archive));
        QSignalSpy appended(&log, &EventLog::appended);
        for (int i = 0; i < 1000; ++i) {
            log.append({i, EventKind::Line, {{"text", QString("NOOP %1").arg(i)}},
                        {{"conn", "smtp/a.example#1"}, {"explain_en", "keeps the connection"}, {"explain_id", "x"}}});
            QCOMPARE(log.at(i).t, qint64(i)); // the event just appended is always kept
        }
        QCOMPARE(appended.count(), 1000);
        QCOMPARE(log.size(), 1000);
        QVERIFY(log.isLive());
        QCOMPARE(log.cursor(), 999);
        QVERIFY(log.events().size() <= 100);
        QVERIFY(log.events().size() >= 75);
        QCOMPARE(log.firstKept() + log.events().size(), 1000);
        QCOMPARE(log.at(log.firstKept()).text("text"), QString("NOOP %1").arg(log.firstKept()));
        // Walking back stops at the oldest kept event.
        log.setCursor(0);
        QCOMPARE(log.cursor(), log.firstKept() - 1);
        QVERIFY(!log.stepBack());
        QVERIFY(log.stepForwardTo(EventKind::Line));
        QCOMPARE(log.cursor(), log.firstKept());

        log.archive()->flush();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), log.firstKept());
        const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(first.value("kind").toString(), QString("line"));
        QCOMPARE(first.value("text").toString(), QString("NOOP 0"));
        QCOMPARE(first.value("conn").toString(), QString("smtp/a.example#1"));
        QVERIFY(!first.contains("explain_en")); // derived from the text again: not archived
        QCOMPARE(QJsonDocument::fromJson(lines.last()).object().value("t").toInteger(), log.firstKept() - 1);
    }

    void boundedLogHoldsItsByteBudgetAndRotatesItsArchive()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("events.jsonl");
        auto archive = std::make_unique<EventArchive>(path, 64 * 1024);
        QVERIFY(archive->open(nullptr));
        const QString previous = archive->previousPath();
        QCOMPARE(previous, dir.filePath("events.1.jsonl"));
        EventLog log;
        const qint64 budget = 256 * 1024;
        log.setRetention(EventRetention{1000000, budget, 0, 64 * 1024}, std::move(archive));
        const QString text(1000, QChar('x')); // 2000 octets in memory, ~1 KB on disk
        for (int i = 0; i < 2000; ++i) {
            log.append({i, EventKind::Line, {{"text", text}}});
            QVERIFY(log.keptBytes() <= budget + EventLog::estimatedBytes(log.at(i), false));
        }
        QVERIFY(log.firstKept() > 1500);
        QVERIFY(log.keptBytes() > budget / 2);
        log.archive()->flush();
        // The disk holds at most two files of at most the limit each.
        QVERIFY(QFile::exists(previous));
        QVERIFY(QFile(path).size() <= 64 * 1024);
        QVERIFY(QFile(previous).size() <= 64 * 1024);
        QVERIFY(QFile(previous).size() > 60 * 1024);
    }

    void stepperFastForwardsThroughLongWaits()
    {
        SimScheduler s;
        EventLog log;
        Stepper stepper(s, log);
        QSignalSpy finished(&stepper, &Stepper::finished);
        bool retried = false;
        s.scheduleIn(30 * 60 * 1000, [&] { retried = true; });
        stepper.run();
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(retried);
        QCOMPARE(s.now(), qint64(30 * 60 * 1000));
    }

    void stepperWaitsForActivities()
    {
        SimScheduler s;
        EventLog log;
        Stepper stepper(s, log);
        QSignalSpy finished(&stepper, &Stepper::finished);
        bool second = false;
        s.scheduleIn(10, [&] { stepper.beginActivity("smtp-1"); });
        s.scheduleIn(20, [&] { second = true; });
        stepper.run();
        QTRY_COMPARE(s.now(), qint64(10));
        QCoreApplication::processEvents();
        QVERIFY(!second); // the clock waits while real I/O is in flight
        QCOMPARE(finished.count(), 0);
        stepper.endActivity("smtp-1");
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(second);
    }

    void stepHopPausesAfterTheNextHop()
    {
        SimScheduler s;
        EventLog log;
        Stepper stepper(s, log);
        int ran = 0;
        for (int i = 0; i < 3; ++i) {
            s.scheduleIn(100 * (i + 1), [&, i] {
                ++ran;
                log.append({s.now(), EventKind::Line, {{"n", i}}});
                log.append({s.now(), EventKind::Hop, {{"n", i}}});
            });
        }
        stepper.stepHop();
        QTRY_COMPARE(ran, 1);
        QTRY_VERIFY(stepper.isPaused());
        QCoreApplication::processEvents();
        QCOMPARE(ran, 1);
        stepper.stepCommand();
        QTRY_COMPARE(ran, 2);
        QTRY_VERIFY(stepper.isPaused());
        QCOMPARE(log.at(log.size() - 2).kind, EventKind::Line);
        stepper.run();
        QTRY_COMPARE(ran, 3);
    }

    void finiteSpeedStillReachesTheEnd()
    {
        SimScheduler s;
        EventLog log;
        Stepper stepper(s, log);
        stepper.setSpeed(1000.0); // 1 s of simulated time per real millisecond
        stepper.setMaxRealWaitMs(20);
        QSignalSpy finished(&stepper, &Stepper::finished);
        s.scheduleIn(5000, [] {});
        s.scheduleIn(3600 * 1000, [] {});
        stepper.run();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(s.now(), qint64(3600 * 1000));
    }
};

QTEST_GUILESS_MAIN(TestSimCore)
#include "tst_simcore.moc"
