#include "core/ConversationScript.h"
#include "smtp/SmtpClientSession.h"

#include <QTest>
#include <functional>

using namespace mf;
using Outcome = SmtpSendResult::Outcome;

namespace {

struct Case {
    QByteArray name;
    QByteArray script;
    SmtpClientConfig config;
    QList<SmtpOutgoingMessage> messages;
    QList<Outcome> outcomes;
    std::function<void(const SmtpClientSession &, const std::vector<SessionEvent> &)> check;
};

SmtpClientConfig baseConfig()
{
    SmtpClientConfig c;
    c.clientHost = "client.example";
    return c;
}

SmtpOutgoingMessage message(QList<QByteArray> rcpts = {"b@b.example"},
                            QByteArray data = "Subject: hi\r\n\r\nHello\r\n")
{
    return {"a@a.example", rcpts, data};
}

const QByteArray kEhloPlain = R"(
S: 220 mx.b.example ESMTP
C: EHLO client.example
S: 250-mx.b.example
S: 250-8BITMIME
S: 250 ENHANCEDSTATUSCODES
)";

const QByteArray kBody = R"(
C: Subject: hi
C:
C: Hello
C: .
)";

bool hasEvent(const std::vector<SessionEvent> &events, SessionEvent::Kind kind, const QByteArray &text)
{
    for (const auto &e : events) {
        if (e.kind == kind && e.text.contains(text))
            return true;
    }
    return false;
}

