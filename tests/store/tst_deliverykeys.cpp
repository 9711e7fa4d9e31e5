// MailboxStore's duplicate filter forgets its delivery keys after the configured retention, measured on
// the deliverer's clock (the internal dates it passes), and keeps them for ever when none is set.
#include "store/MailboxStore.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace mf;

namespace {

const QString bob = QStringLiteral("bob@b.example");
const QDateTime start(QDate(2026, 11, 27), QTime(10, 0), QTimeZone::utc());
constexpr qint64 kHour = 3600 * 1000;

QByteArray mail(int n)
{
    return "From: alice@a.example\r\nMessage-ID: <m" + QByteArray::number(n) + "@a.example>\r\n\r\nbody\r\n";
}

QString key(int n)
{
    return bob + QStringLiteral("|<m%1@a.example>").arg(n);
}

} // namespace

class TestDeliveryKeys : public QObject
{
    Q_OBJECT

private slots:
    void keysExpireAfterTheRetention()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("keys.sqlite"));
        store.setDeliveryKeyRetention(10 * kHour);
        QVERIFY(store.deliverOnce(key(1), bob, "INBOX", mail(1), start).uid.has_value());
        // Within the retention the key holds, however often the message comes back.
        QVERIFY(store.deliverOnce(key(1), bob, "INBOX", mail(1), start.addMSecs(9 * kHour)).duplicate);
        QVERIFY(store.hasDeliveryKey(key(1)));
        // A later delivery, past the retention of the first one, expires its key on the way.
        QVERIFY(store.deliverOnce(key(2), bob, "INBOX", mail(2), start.addMSecs(11 * kHour)).uid.has_value());
        QVERIFY(!store.hasDeliveryKey(key(1)));
        QVERIFY(store.hasDeliveryKey(key(2)));
        QCOMPARE(store.messages(bob, "INBOX").size(), 2);
        // Explicit expiry: key 2 is 11 hours old at 22h.
        QCOMPARE(store.expireDeliveryKeys(start.addMSecs(22 * kHour)), 1);
        QVERIFY(!store.hasDeliveryKey(key(2)));
    }

    void keysStayWithoutRetention()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("keys.sqlite"));
        QCOMPARE(store.deliveryKeyRetention(), qint64(0));
        QVERIFY(store.deliverOnce(key(1), bob, "INBOX", mail(1), start).uid.has_value());
        QVERIFY(store.deliverOnce(key(2), bob, "INBOX", mail(2), start.addYears(5)).uid.has_value());
        QCOMPARE(store.expireDeliveryKeys(start.addYears(10)), 0);
        QVERIFY(store.hasDeliveryKey(key(1)));
        QVERIFY(store.deliverOnce(key(1), bob, "INBOX", mail(1), start.addYears(10)).duplicate);
    }

    void retentionSurvivesReopenAsConfigured()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("keys.sqlite");
        {
            MailboxStore store(path);
            QVERIFY(store.deliverOnce(key(1), bob, "INBOX", mail(1), start).uid.has_value());
        }
        // Keys are dated when stored; a store opened later with a retention expires the old ones.
        MailboxStore store(path);
        store.setDeliveryKeyRetention(kHour);
        QVERIFY(store.hasDeliveryKey(key(1)));
        QVERIFY(store.deliverOnce(key(1), bob, "INBOX", mail(1), start.addMSecs(2 * kHour)).uid.has_value());
        QCOMPARE(store.messages(bob, "INBOX").size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDeliveryKeys)
#include "tst_deliverykeys.moc"
