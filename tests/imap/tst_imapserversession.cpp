#include "ImapTestFixture.h"

#include "core/ConversationScript.h"
#include "imap/ImapLimits.h"
#include "imap/ImapServerSession.h"
#include "mime/MimeLimits.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace mf;

// Runs every conversation in tests/imap/scripts against a fresh store, whole and one byte at a time.
// Script directives: "! tls" (the handshake finished), "! deliver" (new mail arrives in INBOX),
// "! other <command>" (a second session, already logged in with INBOX selected, sends a command).
class TestImapServerSession : public QObject
{
    Q_OBJECT

private:
    // Feeds `wire` whole or one byte at a time and returns what the session sent meanwhile.
    static QByteArray converse(ImapServerSession &session, const QByteArray &wire, bool byteByByte)
    {
        if (byteByByte) {
            for (char c : wire)
                session.feed(QByteArrayView(&c, 1));
        } else {
            session.feed(wire);
        }
        return session.takeOutgoing();
    }

    // Every line ends in CRLF, and no CR or LF stands alone (nothing a peer sent split a reply).
    static bool wellFramed(const QByteArray &out)
    {
        for (qsizetype i = 0; i < out.size(); ++i) {
            if (out[i] == '\n' && (i == 0 || out[i - 1] != '\r'))
                return false;
            if (out[i] == '\r' && (i + 1 == out.size() || out[i + 1] != '\n'))
                return false;
        }
        return out.isEmpty() || out.endsWith("\r\n");
    }

    // A logged-in session with INBOX selected, its greeting and replies taken.
    static void logIn(ImapServerSession &session, bool select = true)
    {
        session.start();
        session.feed("L LOGIN bob@b.example secret\r\n");
        if (select)
            session.feed("S SELECT INBOX\r\n");
        const QByteArray out = session.takeOutgoing();
        QVERIFY2(out.contains("L OK") && (!select || out.contains("S OK")), out.constData());
    }

    static int mailboxCount(ImapTestFixture &fixture)
    {
        return int(fixture.store.mailboxes(ImapTestFixture::account).size());
    }

private slots:
    void conversation_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("byteByByte");
        const QDir dir(QStringLiteral(IMAP_SCRIPTS_DIR));
        const QStringList files = dir.entryList({QStringLiteral("*.imap")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 8);
        for (const QString &f : files) {
            QTest::newRow(qPrintable(f + QStringLiteral(" whole"))) << dir.filePath(f) << false;
            QTest::newRow(qPrintable(f + QStringLiteral(" bytewise"))) << dir.filePath(f) << true;
        }
    }