QList<Case> cases()
{
    QList<Case> list;
    {
        Case c{"basic", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
! expect-timeout 300000
S: 250 2.1.0 Ok
C: RCPT TO:<b@b.example>
! expect-timeout 300000
S: 250 2.1.5 Ok
C: DATA
! expect-timeout 120000
S: 354 End data with <CR><LF>.<CR><LF>
)" + kBody + R"(
! expect-timeout 780000
S: 250 2.0.0 Ok: queued as 1
C: QUIT
S: 221 2.0.0 Bye
! close
)", baseConfig(), {message()}, {Outcome::Delivered}, {}};
        c.check = [](const SmtpClientSession &s, const std::vector<SessionEvent> &events) {
            const SmtpSendResult &r = s.results().first();
            QCOMPARE(r.accepted, QList<QByteArray>{"b@b.example"});
            QCOMPARE(r.finalReply.code, 250);
            QCOMPARE(r.finalReply.enhanced, QByteArray("2.0.0"));
            QVERIFY(s.hasExtension("8BITMIME"));
            QVERIFY(hasEvent(events, SessionEvent::Kind::Notice, "message 1/1: delivered to b@b.example"));
            QVERIFY(hasEvent(events, SessionEvent::Kind::Line, "Hello"));
        };
        list << c;
    }
    list << Case{"helo-fallback", R"(
S: 220 old.example SMTP
C: EHLO client.example
S: 502 5.5.2 Error: command not recognized
C: HELO client.example
S: 250 old.example
C: MAIL FROM:<a@a.example>
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 354 go ahead
)" + kBody + R"(
S: 250 Ok
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message()}, {Outcome::Delivered}, {}};
    list << Case{"helo-fallback-500", R"(
S: 220 old.example SMTP
C: EHLO client.example
S: 500 unrecognised
C: HELO client.example
S: 550 go away
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message()}, {Outcome::PermanentFailure}, {}};
    {
        Case c{"multi-line-replies", R"(
S: 220-mx.b.example ESMTP
S: 220-welcome to a very chatty server
S: 220 really
C: EHLO client.example
S: 250-mx.b.example greets client.example
S: 250-SIZE
S: 250-8BITMIME
S: 250-AUTH PLAIN LOGIN
S: 250 ENHANCEDSTATUSCODES
C: MAIL FROM:<a@a.example> SIZE=22
S: 250-2.1.0 first
S: 250 2.1.0 Ok
C: RCPT TO:<b@b.example>
S: 250 2.1.5 Ok
C: RCPT TO:<c@b.example>
S: 550-5.1.1 No such user here
S: 550-5.1.1 really, none
S: 550 5.1.1 try elsewhere
C: DATA
S: 354 go
)" + kBody + R"(
S: 250-2.0.0 Ok
S: 250 2.0.0 queued as 7
C: QUIT
S: 221 2.0.0 Bye
! close
)", baseConfig(), {message({"b@b.example", "c@b.example"})}, {Outcome::Delivered}, {}};
        c.check = [](const SmtpClientSession &s, const std::vector<SessionEvent> &) {
            const SmtpSendResult &r = s.results().first();
            QCOMPARE(s.serverSizeLimit(), 0);
            QCOMPARE(r.rejected.size(), 1);
            QCOMPARE(r.rejected.first().address, QByteArray("c@b.example"));
            const SmtpReply expected{550, "5.1.1", {"5.1.1 No such user here", "5.1.1 really, none",
                                                     "5.1.1 try elsewhere"}};
            QCOMPARE(r.rejected.first().reply, expected);
            QCOMPARE(r.finalReply.lines.size(), 2);
        };
        list << c;
    }
    list << Case{"pipelining", R"(
S: 220 mx.b.example ESMTP
C: EHLO client.example
S: 250-mx.b.example
S: 250-PIPELINING
S: 250-SIZE 10240000
S: 250 8BITMIME
C: MAIL FROM:<a@a.example> SIZE=22
C: RCPT TO:<b@b.example>
C: RCPT TO:<c@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 250 2.1.5 Ok
S: 354 go
)" + kBody + R"(
S: 250 2.0.0 Ok
C: MAIL FROM:<a@a.example> SIZE=22
C: RCPT TO:<d@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 354 go
)" + kBody + R"(
S: 250 2.0.0 Ok
C: QUIT
S: 221 2.0.0 Bye
! close
)", baseConfig(), {message({"b@b.example", "c@b.example"}), message({"d@b.example"})},
        {Outcome::Delivered, Outcome::Delivered}, {}};
    list << Case{"pipelining-all-rejected", R"(
S: 220 mx.b.example ESMTP
C: EHLO client.example
S: 250-mx.b.example
S: 250 PIPELINING
C: MAIL FROM:<a@a.example>
C: RCPT TO:<b@b.example>
C: RCPT TO:<c@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 550 5.1.1 no
S: 450 4.2.1 later
S: 554 5.5.1 Error: no valid recipients
C: RSET
S: 250 2.0.0 Ok
C: MAIL FROM:<a@a.example>
C: RCPT TO:<d@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 550 5.1.1 no
S: 354 go anyway
C: .
S: 554 5.5.1 no valid recipients
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message({"b@b.example", "c@b.example"}), message({"d@b.example"})},
        {Outcome::TemporaryFailure, Outcome::PermanentFailure}, {}};
    {
        Case c{"size-too-big", R"(
S: 220 mx.b.example ESMTP
C: EHLO client.example
S: 250-mx.b.example
S: 250 SIZE 30
C: MAIL FROM:<a@a.example> SIZE=22
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 354 go
)" + kBody + R"(
S: 250 Ok
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message({"b@b.example"}, QByteArray(40, 'x')), message()},
            {Outcome::PermanentFailure, Outcome::Delivered}, {}};
        c.check = [](const SmtpClientSession &s, const std::vector<SessionEvent> &) {
            QCOMPARE(s.serverSizeLimit(), 30);
            QVERIFY(s.results().first().errorText.contains("exceeds the server's SIZE limit of 30"));
        };
        list << c;
    }
    {
        SmtpClientConfig config = baseConfig();
        config.username = "user";
        config.password = "pass";
        Case c{"starttls-auth-plain", R"(
S: 220 mx.b.example ESMTP
C: EHLO client.example
S: 250-mx.b.example
S: 250-SIZE 1000
S: 250 STARTTLS
C: STARTTLS
S: 220 2.0.0 Ready to start TLS
S: 250 injected before the handshake must be ignored
! tls
C: EHLO client.example
S: 250-mx.b.example
S: 250-AUTH LOGIN PLAIN
S: 250 8BITMIME
C: AUTH PLAIN AHVzZXIAcGFzcw==
S: 235 2.7.0 Authentication successful
C: MAIL FROM:<a@a.example>
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 354 go
)" + kBody + R"(
S: 250 Ok
C: QUIT
S: 221 Bye
! close
)", config, {message()}, {Outcome::Delivered}, {}};
        c.check = [](const SmtpClientSession &s, const std::vector<SessionEvent> &events) {
            QVERIFY(s.isTls());
            QVERIFY(!s.hasExtension("STARTTLS"));
            QVERIFY(!s.hasExtension("SIZE")); // forgotten after TLS
            QVERIFY(hasEvent(events, SessionEvent::Kind::StartTls, ""));
            QVERIFY(hasEvent(events, SessionEvent::Kind::Line, "AUTH PLAIN <credentials hidden>"));
            QVERIFY(!hasEvent(events, SessionEvent::Kind::Line, "AHVzZXIAcGFzcw=="));
            QVERIFY(!hasEvent(events, SessionEvent::Kind::Line, "injected"));
        };
        list << c;
    }
    {
        SmtpClientConfig config = baseConfig();
        config.username = "user";
        config.password = "pass";
        config.allowAuthWithoutTls = true;
        list << Case{"auth-login", kEhloPlain.chopped(25) + R"(250-AUTH LOGIN
S: 250 ENHANCEDSTATUSCODES
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: dXNlcg==
S: 334 UGFzc3dvcmQ6
C: cGFzcw==
S: 235 2.7.0 ok
C: MAIL FROM:<a@a.example>
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 354 go
)" + kBody + R"(
S: 250 Ok
C: QUIT
S: 221 Bye
! close
)", config, {message()}, {Outcome::Delivered}, {}};
        list << Case{"auth-failed", kEhloPlain.chopped(25) + R"(250-AUTH PLAIN LOGIN
S: 250 ENHANCEDSTATUSCODES
C: AUTH PLAIN AHVzZXIAcGFzcw==
S: 535 5.7.8 Authentication credentials invalid
C: QUIT
S: 221 Bye
! close
)", config, {message()}, {Outcome::PermanentFailure}, {}};
        config.allowAuthWithoutTls = false;
        list << Case{"auth-refused-without-tls", kEhloPlain.chopped(25) + R"(250-AUTH PLAIN LOGIN
S: 250 ENHANCEDSTATUSCODES
C: QUIT
S: 221 Bye
! close
)", config, {message()}, {Outcome::TlsFailure}, {}};
    }
    {
        SmtpClientConfig config = baseConfig();
        config.requireTls = true;
        Case c{"tls-required-not-offered", kEhloPlain + R"(
C: QUIT
S: 221 Bye
! close
)", config, {message()}, {Outcome::TlsFailure}, {}};
        c.check = [](const SmtpClientSession &s, const std::vector<SessionEvent> &events) {
            QVERIFY(s.results().first().errorText.contains("TLS is required"));
            QVERIFY(hasEvent(events, SessionEvent::Kind::Error, "does not offer STARTTLS"));
        };
        list << c;
        list << Case{"tls-required-refused", R"(
S: 220 mx ESMTP
C: EHLO client.example
S: 250-mx
S: 250 STARTTLS
C: STARTTLS
S: 454 4.7.0 TLS not available due to local problem
C: QUIT
S: 221 Bye
! close
)", config, {message()}, {Outcome::TlsFailure}, {}};
    }
    {
        Case c{"partial-rejection", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<b@b.example>
S: 550 5.1.1 <b@b.example>: Recipient address rejected
C: RCPT TO:<c@b.example>
S: 250 2.1.5 Ok
C: DATA
S: 354 go
)" + kBody + R"(
S: 250 2.0.0 Ok
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message({"b@b.example", "c@b.example"})}, {Outcome::Delivered}, {}};
        c.check = [](const SmtpClientSession &s, const std::vector<SessionEvent> &events) {
            const SmtpSendResult &r = s.results().first();
            QCOMPARE(r.accepted, QList<QByteArray>{"c@b.example"});
            QCOMPARE(r.rejected.size(), 1);
            QCOMPARE(r.rejected.first().reply.code, 550);
            QCOMPARE(r.rejected.first().reply.enhanced, QByteArray("5.1.1"));
            QVERIFY(hasEvent(events, SessionEvent::Kind::Notice, "refused b@b.example: 550 5.1.1"));
        };
        list << c;
    }
    list << Case{"all-rejected-then-next", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<b@b.example>
S: 550 5.1.1 no
C: RCPT TO:<c@b.example>
S: 551 5.1.6 moved
C: RSET
S: 250 2.0.0 Ok
C: MAIL FROM:<a@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<d@b.example>
S: 250 2.1.5 Ok
C: DATA
S: 354 go
)" + kBody + R"(
S: 250 2.0.0 Ok
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message({"b@b.example", "c@b.example"}), message({"d@b.example"})},
        {Outcome::PermanentFailure, Outcome::Delivered}, {}};
    list << Case{"all-rejected-last", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<b@b.example>
S: 550 5.1.1 no
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message()}, {Outcome::PermanentFailure}, {}};
    list << Case{"mail-4xx-then-5xx", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
S: 451 4.3.0 try later
C: RSET
S: 250 Ok
C: MAIL FROM:<a@a.example>
S: 553 5.7.1 sender rejected
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message(), message()}, {Outcome::TemporaryFailure, Outcome::PermanentFailure}, {}};
    list << Case{"data-4xx-and-5xx", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 554 5.5.1 no thanks
C: RSET
S: 250 Ok
C: MAIL FROM:<a@a.example>
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 354 go
)" + kBody + R"(
S: 452 4.3.1 Insufficient system storage
C: MAIL FROM:<a@a.example>
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 354 go
)" + kBody + R"(
S: 552 5.3.4 too big after all
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message(), message(), message()},
        {Outcome::PermanentFailure, Outcome::TemporaryFailure, Outcome::PermanentFailure}, {}};
    list << Case{"dot-stuffing", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 354 go
C: ..
C: ..hidden
C: ...two
C: not.at.start
C: .
S: 250 Ok
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message({"b@b.example"}, ".\r\n.hidden\r\n..two\r\nnot.at.start")}, {Outcome::Delivered}, {}};
    list << Case{"bare-lf-cr-and-8bit", kEhloPlain + R"(
C: MAIL FROM:<a@a.example> BODY=8BITMIME
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
S: 354 go
C: one
C: two
C: three
C:
C: ..four caf\xc3\xa9
C: .
S: 250 Ok
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message({"b@b.example"}, "one\ntwo\rthree\r\n\n.four caf\xc3\xa9\n")}, {Outcome::Delivered}, {}};
    list << Case{"8bit-without-8bitmime", R"(
S: 220 mx ESMTP
C: EHLO client.example
S: 250 mx
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message({"b@b.example"}, "caf\xc3\xa9\r\n")}, {Outcome::PermanentFailure}, {}};
    list << Case{"greeting-554", R"(
S: 554 5.7.1 no service for you
C: QUIT
S: 221 Bye
! close
)", baseConfig(), {message()}, {Outcome::PermanentFailure}, {}};
    list << Case{"server-421", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
S: 421 4.3.2 shutting down
! close
)", baseConfig(), {message(), message()}, {Outcome::TemporaryFailure, Outcome::TemporaryFailure}, {}};
    {
        SmtpClientConfig config = baseConfig();
        config.timeouts = config.timeouts.scaled(0.001);
        Case c{"timeout-greeting", R"(
! expect-timeout 300
! timeout
! close
)", config, {message()}, {Outcome::ConnectionFailure}, {}};
        c.check = [](const SmtpClientSession &s, const std::vector<SessionEvent> &events) {
            QVERIFY(hasEvent(events, SessionEvent::Kind::Error, "no reply to the greeting within 300 ms"));
            QCOMPARE(s.pendingTimeoutMs(), 0);
        };
        list << c;
        list << Case{"timeout-data-end", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
S: 250 Ok
C: RCPT TO:<b@b.example>
S: 250 Ok
C: DATA
! expect-timeout 120
S: 354 go
)" + kBody + R"(
! expect-timeout 780
! timeout
! close
)", config, {message()}, {Outcome::ConnectionFailure}, {}};
    }
    list << Case{"garbled-reply", R"(
S: 220 mx ESMTP
C: EHLO client.example
S: hello?
! close
)", baseConfig(), {message()}, {Outcome::ConnectionFailure}, {}};
    list << Case{"connection-lost", kEhloPlain + R"(
C: MAIL FROM:<a@a.example>
! lost
)", baseConfig(), {message()}, {Outcome::ConnectionFailure}, {}};
    return list;
}

} // namespace

