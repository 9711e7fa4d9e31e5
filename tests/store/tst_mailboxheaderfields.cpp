// MailboxStore::headerFieldColumn, the header-field cache behind SEARCH HEADER: it holds exactly what
// reading every header block would give (folded, repeated and case-varied fields, encoded words, 8-bit
// values), its answers equal the uncached scan's, and it follows appends, expunges, copies, moves, renames,
// re-created mailboxes and another connection's writes.
#include "mime/HeaderFieldSearch.h"
#include "mime/MimeMessage.h"
#include "store/MailboxStore.h"

#include "HeaderCorpus.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;

namespace {

const QString bob = "bob@b.example";
const QDateTime when = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);

const QByteArrayList fields = {"Message-ID", "message-id", "SUBJECT", "Subject", "Received", "X-Tag", "X-Empty",
                               "X-Note", "Cc", "From"};
const QByteArrayList needles = {"",       "id-1",         "<ID-17@A.example>", "caf",      "caf\xc3\xa9", "first\tsecond",
                                "second", "from b",       "spaced",            "nothing",  "=?",          "menu",
                                "7",      "alice",        "xy cd",             "abxy",     " "};

QList<MailboxStore::KeyedCopy> corpus(int first, int count, const QString &mailbox = "INBOX")
{
    QRandomGenerator random(quint32(first * 7919 + count));
    QList<MailboxStore::KeyedCopy> copies;
    for (int n = first; n < first + count; ++n)
        copies.append({QString(), bob, mailbox, test::headerCorpusMessage(n, random), when});
    return copies;
}

// What the column must be: every message now in the mailbox, its field's values read from its header block.
HeaderFieldColumn expectedColumn(MailboxStore &store, const QString &mailbox, const QByteArray &field)
{
    HeaderFieldColumn column;
    for (const auto &[uid, block] : store.messageHeadersBetween(bob, mailbox, 1, 0xFFFFFFFFu))
        column.entries.append({uid, headerFieldValues(block, field)});
    return column;
}

