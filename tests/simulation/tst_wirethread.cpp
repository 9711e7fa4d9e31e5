// WireThread: with a thread of its own, run() waits, call() and afterCurrentWork() keep their order and
// run there, adopted objects live there; without one, everything runs at once on the caller's thread.
#include "world/WireThread.h"

#include <QCoreApplication>
#include <QMutex>
#include <QSemaphore>
#include <QTest>

using namespace mf;

class TestWireThread : public QObject
{
    Q_OBJECT
private slots:
    void aSeparateThreadRunsWorkInOrder()
    {
        WireThread wire(true);
        QVERIFY(wire.isSeparate());
        QThread *there = nullptr;
        wire.run([&] { there = QThread::currentThread(); });
        QVERIFY(there && there != QThread::currentThread());
        QMutex lock;
        QStringList order;
        auto note = [&](const QString &what) {
            QMutexLocker locker(&lock);
            order << what + (QThread::currentThread() == there ? QString() : QStringLiteral(" (wrong thread)"));
        };
        // "first" waits until "second" has been sent, so "second" is queued before "first" asks for more.
        QSemaphore secondSent;
        wire.call([&] {
            note("first");
            secondSent.acquire();
            // Asked for while "first" runs: after it, and after what was already sent.
            wire.afterCurrentWork([&] { note("after first"); });
            wire.call([&] { note("inside first"); }); // already there: at once
        });
        wire.call([&] { note("second"); });
        secondSent.release();
        wire.run([] {}); // waits for everything sent before
        wire.run([] {});
        QCOMPARE(order, (QStringList{"first", "inside first", "second", "after first"}));

        QObject *adopted = new QObject;
        wire.adopt(adopted);
        QCOMPARE(adopted->thread(), there);
        wire.run([adopted] { delete adopted; });
        wire.shutDown();
        QVERIFY(!wire.isSeparate());
        bool ranHere = false;
        wire.run([&] { ranHere = QThread::currentThread() == thread(); });
        QVERIFY(ranHere);
    }

    void withoutAThreadEverythingRunsAtOnce()
    {
        WireThread wire(false);
        QVERIFY(!wire.isSeparate());
        QStringList order;
        wire.call([&] { order << "call"; });
        wire.afterCurrentWork([&] { order << "after"; });
        wire.run([&] { order << "run"; });
        QCOMPARE(order, (QStringList{"call", "after", "run"}));
        QObject object;
        wire.adopt(&object);
        QCOMPARE(object.thread(), thread());
    }
};

QTEST_GUILESS_MAIN(TestWireThread)
#include "tst_wirethread.moc"