class TestSmtpClientSession : public QObject
{
    Q_OBJECT
private slots:
    void scripts_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("feed");
        const QList<Case> all = cases();
        for (int i = 0; i < all.size(); ++i) {
            QTest::newRow((all[i].name + " whole").constData()) << i << int(ConversationScript::Feed::Whole);
            QTest::newRow((all[i].name + " bytewise").constData()) << i << int(ConversationScript::Feed::ByteByByte);
        }
    }

    void scripts()
    {
        QFETCH(int, index);
        QFETCH(int, feed);
        const Case c = cases().at(index);
        SmtpClientSession session(c.config, c.messages);
        std::vector<SessionEvent> events;
        auto collect = [&] {
            for (SessionEvent &e : session.takeEvents())
                events.push_back(std::move(e));
        };
        const QString err = ConversationScript::run(
            session, ConversationScript::unescape(c.script), ConversationScript::Feed(feed),
            [&](const QByteArray &directive) {
                collect();
                if (directive == "tls") {
                    session.tlsEstablished();
                } else if (directive == "timeout") {
                    session.timeout();
                } else if (directive == "lost") {
                    session.connectionLost();
                } else if (directive.startsWith("expect-timeout ")) {
                    QCOMPARE(session.pendingTimeoutMs(), directive.mid(15).toInt());
                } else {
                    QFAIL(directive.constData());
                }
            });
        QVERIFY2(err.isEmpty(), qPrintable(err));
        collect();
        QVERIFY(session.isFinished());
        QList<Outcome> outcomes;
        for (const auto &r : session.results())
            outcomes << r.outcome;
        QCOMPARE(outcomes, c.outcomes);
        if (c.check)
            c.check(session, events);
    }

    void replyParser_data()
    {
        QTest::addColumn<QList<QByteArray>>("lines");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("enhanced");
        QTest::addColumn<int>("lineCount");
        QTest::newRow("bare code") << QList<QByteArray>{"250"} << 250 << QByteArray() << 1;
        QTest::newRow("enhanced") << QList<QByteArray>{"250 2.1.5 Ok"} << 250 << QByteArray("2.1.5") << 1;
        QTest::newRow("enhanced only") << QList<QByteArray>{"550 5.1.1"} << 550 << QByteArray("5.1.1") << 1;
        QTest::newRow("three-digit parts") << QList<QByteArray>{"451 4.123.456 x"} << 451 << QByteArray("4.123.456") << 1;
        QTest::newRow("class mismatch") << QList<QByteArray>{"250 5.1.1 odd"} << 250 << QByteArray() << 1;
        QTest::newRow("not enhanced") << QList<QByteArray>{"250 2.0 Ok"} << 250 << QByteArray() << 1;
        QTest::newRow("four-digit part") << QList<QByteArray>{"250 2.0.0000 Ok"} << 250 << QByteArray() << 1;
        QTest::newRow("multi-line") << QList<QByteArray>{"250-mx", "250-PIPELINING", "250 SIZE 10"} << 250
                                    << QByteArray() << 3;
        QTest::newRow("long line") << QList<QByteArray>{"250 " + QByteArray(2000, 'x')} << 250 << QByteArray() << 1;
    }

    void replyParser()
    {
        QFETCH(QList<QByteArray>, lines);
        QFETCH(int, code);
        QFETCH(QByteArray, enhanced);
        QFETCH(int, lineCount);
        SmtpReplyParser parser;
        for (int i = 0; i < lines.size(); ++i) {
            QCOMPARE(parser.feedLine(lines[i]), i + 1 == lines.size() ? SmtpReplyParser::Status::Complete
                                                                     : SmtpReplyParser::Status::Incomplete);
        }
        const SmtpReply reply = parser.takeReply();
        QCOMPARE(reply.code, code);
        QCOMPARE(reply.enhanced, enhanced);
        QCOMPARE(reply.lines.size(), lineCount);
    }

    void replyParserRejectsGarbage_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("text") << QByteArray("hello");
        QTest::newRow("short") << QByteArray("25");
        QTest::newRow("bad separator") << QByteArray("250+x");
        QTest::newRow("class 1") << QByteArray("150 x");
        QTest::newRow("class 6") << QByteArray("650 x");
    }

    void replyParserRejectsGarbage()
    {
        QFETCH(QByteArray, line);
        SmtpReplyParser parser;
        QCOMPARE(parser.feedLine(line), SmtpReplyParser::Status::Malformed);
        // and it still parses the next good reply
        QCOMPARE(parser.feedLine("250 2.0.0 Ok"), SmtpReplyParser::Status::Complete);
        QCOMPARE(parser.takeReply().code, 250);
    }

    void encodeData_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("output");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("no final newline") << QByteArray("a") << QByteArray("a\r\n");
        QTest::newRow("crlf kept") << QByteArray("a\r\nb\r\n") << QByteArray("a\r\nb\r\n");
        QTest::newRow("bare lf") << QByteArray("a\nb\n") << QByteArray("a\r\nb\r\n");
        QTest::newRow("bare cr") << QByteArray("a\rb") << QByteArray("a\r\nb\r\n");
        QTest::newRow("lf cr") << QByteArray("a\n\rb") << QByteArray("a\r\n\r\nb\r\n");
        QTest::newRow("dots") << QByteArray(".\n..\na.b\n.x") << QByteArray("..\r\n...\r\na.b\r\n..x\r\n");
        QTest::newRow("smuggling attempt") << QByteArray("x\n.\nMAIL FROM:<evil>\r\n")
                                           << QByteArray("x\r\n..\r\nMAIL FROM:<evil>\r\n");
    }

    void encodeData()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, output);
        QCOMPARE(SmtpClientSession::encodeData(input), output);
    }
};

QTEST_GUILESS_MAIN(TestSmtpClientSession)
#include "tst_smtpclientsession.moc"
