// Pop3Server and Pop3Client over real loopback sockets: plain, STLS and POP3S with the local CA, the
// exclusive maildrop lock between two connections, the failed-login delay, and a dropped connection.
#include "TestCredentials.h"
#include "pop3/Pop3Client.h"
#include "pop3/Pop3Server.h"
#include "store/MailboxStore.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace mf;

namespace {
const QString bob = "bob@b.example";
const QByteArray message1 = "From: alice@a.example\r\nSubject: one\r\n\r\nHello\r\n.dot line\r\n..two dots\r\nlast\r\n";
const QByteArray message2 = "Subject: two\r\n\r\nbody2\r\n";
const QDateTime arrival = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
} // namespace

class TestPop3Network : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalCa> m_ca;
    QSslConfiguration m_serverTls;
    QSslConfiguration m_clientTls;
    TestCredentials m_credentials;
    std::unique_ptr<MailboxStore> m_store;
    std::unique_ptr<Pop3Server> m_server;
    int m_storeCounter = 0;

    Pop3FetchResult fetch(Pop3ClientOptions options, quint16 port)
    {
        Pop3Client client;
        QSignalSpy done(&client, &Pop3Client::finished);
        client.fetch("127.0.0.1", port, options, m_clientTls, "localhost");
        if (!done.wait(20000))
            return {};
        return done[0][0].value<Pop3FetchResult>();
    }

    Pop3ClientOptions bobOptions(Pop3ClientOptions::Security security)
    {
        Pop3ClientOptions o;
        o.login = "bob";
        o.password = "secret";
        o.security = security;
        o.leaveOnServer = true;
        return o;
    }

    // Reads from a raw socket until `text` arrived (or the deadline passed).
    // Reads from a raw socket until `text` arrived (or the deadline passed); the server runs in this
    // thread, so the wait keeps the event loop turning.
    static QByteArray readUntil(QTcpSocket &socket, const QByteArray &text, int ms = 10000)
    {
        QByteArray got;
        (void)QTest::qWaitFor([&] {
            got += socket.readAll();
            return got.contains(text);
        }, ms);
        return got;
    }

