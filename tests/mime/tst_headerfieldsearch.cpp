// headerFieldContains (the SEARCH HEADER fast path) against the parse-and-decode answer it stands for,
// and MimeMessage::bodyText (SEARCH BODY/TEXT) on quoted-printable, base64 and multipart bodies.
#include "mime/HeaderFieldSearch.h"
#include "mime/MimeMessage.h"

#include <QTest>

using namespace mf;

namespace {

// What SEARCH HEADER answers when it parses: any decoded value contains the needle (case-insensitive).
bool parsedAnswer(const QByteArray &raw, const QByteArray &field, const QByteArray &needle)
{
    const MimeMessage m(raw);
    for (const QByteArray &v : m.decodedHeaderValues(field)) {
        if (needle.isEmpty() || QString::fromUtf8(v).contains(QString::fromUtf8(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

class TestHeaderFieldSearch : public QObject
{
    Q_OBJECT

private slots:
    void agreesWithParsing_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("needle");
        QTest::addColumn<int>("expected"); // 1 true, 0 false, -1 undecided
        const QByteArray plain = "From: Alice <alice@a.example>\r\nTo: bob@b.example\r\nSubject: Hello there\r\n"
                                 "Message-ID: <m1@a.example>\r\n\r\nbody Message-ID: <nope>\r\n";
        QTest::newRow("message-id") << plain << QByteArray("Message-ID") << QByteArray("<m1@a.example>") << 1;
        QTest::newRow("field name case") << plain << QByteArray("message-id") << QByteArray("M1@A.EXAMPLE") << 1;
        QTest::newRow("other field") << plain << QByteArray("Subject") << QByteArray("m1@a") << 0;
        QTest::newRow("only in the body") << plain << QByteArray("Message-ID") << QByteArray("nope") << 0;
        QTest::newRow("missing field") << plain << QByteArray("Cc") << QByteArray("a") << 0;
        QTest::newRow("empty needle, field present") << plain << QByteArray("To") << QByteArray() << 1;
        QTest::newRow("empty needle, field missing") << plain << QByteArray("Cc") << QByteArray() << 0;
        QTest::newRow("needle with a space") << plain << QByteArray("subject") << QByteArray("lo th") << 1;
        QTest::newRow("folded") << QByteArray("Subject: first\r\n\tsecond\r\n\r\n") << QByteArray("Subject")
                                << QByteArray("first\tsecond") << 1;
        QTest::newRow("across a fold without white space") << QByteArray("Subject: ab\r\n cd\r\n\r\n") << QByteArray("Subject")
                                                         << QByteArray("abcd") << 0;
        QTest::newRow("ignored line inside a field") << QByteArray("Subject: ab\r\nxy\r\n cd\r\n\r\n") << QByteArray("Subject")
                                                     << QByteArray("abxy") << 1;
        QTest::newRow("bare CR") << QByteArray("Subject: ab\rcd\r\n\r\n") << QByteArray("Subject") << QByteArray("abcd") << 1;
        QTest::newRow("name with space before colon") << QByteArray("Subject : hi\r\n\r\n") << QByteArray("Subject")
                                                      << QByteArray("hi") << 1;
        QTest::newRow("second of two fields") << QByteArray("Received: a\r\nReceived: b\r\n\r\n") << QByteArray("Received")
                                              << QByteArray("b") << 1;
        QTest::newRow("LF only") << QByteArray("Subject: hi\nTo: x\n\nSubject: body\n") << QByteArray("Subject")
                                 << QByteArray("body") << 0;
        QTest::newRow("no blank line") << QByteArray("Subject: hi") << QByteArray("Subject") << QByteArray("HI") << 1;
        QTest::newRow("encoded word: undecided") << QByteArray("Subject: =?UTF-8?Q?caf=C3=A9?=\r\n\r\n")
                                                 << QByteArray("Subject") << QByteArray("caf") << -1;
        QTest::newRow("encoded word in another field") << QByteArray("Subject: =?UTF-8?Q?caf=C3=A9?=\r\nTo: x\r\n\r\n")
                                                       << QByteArray("To") << QByteArray("caf") << 0;
        QTest::newRow("8-bit value: undecided") << QByteArray("Subject: caf\xc3\xa9\r\n\r\n") << QByteArray("Subject")
                                                << QByteArray("xyz") << -1;
        QTest::newRow("found before an undecided field") << QByteArray("Subject: abc\r\nSubject: =?x?q?y?=\r\n\r\n")
                                                          << QByteArray("Subject") << QByteArray("abc") << 1;
    }

    void agreesWithParsing()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, needle);
        QFETCH(int, expected);
        QByteArray scratch;
        const std::optional<bool> decided = headerFieldContains(raw, field, needle, scratch);
        QCOMPARE(decided.has_value() ? int(*decided) : -1, expected);
        if (decided)
            QCOMPARE(*decided, parsedAnswer(raw, field, needle));
    }

    void bodyTextDecodes_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("contains");
        QTest::addColumn<QString>("lacks");
        QTest::newRow("quoted-printable") << QByteArray("Content-Type: text/plain; charset=utf-8\r\n"
                                                       "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                                                       "caf=C3=A9 soft=\r\nbreak\r\n")
                                         << QStringLiteral("café softbreak") << QStringLiteral("=C3");
        QTest::newRow("base64") << QByteArray("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                                              "VGhlIHNlY3JldCB3b3JkIGlzIHphbnppYmFyLg0K\r\n")
                                << QStringLiteral("secret word is zanzibar") << QStringLiteral("VGhl");
        QTest::newRow("latin-1 quoted-printable") << QByteArray("Content-Type: text/plain; charset=iso-8859-1\r\n"
                                                               "Content-Transfer-Encoding: quoted-printable\r\n\r\nna=EFve\r\n")
                                                  << QStringLiteral("naïve") << QStringLiteral("=EF");
        QTest::newRow("multipart base64 part") << QByteArray("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nfirst part\r\n"
                                                            "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                                                            "cGVsaWNhbg==\r\n--b--\r\n")
                                               << QStringLiteral("pelican") << QStringLiteral("--b");
        QTest::newRow("plain") << QByteArray("Subject: x\r\n\r\nJust text =C3 here\r\n") << QStringLiteral("Just text =C3 here")
                               << QStringLiteral("Subject");
    }

    void bodyTextDecodes()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, contains);
        QFETCH(QString, lacks);
        const QString text = QString::fromUtf8(MimeMessage(raw).bodyText());
        QVERIFY2(text.contains(contains), qPrintable(text));
        QVERIFY2(!text.contains(lacks), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestHeaderFieldSearch)
#include "tst_headerfieldsearch.moc"
