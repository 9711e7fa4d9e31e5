#include "queue/Spool.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace mf;

class TestSpool : public QObject
{
    Q_OBJECT
private:
    static RetryPolicy policy()
    {
        RetryPolicy p;
        p.minimalBackoffMs = 300'000;
        p.maximalBackoffMs = 4'000'000;
        p.maximalLifetimeMs = 5LL * 24 * 3600 * 1000;
        return p;
    }

    // A durable spool queues a new entry once it is on disk, and says so in this thread's event loop.
    static void settle(Spool &spool)
    {
        spool.waitForWrites();
        QCoreApplication::processEvents();
    }

private slots:
    void newEntriesAreDueOnceOnDisk()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("spool.db"), "t0", policy());
        QVERIFY(spool.open());
        QSignalSpy changed(&spool, &Spool::changed);
        std::optional<QList<qint64>> committed;
        spool.enqueueAll({Spool::NewEntry{"m1", "alice@a.example", {"bob@b.example"}, "one", {}},
                          Spool::NewEntry{"m2", "alice@a.example", {"carol@b.example"}, "two", {}}},
                         0, [&](const std::optional<QList<qint64>> &ids) { committed = ids; });
        // Not due, not announced, not confirmed before the commit: nothing of it could be lost yet.
        QVERIFY(!spool.hasQueued());
        QVERIFY(spool.takeDue(0).isEmpty());
        QCOMPARE(changed.count(), 0);
        QVERIFY(!committed);
        QTRY_VERIFY(committed.has_value());
        QCOMPARE(committed->size(), 2);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(spool.takeDue(0).size(), 2);
        // On disk for any other reader (a restarted process).
        Spool again(dir.filePath("spool.db"), "t0b", policy());
        QVERIFY(again.open());
        QCOMPARE(again.countIn(Spool::State::Queued), 2);
    }

    void entriesOfASpoolThatNeedNoFsyncAreDueOnceWritten()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("spool.db"), "t0c", policy());
        spool.setDurableEnqueue(false); // the UA's outbox: written (a killed process keeps it), not fsync'd
        QVERIFY(spool.open());
        bool committed = false;
        spool.enqueue("m1", "alice@a.example", {"bob@b.example"}, "one", 0, {}, nullptr,
                      [&](const std::optional<QList<qint64>> &ids) { committed = ids.has_value(); });
        QVERIFY(spool.takeDue(0).isEmpty());
        QTRY_VERIFY(committed);
        QCOMPARE(spool.takeDue(0).size(), 1);
    }

    void queuedActiveDelivered()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("spool.db"), "t1", policy());
        QVERIFY(spool.open());
        QSignalSpy changed(&spool, &Spool::changed);
        const qint64 id = spool.enqueue("m1", "alice@a.example", {"bob@b.example", "carol@c.example"}, "data", 0);
        QVERIFY(id > 0);
        settle(spool);
        QCOMPARE(changed.count(), 1);
        const auto due = spool.takeDue(0);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0].state, Spool::State::Active);
        QCOMPARE(due[0].attempts, 1);
        QVERIFY(spool.takeDue(0).isEmpty()); // active entries are not handed out twice
        spool.setRecipientState(id, "bob@b.example", Spool::RecipientState::Delivered, "250 2.0.0 Ok");
        QCOMPARE(spool.entry(id)->pendingRecipients(), QList<QString>{"carol@c.example"});
        spool.markDelivered(id);
        QCOMPARE(spool.entry(id)->state, Spool::State::Delivered);
        QCOMPARE(spool.countIn(Spool::State::Delivered), 1);
    }

    void backoffFollowsPostfix()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("spool.db"), "t2", policy());
        QVERIFY(spool.open());
        const qint64 id = spool.enqueue("m1", "alice@a.example", {"bob@b.example"}, "data", 0);
        settle(spool);
        spool.takeDue(0);
        // Young message: the minimal backoff applies.
        QVERIFY(spool.markDeferred(id, "connect refused", 1000));
        QCOMPARE(spool.entry(id)->nextAttemptMs, qint64(1000 + 300'000));
        QVERIFY(spool.takeDue(300'000).isEmpty());
        QCOMPARE(spool.takeDue(301'000).size(), 1);
        // Older: the delay equals the age...
        QVERIFY(spool.markDeferred(id, "connect refused", 1'000'000));
        QCOMPARE(spool.entry(id)->nextAttemptMs, qint64(2'000'000));
        spool.takeDue(2'000'000);
        // ...capped by the maximal backoff.
        QVERIFY(spool.markDeferred(id, "connect refused", 10'000'000));
        QCOMPARE(spool.entry(id)->nextAttemptMs, qint64(14'000'000));
        QCOMPARE(spool.nextRetryMs(), qint64(14'000'000));
        spool.takeDue(14'000'000);
        // Past the queue lifetime the entry bounces.
        QVERIFY(!spool.markDeferred(id, "connect refused", 6LL * 24 * 3600 * 1000));
        QCOMPARE(spool.entry(id)->state, Spool::State::Bounced);
        QVERIFY(spool.entry(id)->lastError.contains("queue lifetime"));
    }

    void survivesRestartAndResumesInterruptedEntries()
    {
        QTemporaryDir dir;
        qint64 id = 0;
        {
            Spool spool(dir.filePath("spool.db"), "t3a", policy());
            QVERIFY(spool.open());
            id = spool.enqueue("m1", "", {"alice@a.example"}, QByteArray("bounce\r\n"), 5);
            spool.enqueue("m2", "alice@a.example", {"bob@b.example"}, "x", 6);
            spool.enqueue("m3", "alice@a.example", {"carol@b.example"}, "y", 7);
            settle(spool);
            QCOMPARE(spool.takeDue(10, 2).size(), 2); // m1 and m2 active when the process "dies"
        }
        Spool again(dir.filePath("spool.db"), "t3b", policy());
        QVERIFY(again.open());
        // An attempt that had no outcome is not on disk: the entry is simply queued again.
        QCOMPARE(again.countIn(Spool::State::Active), 0);
        QCOMPARE(again.countIn(Spool::State::Queued), 3);
        QSignalSpy changed(&again, &Spool::changed);
        QCOMPARE(again.resume(), 3); // every waiting entry is announced
        QCOMPARE(changed.count(), 3);
        const auto e = again.entry(id);
        QVERIFY(e);
        QCOMPARE(e->sender, QString());
        QCOMPARE(e->data, QByteArray("bounce\r\n"));
        QCOMPARE(e->attempts, 0);
        QCOMPARE(again.takeDue(10).size(), 3);
        QCOMPARE(again.entry(id)->attempts, 1);
    }

    void recipientProgressSurvivesRestart()
    {
        QTemporaryDir dir;
        const QString reply = QStringLiteral("550 5.1.1 \"quoted\" back\\slash\ttab\nnew line \u00e9t\u00e9 \u2603 \x01");
        qint64 id = 0;
        {
            Spool spool(dir.filePath("spool.db"), "t6a", policy());
            QVERIFY(spool.open());
            id = spool.enqueue("m1", "alice@a.example", {"bob@b.example", "j\u00f6rg@b.example", "carol@b.example"}, "x", 0);
            settle(spool);
            spool.takeDue(0);
            spool.setRecipientState(id, "BOB@b.example", Spool::RecipientState::Delivered, "250 2.0.0 Ok");
            spool.setRecipientState(id, "j\u00f6rg@b.example", Spool::RecipientState::Failed, reply);
            QVERIFY(spool.markDeferred(id, "451 4.3.0 try \"later\"", 1000));
        }
        Spool again(dir.filePath("spool.db"), "t6b", policy());
        QVERIFY(again.open());
        const auto e = again.entry(id);
        QVERIFY(e);
        QCOMPARE(e->state, Spool::State::Deferred);
        QCOMPARE(e->lastError, QStringLiteral("451 4.3.0 try \"later\""));
        QCOMPARE(e->recipients.size(), 3);
        QCOMPARE(e->recipients[0].state, Spool::RecipientState::Delivered);
        QCOMPARE(e->recipients[0].lastReply, QStringLiteral("250 2.0.0 Ok"));
        QCOMPARE(e->recipients[1].address, QStringLiteral("j\u00f6rg@b.example"));
        QCOMPARE(e->recipients[1].state, Spool::RecipientState::Failed);
        QCOMPARE(e->recipients[1].lastReply, reply);
        QCOMPARE(e->pendingRecipients(), QList<QString>{"carol@b.example"});
        QCOMPARE(again.nextRetryMs(), qint64(1000 + 300'000));
    }

    void bookkeepingIsCommittedWhenTheEventLoopRuns()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("spool.db"), "t7", policy());
        QVERIFY(spool.open());
        const qint64 id = spool.enqueue("m1", "alice@a.example", {"bob@b.example"}, "x", 0);
        settle(spool);
        spool.takeDue(0);
        spool.markDelivered(id);
        QCOMPARE(spool.entry(id)->state, Spool::State::Delivered); // the spool itself knows at once
        // Another reader of the file (the GUI's table, a restarted process) sees it once the pass is over.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "t7-reader");
            db.setDatabaseName(dir.filePath("spool.db"));
            QVERIFY(db.open());
            auto stateOnDisk = [&db, id] {
                QSqlQuery q(db);
                q.prepare("SELECT state FROM spool WHERE id = ?");
                q.addBindValue(id);
                return q.exec() && q.next() ? q.value(0).toString() : QString();
            };
            QTRY_COMPARE(stateOnDisk(), QStringLiteral("delivered"));
            db.close();
        }
        QSqlDatabase::removeDatabase("t7-reader");
    }

    // A write the disk refuses loses nothing: the spool keeps every change and writes it again.
    void aRefusedWriteIsMadeAgain()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("spool.db"), "t8", policy());
        QVERIFY(spool.open());
        const qint64 id = spool.enqueue("m1", "alice@a.example", {"bob@b.example"}, "x", 0);
        settle(spool);
        spool.takeDue(0);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "t8-disk");
            db.setDatabaseName(dir.filePath("spool.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec("CREATE TABLE refusing (x)"));
            QVERIFY(q.exec("INSERT INTO refusing VALUES (1)"));
            QVERIFY(q.exec("CREATE TRIGGER refuse BEFORE UPDATE ON spool WHEN (SELECT COUNT(*) FROM refusing) > 0"
                           " BEGIN SELECT RAISE(ABORT, 'the disk says no'); END"));
            auto stateOnDisk = [&db, id] {
                QSqlQuery r(db);
                r.prepare("SELECT state FROM spool WHERE id = ?");
                r.addBindValue(id);
                return r.exec() && r.next() ? r.value(0).toString() : QString();
            };
            spool.markDelivered(id);
            spool.waitForWrites(); // the write is made, and refused
            QCoreApplication::processEvents();
            QCOMPARE(stateOnDisk(), QStringLiteral("queued"));
            QCOMPARE(spool.entry(id)->state, Spool::State::Delivered); // the spool still knows
            QVERIFY(q.exec("DELETE FROM refusing"));
            QTRY_COMPARE(stateOnDisk(), QStringLiteral("delivered"));
            db.close();
        }
        QSqlDatabase::removeDatabase("t8-disk");
    }

    // A new entry whose commit fails was never queued: not due, its origin free, the caller told.
    void aFailedCommitQueuesNothing()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("spool.db"), "t9", policy());
        QVERIFY(spool.open());
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "t9-disk");
            db.setDatabaseName(dir.filePath("spool.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec("CREATE TABLE refusing (x)"));
            QVERIFY(q.exec("INSERT INTO refusing VALUES (1)"));
            QVERIFY(q.exec("CREATE TRIGGER refuse BEFORE INSERT ON spool WHEN (SELECT COUNT(*) FROM refusing) > 0"
                           " BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"));
            std::optional<std::optional<QList<qint64>>> outcome;
            spool.enqueue("m1", "alice@a.example", {"bob@b.example"}, "x", 0, "timeline:0:x", nullptr,
                          [&](const std::optional<QList<qint64>> &ids) { outcome = ids; });
            QTRY_VERIFY(outcome.has_value());
            QVERIFY(!outcome->has_value());
            QVERIFY(spool.takeDue(0).isEmpty());
            QCOMPARE(spool.idForOrigin("timeline:0:x"), qint64(0));
            QVERIFY(q.exec("DELETE FROM refusing"));
            db.close();
        }
        QSqlDatabase::removeDatabase("t9-disk");
        bool duplicate = true;
        QVERIFY(spool.enqueue("m1", "alice@a.example", {"bob@b.example"}, "x", 0, "timeline:0:x", &duplicate) > 0);
        QVERIFY(!duplicate);
        settle(spool);
        QCOMPARE(spool.takeDue(0).size(), 1);
    }

    void originMakesEnqueueIdempotent()
    {
        QTemporaryDir dir;
        qint64 id = 0;
        {
            Spool spool(dir.filePath("spool.db"), "t4a", policy());
            QVERIFY(spool.open());
            bool duplicate = true;
            id = spool.enqueue("m1", "alice@a.example", {"bob@b.example"}, "one", 0, "timeline:0:x", &duplicate);
            QVERIFY(id > 0);
            QVERIFY(!duplicate);
            QCOMPARE(spool.idForOrigin("timeline:0:x"), id);
            QCOMPARE(spool.idForOrigin("timeline:1:x"), qint64(0));
            // Entries without an origin never collide with each other.
            QVERIFY(spool.enqueue("m2", "alice@a.example", {"bob@b.example"}, "two", 0) > 0);
            QVERIFY(spool.enqueue("m3", "alice@a.example", {"bob@b.example"}, "three", 0) > 0);
        }
        // After a "restart" the same origin stores nothing and names the first entry.
        Spool again(dir.filePath("spool.db"), "t4b", policy());
        QVERIFY(again.open());
        QSignalSpy changed(&again, &Spool::changed);
        bool duplicate = false;
        QCOMPARE(again.enqueue("m9", "alice@a.example", {"bob@b.example"}, "other", 5, "timeline:0:x", &duplicate), id);
        QVERIFY(duplicate);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(again.entries().size(), 3);
        QCOMPARE(again.entry(id)->data, QByteArray("one"));
        QCOMPARE(again.highestRootFlowNumber(), 3);
    }

    void migratesFilesWithoutOriginColumn()
    {
        QTemporaryDir dir;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "old-spool");
            db.setDatabaseName(dir.filePath("old.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec("CREATE TABLE spool (id INTEGER PRIMARY KEY AUTOINCREMENT, flow TEXT NOT NULL,"
                           " sender TEXT NOT NULL, recipients TEXT NOT NULL, data BLOB NOT NULL, state TEXT NOT NULL,"
                           " attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL,"
                           " next_attempt_ms INTEGER NOT NULL, last_error TEXT NOT NULL DEFAULT '')"));
            QVERIFY(q.exec("INSERT INTO spool (flow, sender, recipients, data, state, created_ms, next_attempt_ms)"
                           " VALUES ('m7.2', 'a@a.example', '[{\"address\":\"b@b.example\",\"state\":\"pending\"}]',"
                           " 'old', 'active', 0, 0)"));
            db.close();
        }
        QSqlDatabase::removeDatabase("old-spool");
        Spool spool(dir.filePath("old.db"), "t5", policy());
        QVERIFY(spool.open());
        QCOMPARE(spool.resume(), 1);
        QCOMPARE(spool.highestRootFlowNumber(), 7);
        bool duplicate = true;
        const qint64 id = spool.enqueue("m8", "a@a.example", {"b@b.example"}, "new", 0, "forward:1:a@a.example", &duplicate);
        QVERIFY(id > 1);
        QVERIFY(!duplicate);
        QCOMPARE(spool.enqueue("m8", "a@a.example", {"b@b.example"}, "new", 0, "forward:1:a@a.example", &duplicate), id);
        QVERIFY(duplicate);
        settle(spool);
        const auto due = spool.takeDue(0, 1);
        QCOMPARE(due.size(), 1); // the limit holds
        QCOMPARE(due[0].data, QByteArray("old"));
        QCOMPARE(spool.takeDue(0).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSpool)
#include "tst_spool.moc"
