// SqliteWriter: writes from a thread of its own, in the order asked, in groups, one refused write
// failing alone; drain() waits for them; `done` runs in the asking thread.
#include "store/SqliteWriter.h"

#include <QCoreApplication>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace mf;

class TestSqliteWriter : public QObject
{
    Q_OBJECT
private:
    static QStringList valuesOnDisk(const QString &path, const QString &connection)
    {
        QStringList out;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", connection);
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery q(db);
                q.exec("SELECT value FROM t ORDER BY rowid");
                while (q.next())
                    out << q.value(0).toString();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return out;
    }

    static SqliteWriter::Work insert(const QString &value)
    {
        return [value](SqliteFile &file) {
            QSqlQuery &q = file.prepared("INSERT INTO t(value) VALUES (?)");
            q.addBindValue(value);
            return q.exec();
        };
    }

private slots:
    void writesAreMadeInOrderAndReportedInTheAskingThread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("w.sqlite");
        SqliteWriter writer(path, "w1");
        QVERIFY(writer.open(nullptr));
        writer.write([](SqliteFile &file) { return QSqlQuery(file.db()).exec("CREATE TABLE t (value TEXT UNIQUE)"); }, true);
        QObject context;
        QStringList reported;
        bool everyDoneHere = true;
        for (int i = 0; i < 200; ++i) {
            writer.write(insert(QString::number(i)), i % 7 == 0, &context, [&, i](bool ok) {
                everyDoneHere = everyDoneHere && QThread::currentThread() == thread();
                if (ok)
                    reported << QString::number(i);
            });
        }
        QTRY_COMPARE(reported.size(), 200);
        QVERIFY(everyDoneHere);
        QStringList expected;
        for (int i = 0; i < 200; ++i)
            expected << QString::number(i);
        QCOMPARE(reported, expected);
        QCOMPARE(valuesOnDisk(path, "w1-reader"), expected);
    }

    void aRefusedWriteFailsAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("w.sqlite");
        SqliteWriter writer(path, "w2");
        QVERIFY(writer.open(nullptr));
        writer.write([](SqliteFile &file) { return QSqlQuery(file.db()).exec("CREATE TABLE t (value TEXT UNIQUE)"); }, false);
        writer.drain();
        QObject context;
        QMap<QString, bool> outcome;
        // The writer is held until every write is asked for, so they make one group.
        QSemaphore held;
        writer.write([&held](SqliteFile &) { held.acquire(); held.release(); return true; }, false); // made twice: in the group, then alone
        // One write of the group breaks the unique constraint: it fails, and only it.
        const QStringList values{"a", "b", "a", "c"};
        for (int i = 0; i < values.size(); ++i)
            writer.write(insert(values[i]), false, &context, [&outcome, key = values[i] + QString::number(i)](bool ok) { outcome.insert(key, ok); });
        writer.write(insert("d"), false, &context, [&](bool ok) { outcome.insert("d", ok); });
        held.release();
        QTRY_COMPARE(outcome.size(), 5);
        QCOMPARE(outcome.value("d"), true);
        QCOMPARE(valuesOnDisk(path, "w2-reader"), (QStringList{"a", "b", "c", "d"}));
        QCOMPARE(outcome.value("a2"), false); // the second "a"
        QCOMPARE(std::count(outcome.cbegin(), outcome.cend(), false), 1);
    }

    void drainWaitsForEveryWrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("w.sqlite");
        SqliteWriter writer(path, "w3");
        QVERIFY(writer.open(nullptr));
        writer.write([](SqliteFile &file) { return QSqlQuery(file.db()).exec("CREATE TABLE t (value TEXT)"); }, false);
        for (int i = 0; i < 50; ++i)
            writer.write(insert(QString::number(i)), true);
        writer.drain();
        QCOMPARE(valuesOnDisk(path, "w3-reader").size(), 50);
    }

    void aFileThatCannotBeOpenedSaysWhy()
    {
        QTemporaryDir dir;
        SqliteWriter writer(dir.filePath("no/such/folder/w.sqlite"), "w4");
        QString error;
        QVERIFY(!writer.open(&error));
        QVERIFY(!error.isEmpty());
        writer.drain(); // nothing to wait for
    }
};

QTEST_GUILESS_MAIN(TestSqliteWriter)
#include "tst_sqlitewriter.moc"
