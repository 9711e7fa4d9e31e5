#include "explain/ConversationExplainer.h"

#include <QTest>

using mf::ConversationExplainer;
using mf::Direction;
using mf::Language;

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
            "RFC 5321 §4.2.2", "RFC 5321 §4.1.1.1", "RFC 5321 §4.2.2", "RFC 2920", "RFC 1870", "RFC 3207",
            "RFC 5321 §4.1.1.2", "RFC 5321 §4.1.1.3", "RFC 5321 §4.1.1.4", "RFC 5321 §4.2.2", "RFC 5321 §4.2.2",
            "RFC 5321 §4.1.1.4",
            // content lines, even one that reads like a command, then the end of data
            "RFC 5321 §4.1.1.4, RFC 5322", "RFC 5321 §4.1.1.4, RFC 5322", "RFC 5321 §4.5.2",
            "RFC 5321 §4.2.2", "RFC 5321 §4.1.1.10", "RFC 5321 §4.2.2",
            "RFC 4954 §4", "RFC 4954 §4", "RFC 4954 §4, RFC 4616", "RFC 4954 §6", "RFC 5321 §4.2.1",
        };
        QCOMPARE(references(ConversationExplainer::Protocol::Smtp, conversation), expected);
    }

    void pop3Conversation()
    {
        const QStringList conversation{
            "S: +OK MailFlow POP3 ready", "C: CAPA", "S: +OK Capability list follows", "S: TOP", "S: UIDL",
            "S: .", "C: USER bob@b.example", "S: +OK", "C: RETR 1", "S: +OK 120 octets", "S: Subject: hi",
            "S: ..a stuffed line", "S: .", "C: DELE 1", "S: +OK", "C: QUIT", "S: +OK bye",
            "C: USER bob", "S: -ERR [IN-USE] locked",
        };
        const QStringList refs = references(ConversationExplainer::Protocol::Pop3, conversation);
        QCOMPARE(refs[0], "RFC 1939 §4");
        QCOMPARE(refs[1], "RFC 2449 §5");
        QCOMPARE(refs[3], "RFC 2449 §6.1");
        QCOMPARE(refs[5], "RFC 1939 §3");
        QCOMPARE(refs[10], "RFC 1939 §3"); // message line, not a command
        QCOMPARE(refs[13], "RFC 1939 §5");
        QCOMPARE(refs[16], "RFC 1939 §6");
        QCOMPARE(refs[18], "RFC 2449 §8.1.1");
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
            "S: * 1 FETCH (UID 1 BODY[] {9}",
            "S: Subject",
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
        QCOMPARE(refs[7], "RFC 3501 §4.3");
        QCOMPARE(refs[11], "RFC 3501 §7.1.5");
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
