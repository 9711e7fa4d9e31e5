// The wire tap in front of a real server, driven by clients nobody here wrote (swaks, curl): they still
// work through it, the server still sees the client's own address, and the bytes it reports are the
// plaintext dialogue before STARTTLS and nothing readable after it (or from the first byte with
// implicit TLS).
#include "core/CredentialChecker.h"
#include "smtp/SmtpServer.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;
using namespace mf::smtp;

namespace {

class KeepingSink : public SmtpMessageSink
{
public:
    void commit(const SmtpMessage &message, Done done) override
    {
        messages.append(message);
        done(CommitResult::accepted("T" + QByteArray::number(messages.size())));
    }
    QList<SmtpMessage> messages;
};

class AcceptAll : public SmtpRecipientPolicy
{
public:
    Decision check(const QByteArray &, bool) const override { return Decision::Accept; }
};

class OneUser : public CredentialChecker
{
public:
    bool checkPassword(const QByteArray &login, const QByteArray &password) const override
    {
        return login == "alice@a.example" && password == "alice-secret";
    }
    QByteArray canonicalAccount(const QByteArray &login) const override
    {
        return login == "alice@a.example" ? login : QByteArray();
    }
};

// What the tap reported for one connection, split at the first TLS record in each direction.
struct Wire {
    QByteArray clientPlain, serverPlain, clientTls, serverTls;
    QByteArrayList lines;
};

bool looksLikeTlsRecord(const QByteArray &b)
{
    return b.size() >= 5 && quint8(b.at(0)) >= 20 && quint8(b.at(0)) <= 23 && b.at(1) == 3;
}

Wire collect(const QSignalSpy &events)
{
    Wire w;
    bool clientTls = false;
    bool serverTls = false;
    for (const QList<QVariant> &args : events) {
        const auto e = args.at(2).value<SessionEvent>();
        if (e.kind == SessionEvent::Kind::Line)
            w.lines << (e.dir == Direction::Client ? "C: " : "S: ") + e.text;
        if (e.kind != SessionEvent::Kind::Wire)
            continue;
        const bool client = e.dir == Direction::Client;
        bool &tls = client ? clientTls : serverTls;
        tls = tls || looksLikeTlsRecord(e.text);
        (client ? (tls ? w.clientTls : w.clientPlain) : (tls ? w.serverTls : w.serverPlain)) += e.text;
    }
    return w;
}

bool runClient(QProcess &process, const QString &program, const QStringList &args, const QByteArray &input = {})
{
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForStarted(10000))
        return false;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    // The server runs in this thread: wait by spinning the event loop.
    QSignalSpy finished(&process, &QProcess::finished);
    return finished.wait(60000) || process.state() == QProcess::NotRunning;
}

} // namespace

