#include "TestCredentials.h"
#include "core/ConversationScript.h"
#include "pop3/Pop3ServerSession.h"
#include "store/MailboxStore.h"

#include <QTemporaryDir>
#include <QTest>

using mf::ConversationScript;
using mf::MailboxStore;
using mf::Pop3ServerConfig;
using mf::Pop3ServerSession;

Q_DECLARE_METATYPE(ConversationScript::Feed)

namespace {

const QByteArray message1 = "From: alice@a.example\r\nSubject: one\r\n\r\nHello\r\n.dot line\r\nlast\r\n";
const QByteArray message2 = "Subject: two\r\n\r\nbody2"; // no final CRLF: the server completes the line
const QDateTime arrival = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);

// Logs bob in with USER/PASS; the maildrop holds message1 (63 octets) and message2 (21 octets).
const QByteArray login = "S: +OK MailFlow POP3 server ready\n"
                         "C: USER bob\n"
                         "S: +OK Send PASS\n"
                         "C: PASS secret\n"
                         "S: +OK bob@b.example has 2 messages (84 octets)\n";

} // namespace

class TestPop3ServerSession : public QObject
{
    Q_OBJECT
private:
    TestCredentials m_credentials;

    // A fresh store with bob's two messages; returns the UIDLs.
    static QList<QByteArray> fill(MailboxStore &store)
    {
        store.deliver("bob@b.example", "INBOX", message1, arrival);
        store.deliver("bob@b.example", "INBOX", message2, arrival);
        QList<QByteArray> uidls;
        for (const auto &m : store.messages("bob@b.example", "INBOX"))
            uidls << m.uniqueId;
        return uidls;
    }

    static Pop3ServerConfig configFor(const QByteArray &options)
    {
        Pop3ServerConfig config;
        config.requireTlsForPlaintextAuth = options.contains("require-tls");
        config.tlsAvailable = !options.contains("no-tls");
        config.maxAuthFailures = 3;
        if (options.contains("apop")) {
            config.apopSecret = [](const QByteArray &login) {
                return login == "bob" ? QByteArray("secret") : QByteArray();
            };
        }
        return config;
    }

    static void addFeedRows(const char *name, const QByteArray &script, const QByteArray &options = {})
    {
        QTest::newRow(QByteArray(QByteArray(name) + " (whole)").constData())
            << script << options << ConversationScript::Feed::Whole;
        QTest::newRow(QByteArray(QByteArray(name) + " (byte by byte)").constData())
            << script << options << ConversationScript::Feed::ByteByByte;
    }

private slots:
    void initTestCase()
    {
        m_credentials.add("bob@b.example", "secret");
        m_credentials.add("carol@b.example", "carolpw");
    }

    void conversation_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<ConversationScript::Feed>("feed");

