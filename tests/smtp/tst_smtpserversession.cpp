#include "core/ConversationScript.h"
#include "smtp/SmtpServerSession.h"

#include <QTest>
#include <QTimeZone>

using namespace mf;
using namespace mf::smtp;

namespace {

// Holds commits until the script says "! commit <id>" or "! fail <code> <enh> <text>".
class HeldSink : public SmtpMessageSink
{
public:
    void commit(const SmtpMessage &message, Done done) override
    {
        messages.append(message);
        pending.append(std::move(done));
    }
    QList<SmtpMessage> messages;
    QList<Done> pending;
};

// Serves a.example (users alice and bob); anything else is relaying.
class TestPolicy : public SmtpRecipientPolicy
{
public:
    Decision check(const QByteArray &address, bool authenticated) const override
    {
        const QByteArray domain = SmtpCommandParser::domain(address).toLower();
        if (domain != "a.example")
            return authenticated ? Decision::Accept : Decision::RelayDenied;
        const QByteArray local = SmtpCommandParser::localPart(address).toLower();
        return local == "alice" || local == "bob" ? Decision::Accept : Decision::UnknownUser;
    }
};

class TestCredentials : public CredentialChecker
{
public:
    bool checkPassword(const QByteArray &login, const QByteArray &password) const override
    {
        return !canonicalAccount(login).isEmpty() && password == "alice-secret";
    }
    QByteArray canonicalAccount(const QByteArray &login) const override
    {
        return login == "alice" || login == "alice@a.example" ? QByteArray("alice@a.example") : QByteArray();
    }
};

const char *const kEhloPlain =
    "S: 250-mx.a.example\n"
    "S: 250-PIPELINING\n"
    "S: 250-SIZE 2000\n"
    "S: 250-STARTTLS\n"
    "S: 250-ENHANCEDSTATUSCODES\n"
    "S: 250 8BITMIME\n";

const char *const kEhloTlsAuth =
    "S: 250-mx.a.example\n"
    "S: 250-PIPELINING\n"
    "S: 250-SIZE 2000\n"
    "S: 250-AUTH PLAIN LOGIN\n"
    "S: 250-ENHANCEDSTATUSCODES\n"
    "S: 250 8BITMIME\n";

const char *const kEhloTlsNoAuth =
    "S: 250-mx.a.example\n"
    "S: 250-PIPELINING\n"
    "S: 250-SIZE 2000\n"
    "S: 250-ENHANCEDSTATUSCODES\n"
    "S: 250 8BITMIME\n";

QByteArray b64(const QByteArray &s) { return s.toBase64(); }

} // namespace

class TestSmtpServerSession : public QObject
{
    Q_OBJECT
private:
    void addRows(const char *name, const char *mode, const QByteArray &script)
    {
        QTest::newRow(QByteArray(name).append(" whole").constData()) << QByteArray(mode) << script << false;
        QTest::newRow(QByteArray(name).append(" bytewise").constData()) << QByteArray(mode) << script << true;
    }

