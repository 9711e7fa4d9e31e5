// The header lookups the routing makes on every message (MessageComposer.h): flow tag, Received: count
// and topmost "by", Delivered-To: values, DSN detection. Values are unfolded as RFC 5322 §2.2.3 says
// (line breaks removed, the whitespace after them kept).
#include "world/MessageComposer.h"
#include "world/MessageReader.h"

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

    // Outside mail (no X-MailFlow-Flow) is known by its content without the trace fields servers put on
    // top: the same from hop to hop, different for another message.
    void outsideMessageRootIgnoresTraceFields()
    {
        const QByteArray message = "From: a@x.example\r\nTo: bob@b.example\r\nSubject: one\r\n\r\nHello\r\n";
        const QString root = outsideMessageRoot(message);
        QVERIFY(root.startsWith("outside:"));
        QCOMPARE(outsideMessageRoot("Received: from x ([127.0.0.9])\r\n\tby mx.a.example; Mon, 7 Dec 2026 12:00:00 +0000\r\n" + message), root);
        QCOMPARE(outsideMessageRoot("Return-Path: <a@x.example>\r\nDelivered-To: bob@b.example\r\n"
                                    "Received: from a\r\nReceived: from b\r\n" + message), root);
        QVERIFY(outsideMessageRoot(QByteArray(message).replace("one", "two")) != root);
    }

    // The UA's text is UTF-8, as its Content-Type says (GMime alone would write "café" in ISO-8859-1).
    void composedTextIsUtf8()
    {
        OutgoingMail mail;
        mail.fromAddress = "alice@a.example";
        mail.to = QStringList{"bob@b.example"};
        mail.subject = "caf\u00e9";
        mail.body = QStringLiteral("Un caf\u00e9, s'il vous pla\u00eet.\n");
        mail.date = QDateTime::fromSecsSinceEpoch(1796647564, Qt::UTC);
        mail.messageId = "m1@a.example";
        const QByteArray bytes = composeMessage(mail);
        QVERIFY2(bytes.contains("Content-Type: text/plain; charset=utf-8"), bytes.constData());
        QVERIFY2(bytes.contains("Un caf\xc3\xa9, s'il vous pla\xc3\xaet."), bytes.constData());
        QVERIFY(!bytes.contains("quoted-printable")); // short lines: as they are
        QCOMPARE(readMessage(bytes).text.trimmed(), mail.body.trimmed());
    }

    // A body line longer than RFC 5322's 998 octets goes out quoted-printable (lines of at most 76
    // characters) and decodes back to the same text; shorter ones are left alone.
    void composedLongLinesAreQuotedPrintable_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<bool>("quotedPrintable");
        QTest::newRow("998 octets: as it is") << 998 << false;
        QTest::newRow("999 octets: quoted-printable") << 999 << true;
        QTest::newRow("5000 octets: quoted-printable") << 5000 << true;
    }
    void composedLongLinesAreQuotedPrintable()
    {
        QFETCH(int, length);
        QFETCH(bool, quotedPrintable);
        QString line;
        for (int i = 0; line.size() < length; ++i)
            line += QStringLiteral("word%1 = %1; ").arg(i);
        line.truncate(length);
        OutgoingMail mail;
        mail.fromAddress = "alice@a.example";
        mail.to = QStringList{"bob@b.example"};
        mail.subject = "long";
        mail.body = "First line.\n" + line + "\nLast line.\n";
        mail.date = QDateTime::fromSecsSinceEpoch(1796647564, Qt::UTC);
        mail.messageId = "m1@a.example";
        const QByteArray bytes = composeMessage(mail);
        QCOMPARE(bytes.contains("Content-Transfer-Encoding: quoted-printable"), quotedPrintable);
        int longest = 0;
        for (const QByteArray &l : bytes.split('\n'))
            longest = std::max(longest, int(l.size()) - 1); // without the CR
        QVERIFY2(longest <= (quotedPrintable ? 76 : 998), qPrintable(QString::number(longest)));
        QCOMPARE(readMessage(bytes).text, mail.body);
    }
};

QTEST_GUILESS_MAIN(TestHeaderFields)
#include "tst_headerfields.moc"