    void conversation()
    {
        QFETCH(QString, file);
        QFETCH(bool, byteByByte);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        ImapTestFixture fixture;
        QByteArray script = fixture.expand(f.readAll());

        ImapServerConfig config;
        config.hostName = "mail.b.example";
        config.clock = [] { return ImapTestFixture::arrival; };
        for (const QByteArray &line : script.split('\n')) {
            if (!line.startsWith("# config:"))
                continue;
            for (const QByteArray &word : line.mid(9).simplified().split(' ')) {
                if (word == "logindisabled")
                    config.loginDisabledWithoutTls = true;
                else if (word.startsWith("maxline="))
                    config.maxLineLength = word.mid(8).toInt();
            }
        }

        const bool useOther = script.contains("! other");
        ImapServerSession other(&fixture.store, &fixture.passwords, config);
        if (useOther) {
            other.start();
            other.feed("o1 LOGIN bob@b.example secret\r\no2 SELECT INBOX\r\n");
            other.takeOutgoing();
        }

        ImapServerSession session(&fixture.store, &fixture.passwords, config);
        QObject::connect(&fixture.store, &MailboxStore::mailboxChanged, &fixture.store,
                         [&](const QString &account, const QString &mailbox) {
                             session.mailboxChanged(account, mailbox);
                             if (useOther)
                                 other.mailboxChanged(account, mailbox);
                         });

        const QString failure = ConversationScript::run(
            session, script, byteByByte ? ConversationScript::Feed::ByteByByte : ConversationScript::Feed::Whole,
            [&](const QByteArray &directive) {
                if (directive == "tls") {
                    bool asked = false;
                    for (const SessionEvent &e : session.takeEvents())
                        asked = asked || e.kind == SessionEvent::Kind::StartTls;
                    QVERIFY(asked);
                    session.tlsEstablished();
                } else if (directive == "deliver") {
                    fixture.deliverNew();
                } else if (directive.startsWith("other ")) {
                    other.feed(directive.mid(6) + "\r\n");
                    other.takeOutgoing();
                } else {
                    QFAIL(directive.constData());
                }
            });
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void transcriptHidesPasswords()
    {
        ImapTestFixture fixture;
        ImapServerSession session(&fixture.store, &fixture.passwords);
        session.start();
        session.feed("a LOGIN bob@b.example secret\r\nb AUTHENTICATE PLAIN AGJvYkBiLmV4YW1wbGUAc2VjcmV0\r\n");
        QByteArray transcript;
        for (const SessionEvent &e : session.takeEvents())
            transcript += directionLetter(e.dir) + QByteArray(": ") + e.text + '\n';
        QVERIFY(!transcript.contains("secret"));
        QVERIFY(!transcript.contains("AGJvYkBi"));
        QVERIFY(transcript.contains("C: a LOGIN bob@b.example [password]"));
    }

    void fetchTranscriptSummarisesLiterals()
    {
        ImapTestFixture fixture;
        ImapServerSession session(&fixture.store, &fixture.passwords);
        session.start();
        session.feed("a LOGIN bob@b.example secret\r\nb SELECT INBOX\r\nc FETCH 1 (BODY.PEEK[] BODY.PEEK[HEADER.FIELDS (Subject)]<0.7>)\r\n");
        QByteArrayList lines;
        for (const SessionEvent &e : session.takeEvents())
            lines.append(e.text);
        QVERIFY(lines.contains("* 1 FETCH (BODY[] {71} [71 octets] BODY[HEADER.FIELDS (SUBJECT)]<0> {7} Subject)"));
    }

    void appendLiteralTooBigIsNeverStored()
    {
        ImapTestFixture fixture;
        ImapServerConfig config;
        config.maxLiteral = 16;
        ImapServerSession session(&fixture.store, &fixture.passwords, config);
        session.start();
        session.feed("a LOGIN bob@b.example secret\r\nb APPEND INBOX {40+}\r\n0123456789012345678901234567890123456789\r\nc NOOP\r\n");
        const QByteArray out = session.takeOutgoing();
        QVERIFY2(out.contains("b NO [TOOBIG] Literal too big\r\nc OK NOOP completed\r\n"), out.constData());
        QCOMPARE(fixture.store.mailbox(ImapTestFixture::account, QStringLiteral("INBOX"))->messages, 3);
    }

    // Issue #15: these crashed a release build before any login. Now a tagged BAD, and the same session
    // goes on to log in and select.
    void hostileSearchBeforeLogin_data()
    {
        QTest::addColumn<QByteArray>("command");
        QTest::addColumn<bool>("byteByByte");
        const QList<std::pair<const char *, QByteArray>> rows{
            {"60000 (", "a SEARCH ALL " + QByteArray(60000, '(') + "ALL\r\n"},
            {"16000 NOT", "a SEARCH " + QByteArray("NOT ").repeated(16000) + "ALL\r\n"},
            {"9000 OR", "a SEARCH " + QByteArray("OR ").repeated(9000) + QByteArray("ALL ").repeated(9000) + "ALL\r\n"},
        };
        for (const auto &[name, command] : rows) {
            QTest::addRow("%s whole", name) << command << false;
            QTest::addRow("%s bytewise", name) << command << true;
        }
    }

    void hostileSearchBeforeLogin()
    {
        QFETCH(QByteArray, command);
        QFETCH(bool, byteByByte);
        ImapTestFixture fixture;
        ImapServerSession session(&fixture.store, &fixture.passwords);
        session.start();
        session.takeOutgoing();
        QCOMPARE(converse(session, command, byteByByte),
                 "a BAD Search keys nested too deeply (limit " + QByteArray::number(imap::kMaxSearchNesting) + ")\r\n");
        const QByteArray out = converse(session, "b LOGIN bob@b.example secret\r\nc SELECT INBOX\r\n", byteByByte);
        QVERIFY2(out.contains("b OK") && out.contains("c OK [READ-WRITE]"), out.constData());
    }

    // At the nesting limit SEARCH answers; one level more is a BAD; the session goes on. Also SEARCH (ALL)
    // and SEARCH *, which answered BAD before.
    void searchRows_data()
    {
        QTest::addColumn<QByteArray>("command");
        QTest::addColumn<QByteArray>("reply");
        const int limit = imap::kMaxSearchNesting;
        const QByteArray bad = "t BAD Search keys nested too deeply (limit " + QByteArray::number(limit) + ")\r\n";
        QTest::newRow("( at the limit") << "t SEARCH " + QByteArray(limit, '(') + "ALL" + QByteArray(limit, ')')
                                       << QByteArray("* SEARCH 1 2 3\r\nt OK Search completed\r\n");
        QTest::newRow("( past the limit") << "t SEARCH " + QByteArray(limit + 1, '(') + "ALL" + QByteArray(limit + 1, ')') << bad;
        QTest::newRow("NOT at the limit") << "t SEARCH " + QByteArray("NOT ").repeated(limit) + "SEEN"
                                         << QByteArray("* SEARCH 1\r\nt OK Search completed\r\n");
        QTest::newRow("NOT past the limit") << "t SEARCH " + QByteArray("NOT ").repeated(limit + 1) + "SEEN" << bad;
        QTest::newRow("OR at the limit") << "t SEARCH " + QByteArray("OR ").repeated(limit) + QByteArray("SEEN ").repeated(limit) + "FLAGGED"
                                        << QByteArray("* SEARCH 1 3\r\nt OK Search completed\r\n");
        QTest::newRow("OR past the limit") << "t SEARCH " + QByteArray("OR ").repeated(limit + 1) + QByteArray("SEEN ").repeated(limit + 1) + "FLAGGED" << bad;
        QTest::newRow("(ALL)") << QByteArray("t SEARCH (ALL)") << QByteArray("* SEARCH 1 2 3\r\nt OK Search completed\r\n");
        QTest::newRow("*") << QByteArray("t SEARCH *") << QByteArray("* SEARCH 3\r\nt OK Search completed\r\n");
        QTest::newRow("UID (SEEN)") << QByteArray("t UID SEARCH (SEEN) 1:*") << QByteArray("* SEARCH 1\r\nt OK Search completed\r\n");
    }

    void searchRows()
    {
        QFETCH(QByteArray, command);
        QFETCH(QByteArray, reply);
        for (bool bytewise : {false, true}) {
            ImapTestFixture fixture;
            ImapServerSession session(&fixture.store, &fixture.passwords);
            logIn(session);
            QCOMPARE(converse(session, command + "\r\n", bytewise), reply);
            QCOMPARE(converse(session, "n NOOP\r\n", bytewise), QByteArray("n OK NOOP completed\r\n"));
        }
    }

    // Issue #15: SEARCH FROM/TO/CC/BCC compare the addresses as ENVELOPE gives them (RFC 3501 §6.4.4),
    // so comments and folding inside an address no longer hide it. The messages are imaptest's
    // search-addresses mailbox, RFC 5322 A.5 and an encoded display name; the rows are imaptest's.
    void searchAddresses_data()
    {
        QTest::addColumn<QByteArray>("keys");
        QTest::addColumn<QByteArray>("found");
        auto row = [](const char *keys, const char *found) { QTest::newRow(keys) << QByteArray(keys) << QByteArray(found); };
        row("FROM user-from@domain.org", " 1 2 3 4");
        row("TO user-to@domain.org", " 1 2 3 4");
        row("CC user-cc@domain.org", " 1 2 3 4 5");
        row("BCC user-bcc@domain.org", " 1 2 3 4");
        row("FROM realfrom", " 2 4");
        row("TO realto", " 2 4");
        row("FROM ser-fro", " 1 2 3 4 5");
        row("BCC ealbc", " 2 4");
        row("FROM user-from2", " 5");
        row("TO groupname", " 6");
        row("TO groupname2", " 6");
        row("TO groupuser3", " 6");
        row("TO groupuser4", "");
        row("FROM \"RealFrom <user-from@domain.org>\"", " 2 4");
        row("FROM pete@silly.test", " 7");
        row("FROM \"his account\"", "");
        row("TO c@public.example", " 7");
        row("TO \"Chris Jones\"", " 7");
        row("CC \"Hidden recipients\"", " 7");
        row("FROM joerg@example.org", " 8");
        row("CHARSET UTF-8 FROM {5+}\r\nJ\xc3\xb6rg", " 8");
        // HEADER still compares the field's text.
        row("HEADER FROM \"(comment)\"", " 3");
        row("NOT FROM domain.org", " 6 7 8");
    }

    void searchAddresses()
    {
        QFETCH(QByteArray, keys);
        QFETCH(QByteArray, found);
        static const QByteArrayList messages = {
            "From: user-from@domain.org\r\nTo: user-to@domain.org\r\nCc: user-cc@domain.org\r\nBcc: user-bcc@domain.org\r\n\r\nbody\r\n",
            "From: RealFrom <user-from@domain.org>\r\nTo: RealTo <user-to@domain.org>\r\nCc: RealCc <user-cc@domain.org>\r\n"
            "Bcc: RealBcc <user-bcc@domain.org>\r\n\r\nbody2\r\n",
            "From: <user-from (comment)@ (comment) domain.org>\r\nTo: <user-to@domain.org>\r\nCc: <user-cc@domain.org>\r\n"
            "Bcc: <user-bcc@domain.org>\r\n\r\nbody3\r\n",
            "From: user-from@domain.org (RealFrom)\r\nTo: user-to@domain.org (RealTo)\r\nCc: user-cc@domain.org (RealCc)\r\n"
            "Bcc: user-bcc@domain.org (RealBcc)\r\n\r\nbody4\r\n",
            "From: user-from1@domain.org, user-from2@domain.org\r\nCc: user-cc@domain.org\r\n\r\nbody5\r\n",
            "To: groupname: groupuser1@domain.org, groupuser2@domain.org;,\r\n  groupname2: groupuser3@domain.org;\r\n\r\nbody6\r\n",
            "From: Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>\r\n"
            "To:A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n         joe@example.org,\r\n"
            "  John <jdoe@one.test> (my dear friend); (the end of the group)\r\n"
            "Cc:(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;\r\n\r\nbody7\r\n",
            "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>\r\n\r\nbody8\r\n",
        };
        for (bool bytewise : {false, true}) {
            ImapTestFixture fixture;
            fixture.store.createMailbox(ImapTestFixture::account, QStringLiteral("Addresses"));
            for (const QByteArray &m : messages)
                fixture.store.deliver(ImapTestFixture::account, QStringLiteral("Addresses"), m, ImapTestFixture::arrival);
            ImapServerSession session(&fixture.store, &fixture.passwords);
            logIn(session, false);
            QVERIFY(converse(session, "s SELECT Addresses\r\n", bytewise).contains("s OK [READ-WRITE]"));
            QCOMPARE(converse(session, "t SEARCH " + keys + "\r\n", bytewise), "* SEARCH" + found + "\r\nt OK Search completed\r\n");
            QCOMPARE(converse(session, "u UID SEARCH " + keys + "\r\n", bytewise), "* SEARCH" + found + "\r\nu OK Search completed\r\n");
        }
    }

    // The ENVELOPE of RFC 5322 A.5 end to end, and imaptest's "Real Name" beside group syntax.
    void envelopeAddresses()
    {
        ImapTestFixture fixture;
        fixture.store.createMailbox(ImapTestFixture::account, QStringLiteral("Addresses"));
        fixture.store.deliver(ImapTestFixture::account, QStringLiteral("Addresses"),
                              "Date: Sat, 01 Feb 2007 01:02:03 +0200\r\nFrom: user@domain (Real Name)\r\n"
                              "To: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;\r\n\r\nbody\r\n", ImapTestFixture::arrival);
        for (bool bytewise : {false, true}) {
            ImapServerSession session(&fixture.store, &fixture.passwords);
            logIn(session, false);
            QVERIFY(converse(session, "s EXAMINE Addresses\r\n", bytewise).contains("s OK [READ-ONLY]"));
            QCOMPARE(converse(session, "f FETCH 1 ENVELOPE\r\n", bytewise),
                     QByteArray("* 1 FETCH (ENVELOPE (\"Sat, 01 Feb 2007 01:02:03 +0200\" NIL ((\"Real Name\" NIL \"user\" \"domain\")) "
                                "((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\")) "
                                "((NIL NIL \"group\" NIL)(NIL NIL \"g1\" \"d1.org\")(NIL NIL \"g2\" \"d2.org\")(NIL NIL NIL NIL)"
                                "(NIL NIL \"group2\" NIL)(NIL NIL \"g3\" \"d3.org\")(NIL NIL NIL NIL)) NIL NIL NIL NIL))\r\n"
                                "f OK Fetch completed\r\n"));
        }
    }

    // A whole command is at most maxCommandSize octets (lines and literals; APPEND's message apart).
    void commandSizeLimit()
    {
        const qsizetype limit = imap::kMaxCommandSize;
        // "a LOGIN bob@b.example {n+}\r\n<n octets>": exactly the limit, then one octet more.
        const QByteArray head = "a LOGIN bob@b.example {";
        auto login = [&](qsizetype total) {
            qsizetype n = total - head.size() - 4; // "+}\r\n"
            n -= QByteArray::number(n).size();
            QByteArray command = head + QByteArray::number(n) + "+}\r\n" + QByteArray(n, 'p');
            while (command.size() < total) { // the digits of n took one octet less than guessed
                ++n;
                command = head + QByteArray::number(n) + "+}\r\n" + QByteArray(n, 'p');
            }
            return command + "\r\n";
        };
        QCOMPARE(login(limit).size(), limit + 2);
        QCOMPARE(login(limit + 1).size(), limit + 3);
        for (bool bytewise : {false, true}) {
            ImapTestFixture fixture;
            ImapServerSession session(&fixture.store, &fixture.passwords);
            session.start();
            session.takeOutgoing();
            QCOMPARE(converse(session, login(limit), bytewise), QByteArray("a NO [AUTHENTICATIONFAILED] Authentication failed\r\n"));
            const QByteArray tooBig = "a BAD [TOOBIG] Command too long (limit " + QByteArray::number(limit) + " octets)\r\n";
            QCOMPARE(converse(session, login(limit + 1), bytewise), tooBig);
            // Issue #15: one command grown by empty LITERAL+ literals.
            QByteArray grown = "a SEARCH TEXT {0+}\r\n";
            while (grown.size() <= limit)
                grown += " TEXT {0+}\r\n";
            QCOMPARE(converse(session, grown + " ALL\r\n", bytewise), tooBig);
            // A synchronising literal is refused before the client sends it.
            QCOMPARE(converse(session, "a LOGIN bob@b.example {" + QByteArray::number(limit) + "}\r\n", bytewise), tooBig);
            QCOMPARE(converse(session, "b NOOP\r\n", bytewise), QByteArray("b OK NOOP completed\r\n"));
        }
    }

    // Issue #15: the TOOBIG reply echoed the unchecked first word, so a bare LF could be injected.
    void tooBigNeverEchoesABadTag()
    {
        for (bool bytewise : {false, true}) {
            ImapTestFixture fixture;
            ImapServerSession session(&fixture.store, &fixture.passwords);
            session.start();
            session.takeOutgoing();
            const QByteArray out = converse(session, "x\n* OK injected APPEND INBOX {99999999999}\r\n"
                                                     "y\nz LOGIN a {999999}\r\nb NOOP\r\n", bytewise);
            QVERIFY2(wellFramed(out), out.constData());
            QCOMPARE(out, QByteArray("* BAD [TOOBIG] Literal too big\r\n* BAD [TOOBIG] Command too long (limit "
                                     + QByteArray::number(imap::kMaxCommandSize) + " octets)\r\nb OK NOOP completed\r\n"));
        }
    }

    // LIST wildcards match in one pass: 120 stars (exponential before) and 40,000 wildcards (a stack
    // overflow before) answer, and the matching itself is right.
    void listWildcards_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArrayList>("names");
        QTest::newRow("120 stars") << "\"" + QByteArray(120, '*') + "Z\"" << QByteArrayList{};
        QTest::newRow("120 stars e") << "\"" + QByteArray(120, '*') + "e\"" << QByteArrayList{"Archive", "Work/Projects/Done", "Work/Projects/Done/More", "Work/Projects/Done/More/Here", "Work/Projects/Done/More/Here/Archive"};
        QTest::newRow("40000 wildcards") << "\"" + QByteArray("*%").repeated(20000) + "\"" << QByteArrayList{
            "Archive", "INBOX", "Work", "Work/Projects", "Work/Projects/Done", "Work/Projects/Done/More",
            "Work/Projects/Done/More/Here", "Work/Projects/Done/More/Here/Archive"};
        QTest::newRow("40000 percents") << "\"" + QByteArray(40000, '%') + "\"" << QByteArrayList{"Archive", "INBOX", "Work"};
        QTest::newRow("alternating") << "\"" + QByteArray("*o").repeated(2000) + "\"" << QByteArrayList{};
        QTest::newRow("%/%") << QByteArray("%/%") << QByteArrayList{"Work/Projects"};
        QTest::newRow("W*s") << QByteArray("W*s") << QByteArrayList{"Work/Projects"};
        QTest::newRow("W%s") << QByteArray("W%s") << QByteArrayList{};
        QTest::newRow("*/*e") << QByteArray("*/*e") << QByteArrayList{"Work/Projects/Done", "Work/Projects/Done/More",
                                                                      "Work/Projects/Done/More/Here", "Work/Projects/Done/More/Here/Archive"};
        QTest::newRow("%o%") << QByteArray("%o%") << QByteArrayList{"INBOX", "Work"};
        QTest::newRow("inbox") << QByteArray("inbo%") << QByteArrayList{"INBOX"};
        QTest::newRow("exact") << QByteArray("Work/Projects") << QByteArrayList{"Work/Projects"};
        QTest::newRow("%%/%*%/Do%") << QByteArray("%%/%*%/Do%") << QByteArrayList{"Work/Projects/Done"};
    }