    static SmtpServerConfig configFor(const QByteArray &mode)
    {
        SmtpServerConfig c = SmtpServerConfig::forMode(
            mode.startsWith("mx") ? SmtpServerConfig::Mode::Relay
                         : mode == "smtps" ? SmtpServerConfig::Mode::ImplicitTlsSubmission
                                           : SmtpServerConfig::Mode::Submission,
            "mx.a.example");
        c.maxMessageSize = 2000;
        if (mode == "mxauth")
            c.offerAuth = true;
        return c;
    }

private slots:
    void conversation_data()
    {
        QTest::addColumn<QByteArray>("mode");
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<bool>("byteByByte");

        const QByteArray greet = "S: 220 mx.a.example ESMTP MailFlow\n";
        const QByteArray ehlo = greet + "C: EHLO client.example\n" + kEhloPlain;

        addRows("simple delivery", "mx", ehlo +
            "C: MAIL FROM:<sender@b.example>\nS: 250 2.1.0 Ok\n"
            "C: RCPT TO:<alice@a.example>\nS: 250 2.1.5 Ok\n"
            "C: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\n"
            "C: Subject: hi\nC:\nC: ..dot line\nC: body\nC: .\n"
            "! commit Q17\n"
            "S: 250 2.0.0 Ok: queued as Q17\n"
            "! data Received: from client.example ([192.0.2.7])\\r\\n\\tby mx.a.example (MailFlow) with ESMTP id S1.1\\r\\n\\tfor <alice@a.example>; Fri, 27 Nov 2026 15:33:44 +0100\\r\\nSubject: hi\\r\\n\\r\\n.dot line\\r\\nbody\\r\\n\n"
            "C: QUIT\nS: 221 2.0.0 Bye\n! close\n");

        addRows("pipelined transaction waits for commit", "mx", ehlo +
            "C: MAIL FROM:<> BODY=8BITMIME\nC: RCPT TO:<alice@a.example>\nC: RCPT TO:<Bob@A.example>\nC: DATA\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 250 2.1.5 Ok\nS: 354 End data with <CR><LF>.<CR><LF>\n"
            "C: x\nC: .\nC: MAIL FROM:<a@b.example>\nC: RCPT TO:<bob@a.example>\nC: NOOP\n"
            "! commit 1\n"
            "S: 250 2.0.0 Ok: queued as 1\nS: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 250 2.0.0 Ok\n"
            "! envelope |alice@a.example,Bob@A.example|8BITMIME\n");

        addRows("commit failure is the DATA reply", "mx", ehlo +
            "C: MAIL FROM:<a@b.example>\nC: RCPT TO:<alice@a.example>\nC: DATA\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 354 End data with <CR><LF>.<CR><LF>\n"
            "C: x\nC: .\n"
            "! fail\n"
            "S: 451 4.3.0 Error: could not store the message\n"
            "C: RCPT TO:<alice@a.example>\nS: 503 5.5.1 Error: need MAIL command\n");

        addRows("HELO gets no extended reply", "mx", greet +
            "C: HELO client.example\nS: 250 mx.a.example\n"
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n"
            "C: RCPT TO:<alice@a.example>\nS: 250 2.1.5 Ok\n"
            "C: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: .\n! commit 2\nS: 250 2.0.0 Ok: queued as 2\n"
            "! data Received: from client.example ([192.0.2.7])\\r\\n\\tby mx.a.example (MailFlow) with SMTP id S1.1\\r\\n\\tfor <alice@a.example>; Fri, 27 Nov 2026 15:33:44 +0100\\r\\n\n");

        addRows("EHLO syntax errors leave state", "mx", ehlo +
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n"
            "C: EHLO\nS: 501 Syntax: EHLO hostname\n"
            "C: EHLO bad<name>\nS: 501 Invalid EHLO name\n"
            "C: RCPT TO:<alice@a.example>\nS: 250 2.1.5 Ok\n"
            "C: EHLO again.example\n" + kEhloPlain +
            "C: RCPT TO:<alice@a.example>\nS: 503 5.5.1 Error: need MAIL command\n");

        addRows("commands before EHLO", "mx", greet +
            "C: MAIL FROM:<a@b.example>\nS: 503 5.5.1 Error: send HELO/EHLO first\n"
            "C: RCPT TO:<alice@a.example>\nS: 503 5.5.1 Error: need MAIL command\n"
            "C: DATA\nS: 503 5.5.1 Error: need RCPT command\n"
            "C: NOOP\nS: 250 2.0.0 Ok\n"
            "C: EHLO client.example\n" + kEhloPlain);

        addRows("sequence errors keep the transaction", "mx", ehlo +
            "C: DATA\nS: 503 5.5.1 Error: need RCPT command\n"
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n"
            "C: MAIL FROM:<c@b.example>\nS: 503 5.5.1 Error: nested MAIL command\n"
            "C: DATA\nS: 554 5.5.1 Error: no valid recipients\n"
            "C: RCPT TO:<alice@a.example>\nS: 250 2.1.5 Ok\n"
            "C: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: .\n! commit 3\nS: 250 2.0.0 Ok: queued as 3\n"
            "! envelope a@b.example|alice@a.example|\n");

        addRows("unknown command keeps connection", "mx", ehlo +
            "C: FROB\nS: 500 5.5.2 Error: command not recognized\n"
            "C: \nS: 500 5.5.2 Error: bad syntax\n"
            "C: EXPN list\nS: 502 5.5.1 Error: EXPN not supported\n"
            "C: noop\nS: 250 2.0.0 Ok\n");

        addRows("parameters on RSET DATA QUIT", "mx", ehlo +
            "C: RSET now\nS: 501 5.5.4 Syntax: RSET\n"
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n"
            "C: RCPT TO:<alice@a.example>\nS: 250 2.1.5 Ok\n"
            "C: DATA please\nS: 501 5.5.4 Syntax: DATA\n"
            "C: QUIT now\nS: 501 5.5.4 Syntax: QUIT\n"
            "C: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: .\n! commit 4\nS: 250 2.0.0 Ok: queued as 4\n"
            "C: RSET\nS: 250 2.0.0 Ok\n");

        addRows("VRFY HELP NOOP", "mx", ehlo +
            "C: VRFY alice\nS: 252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery\n"
            "C: VRFY\nS: 501 5.5.4 Syntax: VRFY address\n"
            "C: HELP\nS: 214-2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP STARTTLS AUTH\n"
            "S: 214 2.0.0 See RFC 5321 for their syntax\n"
            "C: NOOP hello there\nS: 250 2.0.0 Ok\n");

        addRows("address syntax errors", "mx", ehlo +
            "C: MAIL FROM:a@b.example\nS: 501 5.5.2 Syntax: MAIL FROM:<address>\n"
            "C: MAIL FROM:<a b@b.example>\nS: 501 5.1.7 Bad sender address syntax\n"
            "C: MAIL FROM:<a@b..example>\nS: 501 5.1.7 Bad sender address syntax\n"
            "C: MAIL TO:<a@b.example>\nS: 501 5.5.2 Syntax: MAIL FROM:<address>\n"
            "C: MAIL FROM:<a@b.example> FOO=1\nS: 555 5.5.4 Unsupported option: FOO\n"
            "C: MAIL FROM:<a@b.example> BODY=BINARYMIME\nS: 501 5.5.4 Unsupported BODY type\n"
            "C: MAIL FROM:<\"quoted local\"@b.example>\nS: 250 2.1.0 Ok\n"
            "C: RCPT TO:<>\nS: 501 5.1.3 Bad recipient address syntax\n"
            "C: RCPT TO:alice@a.example\nS: 501 5.5.2 Syntax: RCPT TO:<address>\n"
            "C: RCPT TO:<alice@a.example> NOTIFY=NEVER\nS: 555 5.5.4 Unsupported option: NOTIFY\n"
            "C: RCPT TO:<" + QByteArray(65, 'x') + "@a.example>\nS: 501 5.1.3 Path too long\n"
            "C: RCPT TO:<@relay.example:alice@a.example>\nS: 250 2.1.5 Ok\n"
            "C: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: .\n! commit 9\nS: 250 2.0.0 Ok: queued as 9\n"
            "! envelope \"quoted local\"@b.example|alice@a.example|\n");

        addRows("recipient policy", "mx", ehlo +
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n"
            "C: RCPT TO:<nobody@a.example>\nS: 550 5.1.1 <nobody@a.example>: Recipient address rejected: User unknown\n"
            "C: RCPT TO:<someone@elsewhere.example>\nS: 554 5.7.1 <someone@elsewhere.example>: Relay access denied\n"
            "C: RCPT TO:<PostMaster>\nS: 250 2.1.5 Ok\n"
            "C: RCPT TO:<postmaster@a.example>\nS: 250 2.1.5 Ok\n"
            "C: RCPT TO:<postmaster@elsewhere.example>\nS: 554 5.7.1 <postmaster@elsewhere.example>: Relay access denied\n");

        addRows("SIZE at MAIL and during DATA", "mx", ehlo +
            "C: MAIL FROM:<a@b.example> SIZE=2001\nS: 552 5.3.4 Message size exceeds fixed limit\n"
            "C: MAIL FROM:<a@b.example> SIZE=abc\nS: 501 5.5.4 Bad SIZE parameter\n"
            "C: MAIL FROM:<a@b.example> SIZE=100\nS: 250 2.1.0 Ok\n"
            "C: RCPT TO:<alice@a.example>\nS: 250 2.1.5 Ok\n"
            "C: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\n"
            + QByteArray("C: ") + QByteArray(900, 'a') + "\nC: " + QByteArray(900, 'b') + "\nC: " + QByteArray(900, 'c') + "\nC: .\n"
            "S: 552 5.3.4 Message size exceeds fixed maximum message size\n"
            "C: RCPT TO:<alice@a.example>\nS: 503 5.5.1 Error: need MAIL command\n"
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n");

        addRows("bare LF never ends DATA", "mx", ehlo +
            "C: MAIL FROM:<a@b.example>\nC: RCPT TO:<alice@a.example>\nC: DATA\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 354 End data with <CR><LF>.<CR><LF>\n"
            "R: one\\n.\\nMAIL FROM:<evil@b.example>\\nstill data\\r\\n\n"
            "R: two\\r\\n.\\n\\r\\n\n"
            "R: .\\r\\n\n"
            "! commit 5\nS: 250 2.0.0 Ok: queued as 5\n"
            "! body one\\n.\\nMAIL FROM:<evil@b.example>\\nstill data\\r\\ntwo\\r\\n\\n\\r\\n\n");

        addRows("overlong command line", "mx", ehlo +
            "C: NOOP " + QByteArray(506, 'x') + "\nS: 500 5.5.2 Line too long\n"
            "C: NOOP " + QByteArray(505, 'x') + "\nS: 250 2.0.0 Ok\n"
            "C: MAIL FROM:<a@b.example> " + QByteArray(20000, 'x') + "\nS: 500 5.5.2 Line too long\n"
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n");

        addRows("overlong text line refused after the data", "mx", ehlo +
            "C: MAIL FROM:<a@b.example>\nC: RCPT TO:<alice@a.example>\nC: DATA\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 354 End data with <CR><LF>.<CR><LF>\n"
            "C: " + QByteArray(998, 'y') + "\nC: " + QByteArray(999, 'z') + "\nC: .\n"
            "S: 554 5.6.0 Message refused: a text line is longer than 1000 octets (RFC 5321 4.5.3.1.6)\n"
            "C: NOOP\nS: 250 2.0.0 Ok\n");

        {
            QByteArray many = ehlo + "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n";
            for (int i = 0; i < 100; ++i)
                many += "C: RCPT TO:<alice@a.example>\n";
            for (int i = 0; i < 100; ++i)
                many += "S: 250 2.1.5 Ok\n";
            many += "C: RCPT TO:<bob@a.example>\nS: 452 4.5.3 Too many recipients\n"
                    "C: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: .\n! commit 6\n"
                    "S: 250 2.0.0 Ok: queued as 6\n! count 100\n";
            addRows("100 recipients then 452", "mx", many);
        }

        addRows("STARTTLS resets and stops advertising", "mx", ehlo +
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n"
            "C: STARTTLS now\nS: 501 5.5.4 Syntax: STARTTLS\n"
            "C: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n"
            "! tls\n"
            "C: RCPT TO:<alice@a.example>\nS: 503 5.5.1 Error: need MAIL command\n"
            "C: MAIL FROM:<a@b.example>\nS: 503 5.5.1 Error: send HELO/EHLO first\n"
            "C: EHLO client.example\n" + kEhloTlsNoAuth +
            "C: STARTTLS\nS: 503 5.5.1 Error: TLS already active\n"
            "C: AUTH PLAIN\nS: 502 5.5.1 Error: authentication not enabled\n"
            "C: MAIL FROM:<a@b.example>\nC: RCPT TO:<alice@a.example>\nC: DATA\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 354 End data with <CR><LF>.<CR><LF>\nC: .\n"
            "! commit 7\nS: 250 2.0.0 Ok: queued as 7\n"
            "! data Received: from client.example ([192.0.2.7])\\r\\n\\tby mx.a.example (MailFlow) with ESMTPS id S1.1\\r\\n\\tfor <alice@a.example>; Fri, 27 Nov 2026 15:33:44 +0100\\r\\n\n");

        addRows("STARTTLS plaintext injection is discarded", "mx", ehlo +
            "R: STARTTLS\\r\\nRSET\\r\\nMAIL FROM:<evil@b.example>\\r\\n\n"
            "S: 220 2.0.0 Ready to start TLS\n"
            "! tls\n"
            "C: EHLO client.example\n" + kEhloTlsNoAuth +
            "C: RCPT TO:<alice@a.example>\nS: 503 5.5.1 Error: need MAIL command\n");

        const QByteArray sub = greet + "C: EHLO client.example\n"
            "S: 250-mx.a.example\nS: 250-PIPELINING\nS: 250-SIZE 2000\nS: 250-STARTTLS\nS: 250-ENHANCEDSTATUSCODES\nS: 250 8BITMIME\n";
        const QByteArray subTls = sub + "C: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n! tls\nC: EHLO client.example\n" + kEhloTlsAuth;

        addRows("submission requires TLS then AUTH", "submission", sub +
            "C: MAIL FROM:<alice@a.example>\nS: 530 5.7.0 Must issue a STARTTLS command first\n"
            "C: AUTH PLAIN " + b64(QByteArray("\0alice\0alice-secret", 19)) + "\nS: 538 5.7.11 Encryption required for requested authentication mechanism\n"
            "C: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n! tls\n"
            "C: AUTH PLAIN\nS: 503 5.5.1 Error: send EHLO first\n"
            "C: EHLO client.example\n" + kEhloTlsAuth +
            "C: MAIL FROM:<alice@a.example>\nS: 530 5.7.0 Authentication required\n"
            "C: AUTH PLAIN " + b64(QByteArray("\0alice\0alice-secret", 19)) + "\nS: 235 2.7.0 Authentication successful\n"
            "C: AUTH PLAIN\nS: 503 5.5.1 Error: already authenticated\n"
            "C: MAIL FROM:<alice@a.example>\nC: RCPT TO:<carol@c.example>\nC: DATA\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 354 End data with <CR><LF>.<CR><LF>\nC: hello\nC: .\n"
            "! commit 8\nS: 250 2.0.0 Ok: queued as 8\n"
            "! data Received: from client.example ([192.0.2.7])\\r\\n\\tby mx.a.example (MailFlow) with ESMTPSA id S1.1\\r\\n\\tfor <carol@c.example>; Fri, 27 Nov 2026 15:33:44 +0100\\r\\nhello\\r\\n\n"
            "! user alice@a.example\n");

        addRows("AUTH PLAIN variants", "submission", subTls +
            "C: AUTH CRAM-MD5\nS: 504 5.5.4 Unrecognized authentication type\n"
            "C: AUTH\nS: 501 5.5.4 Syntax: AUTH mechanism\n"
            "C: AUTH PLAIN\nS: 334 \nC: *\nS: 501 5.0.0 Authentication cancelled\n"
            "C: AUTH PLAIN\nS: 334 \nC: !!notbase64\nS: 501 5.5.2 Cannot decode response\n"
            "C: AUTH PLAIN =\nS: 535 5.7.8 Authentication credentials invalid\n"
            "C: AUTH PLAIN " + b64(QByteArray("\0alice\0wrong", 12)) + "\nS: 535 5.7.8 Authentication credentials invalid\n"
            "C: AUTH PLAIN " + b64(QByteArray("bob@a.example\0alice\0alice-secret", 32)) + "\nS: 535 5.7.8 Authentication credentials invalid\n"
            "C: AUTH PLAIN\nS: 334 \nC: " + b64(QByteArray("alice@a.example\0alice@a.example\0alice-secret", 44)) + "\nS: 235 2.7.0 Authentication successful\n"
            "! user alice@a.example\n");

        addRows("AUTH LOGIN variants", "submission", subTls +
            "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: *\nS: 501 5.0.0 Authentication cancelled\n"
            "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: " + b64("alice") + "\nS: 334 UGFzc3dvcmQ6\nC: " + b64("nope") + "\nS: 535 5.7.8 Authentication credentials invalid\n"
            "C: AUTH LOGIN " + b64("alice@a.example") + "\nS: 334 UGFzc3dvcmQ6\nC: " + b64("alice-secret") + "\nS: 235 2.7.0 Authentication successful\n"
            "! user alice@a.example\n");

        addRows("AUTH inside a transaction", "submission", subTls +
            "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: " + b64("alice") + "\nS: 334 UGFzc3dvcmQ6\nC: " + b64("alice-secret") + "\nS: 235 2.7.0 Authentication successful\n"
            "C: MAIL FROM:<alice@a.example>\nS: 250 2.1.0 Ok\n"
            "C: AUTH PLAIN =\nS: 503 5.5.1 Error: already authenticated\n"
            "C: RCPT TO:<bob@a.example>\nS: 250 2.1.5 Ok\n");

        addRows("AUTH inside a transaction on an MX offering AUTH", "mxauth", ehlo +
            "C: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n! tls\nC: EHLO client.example\n" + kEhloTlsAuth +
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n"
            "C: AUTH PLAIN " + b64(QByteArray("\0alice\0alice-secret", 19)) + "\nS: 503 5.5.1 Error: MAIL transaction in progress\n"
            "C: RCPT TO:<elsewhere@c.example>\nS: 554 5.7.1 <elsewhere@c.example>: Relay access denied\n"
            "C: RSET\nS: 250 2.0.0 Ok\n"
            "C: AUTH PLAIN " + b64(QByteArray("\0alice\0alice-secret", 19)) + "\nS: 235 2.7.0 Authentication successful\n"
            "C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\n"
            "C: RCPT TO:<elsewhere@c.example>\nS: 250 2.1.5 Ok\n");

        addRows("overlong AUTH response", "submission", subTls +
            "C: AUTH PLAIN\nS: 334 \nC: " + QByteArray(12300, 'A') + "\nS: 500 5.5.6 Authentication Exchange line is too long\n"
            "C: NOOP\nS: 250 2.0.0 Ok\n"
            "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: " + b64("alice") + "\nS: 334 UGFzc3dvcmQ6\nC: " + b64("alice-secret") + "\nS: 235 2.7.0 Authentication successful\n");

        addRows("implicit TLS submission", "smtps",
            "S: 220 mx.a.example ESMTP MailFlow\nC: EHLO client.example\n" + QByteArray(kEhloTlsAuth) +
            "C: STARTTLS\nS: 503 5.5.1 Error: TLS already active\n"
            "C: MAIL FROM:<alice@a.example>\nS: 530 5.7.0 Authentication required\n"
            "C: AUTH PLAIN " + b64(QByteArray("\0alice\0alice-secret", 19)) + "\nS: 235 2.7.0 Authentication successful\n"
            "C: MAIL FROM:<alice@a.example> AUTH=<>\nS: 250 2.1.0 Ok\n"
            "C: QUIT\nS: 221 2.0.0 Bye\n! close\nC: NOOP\n");
    }

    void conversation()
    {
        QFETCH(QByteArray, mode);
        QFETCH(QByteArray, script);
        QFETCH(bool, byteByByte);

        HeldSink sink;
        TestPolicy policy;
        TestCredentials credentials;
        SmtpServerSession session(configFor(mode), &sink, &policy, &credentials, QHostAddress("192.0.2.7"), "S1");
        session.setClock([] { return QDateTime(QDate(2026, 11, 27), QTime(15, 33, 44), QTimeZone(3600)); });
        if (mode == "smtps") {
            session.setImplicitTls();
            session.tlsEstablished();
        }
        QString failure;
        auto directive = [&](const QByteArray &d) {
            const QByteArray word = d.split(' ').front();
            const QByteArray rest = d.mid(word.size() + 1);
            if (word == "commit" || word == "fail") {
                if (sink.pending.isEmpty()) {
                    failure += "no commit pending for '" + QString::fromLatin1(d) + "'\n";
                    return;
                }
                auto done = sink.pending.takeFirst();
                done(word == "commit" ? CommitResult::accepted(rest) : CommitResult());
            } else if (word == "tls") {
                bool requested = false;
                for (const SessionEvent &e : session.takeEvents())
                    requested |= e.kind == SessionEvent::Kind::StartTls;
                if (!requested)
                    failure += "the session did not request TLS\n";
                session.tlsEstablished();
            } else if (word == "data") {
                const QByteArray expected = ConversationScript::unescape(rest);
                if (sink.messages.isEmpty() || sink.messages.last().data != expected)
                    failure += "data differs: " + QString::fromLatin1(sink.messages.isEmpty() ? "(none)" : sink.messages.last().data) + "\n";
            } else if (word == "body") {
                const QByteArray expected = ConversationScript::unescape(rest);
                if (sink.messages.isEmpty() || !sink.messages.last().data.endsWith(expected))
                    failure += "body differs: " + QString::fromLatin1(sink.messages.isEmpty() ? "(none)" : sink.messages.last().data) + "\n";
            } else if (word == "user") {
                if (session.authenticatedUser() != rest)
                    failure += "authenticated user " + QString::fromLatin1(session.authenticatedUser()) + "\n";
            } else if (sink.messages.isEmpty()) {
                failure += "no message for '" + QString::fromLatin1(d) + "'\n";
            } else if (word == "envelope") {
                const QList<QByteArray> parts = rest.split('|');
                const SmtpMessage &m = sink.messages.last();
                if (m.mailFrom != parts.value(0) || m.recipients.join(',') != parts.value(1) || m.bodyType != parts.value(2))
                    failure += "envelope differs: " + QString::fromLatin1(m.mailFrom + " " + m.recipients.join(',') + " " + m.bodyType) + "\n";
            } else if (word == "count") {
                if (sink.messages.last().recipients.size() != rest.toInt())
                    failure += "recipient count " + QString::number(sink.messages.last().recipients.size()) + "\n";
            } else if (word == "user") {
                if (session.authenticatedUser() != rest)
                    failure += "authenticated user " + QString::fromLatin1(session.authenticatedUser()) + "\n";
            } else {
                failure += "unknown directive " + QString::fromLatin1(d) + "\n";
            }
        };
        const QString result = ConversationScript::run(
            session, script, byteByByte ? ConversationScript::Feed::ByteByByte : ConversationScript::Feed::Whole,
            directive);
        QVERIFY2(result.isEmpty(), qPrintable(result));
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void commitAfterSessionGoneIsHarmless()
    {
        HeldSink sink;
        {
            SmtpServerSession session(configFor("mx"), &sink, nullptr, nullptr, QHostAddress("192.0.2.7"), "S1");
            session.start();
            session.feed("EHLO c.example\r\nMAIL FROM:<>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n.\r\n");
            QCOMPARE(session.state(), SmtpServerSession::State::WaitingForCommit);
            QCOMPARE(session.pendingTimeoutMs(), 0);
            session.connectionLost();
        }
        QCOMPARE(sink.pending.size(), 1);
        sink.pending.first()(CommitResult::accepted("1")); // must not touch the destroyed session
    }

    void asyncCommitWakesOwner()
    {
        HeldSink sink;
        SmtpServerSession session(configFor("mx"), &sink, nullptr, nullptr, QHostAddress("192.0.2.7"), "S1");
        int wakes = 0;
        session.setOutputReadyHandler([&] { ++wakes; });
        session.start();
        session.feed("EHLO c.example\r\nMAIL FROM:<>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n.\r\nQUIT\r\n");
        session.takeOutgoing();
        QCOMPARE(wakes, 0);
        sink.pending.first()(CommitResult::accepted("9"));
        QCOMPARE(wakes, 1);
        QCOMPARE(session.takeOutgoing(), QByteArray("250 2.0.0 Ok: queued as 9\r\n221 2.0.0 Bye\r\n"));
        QVERIFY(session.isClosing());
    }

    void timeoutSends421()
    {
        SmtpServerSession session(configFor("mx"), nullptr, nullptr, nullptr, QHostAddress("192.0.2.7"), "S1");
        session.start();
        QCOMPARE(session.pendingTimeoutMs(), 300000);
        session.takeOutgoing();
        session.timeout();
        QCOMPARE(session.takeOutgoing(), QByteArray("421 4.4.2 mx.a.example Error: timeout exceeded\r\n"));
        QVERIFY(session.isClosing());
    }

    // Issue #15: a server past its connection limits greets with 421 4.7.0 (RFC 5321 §3.8, §4.2.2) and
    // closes; nothing the client sends afterwards is answered.
    void refuseSends421AndCloses()
    {
        SmtpServerSession session(configFor("mx"), nullptr, nullptr, nullptr, QHostAddress("192.0.2.7"), "S1");
        session.refuse();
        QCOMPARE(session.takeOutgoing(), QByteArray("421 4.7.0 mx.a.example Too many connections, try again later\r\n"));
        QVERIFY(session.isClosing());
        QCOMPARE(session.state(), SmtpServerSession::State::Closed);
        QCOMPARE(session.pendingTimeoutMs(), 0);
        session.feed("EHLO c.example\r\n");
        QVERIFY(session.takeOutgoing().isEmpty());
    }

    // Issue #15: the idle timer counts complete lines. Fed one byte at a time, a command counts once, when
    // its CRLF arrives; so do DATA lines and an overlong line.
    void inputProgressCountsCompleteLines()
    {
        HeldSink sink;
        SmtpServerSession session(configFor("mx"), &sink, nullptr, nullptr, QHostAddress("192.0.2.7"), "S1");
        session.start();
        QCOMPARE(session.inputProgress(), 0u);
        const QByteArray noop = "NOOP\r\n";
        for (qsizetype i = 0; i + 1 < noop.size(); ++i) {
            session.feed(noop.mid(i, 1));
            QCOMPARE(session.inputProgress(), 0u);
        }
        session.feed("\n");
        QCOMPARE(session.inputProgress(), 1u);
        session.feed("EHLO c.example\r\nMAIL FROM:<>\r\nRCPT TO:<x@y.example>\r\nDATA\r\nline 1\r\nline");
        QCOMPARE(session.inputProgress(), 6u);
        session.feed(" 2\r\n" + QByteArray(2000, 'x'));
        QCOMPARE(session.inputProgress(), 7u);
        session.feed("\r\n");
        QCOMPARE(session.inputProgress(), 8u); // too long, but complete
    }
};

QTEST_GUILESS_MAIN(TestSmtpServerSession)
#include "tst_smtpserversession.moc"
