#include "store/LocalMailboxDelivery.h"
#include "store/MailboxStore.h"
#include "store/SqliteMessageStore.h"
#include "store/UserDirectory.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;
using mf::smtp::CommitResult;
using mf::smtp::SmtpMessage;

class TestLocalMailboxDelivery : public QObject
{
    Q_OBJECT
private:
    static SmtpMessage message(QByteArrayList recipients)
    {
        SmtpMessage m;
        m.mailFrom = "carol@b.example";
        m.recipients = std::move(recipients);
        m.receivedAt = QDateTime(QDate(2026, 11, 27), QTime(15, 0), Qt::UTC);
        m.data = "Received: x\r\nSubject: hi\r\n\r\n.dot\r\n";
        return m;
    }

private slots:
    void localRecipientsGetTheMessageBeforeDone()
    {
        QTemporaryDir dir;
        SqliteMessageStore spool(dir.filePath("spool.sqlite"));
        QVERIFY(spool.open());
        MailboxStore mailboxes(dir.filePath("mailboxes.sqlite"));
        UserDirectory users;
        users.addUser("alice@a.example", "a");
        users.addUser("bob@a.example", "b");
        LocalMailboxDelivery delivery(spool, mailboxes, users);

        std::optional<CommitResult> result;
        int inboxAtDone = -1;
        delivery.commit(message({"Bob@A.example", "bob@a.example", "alice@a.example", "someone@far.example"}),
                        [&](const CommitResult &r) {
                            result = r;
                            inboxAtDone = int(mailboxes.messages("bob@a.example", "INBOX").size());
                        });
        QTRY_VERIFY(result.has_value());
        QVERIFY(result->ok);
        QCOMPARE(inboxAtDone, 1); // durable in the mailbox before the 250
        QCOMPARE(spool.messageCount(), 1);
        const auto bob = mailboxes.messages("bob@a.example", "INBOX");
        QCOMPARE(bob.size(), 1); // the duplicate recipient got one copy
        QCOMPARE(mailboxes.messageBytes("bob@a.example", "INBOX", bob[0].uid), std::optional<QByteArray>(message({}).data));
        QCOMPARE(bob[0].internalDate, message({}).receivedAt);
        QCOMPARE(mailboxes.messages("alice@a.example", "INBOX").size(), 1);
        QCOMPARE(mailboxes.messages("someone@far.example", "INBOX").size(), 0);
    }

    void mailboxFailureIsA451()
    {
        QTemporaryDir dir;
        SqliteMessageStore spool(dir.filePath("spool.sqlite"));
        QVERIFY(spool.open());
        // A mailbox store that cannot be opened (its path is a folder) fails every delivery.
        QVERIFY(QDir().mkpath(dir.filePath("broken.sqlite")));
        MailboxStore mailboxes(dir.filePath("broken.sqlite"));
        QVERIFY(!mailboxes.isOpen());
        UserDirectory users;
        users.addUser("bob@a.example", "b");
        LocalMailboxDelivery delivery(spool, mailboxes, users);
        std::optional<CommitResult> result;
        delivery.commit(message({"bob@a.example"}), [&](const CommitResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->ok);
        QCOMPARE(result->code, 451);
        QCOMPARE(result->enhanced, QByteArray("4.3.0"));
    }
};

QTEST_GUILESS_MAIN(TestLocalMailboxDelivery)
#include "tst_localmailboxdelivery.moc"
