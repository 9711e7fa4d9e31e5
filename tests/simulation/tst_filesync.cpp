// FileSync: the sync is made in another thread and reported in the asking thread; requests made while
// a sync is under way are all answered.
#include "store/FileSync.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <optional>

using namespace mf;

class TestFileSync : public QObject
{
    Q_OBJECT
private slots:
    void syncsAreReportedInTheAskingThread()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath("data"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        FileSync sync;
        QObject context;
        int answered = 0;
        bool allOk = true;
        bool everyAnswerHere = true;
        for (int i = 0; i < 100; ++i) {
            file.write("some bytes\n");
            file.flush();
            sync.sync(file.fileName(), &context, [&](bool ok) {
                ++answered;
                allOk = allOk && ok;
                everyAnswerHere = everyAnswerHere && QThread::currentThread() == thread();
            });
        }
        QTRY_COMPARE(answered, 100);
        QVERIFY(allOk);
        QVERIFY(everyAnswerHere);
    }

    void aMissingLogHasNothingToSync()
    {
        QTemporaryDir dir;
        FileSync sync;
        QObject context;
        std::optional<bool> answer;
        sync.sync(dir.filePath("mailboxes.sqlite-wal"), &context, [&](bool ok) { answer = ok; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(*answer);
    }

    void aFileThatCannotBeOpenedFails()
    {
        QTemporaryDir dir;
        QFile plain(dir.filePath("plain"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        FileSync sync;
        QObject context;
        std::optional<bool> answer;
        sync.sync(dir.filePath("plain/x"), &context, [&](bool ok) { answer = ok; }); // ENOTDIR, even for root
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!*answer);
    }

    void aFailedSyncStaysFailedForItsFile()
    {
        // fdatasync() on /dev/null fails (EINVAL): a stand-in for a write-back error. The link is then
        // pointed at a regular file whose sync would succeed; the failure must stick to the path all the
        // same, while another file is unaffected and a new FileSync (a restart) starts afresh.
        QTemporaryDir dir;
        QFile data(dir.filePath("data"));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write("bytes\n");
        data.close();
        const QString wal = dir.filePath("mailboxes.sqlite-wal");
        QVERIFY(QFile::link("/dev/null", wal));
        FileSync sync;
        QObject context;
        auto ask = [&](FileSync &s, const QString &path) {
            std::optional<bool> answer;
            s.sync(path, &context, [&](bool ok) { answer = ok; });
            [&] { QTRY_VERIFY(answer.has_value()); }();
            return answer.value_or(true);
        };
        QCOMPARE(ask(sync, wal), false);
        QVERIFY(QFile::remove(wal));
        QVERIFY(QFile::link(data.fileName(), wal));
        QCOMPARE(ask(sync, wal), false);
        QCOMPARE(ask(sync, data.fileName()), true);
        FileSync restarted;
        QCOMPARE(ask(restarted, wal), true);
    }
};

QTEST_GUILESS_MAIN(TestFileSync)
#include "tst_filesync.moc"
