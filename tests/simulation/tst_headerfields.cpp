// The header lookups the routing makes on every message (MessageComposer.h): flow tag, Received: count
// and topmost "by", Delivered-To: values, DSN detection. Values are unfolded as RFC 5322 §2.2.3 says
// (line breaks removed, the whitespace after them kept).
#include "world/MessageComposer.h"

#include <QTest>

using namespace mf;

class TestHeaderFields : public QObject
{
    Q_OBJECT
private:
    static QByteArray relayed()
    {
        return "Received: from mx.a.example ([127.0.0.2])\r\n"
               "\tby mx.b.example (MailFlow) with ESMTPS id 7.1\r\n"
               "\tfor <bob@b.example>; Wed, 2 Dec 2026 15:59:34 +0000\r\n"
               "received: from ua.a.example ([127.0.0.1])\r\n"
               "        by mx.a.example (MailFlow) with ESMTPSA id 8.1\r\n"
               "Delivered-To: Bob@b.example\r\n"
               "Subject: a folded\r\n"
               " subject: with a colon\r\n"
               "X-MailFlow-Flow: m12.3\r\n"
               "Message-ID: <m12.99@a.example>\r\n"
               "\r\n"
               "Received: this body line is not a header field\r\n"
               "X-MailFlow-Flow: body\r\n";
    }

private slots:
    void valuesAreUnfoldedAndNamesCaseInsensitive_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("simple") << relayed() << QByteArray("X-MailFlow-Flow") << QByteArray("m12.3");
        QTest::newRow("name case") << relayed() << QByteArray("x-mailflow-FLOW") << QByteArray("m12.3");
        QTest::newRow("folded") << relayed() << QByteArray("Subject") << QByteArray("a folded subject: with a colon");
        QTest::newRow("first of several") << relayed() << QByteArray("Received")
                                          << QByteArray("from mx.a.example ([127.0.0.2])\tby mx.b.example (MailFlow) with ESMTPS id 7.1\tfor <bob@b.example>; Wed, 2 Dec 2026 15:59:34 +0000");
        QTest::newRow("continuation is not a field") << relayed() << QByteArray("subject: with a colon") << QByteArray();
        QTest::newRow("missing") << relayed() << QByteArray("Cc") << QByteArray();
        QTest::newRow("body ignored") << QByteArray("From: a@a.example\r\n\r\nX-Tag: body\r\n") << QByteArray("X-Tag") << QByteArray();
        QTest::newRow("bare LF") << QByteArray("From: a@a.example\nX-Tag: one\n two\n\nX-Tag: body\n") << QByteArray("X-Tag") << QByteArray("one two");
        QTest::newRow("line without colon inside a field") << QByteArray("X-Tag: one\r\nstray\r\n two\r\nNext: 1\r\n\r\n")
                                                            << QByteArray("X-Tag") << QByteArray("onestray two");
        QTest::newRow("no body") << QByteArray("X-Tag:  spaced  ") << QByteArray("X-Tag") << QByteArray("spaced");
        QTest::newRow("empty value") << QByteArray("X-Tag:\r\nNext: 1\r\n\r\n") << QByteArray("X-Tag") << QByteArray();
    }
    void valuesAreUnfoldedAndNamesCaseInsensitive()
    {
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QCOMPARE(headerValue(message, name), value);
    }

    void receivedFieldsAreCountedInTheHeaderOnly()
    {
        QCOMPARE(receivedCount(relayed()), 2);
        QCOMPARE(receivedCount("Subject: none\r\n\r\nReceived: body\r\n"), 0);
        QByteArray many;
        for (int i = 0; i < 101; ++i)
            many += "Received: from x by y\r\n";
        QCOMPARE(receivedCount(many + "\r\nbody\r\n"), 101);
    }

    void topmostReceivedNamesTheLastAcceptingHost()
    {
        QCOMPARE(receivedByHost(relayed()), QStringLiteral("mx.b.example"));
        QCOMPARE(receivedByHost("Received: from a (b)\r\n\tby MX.A.Example with ESMTP\r\n\r\n"), QStringLiteral("mx.a.example"));
        QCOMPARE(receivedByHost("Subject: no trace\r\n\r\n"), QString());
    }

    void deliveredToValuesAreLowerCased()
    {
        QCOMPARE(deliveredToValues(relayed()), QByteArrayList{"bob@b.example"});
        QCOMPARE(deliveredToValues("Delivered-To: a@x\r\nDELIVERED-TO: B@x\r\n\r\nDelivered-To: body@x\r\n"),
                 (QByteArrayList{"a@x", "b@x"}));
    }

    void deliveryStatusNotificationsAreRecognised()
    {
        QVERIFY(isDeliveryStatusNotification("Content-Type: multipart/report;\r\n report-type=delivery-status;\r\n boundary=\"b\"\r\n\r\n"));
        QVERIFY(!isDeliveryStatusNotification("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"));
        QVERIFY(!isDeliveryStatusNotification(relayed()));
    }
};

QTEST_GUILESS_MAIN(TestHeaderFields)
#include "tst_headerfields.moc"
