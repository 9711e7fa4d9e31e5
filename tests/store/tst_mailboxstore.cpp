#include "store/MailboxStore.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using mf::MailboxStore;

namespace {
const QString bob = "bob@b.example";
const QString carol = "carol@b.example";
const QDateTime when = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::OffsetFromUTC, 7 * 3600);
QByteArray mail(int n)
{
    return "Subject: test " + QByteArray::number(n) + "\r\n\r\nbody " + QByteArray::number(n) + "\r\n.dot\r\n";
}
} // namespace

class TestMailboxStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString dbPath(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void inboxAlwaysExists()
    {
        MailboxStore store(dbPath("inbox.sqlite"));
        QVERIFY2(store.isOpen(), qPrintable(store.lastError()));
        const auto boxes = store.mailboxes(bob);
        QCOMPARE(boxes.size(), 1);
        QCOMPARE(boxes[0].name, QString("INBOX"));
        QVERIFY(boxes[0].uidValidity != 0);
        QCOMPARE(boxes[0].uidNext, 1u);
        QVERIFY(store.mailbox(bob, "inbox").has_value());
        QVERIFY(!store.deleteMailbox(bob, "INBOX"));
    }

    // Durability::Later: the copies are committed (another connection sees them, listeners are told) and
    // the write-ahead log the caller syncs afterwards is where walPath() says; later writes are durable
    // as before.
    void laterDurabilityCommitsAtOnce()
    {
        const QString path = dbPath("later.sqlite");
        MailboxStore store(path);
        QSignalSpy added(&store, &MailboxStore::messagesAdded);
        const auto stored = store.deliverOnceAll({{bob + "|<l1@a.example>", bob, "INBOX", mail(1), when},
                                                  {carol + "|<l1@a.example>", carol, "INBOX", mail(1), when}},
                                                 MailboxStore::Durability::Later);
        QCOMPARE(stored.size(), 2);
        QVERIFY(stored[0].uid && stored[1].uid);
        QCOMPARE(added.size(), 2);
        QCOMPARE(store.walPath(), path + "-wal");
        QVERIFY(QFile::exists(store.walPath()));
        MailboxStore other(path);
        QCOMPARE(other.messages(bob, "INBOX").size(), 1);
        QCOMPARE(other.messages(carol, "INBOX").size(), 1);
        QVERIFY(store.deliverOnce(bob + "|<l2@a.example>", bob, "INBOX", mail(2), when).uid.has_value());
        QCOMPARE(other.messages(bob, "INBOX").size(), 2);
    }

    void deliverOnceSuppressesDuplicatesAcrossReopen()
    {
        const QString path = dbPath("once.sqlite");
        {
            MailboxStore store(path);
            QSignalSpy added(&store, &MailboxStore::messagesAdded);
            const auto first = store.deliverOnce(bob + "|<m1@a.example>", bob, "INBOX", mail(1), when);
            QVERIFY2(first.uid.has_value(), qPrintable(store.lastError()));
            QVERIFY(!first.duplicate);
            QCOMPARE(added.size(), 1);
            // Another account, same Message-ID: its own key.
            QVERIFY(store.deliverOnce(carol + "|<m1@a.example>", carol, "INBOX", mail(1), when).uid.has_value());
            const auto again = store.deliverOnce(bob + "|<m1@a.example>", bob, "INBOX", mail(1), when);
            QVERIFY(again.duplicate);
            QVERIFY(!again.uid.has_value());
            QCOMPARE(added.size(), 2);
            QCOMPARE(store.messages(bob, "INBOX").size(), 1);
            // The key outlives the message: a POP3 client that deleted it does not get it again.
            QCOMPARE(store.expunge(bob, "INBOX", {*first.uid}).size(), 1);
        }
        MailboxStore store(path);
        QVERIFY(store.hasDeliveryKey(bob + "|<m1@a.example>"));
        QVERIFY(store.deliverOnce(bob + "|<m1@a.example>", bob, "INBOX", mail(1), when).duplicate);
        QCOMPARE(store.messages(bob, "INBOX").size(), 0);
        const auto next = store.deliverOnce(bob + "|<m2@a.example>", bob, "INBOX", mail(2), when);
        QCOMPARE(next.uid, std::optional<quint32>(2)); // uids are never reused
    }

    void deliverAndPersistAcrossReopen()
    {
        const QString path = dbPath("persist.sqlite");
        QByteArray uniqueId;
        quint32 validity = 0;
        {
            MailboxStore store(path);
            QSignalSpy added(&store, &MailboxStore::messagesAdded);
            const auto uid = store.deliver(bob, "INBOX", mail(1), when);
            QVERIFY2(uid.has_value(), qPrintable(store.lastError()));
            QCOMPARE(uid, std::optional<quint32>(1));
            QCOMPARE(added.size(), 1);
            QCOMPARE(added[0][0].toString(), bob);
            QCOMPARE(added[0][1].toString(), QString("INBOX"));
            QCOMPARE(added[0][2].value<QList<quint32>>(), QList<quint32>{1});
            const auto list = store.messages(bob, "INBOX");
            QCOMPARE(list.size(), 1);
            uniqueId = list[0].uniqueId;
            validity = store.mailbox(bob, "INBOX")->uidValidity;
        }
        MailboxStore store(path);
        const auto list = store.messages(bob, "INBOX");
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].uid, 1u);
        QCOMPARE(list[0].uniqueId, uniqueId);
        QCOMPARE(list[0].size, qint64(mail(1).size()));
        QCOMPARE(list[0].internalDate, when);
        QCOMPARE(list[0].internalDate.offsetFromUtc(), 7 * 3600);
        QVERIFY(list[0].recent);
        QCOMPARE(store.messageBytes(bob, "INBOX", 1), std::optional<QByteArray>(mail(1)));
        QCOMPARE(store.mailbox(bob, "INBOX")->uidValidity, validity);
        QVERIFY(!store.messageBytes(bob, "INBOX", 2).has_value());
    }

    void uniqueIdsAreValidPop3Uidls()
    {
        MailboxStore store(dbPath("uidl.sqlite"));
        QSet<QByteArray> seen;
        for (int i = 0; i < 5; ++i) {
            store.deliver(bob, "INBOX", mail(i), when);
            store.deliver(carol, "INBOX", mail(i), when);
        }
        for (const QString &who : {bob, carol}) {
            for (const auto &m : store.messages(who, "INBOX")) {
                QVERIFY(!m.uniqueId.isEmpty() && m.uniqueId.size() <= 70);
                for (char c : m.uniqueId)
                    QVERIFY(c >= 0x21 && c <= 0x7E);
                QVERIFY(!seen.contains(m.uniqueId));
                seen.insert(m.uniqueId);
            }
        }
        QCOMPARE(seen.size(), 10);
    }

    void uidsNeverReusedAfterExpungeAndReopen()
    {
        const QString path = dbPath("uids.sqlite");
        {
            MailboxStore store(path);
            for (int i = 1; i <= 3; ++i)
                QCOMPARE(store.deliver(bob, "INBOX", mail(i), when), std::optional<quint32>(i));
            QSignalSpy expunged(&store, &MailboxStore::messagesExpunged);
            QCOMPARE(store.expunge(bob, "INBOX", {3, 2, 99}), (QList<quint32>{2, 3}));
            QCOMPARE(expunged.size(), 1);
            QCOMPARE(store.mailbox(bob, "INBOX")->uidNext, 4u);
            QCOMPARE(store.deliver(bob, "INBOX", mail(4), when), std::optional<quint32>(4));
            QCOMPARE(store.expunge(bob, "INBOX", {4}), QList<quint32>{4});
        }
        MailboxStore store(path);
        QCOMPARE(store.mailbox(bob, "INBOX")->uidNext, 5u);
        QCOMPARE(store.deliver(bob, "INBOX", mail(5), when), std::optional<quint32>(5));
        QList<quint32> uids;
        for (const auto &m : store.messages(bob, "INBOX"))
            uids << m.uid;
        QCOMPARE(uids, (QList<quint32>{1, 5}));
    }

    void recreatedMailboxGetsBiggerUidValidity()
    {
        MailboxStore store(dbPath("validity.sqlite"));
        QVERIFY(store.createMailbox(bob, "Archive"));
        QVERIFY(!store.createMailbox(bob, "Archive"));
        const quint32 first = store.mailbox(bob, "Archive")->uidValidity;
        QVERIFY(first != 0);
        QCOMPARE(store.mailbox(bob, "Archive")->uidValidity, first);
        store.deliver(bob, "Archive", mail(1), when);
        QVERIFY(store.deleteMailbox(bob, "Archive"));
        QVERIFY(!store.mailbox(bob, "Archive").has_value());
        QVERIFY(store.createMailbox(bob, "Archive"));
        QVERIFY(store.mailbox(bob, "Archive")->uidValidity > first);
        QCOMPARE(store.mailbox(bob, "Archive")->messages, 0);
    }

    void mailboxWithoutCountsAgreesWithMailbox()
    {
        MailboxStore store(dbPath("uncounted.sqlite"));
        QVERIFY(store.createMailbox(bob, "Archive"));
        QVERIFY(store.setSubscribed(bob, "Archive", true));
        store.deliver(bob, "Archive", mail(1), when);
        store.deliver(bob, "INBOX", mail(2), when);
        for (const QString name : {"Archive", "INBOX", "inbox"}) {
            const auto counted = store.mailbox(bob, name);
            const auto uncounted = store.mailboxWithoutCounts(bob, name);
            QVERIFY(counted && uncounted);
            QCOMPARE(uncounted->name, counted->name);
            QCOMPARE(uncounted->uidValidity, counted->uidValidity);
            QCOMPARE(uncounted->uidNext, counted->uidNext);
            QCOMPARE(uncounted->subscribed, counted->subscribed);
            QCOMPARE(uncounted->messages, 0);
            QCOMPARE(counted->messages, 1);
        }
        QVERIFY(!store.mailboxWithoutCounts(bob, "Nope"));
        QVERIFY(!store.mailboxWithoutCounts(bob, "archive")); // only INBOX is case-insensitive
        QCOMPARE(store.mailboxWithoutCounts(carol, "INBOX")->name, QStringLiteral("INBOX")); // created on first use
    }

    void listingReadsOnlyTheFieldsAsked()
    {
        MailboxStore store(dbPath("fields.sqlite"));
        store.deliver(bob, "INBOX", mail(1), when, {"\\Seen", "$Label"});
        store.deliver(bob, "INBOX", mail(22), when.addDays(1));
        store.claimRecent(bob, "INBOX");
        store.deliver(bob, "INBOX", mail(333), when.addDays(2), {"\\Flagged"});
        const QList<mf::StoredMessage> all = store.messages(bob, "INBOX");
        QCOMPARE(all.size(), 3);
        using F = MailboxStore::MessageField;
        const QList<MailboxStore::MessageFields> subsets = {{}, F::Flags, F::Size | F::InternalDate,
                                                            F::Flags | F::Recent, F::UniqueId | F::Recent | F::Size};
        for (const MailboxStore::MessageFields fields : subsets) {
            const QList<mf::StoredMessage> listed = store.messages(bob, "INBOX", fields);
            QCOMPARE(listed.size(), all.size());
            for (qsizetype i = 0; i < all.size(); ++i) {
                mf::StoredMessage expected;
                expected.uid = all[i].uid;
                if (fields & F::UniqueId)
                    expected.uniqueId = all[i].uniqueId;
                if (fields & F::Size)
                    expected.size = all[i].size;
                if (fields & F::InternalDate)
                    expected.internalDate = all[i].internalDate;
                if (fields & F::Flags)
                    expected.flags = all[i].flags;
                if (fields & F::Recent)
                    expected.recent = all[i].recent;
                QCOMPARE(listed[i], expected);
            }
        }
        QCOMPARE(all[0].flags, (QByteArrayList{"$Label", "\\Seen"}));
        QVERIFY(!all[1].recent && all[2].recent);
    }

    void deliverToMissingMailboxFails()
    {
        MailboxStore store(dbPath("missing.sqlite"));
        QVERIFY(!store.deliver(bob, "Nope", mail(1), when).has_value());
        QVERIFY(!store.lastError().isEmpty());
    }

    void batchDeliveryIsAllOrNothing()
    {
        MailboxStore store(dbPath("batch.sqlite"));
        const auto uids = store.deliverToAll({{bob, "INBOX"}, {carol, "INBOX"}}, mail(1), when);
        QVERIFY(uids.has_value());
        QCOMPARE(*uids, (QList<quint32>{1, 1}));
        QSignalSpy added(&store, &MailboxStore::messagesAdded);
        // The second target does not exist: nothing of the batch may remain.
        QVERIFY(!store.deliverToAll({{bob, "INBOX"}, {carol, "Missing"}}, mail(2), when).has_value());
        QCOMPARE(added.size(), 0);
        QCOMPARE(store.messages(bob, "INBOX").size(), 1);
        QCOMPARE(store.messages(carol, "INBOX").size(), 1);
        // The failed batch allocated no uid either.
        QCOMPARE(store.mailbox(bob, "INBOX")->uidNext, 2u);
    }

    void flags()
    {
        MailboxStore store(dbPath("flags.sqlite"));
        store.deliver(bob, "INBOX", mail(1), when, {"\\seen", "$Label1", "\\Recent"});
        store.deliver(bob, "INBOX", mail(2), when);
        QCOMPARE(store.messages(bob, "INBOX")[0].flags, (QByteArrayList{"$Label1", "\\Seen"}));
        QSignalSpy changed(&store, &MailboxStore::flagsChanged);
        auto result = store.storeFlags(bob, "INBOX", {1, 2}, MailboxStore::FlagOperation::Add, {"\\Flagged"});
        QCOMPARE(result.size(), 2);
        QCOMPARE(result[2], QByteArrayList{"\\Flagged"});
        QCOMPARE(changed.size(), 1);
        result = store.storeFlags(bob, "INBOX", {1}, MailboxStore::FlagOperation::Remove, {"\\SEEN", "$Label1"});
        QCOMPARE(result[1], QByteArrayList{"\\Flagged"});
        result = store.storeFlags(bob, "INBOX", {2}, MailboxStore::FlagOperation::Set, {"\\Deleted"});
        QCOMPARE(result[2], QByteArrayList{"\\Deleted"});
        // No change, no signal.
        changed.clear();
        QVERIFY(store.storeFlags(bob, "INBOX", {2}, MailboxStore::FlagOperation::Add, {"\\Deleted"}).isEmpty());
        QCOMPARE(changed.size(), 0);
        const auto info = store.mailbox(bob, "INBOX");
        QCOMPARE(info->messages, 2);
        QCOMPARE(info->unseen, 2);
        QCOMPARE(store.expungeDeleted(bob, "INBOX"), QList<quint32>{2});
        QCOMPARE(store.messages(bob, "INBOX").size(), 1);
    }

    void recentIsClaimedOnce()
    {
        MailboxStore store(dbPath("recent.sqlite"));
        store.deliver(bob, "INBOX", mail(1), when);
        store.deliver(bob, "INBOX", mail(2), when);
        QCOMPARE(store.mailbox(bob, "INBOX")->recent, 2);
        QCOMPARE(store.claimRecent(bob, "INBOX"), (QList<quint32>{1, 2}));
        QCOMPARE(store.claimRecent(bob, "INBOX"), QList<quint32>{});
        QCOMPARE(store.mailbox(bob, "INBOX")->recent, 0);
    }

    void copyMoveRename()
    {
        MailboxStore store(dbPath("copy.sqlite"));
        store.deliver(bob, "INBOX", mail(1), when, {"\\Seen"});
        store.deliver(bob, "INBOX", mail(2), when);
        QVERIFY(store.createMailbox(bob, "Work"));
        const auto copied = store.copy(bob, "INBOX", {2, 1}, "Work");
        QVERIFY(copied.has_value());
        QCOMPARE(*copied, (QList<std::pair<quint32, quint32>>{{1, 1}, {2, 2}}));
        QCOMPARE(store.messages(bob, "Work")[0].flags, QByteArrayList{"\\Seen"});
        QCOMPARE(store.messageBytes(bob, "Work", 2), std::optional<QByteArray>(mail(2)));
        QVERIFY(store.messages(bob, "Work")[0].uniqueId != store.messages(bob, "INBOX")[0].uniqueId);
        const auto moved = store.move(bob, "INBOX", {1}, "Work");
        QCOMPARE(*moved, (QList<std::pair<quint32, quint32>>{{1, 3}}));
        QCOMPARE(store.messages(bob, "INBOX").size(), 1);
        QVERIFY(!store.copy(bob, "INBOX", {2}, "Missing").has_value());

        QVERIFY(store.createMailbox(bob, "Work/2024"));
        QVERIFY(store.createMailbox(bob, "Workshop"));
        const quint32 validity = store.mailbox(bob, "Work")->uidValidity;
        QVERIFY(store.renameMailbox(bob, "Work", "Jobs"));
        QStringList names;
        for (const auto &b : store.mailboxes(bob))
            names << b.name;
        QCOMPARE(names, (QStringList{"INBOX", "Jobs", "Jobs/2024", "Workshop"}));
        QCOMPARE(store.mailbox(bob, "Jobs")->uidValidity, validity);
        QCOMPARE(store.messages(bob, "Jobs").size(), 3);

        // Renaming INBOX moves its messages and leaves it empty.
        QVERIFY(store.renameMailbox(bob, "inbox", "Old"));
        QCOMPARE(store.messages(bob, "INBOX").size(), 0);
        QCOMPARE(store.messages(bob, "Old").size(), 1);
        QVERIFY(store.setSubscribed(bob, "Old", true));
        QVERIFY(store.mailbox(bob, "Old")->subscribed);
    }

    void maildropLockIsExclusive()
    {
        MailboxStore store(dbPath("lock.sqlite"));
        auto lock = store.lockMaildrop(bob);
        QVERIFY(lock);
        QVERIFY(!store.lockMaildrop(bob));
        QVERIFY(store.lockMaildrop(carol));
        lock.reset();
        QVERIFY(store.lockMaildrop(bob));
    }

    void migratesInlineBodies()
    {
        // A database from before the bodies table: bytes inside the messages rows.
        const QString path = dbPath("old.sqlite");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "old-schema");
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
            QVERIFY(q.exec("INSERT INTO meta VALUES ('instance', 'abcd1234'), ('last_uidvalidity', '1700000000')"));
            QVERIFY(q.exec("CREATE TABLE mailboxes (id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL,"
                           " name TEXT NOT NULL, uidvalidity INTEGER NOT NULL, uidnext INTEGER NOT NULL,"
                           " subscribed INTEGER NOT NULL DEFAULT 0, UNIQUE(account, name))"));
            QVERIFY(q.exec("INSERT INTO mailboxes VALUES (1, 'bob@b.example', 'INBOX', 1700000000, 2, 1)"));
            QVERIFY(q.exec("CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, mailbox_id INTEGER NOT NULL"
                           " REFERENCES mailboxes(id) ON DELETE CASCADE, uid INTEGER NOT NULL, unique_id TEXT NOT NULL"
                           " UNIQUE, size INTEGER NOT NULL, internal_date INTEGER NOT NULL, tz_offset INTEGER NOT NULL,"
                           " flags TEXT NOT NULL, recent INTEGER NOT NULL, bytes BLOB NOT NULL, UNIQUE(mailbox_id, uid))"));
            q.prepare("INSERT INTO messages VALUES (1, 1, 1, 'abcd1234.1.1', ?, 0, 0, '', 1, ?)");
            q.addBindValue(mail(1).size());
            q.addBindValue(mail(1));
            QVERIFY(q.exec());
            db.close();
        }
        QSqlDatabase::removeDatabase("old-schema");
        MailboxStore store(path);
        QVERIFY2(store.isOpen(), qPrintable(store.lastError()));
        QCOMPARE(store.messageBytes(bob, "INBOX", 1), std::optional<QByteArray>(mail(1)));
        QCOMPARE(store.messages(bob, "INBOX")[0].uniqueId, QByteArray("abcd1234.1.1"));
        QCOMPARE(store.deliver(bob, "INBOX", mail(2), when), std::optional<quint32>(2));
        QCOMPARE(store.expunge(bob, "INBOX", {1}), QList<quint32>{1});
        QCOMPARE(store.messageBytes(bob, "INBOX", 2), std::optional<QByteArray>(mail(2)));
    }

    void twoStoresOnOneFile()
    {
        const QString path = dbPath("shared.sqlite");
        MailboxStore a(path);
        MailboxStore b(path);
        a.deliver(bob, "INBOX", mail(1), when);
        QCOMPARE(b.deliver(bob, "INBOX", mail(2), when), std::optional<quint32>(2));
        QCOMPARE(a.messages(bob, "INBOX").size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestMailboxStore)
#include "tst_mailboxstore.moc"