private slots:
    void initTestCase()
    {
        qputenv("MAILFLOW_DATA_DIR", m_dir.path().toLocal8Bit());
        m_ca = std::make_unique<LocalCa>(LocalCa::defaultDirectory());
        QVERIFY2(m_ca->ensure(), qPrintable(m_ca->errorString()));
        m_serverTls = tls::serverConfiguration(m_ca->serverCredentials("localhost", {}, {QHostAddress::LocalHost}));
        m_clientTls = tls::clientConfiguration(m_ca->caCertificate());
        m_credentials.add(bob.toUtf8(), "secret");
    }

    void init()
    {
        m_server.reset();
        m_store = std::make_unique<MailboxStore>(m_dir.filePath(QString("mail-%1.sqlite").arg(++m_storeCounter)));
        m_store->deliver(bob, "INBOX", message1, arrival);
        m_store->deliver(bob, "INBOX", message2, arrival);
        Pop3ServerConfig config;
        config.authFailureDelayMs = 300;
        m_server = std::make_unique<Pop3Server>(*m_store, m_credentials, config);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0, m_serverTls));
        QVERIFY(m_server->listenImplicitTls(QHostAddress::LocalHost, 0, m_serverTls));
    }

    void retrieve_data()
    {
        QTest::addColumn<int>("security");
        QTest::newRow("plain") << int(Pop3ClientOptions::Security::None);
        QTest::newRow("STLS") << int(Pop3ClientOptions::Security::StartTls);
        QTest::newRow("POP3S") << int(Pop3ClientOptions::Security::ImplicitTls);
    }

    void retrieve()
    {
        QFETCH(int, security);
        const auto mode = Pop3ClientOptions::Security(security);
        QSignalSpy events(m_server.get(), &Pop3Server::sessionEvent);
        const quint16 port = mode == Pop3ClientOptions::Security::ImplicitTls ? m_server->implicitTlsPort() : m_server->port();
        const Pop3FetchResult result = fetch(bobOptions(mode), port);
        QVERIFY2(result.ok, result.error.constData());
        QCOMPARE(result.messages.size(), 2);
        QCOMPARE(result.messages[0].bytes, message1);
        QCOMPARE(result.messages[1].bytes, message2);
        QCOMPARE(result.messages[0].uidl, m_store->messages(bob, "INBOX")[0].uniqueId);
        if (mode == Pop3ClientOptions::Security::StartTls)
            QVERIFY(!result.capabilities.contains("STLS"));
        QCOMPARE(m_store->messages(bob, "INBOX").size(), 2);
        // The server reported its side with the protocol name.
        QTRY_VERIFY(!events.isEmpty());
        const QString protocol = mode == Pop3ClientOptions::Security::ImplicitTls ? "pop3s" : "pop3";
        QCOMPARE(events[0][1].toString(), protocol);
        bool sawTls = false;
        for (const auto &e : events)
            sawTls = sawTls || e[2].value<SessionEvent>().kind == SessionEvent::Kind::TlsEstablished;
        QCOMPARE(sawTls, mode != Pop3ClientOptions::Security::None);
    }

    void deleteModeAndSeenUidls()
    {
        auto options = bobOptions(Pop3ClientOptions::Security::StartTls);
        options.seenUidls.insert(m_store->messages(bob, "INBOX")[0].uniqueId);
        options.leaveOnServer = false;
        const Pop3FetchResult result = fetch(options, m_server->port());
        QVERIFY2(result.ok, result.error.constData());
        QCOMPARE(result.skipped, 1);
        QCOMPARE(result.messages.size(), 1);
        QCOMPARE(result.messages[0].bytes, message2);
        QCOMPARE(result.deletedUidls.size(), 1);
        const auto left = m_store->messages(bob, "INBOX");
        QCOMPARE(left.size(), 1);
        QCOMPARE(left[0].uid, 1u);
    }

    void untrustedCertificateIsRefused()
    {
        QTemporaryDir otherDir;
        LocalCa other(otherDir.path());
        QVERIFY(other.ensure());
        Pop3Client client;
        QSignalSpy done(&client, &Pop3Client::finished);
        client.fetch("127.0.0.1", m_server->implicitTlsPort(), bobOptions(Pop3ClientOptions::Security::ImplicitTls),
                     tls::clientConfiguration(other.caCertificate()), "localhost");
        QVERIFY(done.wait(20000));
        const auto result = done[0][0].value<Pop3FetchResult>();
        QVERIFY(!result.ok);
        QVERIFY2(result.error.startsWith("TLS failed"), result.error.constData());
    }

    void wrongPasswordIsDelayed()
    {
        auto options = bobOptions(Pop3ClientOptions::Security::None);
        options.password = "wrong";
        QElapsedTimer t;
        t.start();
        const Pop3FetchResult result = fetch(options, m_server->port());
        QVERIFY(!result.ok);
        QCOMPARE(result.error, QByteArray("login failed: -ERR [AUTH] Invalid login or password"));
        QVERIFY(t.elapsed() >= 250);
    }

    void secondLoginGetsInUse()
    {
        QTcpSocket first;
        first.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(readUntil(first, "\r\n").startsWith("+OK"));
        first.write("USER bob\r\nPASS secret\r\n");
        QVERIFY(readUntil(first, "octets)\r\n").contains("+OK bob@b.example has 2 messages"));
        const Pop3FetchResult result = fetch(bobOptions(Pop3ClientOptions::Security::None), m_server->port());
        QVERIFY(!result.ok);
        QVERIFY2(result.error.startsWith("login failed: -ERR [IN-USE]"), result.error.constData());
        first.write("QUIT\r\n");
        QVERIFY(readUntil(first, "left)\r\n").contains("+OK"));
        QVERIFY(fetch(bobOptions(Pop3ClientOptions::Security::None), m_server->port()).ok);
    }

    void droppedConnectionDeletesNothing()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(readUntil(socket, "\r\n").startsWith("+OK"));
        socket.write("USER bob\r\nPASS secret\r\nDELE 1\r\nDELE 2\r\nSTAT\r\n");
        QVERIFY(readUntil(socket, "+OK 0 0\r\n").contains("+OK 0 0\r\n"));
        QSignalSpy closed(m_server.get(), &Pop3Server::connectionClosed);
        socket.abort();
        QVERIFY(closed.wait(10000));
        QCOMPARE(m_store->messages(bob, "INBOX").size(), 2);
        QVERIFY(!m_store->isMaildropLocked(bob));
        // And with QUIT the same commands do delete.
        QTcpSocket again;
        again.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(readUntil(again, "\r\n").startsWith("+OK"));
        again.write("USER bob\r\nPASS secret\r\nDELE 1\r\nDELE 2\r\nQUIT\r\n");
        QVERIFY(readUntil(again, "left)\r\n").contains("+OK MailFlow POP3 server signing off (0 messages left)"));
        QCOMPARE(m_store->messages(bob, "INBOX").size(), 0);
    }

    // Issue #15: connections at once, over POP3 and POP3S together. At the limit both ports greet; one past
    // it gets -ERR [SYS/TEMP] (RFC 3206 §4), on POP3S after the handshake, and is closed; once a client
    // leaves, the next is greeted again. The limit per address refuses 127.0.0.2 while 127.0.0.3 is served.
    void connectionLimits()
    {
        Pop3ServerConfig config;
        config.connectionLimits.maxConnections = 2;
        config.connectionLimits.maxConnectionsPerAddress = 1;
        Pop3Server server(*m_store, m_credentials, config);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0, m_serverTls));
        QVERIFY(server.listenImplicitTls(QHostAddress::LocalHost, 0, m_serverTls));
        const QByteArray refusal = "-ERR [SYS/TEMP] Too many connections\r\n";

        QTcpSocket plain;
        plain.bind(QHostAddress("127.0.0.2"), 0);
        plain.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(readUntil(plain, "\r\n").startsWith("+OK MailFlow POP3"));
        QTcpSocket sameAddress;
        sameAddress.bind(QHostAddress("127.0.0.2"), 0);
        sameAddress.connectToHost(QHostAddress::LocalHost, server.port());
        QCOMPARE(readUntil(sameAddress, "\r\n"), refusal);
        QTRY_COMPARE(sameAddress.state(), QAbstractSocket::UnconnectedState);

        QSslSocket tls;
        tls.setSslConfiguration(m_clientTls);
        tls.bind(QHostAddress("127.0.0.3"), 0);
        tls.connectToHostEncrypted("localhost", server.implicitTlsPort());
        QVERIFY(readUntil(tls, "\r\n").startsWith("+OK MailFlow POP3"));
        QSslSocket third;
        third.setSslConfiguration(m_clientTls);
        third.bind(QHostAddress("127.0.0.4"), 0);
        third.connectToHostEncrypted("localhost", server.implicitTlsPort());
        QCOMPARE(readUntil(third, "\r\n"), refusal);
        QVERIFY(third.isEncrypted());
        QTRY_COMPARE(third.state(), QAbstractSocket::UnconnectedState);

        plain.write("QUIT\r\n");
        QVERIFY(readUntil(plain, "\r\n").startsWith("+OK"));
        QTRY_COMPARE(server.openConnections(), 1);
        QTcpSocket next;
        next.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(readUntil(next, "\r\n").startsWith("+OK MailFlow POP3"));
    }

    // Issue #15: the autologout timer counts complete lines. A client dribbling one byte every 40 ms is
    // closed after the idle time; one sending a whole NOOP as often is not.
    void idleTimeoutCountsLinesNotBytes()
    {
        Pop3ServerConfig config;
        config.idleTimeoutMs = 500;
        Pop3Server server(*m_store, m_credentials, config);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0, m_serverTls));
        QElapsedTimer clock; // started before the server's idle timer for the dribbler
        clock.start();
        QTcpSocket dribbler, talker;
        for (QTcpSocket *c : {&dribbler, &talker}) {
            c->connectToHost(QHostAddress::LocalHost, server.port());
            QVERIFY(readUntil(*c, "\r\n").startsWith("+OK"));
        }
        QTimer tick;
        connect(&tick, &QTimer::timeout, this, [&] {
            if (dribbler.state() == QAbstractSocket::ConnectedState)
                dribbler.write("N");
            talker.write("NOOP\r\n");
        });
        tick.start(40);
        QTRY_COMPARE_WITH_TIMEOUT(dribbler.state(), QAbstractSocket::UnconnectedState, 10000);
        const qint64 cutAfter = clock.elapsed();
        QVERIFY2(cutAfter >= 450, QByteArray::number(cutAfter).constData());
        QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() > cutAfter + 1500, 5000);
        tick.stop();
        QCOMPARE(talker.state(), QAbstractSocket::ConnectedState);
        talker.write("QUIT\r\n");
        QVERIFY(readUntil(talker, "signing off").contains("+OK MailFlow POP3 server signing off"));
    }
};

QTEST_GUILESS_MAIN(TestPop3Network)
#include "tst_pop3network.moc"
