#include "smtp/SmtpCommandParser.h"
#include "smtp/SmtpReply.h"
#include "smtp/SmtpTraceHeader.h"

#include <QTest>
#include <QTimeZone>

using namespace mf::smtp;
using Error = SmtpPathArgument::Error;

class TestSmtpCommandParser : public QObject
{
    Q_OBJECT
private slots:
    void paths_data()
    {
        QTest::addColumn<QByteArray>("argument");
        QTest::addColumn<bool>("isMail");
        QTest::addColumn<int>("error");
        QTest::addColumn<QByteArray>("address");

        QTest::newRow("plain") << QByteArray("FROM:<a@b.example>") << true << int(Error::None) << QByteArray("a@b.example");
        QTest::newRow("case") << QByteArray("from:<A@B.example>") << true << int(Error::None) << QByteArray("A@B.example");
        QTest::newRow("null") << QByteArray("FROM:<>") << true << int(Error::None) << QByteArray();
        QTest::newRow("null rcpt") << QByteArray("TO:<>") << false << int(Error::BadAddress) << QByteArray();
        QTest::newRow("space after colon") << QByteArray("FROM: <a@b.example>") << true << int(Error::None) << QByteArray("a@b.example");
        QTest::newRow("no brackets") << QByteArray("FROM:a@b.example") << true << int(Error::Syntax) << QByteArray();
        QTest::newRow("unclosed") << QByteArray("FROM:<a@b.example") << true << int(Error::Syntax) << QByteArray();
        QTest::newRow("quoted") << QByteArray("TO:<\"a>b c\"@b.example>") << false << int(Error::None) << QByteArray("\"a>b c\"@b.example");
        QTest::newRow("quoted pair") << QByteArray("TO:<\"a\\\"b\"@b.example>") << false << int(Error::None) << QByteArray("\"a\\\"b\"@b.example");
        QTest::newRow("source route") << QByteArray("TO:<@x.example,@y.example:a@b.example>") << false << int(Error::None) << QByteArray("a@b.example");
        QTest::newRow("postmaster") << QByteArray("TO:<Postmaster>") << false << int(Error::None) << QByteArray("Postmaster");
        QTest::newRow("bare user") << QByteArray("TO:<alice>") << false << int(Error::BadAddress) << QByteArray();
        QTest::newRow("address literal") << QByteArray("TO:<a@[192.0.2.1]>") << false << int(Error::None) << QByteArray("a@[192.0.2.1]");
        QTest::newRow("bad domain") << QByteArray("TO:<a@-b.example>") << false << int(Error::BadAddress) << QByteArray();
        QTest::newRow("double dot") << QByteArray("TO:<a..b@b.example>") << false << int(Error::BadAddress) << QByteArray();
        QTest::newRow("local 64") << QByteArray("TO:<" + QByteArray(64, 'l') + "@b.example>") << false << int(Error::None) << QByteArray(QByteArray(64, 'l') + "@b.example");
        QTest::newRow("local 65") << QByteArray("TO:<" + QByteArray(65, 'l') + "@b.example>") << false << int(Error::LocalPartTooLong) << QByteArray();
        const QByteArray longDomain = QByteArray(60, 'd') + '.' + QByteArray(60, 'd') + '.' + QByteArray(60, 'd') + '.' + QByteArray(60, 'd') + ".example";
        QTest::newRow("path 257") << QByteArray("TO:<abc@" + longDomain + ">") << false << int(Error::PathTooLong) << QByteArray();
        QTest::newRow("params") << QByteArray("FROM:<a@b.example> SIZE=10 BODY=8BITMIME") << true << int(Error::None) << QByteArray("a@b.example");
        QTest::newRow("bad param") << QByteArray("FROM:<a@b.example> SIZE=") << true << int(Error::Syntax) << QByteArray();
        QTest::newRow("junk after path") << QByteArray("FROM:<a@b.example>x") << true << int(Error::Syntax) << QByteArray();
    }

    void paths()
    {
        QFETCH(QByteArray, argument);
        QFETCH(bool, isMail);
        QFETCH(int, error);
        QFETCH(QByteArray, address);
        const SmtpPathArgument p = SmtpCommandParser::parsePath(argument, isMail ? "FROM:" : "TO:", isMail, !isMail);
        QCOMPARE(int(p.error), error);
        if (p.error == Error::None)
            QCOMPARE(p.address, address);
    }

    void parameters()
    {
        const SmtpPathArgument p = SmtpCommandParser::parsePath("FROM:<a@b.example> size=10 body=8BITMIME", "FROM:", true, false);
        QCOMPARE(p.parameters.size(), 2);
        QCOMPARE(p.parameter("SIZE")->value, QByteArray("10"));
        QCOMPARE(p.parameter("BODY")->value, QByteArray("8BITMIME"));
        QVERIFY(!p.parameter("AUTH"));
    }

    void commands()
    {
        SmtpCommand c = SmtpCommandParser::parseCommand("ehlo  client.example ");
        QCOMPARE(c.verb, QByteArray("EHLO"));
        QCOMPARE(c.argument, QByteArray(" client.example"));
        c = SmtpCommandParser::parseCommand("QUIT");
        QVERIFY(!c.hasArgument);
        c = SmtpCommandParser::parseCommand("RSET ");
        QVERIFY(!c.hasArgument);
    }

    void heloNames()
    {
        QVERIFY(SmtpCommandParser::isValidHeloName("client.example"));
        QVERIFY(SmtpCommandParser::isValidHeloName("my_host.example."));
        QVERIFY(SmtpCommandParser::isValidHeloName("[127.0.0.1]"));
        QVERIFY(SmtpCommandParser::isValidHeloName("[IPv6:::1]"));
        QVERIFY(!SmtpCommandParser::isValidHeloName("bad<name>"));
        QVERIFY(!SmtpCommandParser::isValidHeloName("a..b"));
    }

    void replies()
    {
        QCOMPARE(SmtpReply(250, "2.0.0", "Ok").toLines(), QByteArrayList{"250 2.0.0 Ok"});
        QCOMPARE(SmtpReply(250, {}, QByteArrayList{"host", "SIZE 10"}).toLines(),
                 (QByteArrayList{"250-host", "250 SIZE 10"}));
        QCOMPARE(SmtpReply(334, {}, "").toLines(), QByteArrayList{"334 "});
    }

    void traceHeader()
    {
        SmtpTraceHeader t;
        t.heloName = "client.example";
        t.peerAddress = QHostAddress("2001:db8::1");
        t.peerHostName = "client.example";
        t.byHost = "mx.a.example";
        t.protocol = "ESMTPSA";
        t.id = "X1";
        t.date = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone(-5 * 3600 - 1800));
        QCOMPARE(t.toField(), QByteArray("Received: from client.example (client.example [IPv6:2001:db8::1])\r\n"
                                         "\tby mx.a.example (MailFlow) with ESMTPSA id X1; Fri, 2 Jan 2026 03:04:05 -0530\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestSmtpCommandParser)
#include "tst_smtpcommandparser.moc"
