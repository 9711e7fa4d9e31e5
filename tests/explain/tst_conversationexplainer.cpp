#include "explain/ConversationExplainer.h"
#include "explain/ExplanationTables.h"

#include <QTest>

using mf::ConversationExplainer;
using mf::Direction;
using mf::Explanation;
using mf::Language;

Q_DECLARE_METATYPE(Language)

namespace {

// An SMTP session up to the message content: every line after this is a line of the message.
const QStringList kSmtpUpToData{
    "S: 220 mx.b.example ESMTP MailFlow", "C: EHLO mx.a.example", "S: 250-mx.b.example", "S: 250 PIPELINING",
    "C: MAIL FROM:<alice@a.example>", "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@b.example>", "S: 250 2.1.5 Ok",
    "C: DATA", "S: 354 End data with <CR><LF>.<CR><LF>",
};

// The lines of a message (as the sender's MTA receives it), one per line, client direction.
QStringList asClient(const QStringList &lines)
{
    QStringList out;
    for (const QString &l : lines)
        out << "C: " + l;
    return out;
}

QStringList asServer(const QStringList &lines)
{
    QStringList out;
    for (const QString &l : lines)
        out << "S: " + l;
    return out;
}

} // namespace

class TestConversationExplainer : public QObject
{
    Q_OBJECT
private:
    // Runs a C:/S: conversation through an explainer; returns each line's reference, "" when unexplained.
    static QStringList references(ConversationExplainer::Protocol protocol, const QStringList &lines,
                                  Language language = Language::English, QStringList *texts = nullptr)
    {
        ConversationExplainer explainer(protocol, language);
        QStringList refs;
        for (const QString &l : lines) {
            const Direction dir = l.startsWith("C: ") ? Direction::Client : Direction::Server;
            const auto e = explainer.explain(dir, l.mid(3).toUtf8());
            refs << e.reference;
            if (texts)
                *texts << e.text;
        }
        return refs;
    }

    static QList<Explanation> explainAll(ConversationExplainer::Protocol protocol, const QStringList &lines,
                                         Language language = Language::English)
    {
        ConversationExplainer explainer(protocol, language);
        QList<Explanation> out;
        for (const QString &l : lines) {
            const Direction dir = l.startsWith("C: ") ? Direction::Client : Direction::Server;
            out << explainer.explain(dir, l.mid(3).toUtf8());
        }
        return out;
    }

    // The explanation of the last line of `lines`.
    static Explanation lastOf(ConversationExplainer::Protocol protocol, const QStringList &lines,
                              Language language = Language::English)
    {
        return explainAll(protocol, lines, language).constLast();
    }

    static void verifySpecific(const Explanation &e)
    {
        QVERIFY2(!e.isEmpty(), "no explanation");
        QVERIFY2(!mf::explain::isGenericFallback(e.text), qPrintable(e.text));
        QVERIFY2(!mf::explain::isGenericFallback(e.combined()), qPrintable(e.combined()));
        QVERIFY2(!e.reference.isEmpty(), qPrintable(e.text));
    }

private slots:
    void smtpConversation()
    {
        const QStringList conversation{
            "S: 220 mx.b.example ESMTP MailFlow",
            "C: EHLO mx.a.example",
            "S: 250-mx.b.example",
            "S: 250-PIPELINING",
            "S: 250-SIZE 10240000",
            "S: 250 STARTTLS",
            "C: MAIL FROM:<alice@a.example>",
            "C: RCPT TO:<bob@b.example>",
            "C: DATA",
            "S: 250 2.1.0 Ok",
            "S: 250 2.1.5 Ok",
            "S: 354 End data with <CR><LF>.<CR><LF>",
            "C: Subject: hello",
            "C: QUIT",
            "C: .",
            "S: 250 2.0.0 Ok: queued as 1",
            "C: QUIT",
            "S: 221 2.0.0 Bye",
            "C: AUTH PLAIN",
            "S: 334 ",
            "C: AGFsaWNlAHNlY3JldA==",
            "S: 235 2.7.0 Authentication successful",
            "S: 599 something odd",
        };
        const QStringList expected{
            // the greeting, and the EHLO reply's first line, are explained by what they answer
            "RFC 5321 §3.1", "RFC 5321 §4.1.1.1", "RFC 5321 §4.1.1.1", "RFC 2920", "RFC 1870", "RFC 3207",
            "RFC 5321 §4.1.1.2", "RFC 5321 §4.1.1.3", "RFC 5321 §4.1.1.4", "RFC 5321 §4.1.1.2", "RFC 5321 §4.1.1.3",
            "RFC 5321 §4.1.1.4",
            // content lines (a header field, then a line that reads like a command but is in the header), the end of data
            "RFC 5322 §3.6.5", "RFC 5322 §2.2", "RFC 5321 §4.5.2",
            // the end of DATA: the server is now responsible (§6.1)
            "RFC 5321 §4.1.1.4, §6.1", "RFC 5321 §4.1.1.10", "RFC 5321 §4.2.2",
            "RFC 4954 §4", "RFC 4954 §4", "RFC 4954 §4, RFC 4616", "RFC 4954 §6", "RFC 5321 §4.2.1",
        };
        QCOMPARE(references(ConversationExplainer::Protocol::Smtp, conversation), expected);
    }

