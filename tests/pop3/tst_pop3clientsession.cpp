#include "core/ConversationScript.h"
#include "pop3/Pop3ClientSession.h"

#include <QTest>

using mf::ConversationScript;
using mf::Pop3ClientOptions;
using mf::Pop3ClientSession;

Q_DECLARE_METATYPE(ConversationScript::Feed)

namespace {

const QByteArray greetingAndCapa = "S: +OK ready\n"
                                   "C: CAPA\n"
                                   "S: +OK Capability list follows\n"
                                   "S: TOP\n"
                                   "S: UIDL\n"
                                   "S: USER\n"
                                   "S: .\n";
const QByteArray userPass = "C: USER bob\n"
                            "S: +OK\n"
                            "C: PASS secret\n"
                            "S: +OK logged in\n";
const QByteArray listing = "C: STAT\n"
                           "S: +OK 2 84\n"
                           "C: UIDL\n"
                           "S: +OK\n"
                           "S: 1 uid-one\n"
                           "S: 2 uid-two\n"
                           "S: .\n"
                           "C: LIST\n"
                           "S: +OK 2 messages\n"
                           "S: 1 63\n"
                           "S: 2 21\n"
                           "S: .\n";
const QByteArray retr1 = "C: RETR 1\n"
                         "S: +OK 63 octets\n"
                         "S: From: alice@a.example\n"
                         "S: Subject: one\n"
                         "S: \n"
                         "S: Hello\n"
                         "S: ..dot line\n"
                         "S: last\n"
                         "S: .\n";
const QByteArray retr2 = "C: RETR 2\n"
                         "S: +OK 21 octets\n"
                         "S: Subject: two\n"
                         "S: \n"
                         "S: body2\n"
                         "S: .\n";
const QByteArray message1 = "From: alice@a.example\r\nSubject: one\r\n\r\nHello\r\n.dot line\r\nlast\r\n";
const QByteArray message2 = "Subject: two\r\n\r\nbody2\r\n";

} // namespace

class TestPop3ClientSession : public QObject
{
    Q_OBJECT
private:
    static void addRows(const char *name, const QByteArray &script, const QByteArray &options, bool ok,
                        const QByteArrayList &messages, const QByteArrayList &deleted, const QByteArray &error = {})
    {
        for (auto feed : {ConversationScript::Feed::Whole, ConversationScript::Feed::ByteByByte}) {
            const QByteArray row = QByteArray(name) + (feed == ConversationScript::Feed::Whole ? " (whole)" : " (byte by byte)");
            QTest::newRow(row.constData()) << script << options << feed << ok << messages << deleted << error;
        }
    }

private slots:
    void conversation_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<ConversationScript::Feed>("feed");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArrayList>("messages");
        QTest::addColumn<QByteArrayList>("deleted");
        QTest::addColumn<QByteArray>("error");

