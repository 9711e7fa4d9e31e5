// The header-block cache of MailboxStore: filled in the transaction that stores a message (deliver, append,
// deliverToAll, copy, move), computed lazily for databases from before it, removed with the message.
#include "mime/MimeMessage.h"
#include "store/MailboxStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using mf::MailboxStore;

namespace {
const QString bob = "bob@b.example";
const QDateTime when = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::OffsetFromUTC, 3600);

QByteArray mail(int n)
{
    return "Subject: test " + QByteArray::number(n) + "\r\nMessage-ID: <m" + QByteArray::number(n)
        + "@b.example>\r\n\r\nbody " + QByteArray::number(n) + "\r\n\r\nmore\r\n";
}
QByteArray headerOf(int n)
{
    const QByteArray m = mail(n);
    return m.left(m.indexOf("\r\n\r\n") + 4);
}

using Rows = QList<std::pair<quint32, QByteArray>>;

// Reads the headers table through a connection of its own (what is on disk, not what the store returns).
QHash<qint64, QByteArray> storedBlocks(const QString &path)
{
    QHash<qint64, QByteArray> out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "peek");
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec("SELECT message_id, bytes FROM headers")) {
                while (q.next())
                    out.insert(q.value(0).toLongLong(), q.value(1).toByteArray());
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase("peek");
    return out;
}

bool execOn(const QString &path, const QStringList &statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "raw");
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        for (const QString &sql : statements)
            ok = ok && q.exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase("raw");
    return ok;
}
} // namespace