// SEARCH HEADER's answer when the message is parsed and every value decoded (RFC 2047).
bool parsedAnswer(const QByteArray &raw, const QByteArray &field, const QByteArray &needle)
{
    for (const QByteArray &v : MimeMessage(raw).decodedHeaderValues(field)) {
        if (needle.isEmpty() || QString::fromUtf8(v).contains(QString::fromUtf8(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QList<quint32> uidsOf(const HeaderFieldColumn &column)
{
    QList<quint32> uids;
    for (const HeaderFieldColumn::Entry &e : column.entries)
        uids.append(e.uid);
    return uids;
}

QList<quint32> storedUids(MailboxStore &store, const QString &mailbox)
{
    QList<quint32> uids;
    for (const StoredMessage &m : store.messages(bob, mailbox))
        uids.append(m.uid);
    return uids;
}

} // namespace

class TestMailboxHeaderFields : public QObject
{
    Q_OBJECT

private slots:
    void columnHoldsEveryMessagesValues()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("fields.sqlite"));
        QVERIFY(store.deliverOnceAll(corpus(1, 400)).first().uid);
        for (const QByteArray &field : fields) {
            const auto column = store.headerFieldColumn(bob, "INBOX", field);
            QVERIFY(column);
            QCOMPARE(uidsOf(*column), storedUids(store, "INBOX"));
            QCOMPARE(column->entries, expectedColumn(store, "INBOX", field).entries);
        }
        // The corpus has every shape: plain values, undecidable ones, repeated fields, absent fields.
        const auto subject = store.headerFieldColumn(bob, "INBOX", "Subject");
        bool undecidable = false, repeated = false, absent = false;
        for (const HeaderFieldColumn::Entry &e : subject->entries) {
            undecidable = undecidable || e.values.undecidable;
            repeated = repeated || e.values.plain.size() > 1;
            absent = absent || (e.values.plain.isEmpty() && !e.values.undecidable);
        }
        QVERIFY(undecidable && repeated && absent);
    }

    void cachedAnswersEqualTheUncachedScan()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("answers.sqlite"));
        QVERIFY(store.deliverOnceAll(corpus(1, 300)).first().uid);
        const auto blocks = store.messageHeadersBetween(bob, "INBOX", 1, 0xFFFFFFFFu);
        QCOMPARE(blocks.size(), 300);
        int decided = 0, undecided = 0, found = 0;
        QByteArray scratch;
        for (const QByteArray &field : fields) {
            const auto column = store.headerFieldColumn(bob, "INBOX", field);
            QVERIFY(column);
            QCOMPARE(column->entries.size(), blocks.size());
            for (const QByteArray &needle : needles) {
                for (qsizetype i = 0; i < blocks.size(); ++i) {
                    const auto &[uid, block] = blocks[i];
                    QCOMPARE(column->entries[i].uid, uid);
                    const std::optional<bool> cached = headerFieldValuesContain(column->entries[i].values, needle);
                    const std::optional<bool> uncached = headerFieldContains(block, field, needle, scratch);
                    if (cached != uncached)
                        QFAIL(qPrintable(QStringLiteral("uid %1, %2 \"%3\": cached %4, uncached %5")
                                             .arg(uid).arg(QString::fromLatin1(field), QString::fromUtf8(needle))
                                             .arg(cached ? int(*cached) : -1).arg(uncached ? int(*uncached) : -1)));
                    if (cached) {
                        QCOMPARE(*cached, parsedAnswer(*store.messageBytes(bob, "INBOX", uid), field, needle));
                        ++decided;
                        found += *cached;
                    } else {
                        ++undecided;
                    }
                }
            }
        }
        QVERIFY(decided > 0 && undecided > 0 && found > 0);
    }

    void followsAppendsExpungesCopiesAndMoves()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("changes.sqlite"));
        QVERIFY(store.createMailbox(bob, "Work"));
        QVERIFY(store.deliverOnceAll(corpus(1, 60)).first().uid);
        QVERIFY(store.deliverOnceAll(corpus(100, 5, "Work")).first().uid);
        auto check = [&](const char *step) {
            for (const QString mailbox : {"INBOX", "Work"}) {
                for (const QByteArray field : {"message-id", "Subject"}) {
                    const auto column = store.headerFieldColumn(bob, mailbox, field);
                    QVERIFY2(column, step);
                    QVERIFY2(uidsOf(*column) == storedUids(store, mailbox), step);
                    QVERIFY2(column->entries == expectedColumn(store, mailbox, field).entries, step);
                }
            }
        };
        check("built");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(store.deliver(bob, "INBOX", "Subject: appended later\r\nMessage-ID: <late@a.example>\r\n\r\nx\r\n", when));
        check("appended");
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(store.expunge(bob, "INBOX", {2, 3, 61}), (QList<quint32>{2, 3, 61}));
        check("expunged, the appended one too");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(store.deliver(bob, "INBOX", "Subject: =?UTF-8?Q?caf=C3=A9?=\r\n\r\nx\r\n", when));
        QCOMPARE(store.expunge(bob, "INBOX", {4}), QList<quint32>{4});
        check("one appended, one expunged: same count");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(store.copy(bob, "INBOX", {5, 6}, "Work"));
        check("copied into Work");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(store.move(bob, "Work", {1, 2}, "INBOX"));
        check("moved from Work");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(store.storeFlags(bob, "INBOX", {7, 8}, MailboxStore::FlagOperation::Add, {"\\Deleted"}).size() == 2);
        QCOMPARE(store.expungeDeleted(bob, "INBOX"), (QList<quint32>{7, 8}));
        check("expunged as \\Deleted");
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(store.expunge(bob, "INBOX", storedUids(store, "INBOX")).isEmpty(), false);
        check("emptied");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(store.headerFieldColumn(bob, "INBOX", "Subject")->entries.isEmpty());
    }

    void anotherConnectionsWritesAreSeen()
    {
        // Two MailboxStores on one file: another process, or another thread's connection.
        QTemporaryDir dir;
        const QString path = dir.filePath("shared.sqlite");
        MailboxStore reader(path);
        MailboxStore writer(path);
        QVERIFY(writer.deliverOnceAll(corpus(1, 30)).first().uid);
        const auto built = reader.headerFieldColumn(bob, "INBOX", "Message-ID");
        QVERIFY(built);
        QCOMPARE(built->entries.size(), 30);

        QVERIFY(writer.deliver(bob, "INBOX", "Message-ID: <from-the-writer@a.example>\r\n\r\nx\r\n", when));
        QCOMPARE(writer.expunge(bob, "INBOX", {1, 10}), (QList<quint32>{1, 10}));
        const auto column = reader.headerFieldColumn(bob, "INBOX", "Message-ID");
        QVERIFY(column);
        QCOMPARE(uidsOf(*column), storedUids(reader, "INBOX"));
        QCOMPARE(column->entries, expectedColumn(reader, "INBOX", "Message-ID").entries);
        QCOMPARE(column->entries.last().values.plain, QByteArrayList{"<from-the-writer@a.example>"});

        QCOMPARE(writer.expunge(bob, "INBOX", {31}), QList<quint32>{31});
        const auto after = reader.headerFieldColumn(bob, "INBOX", "Message-ID");
        QVERIFY(after);
        QCOMPARE(uidsOf(*after), storedUids(reader, "INBOX"));
        QVERIFY(!uidsOf(*after).contains(31));
    }

    void recreatedAndRenamedMailboxes()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("names.sqlite"));
        QVERIFY(store.createMailbox(bob, "Work"));
        QVERIFY(store.deliver(bob, "Work", "Subject: old work\r\n\r\nx\r\n", when));
        QCOMPARE(store.headerFieldColumn(bob, "Work", "Subject")->entries.first().values.plain,
                 QByteArrayList{"old work"});
        // Re-created: same name, new UIDVALIDITY, uid 1 again, another message.
        QVERIFY(store.deleteMailbox(bob, "Work"));
        QVERIFY(!store.headerFieldColumn(bob, "Work", "Subject"));
        QVERIFY(store.createMailbox(bob, "Work"));
        QVERIFY(store.deliver(bob, "Work", "Subject: new work\r\n\r\nx\r\n", when));
        const auto recreated = store.headerFieldColumn(bob, "Work", "Subject");
        QVERIFY(recreated);
        QCOMPARE(recreated->entries.size(), 1);
        QCOMPARE(recreated->entries.first().values.plain, QByteArrayList{"new work"});

        QVERIFY(store.renameMailbox(bob, "Work", "Play"));
        QVERIFY(!store.headerFieldColumn(bob, "Work", "Subject"));
        const auto renamed = store.headerFieldColumn(bob, "Play", "Subject");
        QVERIFY(renamed);
        QCOMPARE(renamed->entries, expectedColumn(store, "Play", "Subject").entries);

        // Renaming INBOX moves its messages out (RFC 3501 §6.3.5).
        QVERIFY(store.deliver(bob, "INBOX", "Subject: inbox mail\r\n\r\nx\r\n", when));
        QCOMPARE(store.headerFieldColumn(bob, "inbox", "Subject")->entries.size(), 1);
        QVERIFY(store.renameMailbox(bob, "INBOX", "Old"));
        QVERIFY(store.headerFieldColumn(bob, "INBOX", "Subject")->entries.isEmpty());
        QCOMPARE(store.headerFieldColumn(bob, "Old", "Subject")->entries.first().values.plain,
                 QByteArrayList{"inbox mail"});
    }
};

QTEST_GUILESS_MAIN(TestMailboxHeaderFields)
#include "tst_mailboxheaderfields.moc"