        addRows("USER/PASS, retrieve and delete everything",
                greetingAndCapa + userPass + listing + retr1 + "C: DELE 1\nS: +OK\n" + retr2
                    + "C: DELE 2\nS: +OK\nC: QUIT\nS: +OK bye\n! close\n",
                "", true, {message1, message2}, {"uid-one", "uid-two"});
        addRows("AUTH PLAIN, leave on server, skip seen UIDL",
                "S: +OK ready\n"
                "C: CAPA\n"
                "S: +OK\n"
                "S: SASL PLAIN LOGIN\n"
                "S: UIDL\n"
                "S: .\n"
                "C: AUTH PLAIN AGJvYgBzZWNyZXQ=\n"
                "S: +OK logged in\n"
                + listing + retr2 + "C: QUIT\nS: +OK\n! close\n",
                "leave seen:uid-one", true, {message2}, {});
        addRows("AUTH PLAIN continuation",
                "S: +OK ready\nC: CAPA\nS: +OK\nS: SASL PLAIN\nS: .\n"
                "C: AUTH PLAIN AGJvYgBzZWNyZXQ=\n"
                "S: + \n"
                "C: AGJvYgBzZWNyZXQ=\n"
                "S: +OK\n"
                "C: STAT\nS: +OK 0 0\nC: QUIT\nS: +OK\n! close\n",
                "", true, {}, {});
        addRows("STLS, then CAPA again",
                "S: +OK ready\n"
                "C: CAPA\n"
                "S: +OK\nS: USER\nS: STLS\nS: .\n"
                "C: STLS\n"
                "S: +OK go ahead\n"
                "! tls\n"
                "C: CAPA\n"
                "S: +OK\nS: USER\nS: .\n"
                + userPass + "C: STAT\nS: +OK 0 0\nC: QUIT\nS: +OK\n! close\n",
                "stls", true, {}, {});
        addRows("STLS wanted but not offered", greetingAndCapa + "C: QUIT\nS: +OK\n! close\n", "stls", false, {}, {},
                "the server does not offer STLS");
        addRows("STLS refused", "S: +OK ready\nC: CAPA\nS: +OK\nS: STLS\nS: .\nC: STLS\nS: -ERR no\nC: QUIT\nS: +OK\n! close\n",
                "stls", false, {}, {}, "STLS refused: -ERR no");
        addRows("login refused", greetingAndCapa + "C: USER bob\nS: +OK\nC: PASS secret\nS: -ERR [AUTH] Invalid login\n"
                                                    "C: QUIT\nS: +OK\n! close\n",
                "", false, {}, {}, "login failed: -ERR [AUTH] Invalid login");
        addRows("maildrop in use", greetingAndCapa + "C: USER bob\nS: +OK\nC: PASS secret\nS: -ERR [IN-USE] locked\n"
                                                      "C: QUIT\nS: +OK\n! close\n",
                "", false, {}, {}, "login failed: -ERR [IN-USE] locked");
        addRows("server without CAPA or UIDL",
                "S: +OK ready\nC: CAPA\nS: -ERR unknown command\n" + userPass
                    + "C: STAT\nS: +OK 1 21\nC: UIDL\nS: -ERR no\nC: LIST\nS: +OK\nS: 1 21\nS: .\n"
                      "C: RETR 1\nS: +OK\nS: Subject: two\nS: \nS: body2\nS: .\nC: DELE 1\nS: +OK\nC: QUIT\nS: +OK\n! close\n",
                "", true, {message2}, {""});
        addRows("greeting refused", "S: -ERR go away\n! close\n", "", false, {}, {},
                "the server refused the connection: -ERR go away");
        addRows("garbage reply", "S: hello\n! close\n", "", false, {}, {}, "unexpected reply from the server: hello");
        addRows("RETR fails midway", greetingAndCapa + userPass + listing + retr1 + "C: DELE 1\nS: +OK\n"
                                                        "C: RETR 2\nS: -ERR gone\nC: QUIT\nS: +OK\n! close\n",
                "", false, {message1}, {"uid-one"}, "RETR failed: -ERR gone");
    }

    void conversation()
    {
        QFETCH(QByteArray, script);
        QFETCH(QByteArray, options);
        QFETCH(ConversationScript::Feed, feed);
        QFETCH(bool, ok);
        QFETCH(QByteArrayList, messages);
        QFETCH(QByteArrayList, deleted);
        QFETCH(QByteArray, error);

        Pop3ClientOptions o;
        o.login = "bob";
        o.password = "secret";
        o.leaveOnServer = options.contains("leave");
        if (options.contains("seen:uid-one"))
            o.seenUidls.insert("uid-one");
        if (options.contains("stls"))
            o.security = Pop3ClientOptions::Security::StartTls;
        Pop3ClientSession session(o);
        const QString r = ConversationScript::run(session, script, feed, [&](const QByteArray &d) {
            QCOMPARE(d, QByteArray("tls"));
            session.tlsEstablished();
        });
        QVERIFY2(r.isEmpty(), qPrintable(r));
        QVERIFY(session.finished());
        const auto &result = session.result();
        QCOMPARE(result.ok, ok);
        QCOMPARE(result.error, error);
        QByteArrayList got;
        for (const auto &m : result.messages)
            got << m.bytes;
        QCOMPARE(got, messages);
        if (ok)
            QCOMPARE(result.deletedUidls, deleted);
        if (options.contains("seen"))
            QCOMPARE(result.skipped, 1);
    }

    void passwordIsNotInTheTranscript()
    {
        Pop3ClientOptions o;
        o.login = "bob";
        o.password = "secret";
        Pop3ClientSession session(o);
        session.feed("+OK ready\r\n+OK\r\nUSER\r\n.\r\n+OK\r\n");
        QByteArrayList lines;
        for (const auto &e : session.takeEvents())
            lines << e.text;
        QCOMPARE(lines, (QByteArrayList{"+OK ready", "CAPA", "+OK", "USER", ".", "USER bob", "+OK", "PASS <password>"}));
        QVERIFY(session.takeOutgoing().endsWith("PASS secret\r\n"));
    }

    void timeoutAndLostConnection()
    {
        Pop3ClientSession a({});
        QVERIFY(a.pendingTimeoutMs() > 0);
        a.timeout();
        QVERIFY(a.finished());
        QCOMPARE(a.result().error, QByteArray("timed out waiting for the server"));
        Pop3ClientSession b({});
        b.feed("+OK hi\r\n");
        b.connectionLost();
        QVERIFY(b.finished());
        QVERIFY(!b.result().ok);
    }
};

QTEST_GUILESS_MAIN(TestPop3ClientSession)
#include "tst_pop3clientsession.moc"
