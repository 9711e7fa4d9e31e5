// SEARCH HEADER (RFC 3501 §6.4.4) answered from the store's header-field cache, by two sessions sharing one
// MailboxStore: every answer equals the one parsing and decoding each message gives, before and after the
// other session appends and expunges, before and after this session is told (§7.4.1: no EXPUNGE during
// SEARCH), for folded, repeated and case-varied fields, encoded words and 8-bit values.
#include "ImapTestFixture.h"

#include "imap/ImapServerSession.h"
#include "mime/MimeMessage.h"

#include "HeaderCorpus.h"

#include <QRandomGenerator>
#include <QTest>
#include <map>
#include <set>

using namespace mf;

namespace {

const QByteArrayList fields = {"Message-ID", "message-id", "Subject", "Received", "X-Tag", "X-Empty", "X-Note", "Cc"};
const QByteArrayList needles = {"", "id-1", "<ID-17@A.example>", "caf", "caf\xc3\xa9", "first\tsecond", "from b",
                                "spaced", "nothing", "menu", "MENU 2", "xy cd"};

// SEARCH HEADER's answer for one message, parsing it and decoding every value.
bool parsedAnswer(const QByteArray &raw, const QByteArray &field, const QByteArray &needle)
{
    for (const QByteArray &v : MimeMessage(raw).decodedHeaderValues(field)) {
        if (needle.isEmpty() || QString::fromUtf8(v).contains(QString::fromUtf8(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QByteArray literal(const QByteArray &s)
{
    return '{' + QByteArray::number(s.size()) + "+}\r\n" + s;
}

class Client
{
public:
    Client(MailboxStore &store, const CredentialChecker &passwords) : session(&store, &passwords)
    {
        session.start();
        send("a LOGIN bob@b.example secret");
        send("b SELECT INBOX");
    }
    QByteArray send(const QByteArray &command)
    {
        session.feed(command + "\r\n");
        session.takeEvents();
        return session.takeOutgoing();
    }
    // The numbers of the "* SEARCH" response; fails the test when the command does not complete.
    std::set<quint32> search(const QByteArray &command)
    {
        const QByteArray out = send("s " + command);
        std::set<quint32> numbers;
        bool completed = false;
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith("* SEARCH")) {
                for (const QByteArray &n : line.mid(8).trimmed().split(' '))
                    if (!n.isEmpty())
                        numbers.insert(n.toUInt());
            }
            completed = completed || line.startsWith("s OK Search completed");
        }
        if (!completed)
            qWarning("%s -> %s", command.constData(), out.constData());
        return completed ? numbers : std::set<quint32>{0};
    }
    // Sequence number -> uid of the messages in the view that still exist. FETCH sends no EXPUNGE (§7.4.1);
    // the second call sees the view the first one may have grown.
    std::map<quint32, quint32> view()
    {
        std::map<quint32, quint32> out;
        for (int round = 0; round < 2; ++round) {
            out.clear();
            for (const QByteArray &line : send("v FETCH 1:* (UID)").split('\n')) {
                if (!line.startsWith("* ") || !line.contains(" FETCH (UID "))
                    continue;
                const QByteArrayList words = line.split(' ');
                out[words[1].toUInt()] = words[4].chopped(2).toUInt(); // "123)\r"
            }
        }
        return out;
    }

    ImapServerSession session;
};

} // namespace

class TestImapHeaderSearch : public QObject
{
    Q_OBJECT

    // Every field and needle, by sequence number and by uid, against the parsed answer for the messages
    // the session still has in its view.
    void compareEverySearch(Client &client, MailboxStore &store, const char *step)
    {
        const std::map<quint32, quint32> view = client.view();
        QVERIFY2(!view.empty(), step);
        int matched = 0;
        for (const QByteArray &field : fields) {
            for (const QByteArray &needle : needles) {
                std::set<quint32> bySequence, byUid;
                for (const auto &[sequence, uid] : view) {
                    if (parsedAnswer(*store.messageBytes(ImapTestFixture::account, "INBOX", uid), field, needle)) {
                        bySequence.insert(sequence);
                        byUid.insert(uid);
                    }
                }
                matched += int(bySequence.size());
                const QByteArray keys = "CHARSET UTF-8 HEADER " + field + ' ' + literal(needle);
                const QString what = QStringLiteral("%1: HEADER %2 \"%3\"")
                                         .arg(QLatin1String(step), QString::fromLatin1(field), QString::fromUtf8(needle));
                QVERIFY2(client.search("SEARCH " + keys) == bySequence, qPrintable(what));
                // UID SEARCH may report expunges afterwards (§7.4.1): the view is read again.
                QVERIFY2(client.search("UID SEARCH " + keys) == byUid, qPrintable(what + QStringLiteral(" (UID)")));
                if (client.view() != view)
                    return compareEverySearch(client, store, step);
            }
        }
        QVERIFY2(matched > 0, step);
    }

private slots:
    void answersEqualParsingAcrossSessions()
    {
        ImapTestFixture fixture; // INBOX: three plain messages
        QRandomGenerator random(20261127);
        QList<MailboxStore::KeyedCopy> copies;
        for (int n = 1; n <= 80; ++n)
            copies.append({QString(), ImapTestFixture::account, "INBOX", test::headerCorpusMessage(n, random), ImapTestFixture::arrival});
        QVERIFY(fixture.store.deliverOnceAll(copies).first().uid);

        Client a(fixture.store, fixture.passwords);
        Client b(fixture.store, fixture.passwords);
        QObject::connect(&fixture.store, &MailboxStore::mailboxChanged, &fixture.store,
                         [&](const QString &account, const QString &mailbox) {
                             a.session.mailboxChanged(account, mailbox);
                             b.session.mailboxChanged(account, mailbox);
                         });
        compareEverySearch(a, fixture.store, "built by this session");
        if (QTest::currentTestFailed())
            return;

        // The other session appends and expunges; this one has not been told yet.
        for (int n = 81; n <= 90; ++n) {
            const QByteArray message = test::headerCorpusMessage(n, random);
            QVERIFY(b.send("p APPEND INBOX " + literal(message)).contains("p OK [APPENDUID"));
        }
        QVERIFY(b.send("q STORE 2:6,20,40 +FLAGS.SILENT (\\Deleted)").contains("q OK"));
        QVERIFY(b.send("r EXPUNGE").contains("r OK"));
        QCOMPARE(fixture.store.messages(ImapTestFixture::account, "INBOX").size(), 3 + 80 + 10 - 7);
        // The expunged ones stay in the view until reported (§7.4.1), but match nothing.
        QCOMPARE(a.search("SEARCH ALL").size(), size_t(3 + 80 - 7));
        const std::set<quint32> everything = a.search("SEARCH NOT HEADER X-Nope x"); // the 10 new ones are in the view now
        QCOMPARE(everything.size(), size_t(3 + 80 + 10 - 7));
        for (quint32 expunged : {2, 3, 4, 5, 6, 20, 40})
            QVERIFY(!everything.count(expunged));
        compareEverySearch(a, fixture.store, "after the other session's changes");
        if (QTest::currentTestFailed())
            return;

        // More of both, reported to this session by NOOP this time.
        for (int n = 91; n <= 93; ++n)
            QVERIFY(b.send("p APPEND INBOX " + literal(test::headerCorpusMessage(n, random))).contains("p OK [APPENDUID"));
        QVERIFY(b.send("q STORE 1,10 +FLAGS.SILENT (\\Deleted)").contains("q OK"));
        QVERIFY(b.send("r EXPUNGE").contains("r OK"));
        const QByteArray noop = a.send("n NOOP");
        QVERIFY2(noop.contains("* 1 EXPUNGE") && noop.contains(" EXISTS"), noop.constData());
        compareEverySearch(a, fixture.store, "after NOOP");
        if (QTest::currentTestFailed())
            return;
        compareEverySearch(b, fixture.store, "the other session");
    }

    void combinedKeys()
    {
        ImapTestFixture fixture;
        QRandomGenerator random(7);
        QList<MailboxStore::KeyedCopy> copies;
        for (int n = 1; n <= 40; ++n)
            copies.append({QString(), ImapTestFixture::account, "INBOX", test::headerCorpusMessage(n, random, false), ImapTestFixture::arrival});
        QVERIFY(fixture.store.deliverOnceAll(copies).first().uid);
        Client a(fixture.store, fixture.passwords);
        QVERIFY(a.send("f STORE 4:20 +FLAGS.SILENT (\\Flagged)").contains("f OK"));

        auto minus = [](std::set<quint32> x, const std::set<quint32> &y) {
            for (quint32 n : y)
                x.erase(n);
            return x;
        };
        auto plus = [](std::set<quint32> x, const std::set<quint32> &y) {
            x.insert(y.begin(), y.end());
            return x;
        };
        auto both = [](const std::set<quint32> &x, const std::set<quint32> &y) {
            std::set<quint32> out;
            for (quint32 n : x)
                if (y.count(n))
                    out.insert(n);
            return out;
        };
        const std::set<quint32> all = a.search("SEARCH ALL");
        const std::set<quint32> flagged = a.search("SEARCH FLAGGED");
        const std::set<quint32> menu = a.search("SEARCH HEADER Subject menu");
        const std::set<quint32> plain = a.search("SEARCH SUBJECT plain");
        const std::set<quint32> ids = a.search("SEARCH HEADER Message-ID id-1");
        QCOMPARE(all.size(), size_t(43));
        QVERIFY(!flagged.empty() && !menu.empty() && !plain.empty() && !ids.empty());
        QCOMPARE(a.search("SEARCH NOT HEADER Subject menu"), minus(all, menu));
        QCOMPARE(a.search("SEARCH OR HEADER Subject menu FLAGGED"), plus(menu, flagged));
        QCOMPARE(a.search("SEARCH FLAGGED HEADER Subject menu"), both(flagged, menu));
        QCOMPARE(a.search("SEARCH HEADER Subject menu SUBJECT plain"), both(menu, plain));
        QCOMPARE(a.search("SEARCH OR SUBJECT plain HEADER MESSAGE-ID id-1"), plus(plain, ids));
        QCOMPARE(a.search("SEARCH 1:20 HEADER Subject menu"), both(menu, a.search("SEARCH 1:20")));
        // BODY reads every message: the header key still answers the same.
        QCOMPARE(a.search("SEARCH HEADER Subject menu BODY body"), menu);
        QCOMPARE(a.search("SEARCH HEADER Subject menu BODY nowhere"), std::set<quint32>{});
        // The body's "Subject: menu" is not a header field.
        QCOMPARE(a.search("SEARCH NOT HEADER Subject menu BODY menu"), minus(minus(all, menu), {1, 2, 3}));
    }
};

QTEST_GUILESS_MAIN(TestImapHeaderSearch)
#include "tst_imapheadersearch.moc"
