// HeaderFieldCache on its own, with a mailbox in memory standing in for the store: when a column is read
// again, brought up to date or built anew, and that what it answers is always the mailbox as it is now.
#include "store/HeaderFieldCache.h"

#include <QTest>
#include <map>

using namespace mf;

namespace {

// A mailbox as the store would show it, counting the reads the cache makes.
struct FakeMailbox {
    qint64 id = 7;
    quint32 uidNext = 1;
    std::map<quint32, QByteArray> blocks;
    int uidReads = 0;
    QList<std::pair<quint32, quint32>> blockReads;
    bool failing = false;

    quint32 add(const QByteArray &block)
    {
        blocks[uidNext] = block;
        return uidNext++;
    }
    HeaderFieldCache::MailboxState state() const { return {id, uidNext, qsizetype(blocks.size())}; }
    HeaderFieldCache::Reader reader()
    {
        return {
            [this]() -> std::optional<QList<quint32>> {
                ++uidReads;
                if (failing)
                    return std::nullopt;
                QList<quint32> uids;
                for (const auto &[uid, block] : blocks)
                    uids.append(uid);
                return uids;
            },
            [this](quint32 first, quint32 last) -> std::optional<HeaderFieldCache::HeaderBlocks> {
                blockReads.append({first, last});
                if (failing)
                    return std::nullopt;
                HeaderFieldCache::HeaderBlocks rows;
                for (auto it = blocks.lower_bound(first); it != blocks.end() && it->first <= last; ++it)
                    rows.append({it->first, it->second});
                return rows;
            },
        };
    }
    void forgetReads()
    {
        uidReads = 0;
        blockReads.clear();
    }
    // What the column must hold: every message now, read from its block.
    HeaderFieldColumn expected(QByteArrayView field) const
    {
        HeaderFieldColumn column;
        for (const auto &[uid, block] : blocks)
            column.entries.append({uid, headerFieldValues(block, field)});
        return column;
    }
};

QByteArray block(int n)
{
    return "Message-ID: <m" + QByteArray::number(n) + "@a.example>\r\nSubject: number " + QByteArray::number(n)
        + "\r\n\r\n";
}

QList<quint32> uidsOf(const HeaderFieldColumn &column)
{
    QList<quint32> uids;
    for (const HeaderFieldColumn::Entry &e : column.entries)
        uids.append(e.uid);
    return uids;
}

} // namespace

class TestHeaderFieldCache : public QObject
{
    Q_OBJECT

private slots:
    void builtOnceThenReadFromMemory()
    {
        FakeMailbox box;
        for (int i = 1; i <= 5; ++i)
            box.add(block(i));
        HeaderFieldCache cache;
        const auto first = cache.column(box.state(), "Message-ID", box.reader());
        QVERIFY(first);
        QCOMPARE(first->entries, box.expected("Message-ID").entries);
        QCOMPARE(box.uidReads, 1);
        QCOMPARE(box.blockReads.size(), 1);
        box.forgetReads();
        const auto again = cache.column(box.state(), "Message-ID", box.reader());
        QVERIFY(again);
        QCOMPARE(again->entries, first->entries);
        QCOMPARE(box.uidReads, 0);
        QCOMPARE(box.blockReads.size(), 0);
    }

    void fieldNamesAreCaseInsensitive()
    {
        FakeMailbox box;
        box.add(block(1));
        HeaderFieldCache cache;
        QVERIFY(cache.column(box.state(), "Message-ID", box.reader()));
        box.forgetReads();
        const auto lower = cache.column(box.state(), "message-id", box.reader());
        QVERIFY(lower);
        QCOMPARE(lower->entries, box.expected("Message-ID").entries);
        QCOMPARE(box.blockReads.size(), 0);
        QCOMPARE(cache.columnCount(), 1);
        QVERIFY(cache.column(box.state(), "Subject", box.reader()));
        QCOMPARE(cache.columnCount(), 2);
    }

    void appendedMessagesAreReadAlone()
    {
        FakeMailbox box;
        for (int i = 1; i <= 4; ++i)
            box.add(block(i));
        HeaderFieldCache cache;
        QVERIFY(cache.column(box.state(), "Message-ID", box.reader()));
        box.forgetReads();
        box.add(block(5));
        box.add(block(6));
        const auto column = cache.column(box.state(), "Message-ID", box.reader());
        QVERIFY(column);
        QCOMPARE(column->entries, box.expected("Message-ID").entries);
        // Only the new uids' blocks are read; the count adds up, so no uid list is needed.
        QCOMPARE(box.blockReads, (QList<std::pair<quint32, quint32>>{{5, 6}}));
        QCOMPARE(box.uidReads, 0);
    }

    void removedMessagesAreDropped()
    {
        FakeMailbox box;
        for (int i = 1; i <= 6; ++i)
            box.add(block(i));
        HeaderFieldCache cache;
        QVERIFY(cache.column(box.state(), "Message-ID", box.reader()));
        box.forgetReads();
        box.blocks.erase(2);
        box.blocks.erase(6);
        const auto column = cache.column(box.state(), "Message-ID", box.reader());
        QVERIFY(column);
        QCOMPARE(uidsOf(*column), (QList<quint32>{1, 3, 4, 5}));
        QCOMPARE(column->entries, box.expected("Message-ID").entries);
        QCOMPARE(box.uidReads, 1);
        QCOMPARE(box.blockReads.size(), 0); // nothing new to read
    }