        addFeedRows("RFC 1939 session", login + "C: STAT\n"
                                                "S: +OK 2 84\n"
                                                "C: LIST\n"
                                                "S: +OK 2 messages (84 octets)\n"
                                                "S: 1 63\n"
                                                "S: 2 21\n"
                                                "S: .\n"
                                                "C: LIST 2\n"
                                                "S: +OK 2 21\n"
                                                "C: UIDL\n"
                                                "S: +OK Unique-ID listing follows\n"
                                                "S: 1 {uidl1}\n"
                                                "S: 2 {uidl2}\n"
                                                "S: .\n"
                                                "C: UIDL 1\n"
                                                "S: +OK 1 {uidl1}\n"
                                                "C: RETR 1\n"
                                                "S: +OK 63 octets\n"
                                                "S: From: alice@a.example\n"
                                                "S: Subject: one\n"
                                                "S: \n"
                                                "S: Hello\n"
                                                "S: ..dot line\n"
                                                "S: last\n"
                                                "S: .\n"
                                                "C: RETR 2\n"
                                                "S: +OK 21 octets\n"
                                                "S: Subject: two\n"
                                                "S: \n"
                                                "S: body2\n"
                                                "S: .\n"
                                                "C: NOOP\n"
                                                "S: +OK\n"
                                                "C: DELE 1\n"
                                                "S: +OK Message 1 marked for deletion\n"
                                                "C: QUIT\n"
                                                "S: +OK MailFlow POP3 server signing off (1 messages left)\n"
                                                "! close\n");
        addFeedRows("TOP with 0, 1 and a huge line count", login + "C: TOP 1 0\n"
                                                                   "S: +OK Top of message follows\n"
                                                                   "S: From: alice@a.example\n"
                                                                   "S: Subject: one\n"
                                                                   "S: \n"
                                                                   "S: .\n"
                                                                   "C: TOP 1 2\n"
                                                                   "S: +OK Top of message follows\n"
                                                                   "S: From: alice@a.example\n"
                                                                   "S: Subject: one\n"
                                                                   "S: \n"
                                                                   "S: Hello\n"
                                                                   "S: ..dot line\n"
                                                                   "S: .\n"
                                                                   "C: TOP 2 99999999999999999999999\n"
                                                                   "S: +OK Top of message follows\n"
                                                                   "S: Subject: two\n"
                                                                   "S: \n"
                                                                   "S: body2\n"
                                                                   "S: .\n"
                                                                   "C: TOP 1\n"
                                                                   "S: -ERR Usage: TOP message lines\n"
                                                                   "C: TOP 1 x\n"
                                                                   "S: -ERR Invalid number of lines\n"
                                                                   "C: TOP 3 0\n"
                                                                   "S: -ERR No such message\n"
                                                                   "C: STAT\n"
                                                                   "S: +OK 2 84\n");
        addFeedRows("deleted messages are hidden; DELE twice; RETR deleted; RSET",
                    login + "C: DELE 2\n"
                            "S: +OK Message 2 marked for deletion\n"
                            "C: DELE 2\n"
                            "S: -ERR Message 2 already deleted\n"
                            "C: RETR 2\n"
                            "S: -ERR Message 2 already deleted\n"
                            "C: LIST 2\n"
                            "S: -ERR Message 2 already deleted\n"
                            "C: STAT\n"
                            "S: +OK 1 63\n"
                            "C: LIST\n"
                            "S: +OK 1 messages (63 octets)\n"
                            "S: 1 63\n"
                            "S: .\n"
                            "C: UIDL\n"
                            "S: +OK Unique-ID listing follows\n"
                            "S: 1 {uidl1}\n"
                            "S: .\n"
                            "C: RSET\n"
                            "S: +OK Maildrop has 2 messages (84 octets)\n"
                            "C: STAT\n"
                            "S: +OK 2 84\n");
        addFeedRows("bad message numbers", login + "C: RETR 0\n"
                                                    "S: -ERR No such message\n"
                                                    "C: RETR 3\n"
                                                    "S: -ERR No such message\n"
                                                    "C: RETR -1\n"
                                                    "S: -ERR Invalid message number\n"
                                                    "C: RETR one\n"
                                                    "S: -ERR Invalid message number\n"
                                                    "C: RETR\n"
                                                    "S: -ERR Usage: RETR message\n"
                                                    "C: DELE\n"
                                                    "S: -ERR Invalid message number\n"
                                                    "C: LIST 99999999999999999999\n"
                                                    "S: -ERR No such message\n"
                                                    "C: UIDL 1 2\n"
                                                    "S: -ERR Invalid message number\n"
                                                    "C: STAT\n"
                                                    "S: +OK 2 84\n");
        addFeedRows("unknown commands and wrong state",
                    "S: +OK MailFlow POP3 server ready\n"
                    "C: HELO x\n"
                    "S: -ERR Unknown command\n"
                    "C: \n"
                    "S: -ERR Unknown command\n"
                    "C: STAT\n"
                    "S: -ERR STAT is not valid before login\n"
                    "C: RETR 1\n"
                    "S: -ERR RETR is not valid before login\n"
                    "C: NOOP\n"
                    "S: -ERR NOOP is not valid before login\n"
                    "C: PASS secret\n"
                    "S: -ERR Send USER first\n"
                    "C: USER\n"
                    "S: -ERR Usage: USER name\n"
                    "C: user bob\n"
                    "S: +OK Send PASS\n"
                    "C: pass secret\n"
                    "S: +OK bob@b.example has 2 messages (84 octets)\n"
                    "C: USER bob\n"
                    "S: -ERR USER is not valid after login\n"
                    "C: AUTH PLAIN\n"
                    "S: -ERR AUTH is not valid after login\n"
                    "C: STLS\n"
                    "S: -ERR STLS is not valid after login\n"
                    "C: XYZZY\n"
                    "S: -ERR Unknown command\n"
                    "C: stat\n"
                    "S: +OK 2 84\n");
        addFeedRows("over-long command line", "S: +OK MailFlow POP3 server ready\n"
                                              "C: USER " + QByteArray(300, 'x') + "\n"
                                              "S: -ERR Line too long\n"
                                              "C: USER " + QByteArray(246, 'y') + "\n"
                                              "S: +OK Send PASS\n"
                                              "C: USER bob\n"
                                              "S: +OK Send PASS\n"
                                              "C: PASS secret\n"
                                              "S: +OK bob@b.example has 2 messages (84 octets)\n"
                                              "C: LIST " + QByteArray(1000, '1') + "\n"
                                              "S: -ERR Line too long\n"
                                              "C: STAT\n"
                                              "S: +OK 2 84\n");
        addFeedRows("bare LF does not end a command", "S: +OK MailFlow POP3 server ready\n"
                                                      "R: USER bob\\nPASS secret\\r\\n\n"
                                                      "S: +OK Send PASS\n"
                                                      "C: PASS secret\n"
                                                      "! timeout\n"
                                                      "S: -ERR [AUTH] Invalid login or password\n"
                                                      "C: USER bob\n"
                                                      "S: +OK Send PASS\n"
                                                      "C: PASS secret\n"
                                                      "S: +OK bob@b.example has 2 messages (84 octets)\n");
        addFeedRows("CAPA before and after login", "S: +OK MailFlow POP3 server ready\n"
                                                   "C: CAPA\n"
                                                   "S: +OK Capability list follows\n"
                                                   "S: TOP\n"
                                                   "S: UIDL\n"
                                                   "S: USER\n"
                                                   "S: SASL PLAIN\n"
                                                   "S: RESP-CODES\n"
                                                   "S: AUTH-RESP-CODE\n"
                                                   "S: PIPELINING\n"
                                                   "S: STLS\n"
                                                   "S: IMPLEMENTATION MailFlow\n"
                                                   "S: .\n"
                                                   "C: USER bob@b.example\n"
                                                   "S: +OK Send PASS\n"
                                                   "C: PASS secret\n"
                                                   "S: +OK bob@b.example has 2 messages (84 octets)\n"
                                                   "C: CAPA\n"
                                                   "S: +OK Capability list follows\n"
                                                   "S: TOP\n"
                                                   "S: UIDL\n"
                                                   "S: USER\n"
                                                   "S: SASL PLAIN\n"
                                                   "S: RESP-CODES\n"
                                                   "S: AUTH-RESP-CODE\n"
                                                   "S: PIPELINING\n"
                                                   "S: IMPLEMENTATION MailFlow\n"
                                                   "S: .\n");
        addFeedRows("STLS discards pipelined plaintext; capabilities change; STLS twice",
                    "S: +OK MailFlow POP3 server ready\n"
                    "R: STLS\\r\\nUSER bob\\r\\nPASS secret\\r\\n\n"
                    "S: +OK Begin TLS negotiation\n"
                    "! tls\n"
                    "C: CAPA\n"
                    "S: +OK Capability list follows\n"
                    "S: TOP\n"
                    "S: UIDL\n"
                    "S: USER\n"
                    "S: SASL PLAIN\n"
                    "S: RESP-CODES\n"
                    "S: AUTH-RESP-CODE\n"
                    "S: PIPELINING\n"
                    "S: IMPLEMENTATION MailFlow\n"
                    "S: .\n"
                    "C: PASS secret\n"
                    "S: -ERR Send USER first\n"
                    "C: STLS\n"
                    "S: -ERR Already using TLS\n"
                    "C: USER bob\n"
                    "S: +OK Send PASS\n"
                    "C: PASS secret\n"
                    "S: +OK bob@b.example has 2 messages (84 octets)\n");
        addFeedRows("STLS without a certificate", "S: +OK MailFlow POP3 server ready\n"
                                                  "C: STLS\n"
                                                  "S: -ERR TLS not available\n"
                                                  "C: USER bob\n"
                                                  "S: +OK Send PASS\n",
                    "no-tls");
        addFeedRows("TLS required for plaintext passwords",
                    "S: +OK MailFlow POP3 server ready\n"
                    "C: CAPA\n"
                    "S: +OK Capability list follows\n"
                    "S: TOP\n"
                    "S: UIDL\n"
                    "S: RESP-CODES\n"
                    "S: AUTH-RESP-CODE\n"
                    "S: PIPELINING\n"
                    "S: STLS\n"
                    "S: IMPLEMENTATION MailFlow\n"
                    "S: .\n"
                    "C: USER bob\n"
                    "S: -ERR [AUTH] Plaintext authentication disallowed: TLS required, use STLS first\n"
                    "C: AUTH PLAIN AGJvYgBzZWNyZXQ=\n"
                    "S: -ERR [AUTH] Plaintext authentication disallowed: TLS required, use STLS first\n"
                    "C: STLS\n"
                    "S: +OK Begin TLS negotiation\n"
                    "! tls\n"
                    "C: USER bob\n"
                    "S: +OK Send PASS\n"
                    "C: PASS secret\n"
                    "S: +OK bob@b.example has 2 messages (84 octets)\n",
                    "require-tls");
        addFeedRows("AUTH PLAIN with initial response, continuation, cancel and errors",
                    "S: +OK MailFlow POP3 server ready\n"
                    "C: AUTH\n"
                    "S: +OK Supported mechanisms follow\n"
                    "S: PLAIN\n"
                    "S: .\n"
                    "C: AUTH CRAM-MD5\n"
                    "S: -ERR Unsupported authentication mechanism\n"
                    "C: AUTH PLAIN\n"
                    "S: + \n"
                    "C: *\n"
                    "S: -ERR Authentication cancelled\n"
                    "C: AUTH PLAIN !!!notbase64\n"
                    "S: -ERR Malformed AUTH PLAIN response\n"
                    "C: AUTH PLAIN =\n"
                    "S: -ERR Malformed AUTH PLAIN response\n"
                    "C: AUTH PLAIN\n"
                    "S: + \n"
                    "C: AGJvYgBzZWNyZXQ=\n"
                    "S: +OK bob@b.example has 2 messages (84 octets)\n"
                    "C: STAT\n"
                    "S: +OK 2 84\n");
        addFeedRows("AUTH PLAIN with authzid", "S: +OK MailFlow POP3 server ready\n"
                                               "C: AUTH plain Ym9iQGIuZXhhbXBsZQBib2JAYi5leGFtcGxlAHNlY3JldA==\n"
                                               "S: +OK bob@b.example has 2 messages (84 octets)\n");
        addFeedRows("failed logins are delayed and keep pipelined order",
                    "S: +OK MailFlow POP3 server ready\n"
                    "C: USER bob\n"
                    "C: PASS wrong\n"
                    "C: USER bob\n"
                    "C: PASS secret\n"
                    "C: STAT\n"
                    "S: +OK Send PASS\n"
                    "! timeout\n"
                    "S: -ERR [AUTH] Invalid login or password\n"
                    "S: +OK Send PASS\n"
                    "S: +OK bob@b.example has 2 messages (84 octets)\n"
                    "S: +OK 2 84\n");
        addFeedRows("unknown user, AUTH failure and a different authzid are delayed too",
                    "S: +OK MailFlow POP3 server ready\n"
                    "C: USER nobody\n"
                    "S: +OK Send PASS\n"
                    "C: PASS secret\n"
                    "! timeout\n"
                    "S: -ERR [AUTH] Invalid login or password\n"
                    "C: AUTH PLAIN AGJvYgB3cm9uZw==\n"
                    "! timeout\n"
                    "S: -ERR [AUTH] Invalid login or password\n"
                    "C: AUTH PLAIN Y2Fyb2wAYm9iAHNlY3JldA==\n"
                    "! timeout\n"
                    "S: -ERR [AUTH] Authorization identity differs from the login\n"
                    "! close\n");
        addFeedRows("QUIT in AUTHORIZATION", "S: +OK MailFlow POP3 server ready\n"
                                             "C: QUIT\n"
                                             "S: +OK MailFlow POP3 server signing off\n"
                                             "! close\n");
        addFeedRows("APOP", "S: +OK MailFlow POP3 server ready <1.2@pop.b.example>\n"
                            "C: APOP bob 00000000000000000000000000000000\n"
                            "! timeout\n"
                            "S: -ERR [AUTH] Invalid login or digest\n"
                            "C: APOP bob\n"
                            "S: -ERR Usage: APOP name digest\n"
                            "C: APOP bob db32d7f7765c43c79a61f8e16a0268f9\n"
                            "S: +OK bob@b.example has 2 messages (84 octets)\n",
                    "apop");
        addFeedRows("APOP when not offered", "S: +OK MailFlow POP3 server ready\n"
                                             "C: APOP bob db32d7f7765c43c79a61f8e16a0268f9\n"
                                             "S: -ERR APOP not supported\n"
                                             "C: NOOP\n"
                                             "S: -ERR NOOP is not valid before login\n");
    }

    void conversation()
    {
        QFETCH(QByteArray, script);
        QFETCH(QByteArray, options);
        QFETCH(ConversationScript::Feed, feed);
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("mail.sqlite"));
        const QList<QByteArray> uidls = fill(store);
        script.replace("{uidl1}", uidls[0]).replace("{uidl2}", uidls[1]);
        Pop3ServerSession session(store, m_credentials, configFor(options),
                                  options.contains("apop") ? QByteArray("<1.2@pop.b.example>") : QByteArray());
        bool tlsRequested = false;
        const QString result = ConversationScript::run(session, script, feed, [&](const QByteArray &directive) {
            if (directive == "timeout") {
                QVERIFY(session.pendingTimeoutMs() > 0);
                session.timeout();
            } else if (directive == "tls") {
                for (const auto &e : session.takeEvents())
                    tlsRequested = tlsRequested || e.kind == mf::SessionEvent::Kind::StartTls;
                QVERIFY(tlsRequested);
                session.tlsEstablished();
            } else {
                QFAIL(directive.constData());
            }
        });
        QVERIFY2(result.isEmpty(), qPrintable(result));
    }

    void quitDeletesAndIsPersistent()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("mail.sqlite");
        QList<QByteArray> uidls;
        {
            MailboxStore store(path);
            uidls = fill(store);
            Pop3ServerSession session(store, m_credentials, configFor({}));
            const QString r = ConversationScript::run(session, login + "C: DELE 1\n"
                                                                       "S: +OK Message 1 marked for deletion\n"
                                                                       "C: QUIT\n"
                                                                       "S: +OK MailFlow POP3 server signing off (1 messages left)\n",
                                                      ConversationScript::Feed::Whole);
            QVERIFY2(r.isEmpty(), qPrintable(r));
        }
        MailboxStore store(path);
        const auto left = store.messages("bob@b.example", "INBOX");
        QCOMPARE(left.size(), 1);
        QCOMPARE(left[0].uniqueId, uidls[1]);
        // The same UIDL in a later session: UIDL is persistent (RFC 1939 §7).
        Pop3ServerSession session(store, m_credentials, configFor({}));
        const QString r = ConversationScript::run(session,
                                                  "S: +OK MailFlow POP3 server ready\n"
                                                  "C: USER bob\nS: +OK Send PASS\n"
                                                  "C: PASS secret\nS: +OK bob@b.example has 1 messages (21 octets)\n"
                                                  "C: UIDL\nS: +OK Unique-ID listing follows\nS: 1 " + uidls[1] + "\nS: .\n",
                                                  ConversationScript::Feed::Whole);
        QVERIFY2(r.isEmpty(), qPrintable(r));
    }

    void droppedConnectionDeletesNothing()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("mail.sqlite"));
        fill(store);
        {
            Pop3ServerSession session(store, m_credentials, configFor({}));
            const QString r = ConversationScript::run(session, login + "C: DELE 1\n"
                                                                       "S: +OK Message 1 marked for deletion\n"
                                                                       "C: DELE 2\n"
                                                                       "S: +OK Message 2 marked for deletion\n",
                                                      ConversationScript::Feed::Whole);
            QVERIFY2(r.isEmpty(), qPrintable(r));
            session.connectionLost();
            QVERIFY(!store.isMaildropLocked("bob@b.example"));
        }
        QCOMPARE(store.messages("bob@b.example", "INBOX").size(), 2);
    }

    void idleTimeoutClosesWithoutUpdate()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("mail.sqlite"));
        fill(store);
        Pop3ServerSession session(store, m_credentials, configFor({}));
        const QString r = ConversationScript::run(session, login + "C: DELE 1\nS: +OK Message 1 marked for deletion\n",
                                                  ConversationScript::Feed::Whole);
        QVERIFY2(r.isEmpty(), qPrintable(r));
        QCOMPARE(session.pendingTimeoutMs(), 10 * 60 * 1000);
        session.timeout();
        QVERIFY(session.isClosing());
        QVERIFY(session.takeOutgoing().isEmpty());
        QCOMPARE(store.messages("bob@b.example", "INBOX").size(), 2);
        QVERIFY(!store.isMaildropLocked("bob@b.example"));
    }

    // Issue #15: past the server's connection limits, the greeting is -ERR [SYS/TEMP] (RFC 3206 §4) and the
    // session closes; nothing sent afterwards is answered.
    void refuseSaysSysTemp()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("mail.sqlite"));
        Pop3ServerSession session(store, m_credentials, configFor({}));
        session.refuse();
        QCOMPARE(session.takeOutgoing(), QByteArray("-ERR [SYS/TEMP] Too many connections\r\n"));
        QVERIFY(session.isClosing());
        QCOMPARE(session.pendingTimeoutMs(), 0);
        session.feed("USER bob\r\n");
        QVERIFY(session.takeOutgoing().isEmpty());
    }

    // Issue #15: the autologout timer counts complete command lines, never single bytes.
    void inputProgressCountsCompleteLines()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("mail.sqlite"));
        Pop3ServerSession session(store, m_credentials, configFor({}));
        session.start();
        const QByteArray capa = "CAPA\r\n";
        for (qsizetype i = 0; i + 1 < capa.size(); ++i)
            session.feed(capa.mid(i, 1));
        QCOMPARE(session.inputProgress(), 0u);
        session.feed("\n");
        QCOMPARE(session.inputProgress(), 1u);
        session.feed("NOOP\r\n" + QByteArray(300, 'x') + "\r\nUSER");
        QCOMPARE(session.inputProgress(), 3u); // the overlong line counts once, when complete
    }

    void maildropIsLockedExclusively()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("mail.sqlite"));
        fill(store);
        Pop3ServerSession first(store, m_credentials, configFor({}));
        QString r = ConversationScript::run(first, login, ConversationScript::Feed::Whole);
        QVERIFY2(r.isEmpty(), qPrintable(r));
        for (auto feed : {ConversationScript::Feed::Whole, ConversationScript::Feed::ByteByByte}) {
            Pop3ServerSession second(store, m_credentials, configFor({}));
            r = ConversationScript::run(second,
                                        "S: +OK MailFlow POP3 server ready\n"
                                        "C: USER bob@b.example\n"
                                        "S: +OK Send PASS\n"
                                        "C: PASS secret\n"
                                        "S: -ERR [IN-USE] Maildrop of bob@b.example is already locked by another session\n"
                                        "C: STAT\n"
                                        "S: -ERR STAT is not valid before login\n"
                                        "C: USER carol\n"
                                        "S: +OK Send PASS\n"
                                        "C: PASS carolpw\n"
                                        "S: +OK carol@b.example has 0 messages (0 octets)\n"
                                        "C: QUIT\n"
                                        "S: +OK MailFlow POP3 server signing off (0 messages left)\n",
                                        feed);
            QVERIFY2(r.isEmpty(), qPrintable(r));
        }
        first.feed("QUIT\r\n");
        QCOMPARE(first.takeOutgoing(), QByteArray("+OK MailFlow POP3 server signing off (2 messages left)\r\n"));
        Pop3ServerSession third(store, m_credentials, configFor({}));
        r = ConversationScript::run(third, login, ConversationScript::Feed::Whole);
        QVERIFY2(r.isEmpty(), qPrintable(r));
    }

    void messagesExpungedByAnotherSession()
    {
        // IMAP may expunge from the same INBOX while POP3 holds its lock (the lock is POP3's alone).
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("mail.sqlite"));
        fill(store);
        Pop3ServerSession session(store, m_credentials, configFor({}));
        const QString r = ConversationScript::run(session, login + "C: DELE 1\nS: +OK Message 1 marked for deletion\n",
                                                  ConversationScript::Feed::Whole);
        QVERIFY2(r.isEmpty(), qPrintable(r));
        QCOMPARE(store.expunge("bob@b.example", "INBOX", {1, 2}), (QList<quint32>{1, 2}));
        session.feed("RETR 2\r\nQUIT\r\n");
        QCOMPARE(session.takeOutgoing(), QByteArray("-ERR [SYS/TEMP] Message 2 cannot be read\r\n"
                                                    "+OK MailFlow POP3 server signing off (1 messages left)\r\n"));
    }

    void passwordsStayOutOfTheTranscript()
    {
        QTemporaryDir dir;
        MailboxStore store(dir.filePath("mail.sqlite"));
        Pop3ServerSession session(store, m_credentials, configFor({}));
        session.start();
        session.feed("USER bob\r\nPASS secret\r\nAUTH PLAIN AGJvYgBzZWNyZXQ=\r\n");
        QByteArrayList lines;
        for (const auto &e : session.takeEvents()) {
            if (e.kind == mf::SessionEvent::Kind::Line)
                lines << e.text;
        }
        QVERIFY(!lines.join('|').contains("secret"));
        QVERIFY(!lines.join('|').contains("AGJvYgBzZWNyZXQ"));
        QVERIFY(lines.contains("PASS <password>"));
    }
};

QTEST_GUILESS_MAIN(TestPop3ServerSession)
#include "tst_pop3serversession.moc"