    // serve records only the first lines of each transfer's data: the explainer says which lines are data.
    void dataLinesAreMarked()
    {
        auto marks = [](ConversationExplainer::Protocol protocol, const QStringList &conversation) {
            ConversationExplainer explainer(protocol, Language::English);
            QString out;
            for (const QString &line : conversation) {
                explainer.explain(line.startsWith("C:") ? Direction::Client : Direction::Server, line.mid(3).toUtf8());
                out += explainer.lastLineWasData() ? QLatin1Char('d') : QLatin1Char('-');
            }
            return out;
        };
        QCOMPARE(marks(ConversationExplainer::Protocol::Smtp,
                       {"S: 220 mx ESMTP", "C: DATA", "S: 354 go ahead", "C: Subject: hi", "C: ", "C: ..body",
                        "C: .", "S: 250 2.0.0 Ok", "C: NOOP", "S: 250 2.0.0 Ok"}),
                 QString("---ddd----"));
        QCOMPARE(marks(ConversationExplainer::Protocol::Pop3,
                       {"S: +OK ready", "C: RETR 1", "S: +OK 20 octets", "S: Subject: hi", "S: ", "S: body", "S: .",
                        "C: LIST", "S: +OK", "S: 1 20", "S: .", "C: NOOP", "S: +OK"}),
                 QString("---ddd---d---"));
        QCOMPARE(marks(ConversationExplainer::Protocol::Imap,
                       {"S: * OK ready", "C: a FETCH 1 BODY[]", "S: * 1 FETCH (BODY[] {19}", "S: Subject: hi",
                        "S: ", "S: body", "S: )", "S: a OK done", "C: b NOOP", "S: b OK done"}),
                 QString("---ddd----"));
    }

    void pop3Conversation()
    {
        const QStringList conversation{
            "S: +OK MailFlow POP3 ready", "C: CAPA", "S: +OK Capability list follows", "S: TOP", "S: UIDL",
            "S: .", "C: USER bob@b.example", "S: +OK", "C: RETR 1", "S: +OK 120 octets", "S: Subject: hi",
            "S: ", "S: ..a stuffed line", "S: .", "C: DELE 1", "S: +OK", "C: QUIT", "S: +OK bye",
            "C: USER bob", "S: -ERR [IN-USE] locked",
        };
        const QStringList refs = references(ConversationExplainer::Protocol::Pop3, conversation);
        QCOMPARE(refs[0], "RFC 1939 §4");
        QCOMPARE(refs[1], "RFC 2449 §5");
        QCOMPARE(refs[3], "RFC 2449 §6.1");
        QCOMPARE(refs[5], "RFC 1939 §3");
        QCOMPARE(refs[10], "RFC 5322 §3.6.5"); // a header field of the message, not a command
        QCOMPARE(refs[11], "RFC 5322 §2.1");   // the empty line ends the header
        QCOMPARE(refs[12], "RFC 5321 §4.5.2, RFC 1939 §3"); // a body line whose dot was doubled
        QCOMPARE(refs[13], "RFC 1939 §3");
        QCOMPARE(refs[15], "RFC 1939 §5");
        QCOMPARE(refs[17], "RFC 1939 §6");
        QCOMPARE(refs[19], "RFC 2449 §8.1.1");
    }

    void imapConversation()
    {
        const QStringList conversation{
            "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready",
            "C: a1 SELECT INBOX",
            "S: * 2 EXISTS",
            "S: * OK [UIDVALIDITY 3857529045] UIDs valid",
            "S: a1 OK [READ-WRITE] SELECT completed",
            "C: a2 UID FETCH 1 BODY[]",
            "S: * 1 FETCH (UID 1 BODY[] {12}",
            "S: Subject: x",
            "S: )",
            "S: a2 OK done",
            "C: a3 LOGOUT",
            "S: * BYE logging out",
        };
        const QStringList refs = references(ConversationExplainer::Protocol::Imap, conversation);
        QCOMPARE(refs[0], "RFC 3501 §7.1.1, RFC 3501 §7.1");
        QCOMPARE(refs[1], "RFC 3501 §6.3.1");
        QCOMPARE(refs[2], "RFC 3501 §7.3.1");
        QCOMPARE(refs[3], "RFC 3501 §7.1.1, RFC 3501 §2.3.1.1");
        QCOMPARE(refs[5], "RFC 3501 §6.4.5, RFC 3501 §6.4.8");
        QCOMPARE(refs[6], "RFC 3501 §7.4.2");
        QCOMPARE(refs[7], "RFC 5322 §3.6.5"); // the literal is a message: its lines are header fields
        QCOMPARE(refs[9], "RFC 3501 §6.4.5");
        QCOMPARE(refs[11], "RFC 3501 §7.1.5");
    }

    // Each header field of the lessons' messages gets its own text, in both languages, with its RFC section:
    // over SMTP after 354, in a POP3 RETR answer and in an IMAP FETCH literal.
    void headerFields_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<Language>("language");
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("phrase"); // a phrase the text must contain