    void removedAndAddedInOneGo()
    {
        FakeMailbox box;
        for (int i = 1; i <= 3; ++i)
            box.add(block(i));
        HeaderFieldCache cache;
        QVERIFY(cache.column(box.state(), "Subject", box.reader()));
        // As many removed as added: the count is the same, uidnext is not.
        box.blocks.erase(1);
        box.add(block(4));
        const quint32 gone = box.add(block(5));
        box.blocks.erase(gone);
        box.blocks.erase(3);
        box.add(block(6));
        const auto column = cache.column(box.state(), "Subject", box.reader());
        QVERIFY(column);
        QCOMPARE(uidsOf(*column), (QList<quint32>{2, 4, 6}));
        QCOMPARE(column->entries, box.expected("Subject").entries);
    }

    void aFailedReadIsNotKept()
    {
        FakeMailbox box;
        box.add(block(1));
        HeaderFieldCache cache;
        box.failing = true;
        QVERIFY(!cache.column(box.state(), "Subject", box.reader()));
        QCOMPARE(cache.columnCount(), 0);
        box.failing = false;
        const auto column = cache.column(box.state(), "Subject", box.reader());
        QVERIFY(column);
        QCOMPARE(column->entries, box.expected("Subject").entries);
        box.add(block(2));
        box.failing = true;
        QVERIFY(!cache.column(box.state(), "Subject", box.reader()));
        box.failing = false;
        const auto updated = cache.column(box.state(), "Subject", box.reader());
        QVERIFY(updated);
        QCOMPARE(updated->entries, box.expected("Subject").entries);
    }

    void readsThatDisagreeWithTheStateAreNotKept()
    {
        // Another connection removed a message between the state read and the block reads.
        FakeMailbox box;
        for (int i = 1; i <= 3; ++i)
            box.add(block(i));
        const HeaderFieldCache::MailboxState before = box.state();
        box.blocks.erase(2);
        HeaderFieldCache cache;
        QVERIFY(!cache.column(before, "Subject", box.reader()));
        QCOMPARE(cache.columnCount(), 0);
        // Messages added after the state was read are left for the next call.
        const HeaderFieldCache::MailboxState now = box.state();
        box.add(block(4));
        const auto column = cache.column(now, "Subject", box.reader());
        QVERIFY(column);
        QCOMPARE(uidsOf(*column), (QList<quint32>{1, 3}));
        const auto later = cache.column(box.state(), "Subject", box.reader());
        QVERIFY(later);
        QCOMPARE(uidsOf(*later), (QList<quint32>{1, 3, 4}));
    }

    void mailboxesAreApart()
    {
        FakeMailbox inbox, archive;
        archive.id = 8;
        inbox.add(block(1));
        archive.add(block(2));
        archive.add(block(3));
        HeaderFieldCache cache;
        QCOMPARE(cache.column(inbox.state(), "Subject", inbox.reader())->entries, inbox.expected("Subject").entries);
        QCOMPARE(cache.column(archive.state(), "Subject", archive.reader())->entries, archive.expected("Subject").entries);
        QCOMPARE(cache.columnCount(), 2);
        cache.forgetMailbox(8);
        QCOMPARE(cache.columnCount(), 1);
        inbox.forgetReads();
        QVERIFY(cache.column(inbox.state(), "Subject", inbox.reader()));
        QCOMPARE(inbox.blockReads.size(), 0);
    }

    void leastRecentlyUsedColumnsGoFirst()
    {
        // Three mailboxes with the same messages: columns of the same size.
        FakeMailbox boxes[3];
        for (int b = 0; b < 3; ++b) {
            boxes[b].id = b + 1;
            for (int i = 1; i <= 50; ++i)
                boxes[b].add(block(i));
        }
        HeaderFieldCache probe;
        QVERIFY(probe.column(boxes[0].state(), "Subject", boxes[0].reader()));
        const qsizetype oneColumn = probe.byteSize();
        QVERIFY(oneColumn > 50 * 10);

        HeaderFieldCache cache(oneColumn * 2 + oneColumn / 2); // room for two
        QVERIFY(cache.column(boxes[0].state(), "Subject", boxes[0].reader()));
        QVERIFY(cache.column(boxes[1].state(), "Subject", boxes[1].reader()));
        QVERIFY(cache.column(boxes[0].state(), "Subject", boxes[0].reader())); // used again: the newest
        QVERIFY(cache.column(boxes[2].state(), "Subject", boxes[2].reader()));
        QCOMPARE(cache.columnCount(), 2);
        QCOMPARE(cache.byteSize(), oneColumn * 2);
        for (FakeMailbox &box : boxes)
            box.forgetReads();
        QVERIFY(cache.column(boxes[0].state(), "Subject", boxes[0].reader()));
        QVERIFY(cache.column(boxes[2].state(), "Subject", boxes[2].reader()));
        QCOMPARE(boxes[0].blockReads.size() + boxes[2].blockReads.size(), 0); // kept
        QVERIFY(cache.column(boxes[1].state(), "Subject", boxes[1].reader()));
        QCOMPARE(boxes[1].blockReads.size(), 1); // was dropped: read again

        HeaderFieldCache tiny(16);
        const auto column = tiny.column(boxes[0].state(), "Subject", boxes[0].reader());
        QVERIFY(column); // answered, but too big to keep
        QCOMPARE(column->entries, boxes[0].expected("Subject").entries);
        QCOMPARE(tiny.columnCount(), 0);
        QCOMPARE(tiny.byteSize(), 0);
    }

    void emptyMailbox()
    {
        FakeMailbox box;
        HeaderFieldCache cache;
        const auto column = cache.column(box.state(), "Subject", box.reader());
        QVERIFY(column);
        QVERIFY(column->entries.isEmpty());
        box.add(block(1));
        QCOMPARE(cache.column(box.state(), "Subject", box.reader())->entries, box.expected("Subject").entries);
    }
};

QTEST_GUILESS_MAIN(TestHeaderFieldCache)
#include "tst_headerfieldcache.moc"
