// Our SMTP client against real SMTP servers nobody here wrote: Python's aiosmtpd (plain, STARTTLS with a
// certificate from our local CA, AUTH) and Postfix's smtp-sink (PIPELINING).
#include "smtp/SmtpClient.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace mf;
using Outcome = SmtpSendResult::Outcome;

namespace {

// A server process killed and reaped when the test ends, pass or fail.
struct ServerProcess {
    QProcess process;
    quint16 port = 0;
    ~ServerProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
};

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

QList<QJsonObject> records(const QString &path)
{
    QList<QJsonObject> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            out << QJsonDocument::fromJson(line).object();
    }
    return out;
}

SmtpOutgoingMessage message(QList<QByteArray> rcpts, QByteArray body)
{
    return {"alice@a.example", rcpts,
            "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: test\r\n\r\n" + body};
}

} // namespace

class TestSmtpClientReal : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<LocalCa> m_ca;
    LocalCa::ServerCredentials m_localhostCert;

    // Starts aiosmtpd_recorder.py with `args` and waits for it to print its port.
    bool startAiosmtpd(ServerProcess &server, const QStringList &args)
    {
        server.process.setProgram(QStringLiteral(MAILFLOW_PYTHON));
        server.process.setArguments(QStringList{QStringLiteral(MAILFLOW_SUPPORT_DIR "/aiosmtpd_recorder.py")} + args);
        server.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.process.start();
        if (!server.process.waitForStarted(10000))
            return false;
        QByteArray output;
        const bool ready = QTest::qWaitFor([&] {
            output += server.process.readAllStandardOutput();
            return output.contains('\n') || server.process.state() == QProcess::NotRunning;
        }, 20000);
        if (!ready || !output.startsWith("PORT "))
            return false;
        server.port = quint16(output.mid(5).trimmed().toUInt());
        return server.port != 0;
    }

    SmtpClient::Target target(quint16 port, SmtpClient::TlsMode tls)
    {
        SmtpClient::Target t;
        t.host = QStringLiteral("127.0.0.1");
        t.port = port;
        t.tls = tls;
        t.tlsConfiguration = tls::clientConfiguration(m_ca->caCertificate());
        t.verifyName = QStringLiteral("localhost");
        return t;
    }

    // Runs one send to completion and returns the results and events.
    QList<SmtpSendResult> run(const SmtpClient::Target &t, SmtpClientConfig config, QList<SmtpOutgoingMessage> messages,
                              std::vector<SessionEvent> *events = nullptr)
    {
        SmtpClient client;
        std::vector<SessionEvent> collected;
        connect(&client, &SmtpClient::event, this, [&](const SessionEvent &e) { collected.push_back(e); });
        QSignalSpy finished(&client, &SmtpClient::finished);
        config.clientHost = "client.test";
        config.timeouts = config.timeouts.scaled(0.05); // 15 s for a reply
        client.send(t, config, messages);
        if (!finished.wait(30000) && finished.isEmpty())
            qWarning("client did not finish");
        if (events)
            *events = collected;
        return client.results();
    }

    static QByteArray transcript(const std::vector<SessionEvent> &events)
    {
        QByteArray out;
        for (const auto &e : events) {
            if (e.kind == SessionEvent::Kind::Line)
                out += directionLetter(e.dir) + QByteArray(": ") + e.text + '\n';
            else
                out += "* " + e.text + '\n';
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ca = std::make_unique<LocalCa>(m_dir.filePath("ca"));
        QVERIFY2(m_ca->ensure(), qPrintable(m_ca->errorString()));
        m_localhostCert = m_ca->serverCredentials("localhost", {}, {QHostAddress::LocalHost});
        QVERIFY(!m_localhostCert.certificate.isNull());
    }

    void plainToAiosmtpd()
    {
        const QString out = m_dir.filePath("plain.jsonl");
        ServerProcess server;
        QVERIFY(startAiosmtpd(server, {"--out", out}));

        std::vector<SessionEvent> events;
        const auto results = run(target(server.port, SmtpClient::TlsMode::None), {},
                                 {message({"bob@b.example", "reject-carol@b.example"}, "Hello Bob\r\n"),
                                  message({"dave@b.example"}, ".leading dot\n..two\nbare LF\ncaf\xc3\xa9\n.\n")},
                                 &events);
        QVERIFY2(results.size() == 2, transcript(events).constData());
        QCOMPARE(results[0].outcome, Outcome::Delivered);
        QCOMPARE(results[0].accepted, QList<QByteArray>{"bob@b.example"});
        QCOMPARE(results[0].rejected.size(), 1);
        QCOMPARE(results[0].rejected[0].reply.code, 550);
        QCOMPARE(results[0].rejected[0].reply.enhanced, QByteArray("5.1.1"));
        QCOMPARE(results[1].outcome, Outcome::Delivered);
        QCOMPARE(results[1].finalReply.code, 250);

        const auto recs = records(out);
        QCOMPARE(recs.size(), 2);
        QCOMPARE(recs[0]["from"].toString(), "alice@a.example");
        QCOMPARE(recs[0]["rcpt"].toArray(), QJsonArray{"bob@b.example"});
        QCOMPARE(recs[0]["content"].toString(),
                 "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: test\r\n\r\nHello Bob\r\n");
        QCOMPARE(recs[1]["rcpt"].toArray(), QJsonArray{"dave@b.example"});
        QVERIFY(recs[1]["mail_options"].toArray().contains("BODY=8BITMIME"));
        QVERIFY(recs[1]["mail_options"].toVariant().toStringList().join(' ').contains("SIZE="));
        // aiosmtpd removes the dot-stuffing; the bare LFs arrived as CRLF.
        QCOMPARE(recs[1]["content"].toString().toLatin1(),
                 QByteArray("From: alice@a.example\r\nTo: bob@b.example\r\nSubject: test\r\n\r\n"
                            ".leading dot\r\n..two\r\nbare LF\r\ncaf\xc3\xa9\r\n.\r\n"));
        QCOMPARE(recs[1]["tls"].toBool(), false);
    }

    void starttlsWithLocalCaAndAuth_data()
    {
        QTest::addColumn<bool>("onlyLogin");
        QTest::newRow("AUTH PLAIN") << false;
        QTest::newRow("AUTH LOGIN") << true;
    }

    void starttlsWithLocalCaAndAuth()
    {
        QFETCH(bool, onlyLogin);
        const QString out = m_dir.filePath(onlyLogin ? "login.jsonl" : "plain-auth.jsonl");
        ServerProcess server;
        QStringList args{"--out", out, "--cert", m_localhostCert.certificatePath, "--key", m_localhostCert.keyPath,
                         "--require-starttls", "--user", "alice", "--password", "s3cret"};
        if (onlyLogin)
            args << "--only-login";
        QVERIFY(startAiosmtpd(server, args));

        SmtpClientConfig config;
        config.username = "alice";
        config.password = "s3cret";
        std::vector<SessionEvent> events;
        const auto results = run(target(server.port, SmtpClient::TlsMode::StartTls), config,
                                 {message({"bob@b.example"}, "over TLS\r\n")}, &events);
        QVERIFY2(results.size() == 1 && results[0].outcome == Outcome::Delivered, transcript(events).constData());
        const QByteArray log = transcript(events);
        QVERIFY2(log.contains("C: STARTTLS"), log.constData());
        QVERIFY2(log.contains("verified against the local CA"), log.constData());
        QVERIFY2(log.contains(onlyLogin ? "C: AUTH LOGIN" : "C: AUTH PLAIN <credentials hidden>"), log.constData());
        QVERIFY(!log.contains("s3cret"));
        QVERIFY(!log.contains(QByteArray("s3cret").toBase64()));
        // EHLO twice: before and after the handshake.
        QCOMPARE(log.count("C: EHLO client.test"), 2);

        const auto recs = records(out);
        QCOMPARE(recs.size(), 1);
        QCOMPARE(recs[0]["tls"].toBool(), true);
        QCOMPARE(recs[0]["authenticated"].toBool(), true);
        QCOMPARE(recs[0]["login"].toString(), "alice");
    }

    void implicitTls()
    {
        const QString out = m_dir.filePath("implicit.jsonl");
        ServerProcess server;
        QVERIFY(startAiosmtpd(server, {"--out", out, "--cert", m_localhostCert.certificatePath, "--key",
                                       m_localhostCert.keyPath, "--implicit-tls"}));
        std::vector<SessionEvent> events;
        const auto results = run(target(server.port, SmtpClient::TlsMode::Implicit), {},
                                 {message({"bob@b.example"}, "implicit\r\n")}, &events);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].outcome == Outcome::Delivered, transcript(events).constData());
        const QByteArray log = transcript(events);
        QVERIFY(log.indexOf("verified against the local CA") < log.indexOf("S: 220"));
        QVERIFY(!log.contains("STARTTLS"));
        const auto recs = records(out);
        QCOMPARE(recs.size(), 1);
        QCOMPARE(recs[0]["tls"].toBool(), true);
    }

    void wrongPasswordIsPermanentFailure()
    {
        const QString out = m_dir.filePath("badauth.jsonl");
        ServerProcess server;
        QVERIFY(startAiosmtpd(server, {"--out", out, "--cert", m_localhostCert.certificatePath, "--key",
                                       m_localhostCert.keyPath, "--require-starttls", "--user", "alice",
                                       "--password", "s3cret"}));
        SmtpClientConfig config;
        config.username = "alice";
        config.password = "wrong";
        std::vector<SessionEvent> events;
        const auto results = run(target(server.port, SmtpClient::TlsMode::StartTls), config,
                                 {message({"bob@b.example"}, "x\r\n")}, &events);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].outcome == Outcome::PermanentFailure, transcript(events).constData());
        QCOMPARE(results[0].finalReply.code, 535);
        QVERIFY(records(out).isEmpty());
    }

    void untrustedCertificateFailsTheSend()
    {
        // A self-signed certificate for the right name, but not from our CA.
        const QString cert = m_dir.filePath("rogue.pem");
        const QString key = m_dir.filePath("rogue.key");
        QProcess openssl;
        openssl.start("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                  "-days", "2", "-subj", "/CN=localhost",
                                  "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);

        const QString out = m_dir.filePath("rogue.jsonl");
        ServerProcess server;
        QVERIFY(startAiosmtpd(server, {"--out", out, "--cert", cert, "--key", key, "--require-starttls"}));
        std::vector<SessionEvent> events;
        const auto results = run(target(server.port, SmtpClient::TlsMode::StartTls), {},
                                 {message({"bob@b.example"}, "must not leave\r\n")}, &events);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].outcome == Outcome::TlsFailure, transcript(events).constData());
        QVERIFY2(results[0].errorText.contains("TLS failed"), results[0].errorText.constData());
        bool sawTlsFailed = false;
        for (const auto &e : events)
            sawTlsFailed = sawTlsFailed || e.kind == SessionEvent::Kind::TlsFailed;
        QVERIFY(sawTlsFailed);
        QVERIFY(!transcript(events).contains("MAIL FROM"));
        QVERIFY(records(out).isEmpty());
    }

    void tlsRequiredButNotOffered()
    {
        const QString out = m_dir.filePath("notls.jsonl");
        ServerProcess server;
        QVERIFY(startAiosmtpd(server, {"--out", out}));
        const auto results = run(target(server.port, SmtpClient::TlsMode::StartTls), {},
                                 {message({"bob@b.example"}, "x\r\n")});
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].outcome, Outcome::TlsFailure);
        QVERIFY(results[0].errorText.contains("does not offer STARTTLS"));
        QVERIFY(records(out).isEmpty());
    }

    void pipeliningToSmtpSink()
    {
        ServerProcess sink;
        sink.port = freePort();
        QVERIFY(sink.port != 0);
        sink.process.setProcessChannelMode(QProcess::ForwardedChannels);
        sink.process.start("/usr/sbin/smtp-sink", {"-u", "nobody", QString("127.0.0.1:%1").arg(sink.port), "100"});
        QVERIFY(sink.process.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(accepts(sink.port), 20000);

        QList<SmtpOutgoingMessage> messages;
        for (int i = 0; i < 5; ++i)
            messages << message({"bob@b.example", "carol@b.example"}, QByteArray("message ") + QByteArray::number(i) + "\r\n");
        std::vector<SessionEvent> events;
        const auto results = run(target(sink.port, SmtpClient::TlsMode::None), {}, messages, &events);
        QCOMPARE(results.size(), 5);
        for (const auto &r : results) {
            QVERIFY2(r.outcome == Outcome::Delivered, transcript(events).constData());
            QCOMPARE(r.accepted.size(), 2);
        }
        // RFC 2920: MAIL, both RCPTs and DATA left as one group, before any reply came back.
        const QByteArray log = transcript(events);
        QVERIFY2(log.contains("S: 250-PIPELINING") || log.contains("S: 250 PIPELINING"), log.constData());
        QVERIFY2(log.contains("C: MAIL FROM:<alice@a.example>\nC: RCPT TO:<bob@b.example>\n"
                              "C: RCPT TO:<carol@b.example>\nC: DATA\n"), log.constData());
    }

    void connectionRefused()
    {
        const quint16 port = freePort();
        const auto results = run(target(port, SmtpClient::TlsMode::None), {}, {message({"bob@b.example"}, "x\r\n")});
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].outcome, Outcome::ConnectionFailure);
    }
};

QTEST_GUILESS_MAIN(TestSmtpClientReal)
#include "tst_smtpclientreal.moc"