class TestMailboxHeaders : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString dbPath(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void headerBlockSize_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qsizetype>("size");
        QTest::newRow("crlf") << QByteArray("A: b\r\n\r\nbody\r\n") << qsizetype(8);
        QTest::newRow("folded") << QByteArray("A: b\r\n c\r\n\r\n\r\n") << qsizetype(12);
        QTest::newRow("lf only") << QByteArray("A: b\n\nbody\n") << qsizetype(6);
        QTest::newRow("no blank line") << QByteArray("A: b\r\nB: c\r\n") << qsizetype(12);
        QTest::newRow("no line end") << QByteArray("A: b") << qsizetype(4);
        QTest::newRow("starts blank") << QByteArray("\r\nbody\r\n") << qsizetype(2);
        QTest::newRow("cr cr lf is not blank") << QByteArray("A: b\r\n\r\r\nC: d\r\n\r\nx") << qsizetype(17);
        QTest::newRow("white space line is not blank") << QByteArray("A: b\r\n \r\n\r\nx") << qsizetype(11);
        QTest::newRow("empty") << QByteArray("") << qsizetype(0);
    }
    void headerBlockSize()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qsizetype, size);
        QCOMPARE(MailboxStore::headerBlockSize(bytes), size);
    }

    void filledByEveryWrite()
    {
        const QString path = dbPath("fill.sqlite");
        {
            MailboxStore store(path);
            QVERIFY2(store.isOpen(), qPrintable(store.lastError()));
            QVERIFY(store.deliver(bob, "INBOX", mail(1), when));
            QVERIFY(store.append(bob, "INBOX", mail(2), when));
            QVERIFY(store.createMailbox(bob, "Work"));
            QVERIFY(store.deliverToAll({{bob, "INBOX"}, {bob, "Work"}}, mail(3), when));
            QVERIFY(store.copy(bob, "INBOX", {1, 2}, "Work"));
            QVERIFY(store.move(bob, "INBOX", {3}, "Work"));
        }
        // Every stored message has its block on disk, written with it (no read has run yet).
        const QHash<qint64, QByteArray> blocks = storedBlocks(path);
        QCOMPARE(blocks.size(), 6); // INBOX 1, 2; Work 1 (deliverToAll), 2, 3 (copy), 4 (move)
        QMultiHash<QByteArray, int> seen;
        for (const QByteArray &b : blocks)
            seen.insert(b, 0);
        QCOMPARE(seen.count(headerOf(1)), 2);
        QCOMPARE(seen.count(headerOf(2)), 2);
        QCOMPARE(seen.count(headerOf(3)), 2);

        MailboxStore store(path);
        QCOMPARE(store.messageHeadersBetween(bob, "INBOX", 1, 100), (Rows{{1, headerOf(1)}, {2, headerOf(2)}}));
        QCOMPARE(store.messageHeadersBetween(bob, "Work", 2, 4),
                 (Rows{{2, headerOf(1)}, {3, headerOf(2)}, {4, headerOf(3)}}));
        QCOMPARE(store.messageHeadersBetween(bob, "Work", 5, 9), Rows{});
        // The message bytes themselves are untouched (RFC 3501 §2.3.1.1).
        QCOMPARE(store.messageBytes(bob, "Work", 4), std::optional<QByteArray>(mail(3)));
        QCOMPARE(store.messageBytesBetween(bob, "INBOX", 1, 2), (Rows{{1, mail(1)}, {2, mail(2)}}));

        // Removing messages removes their blocks.
        QCOMPARE(store.expunge(bob, "Work", {2, 3}), (QList<quint32>{2, 3}));
        QVERIFY(store.deleteMailbox(bob, "Work"));
        QCOMPARE(storedBlocks(path).size(), 2);
    }

    void messageWithoutBlankLineIsAllHeader()
    {
        MailboxStore store(dbPath("noblank.sqlite"));
        const QByteArray headerOnly = "Subject: no body\r\nFrom: a@b.example\r\n";
        QVERIFY(store.deliver(bob, "INBOX", headerOnly, when));
        QVERIFY(store.deliver(bob, "INBOX", "\r\nonly a body\r\n", when));
        QCOMPARE(store.messageHeadersBetween(bob, "INBOX", 1, 2), (Rows{{1, headerOnly}, {2, "\r\n"}}));
    }

    void computedLazilyForAnOldDatabase()
    {
        // A database written before the headers table existed: same schema, no headers table.
        const QString path = dbPath("old.sqlite");
        {
            MailboxStore store(path);
            for (int n = 1; n <= 5; ++n)
                QVERIFY(store.deliver(bob, "INBOX", mail(n), when));
        }
        QVERIFY(execOn(path, {"DROP TABLE headers"}));

        MailboxStore store(path);
        QVERIFY2(store.isOpen(), qPrintable(store.lastError()));
        QCOMPARE(storedBlocks(path).size(), 0);
        // Part of the mailbox first: only those blocks are computed and kept.
        QCOMPARE(store.messageHeadersBetween(bob, "INBOX", 2, 3), (Rows{{2, headerOf(2)}, {3, headerOf(3)}}));
        QCOMPARE(storedBlocks(path).size(), 2);
        // A new message gets its block at once; the old ones in the range are filled in.
        QVERIFY(store.deliver(bob, "INBOX", mail(6), when));
        Rows all;
        for (int n = 1; n <= 6; ++n)
            all.append({quint32(n), headerOf(n)});
        QCOMPARE(store.messageHeadersBetween(bob, "INBOX", 1, 6), all);
        QCOMPARE(storedBlocks(path).size(), 6);
        QCOMPARE(store.messageHeadersBetween(bob, "INBOX", 1, 6), all); // now from the table
        for (int n = 1; n <= 6; ++n)
            QCOMPARE(store.messageBytes(bob, "INBOX", quint32(n)), std::optional<QByteArray>(mail(n)));
    }
    void envelopesKeptAndRecomputed()
    {
        const QString path = dbPath("envelopes.sqlite");
        auto envelopeOf = [](int n) { return mf::MimeMessage(mail(n)).envelope(); };
        {
            MailboxStore store(path);
            QVERIFY(store.deliver(bob, "INBOX", mail(1), when));
            QVERIFY(store.createMailbox(bob, "Work"));
            QVERIFY(store.copy(bob, "INBOX", {1}, "Work"));
            QCOMPARE(store.messageEnvelopesBetween(bob, "INBOX", 1, 9), (Rows{{1, envelopeOf(1)}}));
            QCOMPARE(store.messageEnvelopesBetween(bob, "Work", 1, 1), (Rows{{1, envelopeOf(1)}}));
            QVERIFY(envelopeOf(1).contains("\"test 1\""));
        }
        // Written with the message: on disk before anyone asked (a bogus value proves it is what is read).
        QVERIFY(execOn(path, {"UPDATE headers SET envelope = 'kept'"}));
        {
            MailboxStore store(path);
            QCOMPARE(store.messageEnvelopesBetween(bob, "INBOX", 1, 1), (Rows{{1, "kept"}}));
        }
        // Another envelope format: forgotten on open, computed again and kept.
        QVERIFY(execOn(path, {"UPDATE meta SET value = '0' WHERE key = 'envelope_format'"}));
        {
            MailboxStore store(path);
            QCOMPARE(store.messageEnvelopesBetween(bob, "INBOX", 1, 1), (Rows{{1, envelopeOf(1)}}));
        }
        QVERIFY(execOn(path, {"UPDATE headers SET envelope = 'kept'"}));
        {
            MailboxStore store(path);
            QCOMPARE(store.messageEnvelopesBetween(bob, "INBOX", 1, 1), (Rows{{1, "kept"}}));
        }
        // A database from before the headers table: envelopes (and header blocks) computed and kept.
        QVERIFY(execOn(path, {"DROP TABLE headers"}));
        MailboxStore store(path);
        QVERIFY(store.deliver(bob, "INBOX", mail(2), when));
        QCOMPARE(store.messageEnvelopesBetween(bob, "INBOX", 1, 2), (Rows{{1, envelopeOf(1)}, {2, envelopeOf(2)}}));
        QCOMPARE(storedBlocks(path).size(), 2); // Work's copy: not asked for, not computed
        QCOMPARE(store.messageHeadersBetween(bob, "INBOX", 1, 2), (Rows{{1, headerOf(1)}, {2, headerOf(2)}}));
    }
};

QTEST_GUILESS_MAIN(TestMailboxHeaders)
#include "tst_mailboxheaders.moc"