        struct Row { const char *line, *reference, *english, *indonesian; };
        const Row rows[] = {
            {"Received: from mx.a.example (mx.a.example [127.0.0.2])", "RFC 5321 §4.4", "bottom-up", "dari bawah ke atas"},
            {"Return-Path: <alice@a.example>", "RFC 5321 §4.4", "MAIL FROM", "MAIL FROM"},
            {"Delivered-To: bob@b.example", "RFC 9228 §4", "delivery agent", "agen pengantar"},
            {"From: Alice <alice@a.example>", "RFC 5322 §3.6.2", "not envelope", "bukan amplop"},
            {"Sender: secretary@a.example", "RFC 5322 §3.6.2", "actually sent", "sebenarnya mengirim"},
            {"To: bob@b.example", "RFC 5322 §3.6.3", "RCPT TO decides", "menentukan ke mana"},
            {"Cc: carol@c.example", "RFC 5322 §3.6.3", "RCPT TO", "RCPT TO"},
            {"Bcc: dave@d.example", "RFC 5322 §3.6.3", "never appears", "tidak pernah muncul"},
            {"Reply-To: team@a.example", "RFC 5322 §3.6.2", "replies", "balasan"},
            {"Subject: Hello Bob", "RFC 5322 §3.6.5", "topic", "judul"},
            {"Date: Mon, 1 Jan 2024 10:00:00 +0000", "RFC 5322 §3.6.1", "time zone", "zona waktu"},
            {"Message-Id: <1.2@a.example>", "RFC 5322 §3.6.4", "unique", "unik"},
            {"In-Reply-To: <0.1@b.example>", "RFC 5322 §3.6.4", "thread", "utas"},
            {"References: <0.1@b.example>", "RFC 5322 §3.6.4", "threads", "utas"},
            {"MIME-Version: 1.0", "RFC 2045 §4", "MIME", "MIME"},
            {"Content-Type: text/plain; charset=utf-8", "RFC 2045 §5, RFC 2046 §4.1.3", "text/plain", "text/plain"},
            {"Content-Type: multipart/mixed; boundary=\"=-abc\"", "RFC 2045 §5, RFC 2046 §5.1.3", "multipart/mixed", "multipart/mixed"},
            {"Content-Type: multipart/report; report-type=delivery-status; boundary=\"x\"", "RFC 2045 §5, RFC 6522 §3", "bounce", "bounce"},
            {"Content-Type: message/delivery-status", "RFC 2045 §5, RFC 3464 §2", "per failed recipient", "setiap penerima yang gagal"},
            {"Content-Type: image/png", "RFC 2045 §5", "what kind of data", "jenis data"},
            {"Content-Transfer-Encoding: base64", "RFC 2045 §6", "base64", "base64"},
            {"Content-Disposition: attachment; filename=a.txt", "RFC 2183 §2", "attachment", "lampiran"},
            {"Content-Description: Delivery report", "RFC 2045 §8", "label", "label"},
            {"Auto-Submitted: auto-replied", "RFC 3834 §5", "not a person", "bukan manusia"},
            {"X-MailFlow-Flow: 7", "RFC 5322 §3.6.8", "follow this one message", "mengikuti satu pesan"},
            {"X-Mailer: Foo 1.0", "RFC 5322 §3.6.8", "non-standard", "non-standar"},
            {"\tby mx.b.example (MailFlow) with ESMTP id 42", "RFC 5321 §4.4", "\"by\" names the server", "\"by\" menyebut server"},
        };
        for (const Row &r : rows) {
            for (Language language : {Language::English, Language::Indonesian}) {
                QTest::addRow("%s %s", r.line, language == Language::English ? "en" : "id")
                    << QString::fromUtf8(r.line) << language << QString::fromUtf8(r.reference)
                    << QString::fromUtf8(language == Language::English ? r.english : r.indonesian);
            }
        }
    }

    void headerFields()
    {
        QFETCH(QString, line);
        QFETCH(Language, language);
        QFETCH(QString, reference);
        QFETCH(QString, phrase);
        // A continuation row follows the field it continues.
        const QStringList before = line.startsWith('\t') ? QStringList{"Received: from mx.a.example ([127.0.0.2])"} : QStringList{};
        const QList<QPair<ConversationExplainer::Protocol, QStringList>> transports{
            {ConversationExplainer::Protocol::Smtp, kSmtpUpToData + asClient(before + QStringList{line})},
            {ConversationExplainer::Protocol::Pop3,
             QStringList{"S: +OK ready", "C: USER bob", "S: +OK", "C: PASS x", "S: +OK", "C: RETR 1", "S: +OK 300 octets"}
                 + asServer(before + QStringList{line})},
            {ConversationExplainer::Protocol::Imap,
             QStringList{"C: a2 UID FETCH 1 BODY.PEEK[]", "S: * 1 FETCH (UID 1 BODY[] {300}"} + asServer(before + QStringList{line})},
        };
        for (const auto &[protocol, conversation] : transports) {
            const Explanation e = lastOf(protocol, conversation, language);
            verifySpecific(e);
            QCOMPARE(e.reference, reference);
            QVERIFY2(e.text.contains(phrase), qPrintable(e.text));
        }
        // The field is named in both languages, and the two texts differ (no English left in the Indonesian).
        if (!line.startsWith('\t')) {
            const QString name = line.left(line.indexOf(':'));
            const Explanation e = lastOf(ConversationExplainer::Protocol::Smtp, kSmtpUpToData + asClient({line}), language);
            QVERIFY2(e.text.contains(name.startsWith("X-M") ? name.left(2) : name, Qt::CaseInsensitive), qPrintable(e.text));
            const Explanation other = lastOf(ConversationExplainer::Protocol::Smtp, kSmtpUpToData + asClient({line}),
                                             language == Language::English ? Language::Indonesian : Language::English);
            QVERIFY(other.text != e.text);
        }
    }

    // After the empty line the body follows: body lines get a body text, not a header field's; a dot-stuffed line
    // says why its dot is doubled; a line that looks like a field is body too.
    void bodyLines()
    {
        for (Language language : {Language::English, Language::Indonesian}) {
            const QList<Explanation> es = explainAll(ConversationExplainer::Protocol::Smtp,
                                                     kSmtpUpToData + asClient({"Subject: hi", "  continued", "", "Hi Bob,",
                                                                               "Subject: not a field here", "..a dot",
                                                                               "", "Alice", "."}),
                                                     language);
            const qsizetype first = kSmtpUpToData.size();
            QCOMPARE(es[first].reference, "RFC 5322 §3.6.5");
            QCOMPARE(es[first + 1].reference, "RFC 5322 §2.2.3");
            QVERIFY(es[first + 1].text.contains("Subject:"));
            QCOMPARE(es[first + 2].reference, "RFC 5322 §2.1");
            QVERIFY(es[first + 2].text.contains(language == Language::English ? "ends the header" : "mengakhiri header"));
            verifySpecific(es[first + 6]);
            QVERIFY(es[first + 6].text.contains(language == Language::English ? "paragraphs" : "paragraf"));
            for (qsizetype i : {first + 3, first + 4, first + 7}) {
                verifySpecific(es[i]);
                QCOMPARE(es[i].reference, "RFC 5322 §3.5");
                QVERIFY(es[i].text.contains(language == Language::English ? "message body" : "badan pesan"));
                QVERIFY(!es[i].text.contains(language == Language::English ? "header or body" : "header atau badan"));
            }
            QCOMPARE(es[first + 5].reference, "RFC 5321 §4.5.2, RFC 1939 §3");
            QCOMPARE(es[first + 8].reference, "RFC 5321 §4.5.2"); // the end of data
        }
    }

    // A multipart message: boundary lines, the part headers after them, base64 data, the closing boundary.
    void mimeParts()
    {
        const QStringList message{
            "From: alice@a.example", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed;", "\tboundary=\"=-AbC\"", // a boundary folded onto the next line
            "", "This is a multi-part message in MIME format.",
            "--=-AbC", "Content-Type: text/plain; charset=utf-8", "", "Hello", "",
            "--=-AbC", "Content-Type: application/octet-stream", "Content-Disposition: attachment; filename=x.bin",
            "Content-Transfer-Encoding: base64", "", "AAECAwQ=",
            "--=-AbC--", "the epilogue", ".",
        };
        const QList<Explanation> es = explainAll(ConversationExplainer::Protocol::Smtp, kSmtpUpToData + asClient(message));
        const qsizetype n = kSmtpUpToData.size();
        const QStringList expected{
            "RFC 5322 §3.6.2", "RFC 2045 §4", "RFC 2045 §5, RFC 2046 §5.1.3", "RFC 5322 §2.2.3",
            "RFC 5322 §2.1", "RFC 2046 §5.1.1" /* preamble */,
            "RFC 2046 §5.1.1" /* boundary */, "RFC 2045 §5, RFC 2046 §4.1.3", "RFC 2046 §5.1.1" /* part header ends */,
            "RFC 5322 §3.5", "RFC 5322 §3.5",
            "RFC 2046 §5.1.1", "RFC 2045 §5, RFC 2046 §4.5.1", "RFC 2183 §2", "RFC 2045 §6", "RFC 2046 §5.1.1", "RFC 2045 §6.8",
            "RFC 2046 §5.1.1" /* closing */, "RFC 2046 §5.1.1" /* epilogue */, "RFC 5321 §4.5.2",
        };
        QStringList refs;
        for (qsizetype i = n; i < es.size(); ++i) {
            verifySpecific(es[i]);
            refs << es[i].reference;
        }
        QCOMPARE(refs, expected);
        QVERIFY(es[n + 5].text.contains("preamble"));
        QVERIFY(es[n + 6].text.contains("boundary line"));
        QVERIFY(es[n + 8].text.contains("this part's header"));
        QVERIFY(es[n + 17].text.contains("closing boundary"));
        QVERIFY(es[n + 18].text.contains("epilogue"));
    }

    // A bounce (multipart/report) as the sender fetches it over POP3: the delivery-status fields and the returned
    // message's own header are explained too.
    void deliveryStatusNotification()
    {
        const QStringList message{
            "Return-Path: <>", "Delivered-To: alice@a.example",
            "Received: from localhost (localhost [127.0.0.1])", "\tby mx.a.example (MailFlow) with ESMTP id 9",
            "\tfor <alice@a.example>; Mon, 1 Jan 2024 10:00:02 +0000",
            "From: Mail Delivery System <MAILER-DAEMON@mx.a.example>", "To: alice@a.example",
            "Subject: Undelivered Mail Returned to Sender", "Date: Mon, 1 Jan 2024 10:00:02 +0000",
            "Message-Id: <b1@mx.a.example>", "Auto-Submitted: auto-replied", "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"=-r1\"", "",
            "--=-r1", "Content-Type: text/plain; charset=utf-8", "Content-Description: Notification", "",
            "This is the mail system at host mx.a.example.", "",
            "--=-r1", "Content-Type: message/delivery-status", "Content-Description: Delivery report", "",
            "Reporting-MTA: dns; mx.a.example", "Arrival-Date: Mon, 1 Jan 2024 10:00:00 +0000", "",
            "Final-Recipient: rfc822; bobby@b.example", "Original-Recipient: rfc822; bobby@b.example", "Action: failed",
            "Status: 5.1.1", "Remote-MTA: dns; mx.b.example",
            "Diagnostic-Code: 550 5.1.1 <bobby@b.example>: Recipient address rejected: User unknown", "",
            "--=-r1", "Content-Type: message/rfc822", "Content-Description: Undelivered Message", "",
            "Received: from a.example (a.example [127.0.0.2])", "From: alice@a.example", "To: bobby@b.example",
            "Subject: Are you there?", "X-MailFlow-Flow: 3", "", "Hello from Alice.",
            "--=-r1--", "",
        };
        for (Language language : {Language::English, Language::Indonesian}) {
            const QStringList conversation = QStringList{"S: +OK ready", "C: RETR 1", "S: +OK 2000 octets"} + asServer(message)
                                             + QStringList{"S: ."};
            const QList<Explanation> es = explainAll(ConversationExplainer::Protocol::Pop3, conversation, language);
            for (qsizetype i = 3; i < es.size(); ++i)
                verifySpecific(es[i]);
            const auto at = [&](const char *line) {
                const qsizetype i = message.indexOf(QString::fromUtf8(line));
                Q_ASSERT(i >= 0);
                return es[3 + i];
            };
            QCOMPARE(at("Reporting-MTA: dns; mx.a.example").reference, "RFC 3464 §2.2.2");
            QCOMPARE(at("Arrival-Date: Mon, 1 Jan 2024 10:00:00 +0000").reference, "RFC 3464 §2.2.5");
            QCOMPARE(at("Final-Recipient: rfc822; bobby@b.example").reference, "RFC 3464 §2.3.2");
            QCOMPARE(at("Original-Recipient: rfc822; bobby@b.example").reference, "RFC 3464 §2.3.1");
            QCOMPARE(at("Action: failed").reference, "RFC 3464 §2.3.3");
            QCOMPARE(at("Remote-MTA: dns; mx.b.example").reference, "RFC 3464 §2.3.5");
            QCOMPARE(at("Diagnostic-Code: 550 5.1.1 <bobby@b.example>: Recipient address rejected: User unknown").reference,
                     "RFC 3464 §2.3.6");
            const Explanation status = at("Status: 5.1.1");
            QCOMPARE(status.reference, "RFC 3464 §2.3.4, RFC 3463 §3.2, RFC 5321 §4.2.2");
            QVERIFY2(status.text.contains("b.example"), qPrintable(status.text));
            QCOMPARE(at("\tfor <alice@a.example>; Mon, 1 Jan 2024 10:00:02 +0000").reference, "RFC 5321 §4.4");
            QCOMPARE(at("Content-Type: message/rfc822").reference, "RFC 2045 §5, RFC 2046 §5.2.1");
            // The returned message's own header fields, then its body.
            QCOMPARE(at("Subject: Are you there?").reference, "RFC 5322 §3.6.5");
            QCOMPARE(at("X-MailFlow-Flow: 3").reference, "RFC 5322 §3.6.8");
            QCOMPARE(at("Hello from Alice.").reference, "RFC 5322 §3.5");
            QCOMPARE(at("This is the mail system at host mx.a.example.").reference, "RFC 5322 §3.5");
            QCOMPARE(es.constLast().reference, "RFC 1939 §3"); // the final dot
        }
    }

    // SMTP replies by their enhanced status code (RFC 3463) first, in the context of the command they answer.
    void enhancedStatusCodes_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("reply");
        QTest::addColumn<Language>("language");
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QStringList>("phrases");
        const Language en = Language::English, id = Language::Indonesian;
        QTest::newRow("550 5.1.1 en") << "RCPT TO:<carol@b.example>"
                                      << "550 5.1.1 <carol@b.example>: Recipient address rejected: User unknown" << en
                                      << "RFC 3463 §3.2, RFC 5321 §4.2.2"
                                      << QStringList{"does not exist at b.example", "bounce", "DSN"};
        QTest::newRow("550 5.1.1 id") << "RCPT TO:<carol@b.example>"
                                      << "550 5.1.1 <carol@b.example>: Recipient address rejected: User unknown" << id
                                      << "RFC 3463 §3.2, RFC 5321 §4.2.2"
                                      << QStringList{"tidak ada di b.example", "bounce", "DSN"};
        QTest::newRow("550 5.1.1 domain from RCPT") << "RCPT TO:<dave@c.example>" << "550 5.1.1 User unknown" << en
                                                    << "RFC 3463 §3.2, RFC 5321 §4.2.2" << QStringList{"c.example"};
        QTest::newRow("550-5.1.1 multi-line") << "RCPT TO:<carol@b.example>" << "550-5.1.1 <carol@b.example>: no such user"
                                              << en << "RFC 3463 §3.2, RFC 5321 §4.2.2" << QStringList{"b.example", "bounce"};
        QTest::newRow("554 5.7.1 relay") << "RCPT TO:<carol@c.example>" << "554 5.7.1 <carol@c.example>: Relay access denied"
                                         << en << "RFC 3463 §3.8, RFC 5321 §3.6.2" << QStringList{"relay mail to c.example"};
        QTest::newRow("554 5.7.1 relay id") << "RCPT TO:<carol@c.example>" << "554 5.7.1 <carol@c.example>: Relay access denied"
                                            << id << "RFC 3463 §3.8, RFC 5321 §3.6.2" << QStringList{"me-relay surat ke c.example"};
        QTest::newRow("550 5.7.1 over 550") << "RCPT TO:<carol@c.example>" << "550 5.7.1 Relaying denied" << en
                                            << "RFC 3463 §3.8, RFC 5321 §3.6.2" << QStringList{"relay"};
        QTest::newRow("550 without enhanced code") << "RCPT TO:<carol@c.example>" << "550 No such user" << en
                                                   << "RFC 5321 §4.2.2" << QStringList{"Permanent failure"};
        QTest::newRow("535 5.7.8") << "AUTH PLAIN AGFsaWNlAHdyb25n" << "535 5.7.8 Authentication credentials invalid" << en
                                   << "RFC 3463 §3.8, RFC 4954 §6" << QStringList{"password is wrong"};
        QTest::newRow("530 5.7.0") << "MAIL FROM:<a@a.example>" << "530 5.7.0 Authentication required" << en
                                   << "RFC 3463 §3.8, RFC 4954 §6" << QStringList{"log in"};
        QTest::newRow("554 5.6.0") << "." << "554 5.6.0 Message refused: a text line is longer than 1000 octets" << en
                                   << "RFC 3463 §3.7, RFC 5321 §4.5.3.1.6" << QStringList{"998"};
        QTest::newRow("552 5.3.4") << "." << "552 5.3.4 Message size exceeds fixed maximum message size" << en
                                   << "RFC 3463 §3.4, RFC 1870 §6.1" << QStringList{"too big"};
        QTest::newRow("451 4.3.0") << "." << "451 4.3.0 Error: queue file write error" << en << "RFC 3463 §3.4"
                                   << QStringList{"tries again later"};
        QTest::newRow("421 4.4.2") << "NOOP" << "421 4.4.2 mx.b.example Error: timeout exceeded" << en
                                   << "RFC 3463 §3.5, RFC 5321 §4.5.3.2" << QStringList{"dropped"};
        QTest::newRow("452 4.5.3") << "RCPT TO:<x@b.example>" << "452 4.5.3 Too many recipients" << en
                                   << "RFC 3463 §3.6, RFC 5321 §4.5.3.1.10" << QStringList{"Too many recipients"};
        QTest::newRow("500 5.5.2") << "FOO" << "500 5.5.2 Error: command not recognized" << en << "RFC 3463 §3.6"
                                   << QStringList{"Syntax error"};
        QTest::newRow("501 5.5.4") << "MAIL FROM:<a@a.example> SIZE=x" << "501 5.5.4 Bad SIZE parameter" << en
                                   << "RFC 3463 §3.6" << QStringList{"parameters"};
        QTest::newRow("503 5.5.1") << "RCPT TO:<x@b.example>" << "503 5.5.1 Error: need MAIL command" << en
                                   << "RFC 3463 §3.6, RFC 5321 §4.1.4" << QStringList{"wrong order"};
        QTest::newRow("501 5.1.3") << "RCPT TO:<bad address>" << "501 5.1.3 Bad recipient address syntax" << en
                                   << "RFC 3463 §3.2" << QStringList{"not written correctly"};
        QTest::newRow("end of DATA 250 2.0.0 en") << "." << "250 2.0.0 Ok: queued as 4F2A" << en << "RFC 5321 §4.1.1.4, §6.1"
                                                  << QStringList{"responsible for delivering"};
        QTest::newRow("end of DATA 250 2.0.0 id") << "." << "250 2.0.0 Ok: queued as 4F2A" << id << "RFC 5321 §4.1.1.4, §6.1"
                                                  << QStringList{"bertanggung jawab mengantarkannya"};
        QTest::newRow("end of DATA 250 2.6.0") << "." << "250 2.6.0 Message accepted" << en << "RFC 5321 §4.1.1.4, §6.1"
                                               << QStringList{"responsible"};
        QTest::newRow("DATA 554 5.5.1") << "DATA" << "554 5.5.1 Error: no valid recipients" << en
                                        << "RFC 5321 §3.3, RFC 2920 §3.1" << QStringList{"no recipient was accepted"};
        QTest::newRow("MAIL 250 2.1.0") << "MAIL FROM:<a@a.example>" << "250 2.1.0 Ok" << en << "RFC 5321 §4.1.1.2"
                                        << QStringList{"envelope sender"};
        QTest::newRow("RCPT 250 2.1.5") << "RCPT TO:<b@b.example>" << "250 2.1.5 Ok" << en << "RFC 5321 §4.1.1.3"
                                        << QStringList{"envelope recipient"};
        QTest::newRow("AUTH 235 2.7.0") << "AUTH PLAIN AGFsaWNlAHNlY3JldA==" << "235 2.7.0 Authentication successful" << en
                                        << "RFC 4954 §6" << QStringList{"logged in"};
        QTest::newRow("STARTTLS 220 2.0.0") << "STARTTLS" << "220 2.0.0 Ready to start TLS" << en << "RFC 3207 §4.2"
                                            << QStringList{"TLS"};
        QTest::newRow("QUIT 221 2.0.0") << "QUIT" << "221 2.0.0 Bye" << en << "RFC 5321 §4.2.2" << QStringList{"closes"};
        QTest::newRow("unknown enhanced code") << "RCPT TO:<b@b.example>" << "550 5.9.9 odd" << en << "RFC 5321 §4.2.2"
                                               << QStringList{"Permanent failure"};
    }

    void enhancedStatusCodes()
    {
        QFETCH(QString, command);
        QFETCH(QString, reply);
        QFETCH(Language, language);
        QFETCH(QString, reference);
        QFETCH(QStringList, phrases);
        const Explanation e = lastOf(ConversationExplainer::Protocol::Smtp,
                                     {"S: 220 mx.b.example ESMTP", "C: EHLO a", "S: 250 mx.b.example", "C: " + command, "S: " + reply},
                                     language);
        verifySpecific(e);
        QCOMPARE(e.reference, reference);
        for (const QString &p : phrases)
            QVERIFY2(e.text.contains(p), qPrintable(e.text));
    }

    // Failed logins say why, in POP3 and IMAP.
    void failedLogins()
    {
        using P = ConversationExplainer::Protocol;
        Explanation e = lastOf(P::Pop3, {"S: +OK ready", "C: USER bob", "S: +OK", "C: PASS wrong", "S: -ERR [AUTH] Invalid login or password"});
        QVERIFY2(e.text.contains("password is wrong"), qPrintable(e.text));
        e = lastOf(P::Pop3, {"S: +OK ready", "C: USER bob", "S: -ERR [AUTH] Plaintext authentication disallowed: TLS required"});
        QVERIFY2(e.text.contains("TLS"), qPrintable(e.text));
        e = lastOf(P::Pop3, {"S: +OK ready", "C: USER bob", "S: +OK", "C: PASS x", "S: -ERR [SYS/TEMP] busy"});
        QCOMPARE(e.reference, "RFC 3206 §5");
        e = lastOf(P::Pop3, {"S: +OK ready", "C: USER bob", "S: +OK", "C: PASS x", "S: -ERR [IN-USE] locked"});
        QCOMPARE(e.reference, "RFC 2449 §8.1.1");
        e = lastOf(P::Imap, {"S: * OK ready", "C: a1 LOGIN bob wrong", "S: a1 NO [AUTHENTICATIONFAILED] Authentication failed"});
        QVERIFY2(e.text.contains("user name or password is wrong"), qPrintable(e.text));
        e = lastOf(P::Imap, {"S: * OK ready", "C: a1 LOGIN bob wrong", "S: a1 NO [AUTHENTICATIONFAILED] Authentication failed"},
                   Language::Indonesian);
        QVERIFY2(e.text.contains("kata sandi salah"), qPrintable(e.text));
        e = lastOf(P::Imap, {"S: * OK ready", "C: a1 LOGIN bob secret", "S: a1 OK LOGIN completed"});
        QVERIFY2(e.text.contains("Logged in"), qPrintable(e.text));
        verifySpecific(e);
        // The greeting, and untagged OK lines with a response code, are specific; a bare OK is a generic fallback.
        const QList<Explanation> imap = explainAll(P::Imap, {"S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 SELECT INBOX",
                                                             "S: * OK [UIDNEXT 2] Predicted next UID",
                                                             "S: a1 OK [READ-WRITE] SELECT completed", "S: * OK still here"});
        QVERIFY2(imap[0].text.startsWith("The server greets"), qPrintable(imap[0].text));
        verifySpecific(imap[0]);
        QVERIFY2(imap[2].text.startsWith("The UID the next"), qPrintable(imap[2].text));
        verifySpecific(imap[2]);
        QVERIFY2(imap[3].text.contains("selected") && imap[3].text.contains("read-write"), qPrintable(imap[3].text));
        QVERIFY(mf::explain::isGenericFallback(imap[4].combined()));
    }

    // POP3 TOP and LIST/UIDL listings, and an IMAP APPEND literal, are explained specifically too.
    void otherMessageTransfers()
    {
        using P = ConversationExplainer::Protocol;
        QList<Explanation> es = explainAll(P::Pop3, {"S: +OK ready", "C: LIST", "S: +OK 1 messages", "S: 1 320", "S: .",
                                                     "C: UIDL", "S: +OK", "S: 1 abc", "S: .",
                                                     "C: TOP 1 0", "S: +OK", "S: From: a@a.example", "S: ", "S: ."});
        for (const Explanation &e : es)
            verifySpecific(e);
        QCOMPARE(es[3].reference, "RFC 1939 §5");
        QCOMPARE(es[7].reference, "RFC 1939 §7");
        QCOMPARE(es[11].reference, "RFC 5322 §3.6.2");
        es = explainAll(P::Imap, {"C: a3 APPEND Sent (\\Seen) {40}", "S: + Ready for literal data", "C: From: a@a.example",
                                  "C: ", "C: Hi there, this is it", "S: a3 OK [APPENDUID 1 5] APPEND completed"});
        QCOMPARE(es[2].reference, "RFC 5322 §3.6.2");
        QCOMPARE(es[3].reference, "RFC 5322 §2.1");
        QCOMPARE(es[4].reference, "RFC 5322 §3.5");
        QCOMPARE(es[5].reference, "RFC 3501 §6.3.11, RFC 4315 §3");
        // BODY[TEXT] is only a body; a literal that is not a message (a password) stays raw data.
        es = explainAll(P::Imap, {"C: a4 FETCH 1 BODY[TEXT]", "S: * 1 FETCH (BODY[TEXT] {7}", "S: Hello", "S: )"});
        QCOMPARE(es[2].reference, "RFC 5322 §3.5");
        es = explainAll(P::Imap, {"C: a5 LOGIN bob {6}", "S: + go", "C: secret"});
        QCOMPARE(es[2].reference, "RFC 3501 §4.3");
    }

    // Degenerate lines never slice out of bounds (debug builds assert on it).
    void shortLines_data()
    {
        QTest::addColumn<int>("protocol");
        QTest::addColumn<QString>("line");
        for (int p : {0, 1, 2}) {
            for (const char *line : {"C: a UID", "C: a UID ", "C: a", "C: ", "C: x", "S: ", "S: x", "S: a UID", "S: {",
                                     "S: }", "S: {}", "S: a OK [", "S: * 1", "S: 2", "S: 25", "S: 250", "S: 250-",
                                     "S: -ERR [", "C: a UID {3}", "S: * 1 FETCH (BODY[] {",
                                     // issue #15 item 3, and its neighbours: every short or degenerate form
                                     "C: UID", "C: uid", "C:  UID", "C: a  UID", "C: a uid", "C: a UID  ", "C: a UID\t",
                                     "C: a UID x", "C:  ", "C: a ", "C: a AUTHENTICATE", "C: a AUTHENTICATE ", "C: {",
                                     "C: }", "C: {}", "C: {+}", "C: a {+}", "C: a LOGIN {", "C: a LOGIN {x}", "C: DONE",
                                     "C: .", "C: *", "S: +", "S: + ", "S: *", "S: * ", "S: a", "S: a ", "S: * OK [",
                                     "S: * OK []", "S: * OK [ ]", "S: a OK [ALERT", "S: * 3", "S: * 3 ", "S: 250 ",
                                     "S: 25 ", "S: +OK", "S: -ERR", "S: +OK [", "S: 334", "S: 354", "S: 5", "S: 5.",
                                     "S: 550 5.", "S: 550 5.1.", "S: * 1 FETCH (BODY[]<", "S: * 1 FETCH (BODY[",
                                     "S: * 1 FETCH (BODY[] {-1}", "S: * 1 FETCH (RFC822 {99999999999999999999}"}) {
                QTest::addRow("%d %s", p, line) << p << QString::fromUtf8(line);
            }
        }
    }

    void shortLines()
    {
        QFETCH(int, protocol);
        QFETCH(QString, line);
        const auto p = ConversationExplainer::Protocol(protocol);
        // Alone, after a greeting, and inside a message.
        explainAll(p, {line});
        explainAll(p, {"S: * OK ready", line, line, "S: +OK", line});
        explainAll(p, kSmtpUpToData + QStringList{line, "C: ", line, "C: --", "C: .", line});
        explainAll(p, {"C: RETR 1", "S: +OK", line, "S: ", line});
        explainAll(p, {"S: * 1 FETCH (BODY[] {3}", line, line});
        if (line == "C: a UID" || line == "C: a UID ") {
            const Explanation e = lastOf(ConversationExplainer::Protocol::Imap, {line});
            QCOMPARE(e.reference, "RFC 3501 §6.4.8");
        }
    }

    // The refusals at the IMAP server's limits (docs/LIMITS.md) are explained by their response codes.
    void imapLimitReplies()
    {
        using P = ConversationExplainer::Protocol;
        const Explanation limit = lastOf(P::Imap, {"S: * OK ready", "C: c CREATE a/b", "S: c NO [LIMIT] Mailbox hierarchy too deep (limit 32 levels)"});
        verifySpecific(limit);
        QCOMPARE(limit.reference, "RFC 3501 §7.1.2, RFC 5530 §3");
        QVERIFY2(limit.text.contains("limits"), qPrintable(limit.text));
        const Explanation tooBig = lastOf(P::Imap, {"S: * OK ready", "C: a SEARCH TEXT {0+}", "S: a BAD [TOOBIG] Command too long (limit 262144 octets)"});
        verifySpecific(tooBig);
        QVERIFY2(tooBig.reference.contains("RFC 5530"), qPrintable(tooBig.reference));
        verifySpecific(lastOf(P::Imap, {"S: * OK ready", "S: * BAD [TOOBIG] Literal too big"}, Language::Indonesian));
    }

    // Every prefix of real lines, in either direction, through every protocol's explainer: no prefix of a
    // line may slice past its end (issue #15: "a UID" before login).
    void everyPrefix()
    {
        const QByteArrayList lines{"a1 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From)])", "* 1 FETCH (UID 1 BODY[1.MIME] {12}",
                                   "a OK [APPENDUID 1 5] APPEND completed", "* OK [CAPABILITY IMAP4rev1] ready",
                                   "250-mx.b.example PIPELINING", "550 5.1.1 <carol@b.example>: unknown", "-ERR [AUTH] no",
                                   "+OK 2 messages", "+ go", "a AUTHENTICATE PLAIN", "MAIL FROM:<a@a.example> SIZE=10"};
        for (int p : {0, 1, 2, 3}) {
            for (const QByteArray &line : lines) {
                for (qsizetype n = 0; n <= line.size(); ++n) {
                    for (Direction dir : {Direction::Client, Direction::Server}) {
                        ConversationExplainer explainer(ConversationExplainer::Protocol(p), Language::English);
                        explainer.explain(dir, QByteArrayView(line).first(n));
                        explainer.explain(Direction::Server, "* OK ready");
                        explainer.explain(dir, QByteArrayView(line).first(n));
                        explainer.explain(dir, QByteArrayView(line).first(n));
                    }
                }
            }
        }
    }

    // Nested multiparts: at most kMaxBoundaries boundaries are remembered; a deeper one reads as body text.
    void boundedBoundaries()
    {
        QStringList message;
        const int depth = mf::MessageContentExplainer::kMaxBoundaries + 2;
        for (int i = 0; i < depth; ++i)
            message << QStringLiteral("Content-Type: multipart/mixed; boundary=b%1").arg(i) << "" << QStringLiteral("--b%1").arg(i);
        message << "Content-Type: text/plain" << "" << "deep";
        const QList<Explanation> es = explainAll(ConversationExplainer::Protocol::Smtp, kSmtpUpToData + asClient(message));
        const qsizetype n = kSmtpUpToData.size();
        for (int i = 0; i < mf::MessageContentExplainer::kMaxBoundaries; ++i)
            QVERIFY2(es[n + 3 * i + 2].text.contains("boundary line"), qPrintable(QString::number(i)));
        QCOMPARE(es[n + 3 * mf::MessageContentExplainer::kMaxBoundaries + 2].reference, "RFC 5322 §3.5");
    }

    // The generic texts are listed, and recognised in either language, alone or with their reference.
    void genericFallbacks()
    {
        const auto fallbacks = mf::explain::genericFallbacks();
        QVERIFY(fallbacks.size() >= 8);
        QVERIFY(fallbacks.contains(&mf::explain::common::unknownCommand));
        QVERIFY(fallbacks.contains(&mf::explain::common::multilineData));
        QVERIFY(fallbacks.contains(&mf::explain::common::literalData));
        QVERIFY(fallbacks.contains(&mf::explain::common::messageContent));
        QVERIFY(fallbacks.contains(&mf::explain::message::otherField));
        for (const mf::explain::Entry *e : fallbacks) {
            for (Language language : {Language::English, Language::Indonesian}) {
                const Explanation x{e->text.in(language), QString::fromUtf8(e->reference)};
                QVERIFY(mf::explain::isGenericFallback(x.text));
                QVERIFY(mf::explain::isGenericFallback(x.combined()));
            }
        }
        QVERIFY(!mf::explain::isGenericFallback(QString()));
        const Explanation unknown = lastOf(ConversationExplainer::Protocol::Smtp, {"C: FROB"});
        QVERIFY(mf::explain::isGenericFallback(unknown.combined()));
        const Explanation from = lastOf(ConversationExplainer::Protocol::Smtp, kSmtpUpToData + QStringList{"C: From: a@a.example"});
        QVERIFY(!mf::explain::isGenericFallback(from.combined()));
        const Explanation other = lastOf(ConversationExplainer::Protocol::Smtp, kSmtpUpToData + QStringList{"C: Frobnicate: 1"});
        QVERIFY(mf::explain::isGenericFallback(other.combined()));
    }

    // On a submission port the greeting names the host mail programs are set up with, not the MX name:
    // the explanation says why the same server has two names.
    void submissionGreetingExplainsItsName()
    {
        QVERIFY(ConversationExplainer::isSubmissionName(u"submission"));
        QVERIFY(ConversationExplainer::isSubmissionName(u"smtps"));
        QVERIFY(!ConversationExplainer::isSubmissionName(u"smtp"));
        for (const Language language : {Language::English, Language::Indonesian}) {
            ConversationExplainer submission(ConversationExplainer::Protocol::Smtp, language, true);
            const Explanation greeting = submission.explain(Direction::Server, "220 smtp.a.example ESMTP MailFlow");
            verifySpecific(greeting);
            QCOMPARE(greeting.reference, QString("RFC 6409 §3.1"));
            QVERIFY2(greeting.text.contains("port 25"), qPrintable(greeting.text));
            // The rest of the conversation reads as any SMTP one.
            QCOMPARE(submission.explain(Direction::Client, "EHLO ua.a.example").text,
                     lastOf(ConversationExplainer::Protocol::Smtp, {"S: 220 mx.b.example", "C: EHLO ua.a.example"}, language).text);
        }
        const Explanation relay = lastOf(ConversationExplainer::Protocol::Smtp, {"S: 220 mx.b.example ESMTP MailFlow"});
        QCOMPARE(relay.reference, QString("RFC 5321 §3.1"));
    }

    void indonesian()
    {
        QStringList en, id;
        references(ConversationExplainer::Protocol::Smtp, {"C: QUIT"}, Language::English, &en);
        references(ConversationExplainer::Protocol::Smtp, {"C: QUIT"}, Language::Indonesian, &id);
        QVERIFY(en[0].contains("goodbye"));
        QVERIFY(id[0].contains("berpamitan"));
    }
};

QTEST_GUILESS_MAIN(TestConversationExplainer)
#include "tst_conversationexplainer.moc"
