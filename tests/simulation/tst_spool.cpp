#include "queue/Spool.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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

private slots:
    void queuedActiveDelivered()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("spool.db"), "t1", policy());
        QVERIFY(spool.open());
        QSignalSpy changed(&spool, &Spool::changed);
        const qint64 id = spool.enqueue("m1", "alice@a.example", {"bob@b.example", "carol@c.example"}, "data", 0);
        QVERIFY(id > 0);
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

    void survivesRestartAndResumesActiveEntries()
    {
        QTemporaryDir dir;
        qint64 id = 0;
        {
            Spool spool(dir.filePath("spool.db"), "t3a", policy());
            QVERIFY(spool.open());
            id = spool.enqueue("m1", "", {"alice@a.example"}, QByteArray("bounce\r\n"), 5);
            spool.enqueue("m2", "alice@a.example", {"bob@b.example"}, "x", 6);
            spool.takeDue(10); // both active when the process "dies"
        }
        Spool again(dir.filePath("spool.db"), "t3b", policy());
        QVERIFY(again.open());
        QCOMPARE(again.countIn(Spool::State::Active), 2);
        QCOMPARE(again.resume(), 2);
        QCOMPARE(again.countIn(Spool::State::Queued), 2);
        const auto e = again.entry(id);
        QVERIFY(e);
        QCOMPARE(e->sender, QString());
        QCOMPARE(e->data, QByteArray("bounce\r\n"));
        QCOMPARE(e->attempts, 1);
        QCOMPARE(again.takeDue(10).size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSpool)
#include "tst_spool.moc"
