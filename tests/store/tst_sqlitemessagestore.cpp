#include "store/LocalRecipientPolicy.h"
#include "store/SqliteMessageStore.h"
#include "store/UserDirectory.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;
using mf::smtp::CommitResult;
using mf::smtp::SmtpMessage;

namespace {

SmtpMessage sampleMessage(int n)
{
    SmtpMessage m;
    m.mailFrom = "sender" + QByteArray::number(n) + "@b.example";
    m.recipients = {"alice@a.example", "bob@a.example"};
    m.helo = "client.example";
    m.peerAddress = QHostAddress("127.0.0.1");
    m.receivedAt = QDateTime(QDate(2026, 11, 27), QTime(15, 0, n % 60), Qt::UTC);
    m.data = "Received: x\r\nSubject: " + QByteArray::number(n) + "\r\n\r\n8-bit \xe9 and NUL \0 end\r\n";
    m.data.append(QByteArray("\0\xff", 2));
    return m;
}

} // namespace

class TestSqliteMessageStore : public QObject
{
    Q_OBJECT
private slots:
    void groupCommitAndReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("store.sqlite");
        QList<CommitResult> results;
        {
            SqliteMessageStore store(path);
            QVERIFY2(store.open(), qPrintable(store.errorString()));
            QVERIFY(QFileInfo::exists(path + "-wal")); // WAL journal mode is on
            for (int i = 0; i < 20; ++i)
                store.commit(sampleMessage(i), [&](const CommitResult &r) { results.append(r); });
            // Nothing is acknowledged before the transaction has run.
            QCOMPARE(results.size(), 0);
            QCOMPARE(store.messageCount(), 0);
            QTRY_COMPARE(results.size(), 20);
            QCOMPARE(store.transactionCount(), 1); // one transaction, one fsync, for the whole turn
            for (int i = 0; i < 20; ++i) {
                QVERIFY(results[i].ok);
                QCOMPARE(results[i].queueId, QByteArray::number(i + 1));
            }
            store.commit(sampleMessage(20), [&](const CommitResult &r) { results.append(r); });
            QTRY_COMPARE(results.size(), 21);
            QCOMPARE(store.transactionCount(), 2);
        }
        // A new store on the same file (as after a restart) finds every acknowledged message intact.
        SqliteMessageStore reopened(path);
        QVERIFY(reopened.open());
        QCOMPARE(reopened.messageCount(), 21);
        const auto m = reopened.message(7);
        QVERIFY(m.has_value());
        QCOMPARE(m->data, sampleMessage(6).data);
        QCOMPARE(m->mailFrom, QByteArray("sender6@b.example"));
        QCOMPARE(m->recipients, (QByteArrayList{"alice@a.example", "bob@a.example"}));
        QCOMPARE(m->size, qint64(sampleMessage(6).data.size()));
        QCOMPARE(m->receivedAt, sampleMessage(6).receivedAt);
        QCOMPARE(reopened.messages().size(), 21);
    }

    void synchronousFull()
    {
        QTemporaryDir dir;
        SqliteMessageStore store(dir.filePath("s.sqlite"));
        QVERIFY(store.open());
        // Another connection to the same file sees the WAL mode persisted.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "probe");
            db.setDatabaseName(dir.filePath("s.sqlite"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec("PRAGMA journal_mode") && q.next());
            QCOMPARE(q.value(0).toString(), QString("wal"));
        }
        QSqlDatabase::removeDatabase("probe");
    }

    void failedWriteReportsTemporaryError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("f.sqlite");
        SqliteMessageStore store(path);
        QVERIFY(store.open());
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "breaker");
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec("DROP TABLE messages"));
        }
        QSqlDatabase::removeDatabase("breaker");
        QList<CommitResult> results;
        store.commit(sampleMessage(1), [&](const CommitResult &r) { results.append(r); });
        QTRY_COMPARE(results.size(), 1);
        QVERIFY(!results[0].ok);
        QCOMPARE(results[0].code, 451);
        QCOMPARE(results[0].enhanced, QByteArray("4.3.0"));
    }

    void twoStoresDoNotShareAConnection()
    {
        QTemporaryDir dir;
        SqliteMessageStore a(dir.filePath("a.sqlite"));
        SqliteMessageStore b(dir.filePath("b.sqlite"));
        QVERIFY(a.open());
        QVERIFY(b.open());
        bool done = false;
        a.commit(sampleMessage(1), [&](const CommitResult &) { done = true; });
        QTRY_VERIFY(done);
        QCOMPARE(a.messageCount(), 1);
        QCOMPARE(b.messageCount(), 0);
    }

    void userDirectory()
    {
        UserDirectory users;
        users.addUser("alice@a.example", "alice-secret");
        users.addUser("bob@a.example", "bob-secret");
        users.addUser("bob@c.example", "other");
        QVERIFY(users.checkPassword("alice@a.example", "alice-secret"));
        QVERIFY(users.checkPassword("ALICE@a.example", "alice-secret"));
        QVERIFY(users.checkPassword("alice", "alice-secret"));
        QVERIFY(!users.checkPassword("alice", "bob-secret"));
        QVERIFY(!users.checkPassword("carol", "x"));
        QVERIFY(!users.checkPassword("bob", "bob-secret")); // ambiguous local part
        QVERIFY(users.checkPassword("bob@c.example", "other"));
        QCOMPARE(users.canonicalAccount("Alice"), QByteArray("alice@a.example"));
        QCOMPARE(users.canonicalAccount("bob"), QByteArray());
        QCOMPARE(users.domains(), (QStringList{"a.example", "c.example"}));

        LocalRecipientPolicy policy(users);
        using D = smtp::SmtpRecipientPolicy::Decision;
        QCOMPARE(policy.check("alice@A.example", false), D::Accept);
        QCOMPARE(policy.check("carol@a.example", false), D::UnknownUser);
        QCOMPARE(policy.check("x@elsewhere.example", false), D::RelayDenied);
        QCOMPARE(policy.check("x@elsewhere.example", true), D::Accept);
    }
};

QTEST_GUILESS_MAIN(TestSqliteMessageStore)
#include "tst_sqlitemessagestore.moc"
