#include "ImapTestFixture.h"

#include "core/ConversationScript.h"
#include "imap/ImapServerSession.h"

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
};

QTEST_GUILESS_MAIN(TestImapServerSession)
#include "tst_imapserversession.moc"