    void listWildcards()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArrayList, names);
        ImapTestFixture fixture;
        fixture.store.createMailbox(ImapTestFixture::account, QStringLiteral("Work/Projects/Done/More/Here/Archive"));
        for (const char *parent : {"Work", "Work/Projects", "Work/Projects/Done", "Work/Projects/Done/More", "Work/Projects/Done/More/Here"})
            fixture.store.createMailbox(ImapTestFixture::account, QString::fromLatin1(parent));
        for (bool bytewise : {false, true}) {
            ImapServerSession session(&fixture.store, &fixture.passwords);
            logIn(session, false);
            const QByteArray out = converse(session, "l LIST \"\" " + pattern + "\r\nn NOOP\r\n", bytewise);
            QByteArrayList listed;
            for (const QByteArray &line : out.split('\n')) {
                if (line.startsWith("* LIST "))
                    listed.append(line.mid(line.indexOf("\"/\" ") + 4).chopped(1));
            }
            QCOMPARE(listed, names);
            QVERIFY2(out.endsWith("l OK LIST completed\r\nn OK NOOP completed\r\n"), out.right(200).constData());
        }
    }

    // CREATE: name length, hierarchy depth and mailbox count are checked before anything is created, and
    // answered NO [LIMIT] (RFC 5530). Rows at each limit and just past it, and issue #15's 20,000 levels.
    void createLimits_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("created"); // mailboxes added when it succeeds (superiors included)
        const int depth = imap::kMaxMailboxDepth;
        const qsizetype length = imap::kMaxMailboxNameLength;
        auto levels = [](int n) { return QByteArray("d/").repeated(n - 1) + "leaf"; };
        QTest::newRow("depth at the limit") << levels(depth) << true << depth;
        QTest::newRow("depth past the limit") << levels(depth + 1) << false << 0;
        QTest::newRow("length at the limit") << QByteArray(length, 'n') << true << 1;
        QTest::newRow("length past the limit") << QByteArray(length + 1, 'n') << false << 0;
        // Octets of the UTF-8 name, not characters: 512 x "ü" is 1024 octets, 1026 with one more.
        QTest::newRow("utf-8 at the limit") << "\"" + QByteArray("&APw-").repeated(1) + QByteArray(length - 2, 'u') + "\"" << true << 1;
        QTest::newRow("utf-8 past the limit") << "\"&APw-" + QByteArray(length - 1, 'u') + "\"" << false << 0;
        QTest::newRow("20000 levels") << levels(20000) << false << 0;
    }

    void createLimits()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, ok);
        QFETCH(int, created);
        for (bool bytewise : {false, true}) {
            ImapTestFixture fixture;
            ImapServerSession session(&fixture.store, &fixture.passwords);
            logIn(session, false);
            const int before = mailboxCount(fixture);
            const QByteArray out = converse(session, "c CREATE " + name + "\r\n", bytewise);
            if (ok) {
                QCOMPARE(out, QByteArray("c OK Create completed\r\n"));
            } else {
                QVERIFY2(out.startsWith("c NO [LIMIT] Mailbox "), out.constData());
                QVERIFY2(out.contains("limit "), out.constData());
            }
            QCOMPARE(mailboxCount(fixture), before + created);
            QCOMPARE(converse(session, "s SELECT INBOX\r\n", bytewise).right(34), QByteArray("s OK [READ-WRITE] Select completed\r\n").right(34));
        }
    }

    void mailboxCountLimit()
    {
        ImapTestFixture fixture; // INBOX and Archive
        ImapServerConfig config;
        config.maxMailboxes = 5;
        ImapServerSession session(&fixture.store, &fixture.passwords, config);
        logIn(session, false);
        session.feed("a CREATE one\r\nb CREATE two/three\r\n");
        QCOMPARE(session.takeOutgoing(), QByteArray("a OK Create completed\r\nb OK Create completed\r\n"));
        QCOMPARE(mailboxCount(fixture), 5); // at the limit
        session.feed("c CREATE four\r\nd CREATE two/five\r\ne RENAME INBOX Old\r\nf RENAME one uno\r\n");
        QCOMPARE(session.takeOutgoing(), QByteArray("c NO [LIMIT] Too many mailboxes (limit 5)\r\n"
                                                    "d NO [LIMIT] Too many mailboxes (limit 5)\r\n"
                                                    "e NO [LIMIT] Too many mailboxes (limit 5)\r\n"
                                                    "f OK Rename completed\r\n"));
        QCOMPARE(mailboxCount(fixture), 5);
        // The default limit is the one ImapLimits.h states.
        QCOMPARE(ImapServerConfig().maxMailboxes, imap::kMaxMailboxesPerAccount);
    }

    void renameLimits()
    {
        ImapTestFixture fixture;
        ImapServerConfig config;
        config.maxMailboxDepth = 3;
        ImapServerSession session(&fixture.store, &fixture.passwords, config);
        logIn(session, false);
        session.feed("a CREATE p/q/r\r\nb RENAME p/q x/y/z\r\nc RENAME p x/y\r\nd RENAME p x\r\ne RENAME x/q/r x/q/r/s\r\n");
        QCOMPARE(session.takeOutgoing(), QByteArray("a OK Create completed\r\n"
                                                    "b NO [LIMIT] Mailbox hierarchy too deep (limit 3 levels)\r\n"
                                                    "c NO [LIMIT] Mailbox hierarchy too deep (limit 3 levels)\r\n"
                                                    "d OK Rename completed\r\n"
                                                    "e NO [LIMIT] Mailbox hierarchy too deep (limit 3 levels)\r\n"));
    }

    // Smaller bugs of issue #15: BODY[4294967295] was echoed as BODY[-1]; an APPEND date with zone +9999
    // stored 1970.
    void partNumbersAndDates()
    {
        for (bool bytewise : {false, true}) {
            ImapTestFixture fixture;
            ImapServerSession session(&fixture.store, &fixture.passwords);
            logIn(session);
            QCOMPARE(converse(session, "f FETCH 1 BODY.PEEK[4294967295]\r\n", bytewise),
                     QByteArray("* 1 FETCH (BODY[4294967295] {0}\r\n)\r\nf OK Fetch completed\r\n"));
            QCOMPARE(converse(session, "g FETCH 1 BODY.PEEK[4294967296]\r\n", bytewise), QByteArray("g BAD Invalid number\r\n"));
            QCOMPARE(converse(session, "a APPEND INBOX \"01-Jan-2020 00:00:00 +9999\" {1+}\r\nx\r\n", bytewise),
                     QByteArray("a BAD Invalid date-time\r\n"));
            QCOMPARE(converse(session, "b APPEND Archive \"01-Jan-2020 00:00:00 +1400\" {1+}\r\nx\r\nc FETCH 3 INTERNALDATE\r\n", bytewise)
                         .left(16), QByteArray("b OK [APPENDUID "));
            QCOMPARE(fixture.store.mailbox(ImapTestFixture::account, QStringLiteral("INBOX"))->messages, 3);
        }
    }

    // Issue #15: a message 20,000 MIME levels deep, delivered by anyone, crashed the server at the
    // recipient's FETCH BODYSTRUCTURE, and again at every later sync. Now it answers, as do the messages
    // around it.
    void deepMimeMessage()
    {
        for (bool rfc822 : {false, true}) {
            ImapTestFixture fixture;
            QByteArray m = "From: mallory@evil.example\r\nSubject: deep\r\n";
            for (int i = 0; i < 20000; ++i) {
                m += rfc822 ? QByteArray("Content-Type: message/rfc822\r\n\r\n")
                            : "Content-Type: multipart/mixed; boundary=b" + QByteArray::number(i) + "\r\n\r\n--b" + QByteArray::number(i) + "\r\n";
            }
            m += "Content-Type: text/plain\r\n\r\nhello\r\n";
            fixture.store.deliver(ImapTestFixture::account, QStringLiteral("INBOX"), m, ImapTestFixture::arrival);
            ImapServerSession session(&fixture.store, &fixture.passwords);
            logIn(session);
            const QByteArray out = converse(session, "f FETCH 1:* (BODYSTRUCTURE BODY ENVELOPE)\r\ng SEARCH BODY hello\r\n", false);
            QVERIFY2(out.contains("* 4 FETCH (BODYSTRUCTURE ("), out.left(300).constData());
            QVERIFY(out.contains("\"application\" \"octet-stream\""));
            QVERIFY2(out.contains("f OK Fetch completed\r\n"), out.right(300).constData());
            QVERIFY2(out.contains("g OK Search completed\r\n"), out.right(300).constData());
            QCOMPARE(converse(session, "n NOOP\r\n", true), QByteArray("n OK NOOP completed\r\n"));
        }
    }

    void timeoutSaysBye()
    {
        ImapTestFixture fixture;
        ImapServerSession session(&fixture.store, &fixture.passwords);
        session.start();
        QVERIFY(session.pendingTimeoutMs() >= 30 * 60 * 1000); // RFC 3501 §5.4
        session.takeOutgoing();
        session.timeout();
        QCOMPARE(session.takeOutgoing(), QByteArray("* BYE Autologout; idle for too long\r\n"));
        QVERIFY(session.isClosing());
    }

    // Issue #15: past the server's connection limits, BYE is the greeting (§7.1.5) and the session closes.
    void refuseSaysBye()
    {
        ImapTestFixture fixture;
        ImapServerSession session(&fixture.store, &fixture.passwords);
        session.refuse();
        QCOMPARE(session.takeOutgoing(), QByteArray("* BYE Too many connections\r\n"));
        QVERIFY(session.isClosing());
        QCOMPARE(session.pendingTimeoutMs(), 0);
        session.feed("a LOGIN bob@b.example secret\r\n");
        QVERIFY(session.takeOutgoing().isEmpty());
    }

    // Issue #15: the autologout timer counts complete lines and literals, never single bytes.
    void inputProgressCountsLinesAndLiterals()
    {
        ImapTestFixture fixture;
        ImapServerSession session(&fixture.store, &fixture.passwords);
        logIn(session, false);
        const quint64 before = session.inputProgress();
        const QByteArray noop = "n NOOP\r\n";
        for (qsizetype i = 0; i + 1 < noop.size(); ++i)
            session.feed(noop.mid(i, 1));
        QCOMPARE(session.inputProgress(), before);
        session.feed("\n");
        QCOMPARE(session.inputProgress(), before + 1);
        session.feed("a APPEND INBOX {5+}\r\n");
        QCOMPARE(session.inputProgress(), before + 2);
        session.feed("Hel");
        QCOMPARE(session.inputProgress(), before + 2); // a literal counts when it is complete
        session.feed("lo");
        QCOMPARE(session.inputProgress(), before + 3);
        session.feed("\r\n");
        QCOMPARE(session.inputProgress(), before + 4);
        QVERIFY(session.takeOutgoing().contains("a OK [APPENDUID"));
        session.feed("i IDLE\r\n");
        session.feed("DON");
        QCOMPARE(session.inputProgress(), before + 5);
        session.feed("E\r\n");
        QCOMPARE(session.inputProgress(), before + 6);
        QVERIFY(session.takeOutgoing().contains("i OK"));
    }
};

QTEST_GUILESS_MAIN(TestImapServerSession)
#include "tst_imapserversession.moc"
