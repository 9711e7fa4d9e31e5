// MailFlow's SMTP client against MailFlow's SMTP server, both over real loopback sockets: the hop
// "MTA client -> MTA server" of the default scenario, with the local CA, AUTH and the SQLite store.
#include "smtp/SmtpClient.h"
#include "smtp/SmtpServer.h"
#include "store/LocalRecipientPolicy.h"
#include "store/SqliteMessageStore.h"
#include "store/UserDirectory.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace mf;
using Outcome = SmtpSendResult::Outcome;

class TestSmtpClientMailFlow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<LocalCa> m_ca;
    LocalCa::ServerCredentials m_cert;
    UserDirectory m_users;
    std::unique_ptr<LocalRecipientPolicy> m_policy;

    QList<SmtpSendResult> send(smtp::SmtpServer &server, SmtpClient::TlsMode tls, SmtpClientConfig config,
                               QList<SmtpOutgoingMessage> messages, QByteArray *log = nullptr,
                               const QHostAddress &localAddress = {})
    {
        SmtpClient client;
        QByteArray transcript;
        connect(&client, &SmtpClient::event, this, [&](const SessionEvent &e) {
            transcript += (e.kind == SessionEvent::Kind::Line ? QByteArray(1, directionLetter(e.dir)) + ": " : "* ")
                          + e.text + '\n';
        });
        QSignalSpy finished(&client, &SmtpClient::finished);
        SmtpClient::Target target;
        target.host = "127.0.0.1";
        target.port = server.port();
        target.tls = tls;
        target.tlsConfiguration = tls::clientConfiguration(m_ca->caCertificate());
        target.verifyName = "localhost";
        target.localAddress = localAddress;
        config.clientHost = "mta.a.example";
        client.send(target, config, messages);
        if (!finished.wait(30000) && finished.isEmpty())
            qWarning("client did not finish:\n%s", transcript.constData());
        if (log)
            *log = transcript;
        return client.results();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ca = std::make_unique<LocalCa>(m_dir.filePath("ca"));
        QVERIFY2(m_ca->ensure(), qPrintable(m_ca->errorString()));
        m_cert = m_ca->serverCredentials("localhost", {}, {QHostAddress::LocalHost});
        m_users.addUser("alice@a.example", "secret");
        m_users.addUser("bob@b.example", "pw");
        m_policy = std::make_unique<LocalRecipientPolicy>(m_users);
    }

    void submissionWithStartTlsAndAuth()
    {
        SqliteMessageStore store(m_dir.filePath("submission.sqlite"));
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        smtp::SmtpServer server("submission",
                                smtp::SmtpServerConfig::forMode(smtp::SmtpServerConfig::Mode::Submission, "mx.a.example"),
                                tls::serverConfiguration(m_cert), store, *m_policy, &m_users);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        SmtpClientConfig config;
        config.username = "alice@a.example";
        config.password = "secret";
        QByteArray log;
        const auto results = send(server, SmtpClient::TlsMode::StartTls, config,
                                  {{"alice@a.example", {"bob@b.example", "nobody@b.example"},
                                    "Subject: hello\r\n\r\nHi Bob\n.dot line\n"}},
                                  &log);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].outcome == Outcome::Delivered, log.constData());
        QCOMPARE(results[0].accepted, QList<QByteArray>{"bob@b.example"});
        QCOMPARE(results[0].rejected.size(), 1);
        QCOMPARE(results[0].rejected[0].reply.code, 550);
        QVERIFY2(log.contains("C: STARTTLS") && log.contains("C: AUTH PLAIN <credentials hidden>"), log.constData());
        QVERIFY(log.contains("verified against the local CA"));

        const auto stored = store.messages();
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored[0].mailFrom, QByteArray("alice@a.example"));
        QCOMPARE(stored[0].recipients, QByteArrayList{"bob@b.example"});
        QVERIFY2(stored[0].data.endsWith("Subject: hello\r\n\r\nHi Bob\r\n.dot line\r\n"), stored[0].data.constData());
        QVERIFY(stored[0].data.startsWith("Received: "));
        QVERIFY(stored[0].data.contains("ESMTPSA"));
    }

    // Target::localAddress: the connection comes from that address (a relaying MTA's own), as the
    // server's Received: field shows; an address of the other family is not used (it could not connect).
    void connectionComesFromTheLocalAddress_data()
    {
        QTest::addColumn<QString>("local");
        QTest::addColumn<QByteArray>("seen");
        QTest::newRow("127.0.0.9") << "127.0.0.9" << QByteArray("([127.0.0.9])");
        QTest::newRow("none") << QString() << QByteArray("([127.0.0.1])");
        QTest::newRow("::1 for an IPv4 target: unused") << "::1" << QByteArray("([127.0.0.1])");
    }
    void connectionComesFromTheLocalAddress()
    {
        QFETCH(QString, local);
        QFETCH(QByteArray, seen);
        SqliteMessageStore store(m_dir.filePath("local-address.sqlite"));
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        smtp::SmtpServer server("smtp", smtp::SmtpServerConfig::forMode(smtp::SmtpServerConfig::Mode::Relay, "mx.b.example"),
                                tls::serverConfiguration(m_cert), store, *m_policy, &m_users);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QByteArray log;
        const auto results = send(server, SmtpClient::TlsMode::StartTls, {},
                                  {{"alice@a.example", {"bob@b.example"}, "Subject: from\r\n\r\nwhere\r\n"}}, &log,
                                  local.isEmpty() ? QHostAddress() : QHostAddress(local));
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].outcome == Outcome::Delivered, log.constData());
        const auto stored = store.messages();
        QVERIFY(!stored.isEmpty());
        QVERIFY2(stored.last().data.startsWith("Received: from mta.a.example " + seen), stored.last().data.constData());
    }

    void submissionWithoutCredentialsIsRefused()
    {
        SqliteMessageStore store(m_dir.filePath("noauth.sqlite"));
        QVERIFY(store.open());
        smtp::SmtpServer server("submission",
                                smtp::SmtpServerConfig::forMode(smtp::SmtpServerConfig::Mode::Submission, "mx.a.example"),
                                tls::serverConfiguration(m_cert), store, *m_policy, &m_users);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QByteArray log;
        const auto results = send(server, SmtpClient::TlsMode::StartTls, {},
                                  {{"alice@a.example", {"bob@b.example"}, "x\r\n"}}, &log);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].outcome == Outcome::PermanentFailure, log.constData());
        QCOMPARE(results[0].finalReply.code, 530); // RFC 4954 §6: authentication required
        QCOMPARE(store.messageCount(), 0);
    }

    void mxWithPipeliningManyMessages()
    {
        SqliteMessageStore store(m_dir.filePath("mx.sqlite"));
        QVERIFY(store.open());
        smtp::SmtpServer server("smtp", smtp::SmtpServerConfig::forMode(smtp::SmtpServerConfig::Mode::Relay, "mx.b.example"),
                                tls::serverConfiguration(m_cert), store, *m_policy, &m_users);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QList<SmtpOutgoingMessage> messages;
        for (int i = 0; i < 20; ++i)
            messages.append({"alice@a.example", {"bob@b.example"}, "Subject: " + QByteArray::number(i) + "\r\n\r\nbody\r\n"});
        messages.append({"alice@a.example", {"carol@elsewhere.example"}, "relay attempt\r\n"});
        QByteArray log;
        const auto results = send(server, SmtpClient::TlsMode::StartTls, {}, messages, &log);
        QCOMPARE(results.size(), 21);
        for (int i = 0; i < 20; ++i)
            QVERIFY2(results[i].outcome == Outcome::Delivered, log.constData());
        // No open relay: the unauthenticated client cannot send to a domain the server does not serve.
        QCOMPARE(results[20].outcome, Outcome::PermanentFailure);
        QCOMPARE(results[20].rejected.value(0).reply.code, 554);
        QVERIFY2(log.contains("C: MAIL FROM:<alice@a.example> SIZE=") && log.contains("C: RCPT TO:<bob@b.example>\nC: DATA\n"),
                 log.constData());
        QCOMPARE(store.messageCount(), 20);
    }

    void implicitTls()
    {
        SqliteMessageStore store(m_dir.filePath("smtps.sqlite"));
        QVERIFY(store.open());
        smtp::SmtpServer server("smtps",
                                smtp::SmtpServerConfig::forMode(smtp::SmtpServerConfig::Mode::ImplicitTlsSubmission, "mx.a.example"),
                                tls::serverConfiguration(m_cert), store, *m_policy, &m_users);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SmtpClientConfig config;
        config.username = "alice";
        config.password = "secret";
        QByteArray log;
        const auto results = send(server, SmtpClient::TlsMode::Implicit, config,
                                  {{"alice@a.example", {"bob@b.example"}, "over SMTPS\r\n"}}, &log);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].outcome == Outcome::Delivered, log.constData());
        QVERIFY(!log.contains("STARTTLS"));
        QCOMPARE(store.messageCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSmtpClientMailFlow)
#include "tst_smtpclientmailflow.moc"