class TestWireTap : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalCa> m_ca;
    QSslConfiguration m_tls;
    KeepingSink m_sink;
    AcceptAll m_policy;
    OneUser m_users;

    std::unique_ptr<SmtpServer> makeServer(const QString &proto, SmtpServerConfig::Mode mode)
    {
        auto server = std::make_unique<SmtpServer>(proto, SmtpServerConfig::forMode(mode, "mx.a.example"), m_tls, m_sink,
                                                   m_policy, &m_users);
        server->setWireTap(true);
        return server;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ca = std::make_unique<LocalCa>(m_dir.path());
        QVERIFY(m_ca->ensure());
        m_tls = tls::serverConfiguration(m_ca->serverCredentials("mx.a.example", {}, {QHostAddress::LocalHost}));
        QFile pem(m_dir.filePath("ca-for-curl.pem"));
        QVERIFY(pem.open(QIODevice::WriteOnly));
        pem.write(m_ca->caCertificate().toPem());
    }

    void swaksWithStartTlsThroughTheTap()
    {
        auto server = makeServer("submission", SmtpServerConfig::Mode::Submission);
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        QSignalSpy events(server.get(), &SmtpServer::sessionEvent);
        QSignalSpy opened(server.get(), &SmtpServer::connectionOpened);
        const int before = int(m_sink.messages.size());
        QProcess swaks;
        QVERIFY(runClient(swaks, "swaks",
                          {"--server", "127.0.0.1", "--port", QString::number(server->port()), "--tls", "--ehlo",
                           "client.test", "--auth", "PLAIN", "--auth-user", "alice@a.example", "--auth-password",
                           "alice-secret", "--from", "alice@a.example", "--to", "bob@b.example", "--header",
                           "Subject: secret plans", "--body", "Meet at noon"}));
        QVERIFY2(swaks.exitCode() == 0, swaks.readAll().constData());
        QCOMPARE(m_sink.messages.size(), before + 1);
        QVERIFY(m_sink.messages.last().data.contains("Meet at noon"));
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.first().at(2).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));

        QTRY_VERIFY(!collect(events).serverTls.isEmpty());
        const Wire w = collect(events);
        // The server's session saw the whole dialogue in the clear...
        QVERIFY(w.lines.contains("C: MAIL FROM:<alice@a.example>"));
        // ...the wire carried exactly the plaintext commands up to STARTTLS...
        QCOMPARE(w.clientPlain, QByteArray("EHLO client.test\r\nSTARTTLS\r\n"));
        QVERIFY(w.serverPlain.startsWith("220 mx.a.example"));
        QVERIFY(w.serverPlain.endsWith("220 2.0.0 Ready to start TLS\r\n"));
        // ...and after it, nothing an eavesdropper could read.
        const QByteArray credentials = QByteArray("\0alice@a.example\0alice-secret", 29).toBase64();
        QVERIFY(w.lines.contains("C: AUTH PLAIN " + credentials) || w.lines.contains("C: AUTH PLAIN"));
        QVERIFY(w.clientTls.size() > 300);
        for (const QByteArray &secret : {QByteArray("MAIL FROM"), QByteArray("AUTH"), credentials, QByteArray("alice-secret"),
                                         QByteArray("secret plans"), QByteArray("Meet at noon"), QByteArray("bob@b.example")}) {
            QVERIFY2(!w.clientTls.contains(secret), secret.constData());
            QVERIFY2(!w.serverTls.contains(secret), secret.constData());
        }
    }

    void curlWithImplicitTlsThroughTheTap()
    {
        auto server = makeServer("smtps", SmtpServerConfig::Mode::ImplicitTlsSubmission);
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        QSignalSpy events(server.get(), &SmtpServer::sessionEvent);
        const int before = int(m_sink.messages.size());
        QProcess curl;
        QVERIFY(runClient(curl, "curl",
                          {"--silent", "--show-error", "--cacert", m_dir.filePath("ca-for-curl.pem"), "--user",
                           "alice@a.example:alice-secret", "--mail-from", "alice@a.example", "--mail-rcpt",
                           "bob@b.example", "--upload-file", "-",
                           QString("smtps://127.0.0.1:%1").arg(server->port())},
                          "Subject: implicit\r\n\r\nOver TLS from the first byte\r\n"));
        QVERIFY2(curl.exitCode() == 0, curl.readAll().constData());
        QCOMPARE(m_sink.messages.size(), before + 1);
        QTRY_VERIFY(!collect(events).serverTls.isEmpty());
        const Wire w = collect(events);
        QVERIFY(w.lines.contains("C: MAIL FROM:<alice@a.example>"));
        // TLS from the very first byte in both directions: no plaintext at all.
        QVERIFY(w.clientPlain.isEmpty());
        QVERIFY(w.serverPlain.isEmpty());
        QCOMPARE(quint8(w.clientTls.at(0)), quint8(22)); // a handshake record: the ClientHello
        for (const QByteArray &secret : {QByteArray("EHLO"), QByteArray("220 "), QByteArray("implicit"),
                                         QByteArray("first byte"), QByteArray("alice-secret")}) {
            QVERIFY2(!w.clientTls.contains(secret), secret.constData());
            QVERIFY2(!w.serverTls.contains(secret), secret.constData());
        }
    }

    // The tap connects to the server from the client's own address, so Received: headers and relay
    // rules see the real client.
    void serverSeesTheClientsAddress()
    {
        auto server = makeServer("smtp", SmtpServerConfig::Mode::Relay);
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        QSignalSpy opened(server.get(), &SmtpServer::connectionOpened);
        QSignalSpy events(server.get(), &SmtpServer::sessionEvent);
        QTcpSocket client;
        QVERIFY(client.bind(QHostAddress("127.0.0.5"), 0));
        client.connectToHost(QHostAddress::LocalHost, server->port());
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.first().at(2).value<QHostAddress>(), QHostAddress("127.0.0.5"));
        QTRY_VERIFY(client.bytesAvailable() > 0);
        QVERIFY(client.readAll().startsWith("220 mx.a.example"));
        client.write("QUIT\r\n");
        QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
        const Wire w = collect(events);
        QCOMPARE(w.clientPlain, QByteArray("QUIT\r\n"));
        QVERIFY(w.serverPlain.endsWith("221 2.0.0 Bye\r\n"));
    }
};

QTEST_MAIN(TestWireTap)
#include "tst_wiretap.moc"
