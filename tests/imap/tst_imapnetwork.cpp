// Our IMAP client against our ImapServer over real loopback sockets: plain, STARTTLS and IMAPS (verified
// against the local CA), events re-emitted with connection ids, and IDLE pushes caused by another client.
#include "ImapTestFixture.h"
#include "LoopbackClients.h"

#include "imap/ImapClient.h"
#include "imap/ImapServer.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSslSocket>
#include <QTest>
#include <QTimer>

using namespace mf;

class TestImapNetwork : public QObject
{
    Q_OBJECT

    std::unique_ptr<ImapTestFixture> m_fixture;
    std::unique_ptr<ImapServer> m_server;
    QSslConfiguration m_clientTls;

    ImapClientResult run(ImapClientOptions options, ImapClient *client = nullptr)
    {
        ImapClient own;
        if (!client)
            client = &own;
        QSignalSpy done(client, &ImapClient::finished);
        const quint16 port = options.security == ImapClientOptions::Security::ImplicitTls ? m_server->implicitTlsPort()
                                                                                           : m_server->port();
        client->run(QStringLiteral("127.0.0.1"), port, options, m_clientTls, QStringLiteral("localhost"));
        if (!done.wait(30000))
            return {};
        return done[0][0].value<ImapClientResult>();
    }

    static ImapClientOptions bob(ImapClientOptions::Security security)
    {
        ImapClientOptions options;
        options.login = "bob@b.example";
        options.password = "secret";
        options.security = security;
        return options;
    }


    // One line from a raw socket; the server lives in this thread, so the wait turns the event loop.
    static QByteArray readLine(QAbstractSocket &socket)
    {
        (void)QTest::qWaitFor([&] { return socket.canReadLine() || socket.state() == QAbstractSocket::UnconnectedState; }, 10000);
        return socket.readLine();
    }

private slots:
    void init()
    {
        m_fixture = std::make_unique<ImapTestFixture>();
        LocalCa ca(LocalCa::defaultDirectory());
        QVERIFY2(ca.ensure(), qPrintable(ca.errorString()));
        const auto creds = ca.serverCredentials(QStringLiteral("localhost"), {}, {QHostAddress(QHostAddress::LocalHost)});
        m_clientTls = tls::clientConfiguration(ca.caCertificate());
        m_server = std::make_unique<ImapServer>(m_fixture->store, m_fixture->passwords);
        const QSslConfiguration serverTls = tls::serverConfiguration(creds);
        QVERIFY(m_server->listen(QHostAddress(QHostAddress::LocalHost), 0, serverTls));
        QVERIFY(m_server->listenImplicitTls(QHostAddress(QHostAddress::LocalHost), 0, serverTls));
    }

    void cleanup()
    {
        m_server.reset();
        m_fixture.reset();
    }

    void fetchOverEverySecurity_data()
    {
        QTest::addColumn<int>("security");
        QTest::newRow("plain") << int(ImapClientOptions::Security::None);
        QTest::newRow("starttls") << int(ImapClientOptions::Security::StartTls);
        QTest::newRow("imaps") << int(ImapClientOptions::Security::ImplicitTls);
    }

    void fetchOverEverySecurity()
    {
        QFETCH(int, security);
        QSignalSpy events(m_server.get(), &ImapServer::sessionEvent);
        const ImapClientResult r = run(bob(ImapClientOptions::Security(security)));
        QVERIFY2(r.ok, r.error.constData());
        QCOMPARE(r.messages.size(), 3);
        QCOMPARE(r.messages[1].bytes, m_fixture->store.messageBytes(ImapTestFixture::account, "INBOX", 2).value());
        QCOMPARE(r.messages[1].header, QByteArray("From: carol@a.example\r\nSubject: second\r\n\r\n"));
        QCOMPARE(r.messages[0].flags, (QByteArrayList{"\\Seen", "\\Recent"}));
        // BODY.PEEK: downloading did not mark anything \Seen.
        QCOMPARE(m_fixture->store.message(ImapTestFixture::account, "INBOX", 2)->flags, QByteArrayList());
        QVERIFY(!events.isEmpty());
        const QString protocol = events[0][1].toString();
        QCOMPARE(protocol, security == int(ImapClientOptions::Security::ImplicitTls) ? QStringLiteral("imaps")
                                                                                      : QStringLiteral("imap"));
        if (security == int(ImapClientOptions::Security::StartTls)) {
            QVERIFY(!r.capabilities.contains("STARTTLS"));
            QVERIFY(r.capabilities.contains("IDLE"));
        }
    }

    void storeExpungeAndKnownUids()
    {
        ImapClientOptions options = bob(ImapClientOptions::Security::StartTls);
        options.auth = ImapClientOptions::Auth::LoginCommand;
        options.knownUidValidity = m_fixture->store.mailbox(ImapTestFixture::account, "INBOX")->uidValidity;
        options.knownUids = {1, 2};
        options.storeFlags = {{2, true, {"\\Deleted"}}, {3, false, {"\\Flagged"}}};
        options.expunge = true;
        const ImapClientResult r = run(options);
        QVERIFY2(r.ok, r.error.constData());
        QCOMPARE(r.messages.size(), 1);
        QCOMPARE(r.messages[0].uid, 3u);
        QCOMPARE(r.expunged, QList<quint32>{2});
        QCOMPARE(m_fixture->store.mailbox(ImapTestFixture::account, "INBOX")->messages, 2);
        QCOMPARE(m_fixture->store.message(ImapTestFixture::account, "INBOX", 3)->flags, QByteArrayList());
    }

    void wrongPassword()
    {
        ImapClientOptions options = bob(ImapClientOptions::Security::ImplicitTls);
        options.password = "wrong";
        const ImapClientResult r = run(options);
        QVERIFY(!r.ok);
        QCOMPARE(r.error, QByteArray("login failed: NO [AUTHENTICATIONFAILED] Authentication failed"));
    }

    void untrustedCertificateIsRefused_data()
    {
        QTest::addColumn<int>("security");
        QTest::newRow("starttls") << int(ImapClientOptions::Security::StartTls);
        QTest::newRow("imaps") << int(ImapClientOptions::Security::ImplicitTls);
    }

    void untrustedCertificateIsRefused()
    {
        QFETCH(int, security);
        QTemporaryDir otherDir;
        LocalCa other(otherDir.path());
        QVERIFY(other.ensure());
        m_clientTls = tls::clientConfiguration(other.caCertificate());
        const ImapClientResult r = run(bob(ImapClientOptions::Security(security)));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.startsWith("TLS failed: "), r.error.constData());
    }

    void idlePushFromAnotherClient()
    {
        ImapClientOptions options = bob(ImapClientOptions::Security::None);
        options.idle = true;
        options.fetchBodies = false;
        ImapClient idler;
        QSignalSpy idling(&idler, &ImapClient::idling);
        QSignalSpy updates(&idler, &ImapClient::idleUpdate);
        QSignalSpy done(&idler, &ImapClient::finished);
        idler.run(QStringLiteral("127.0.0.1"), m_server->port(), options, m_clientTls, QStringLiteral("localhost"));
        QVERIFY(idling.wait(20000));

        // A second device flags message 2 and expunges message 1: the idling client hears both at once.
        ImapClientOptions other = bob(ImapClientOptions::Security::ImplicitTls);
        other.fetchBodies = false;
        other.storeFlags = {{2, true, {"\\Flagged"}}, {1, true, {"\\Deleted"}}};
        other.expunge = true;
        const ImapClientResult r = run(other);
        QVERIFY2(r.ok, r.error.constData());
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 3, 20000);
        QByteArrayList pushed;
        for (const auto &args : updates)
            pushed.append(args[0].toByteArray());
        QVERIFY2(pushed.contains("2 FETCH (FLAGS (\\Flagged \\Recent))"), pushed.join(" | ").constData());
        QVERIFY2(pushed.contains("1 EXPUNGE"), pushed.join(" | ").constData());

        // New mail (as SMTP delivery would store it) is pushed too.
        m_fixture->deliverNew();
        QTRY_VERIFY_WITH_TIMEOUT(updates.last()[0].toByteArray() == "3 RECENT", 20000);
        idler.stopIdle();
        QVERIFY(done.wait(20000));
        const ImapClientResult idleResult = done[0][0].value<ImapClientResult>();
        QVERIFY2(idleResult.ok, idleResult.error.constData());
        QVERIFY(idleResult.idleUpdates.contains("3 EXISTS"));
    }

    // Issue #15: connections at once, over IMAP and IMAPS together. At the limit both ports greet; one past
    // it gets `* BYE Too many connections` (RFC 3501 §7.1.5), on IMAPS after the handshake, and is closed;
    // once a client leaves, the next is greeted again. Per address: 127.0.0.2 is refused, 127.0.0.3 served.
    void connectionLimits()
    {
        ImapServerConfig config;
        config.connectionLimits.maxConnections = 2;
        config.connectionLimits.maxConnectionsPerAddress = 1;
        ImapServer server(m_fixture->store, m_fixture->passwords, config);
        LocalCa ca(LocalCa::defaultDirectory());
        QVERIFY(ca.ensure());
        const QSslConfiguration serverTls = tls::serverConfiguration(
            ca.serverCredentials(QStringLiteral("localhost"), {}, {QHostAddress(QHostAddress::LocalHost)}));
        QVERIFY(server.listen(QHostAddress(QHostAddress::LocalHost), 0, serverTls));
        QVERIFY(server.listenImplicitTls(QHostAddress(QHostAddress::LocalHost), 0, serverTls));
        const QByteArray refusal = "* BYE Too many connections\r\n";

        const QHostAddress busy("127.0.0.2");
        QByteArray line;
        auto plain = test::connectClient(server.port(), busy, &line);
        QVERIFY(line.startsWith("* OK [CAPABILITY"));
        auto sameAddress = test::connectClient(server.port(), busy, &line);
        QCOMPARE(line, refusal);
        QTRY_COMPARE(sameAddress->state(), QAbstractSocket::UnconnectedState);

        QSslSocket tls, third;
        for (QSslSocket *c : {&tls, &third}) {
            c->setSslConfiguration(m_clientTls);
            c->bind(QHostAddress(c == &tls ? "127.0.0.3" : "127.0.0.4"), 0);
            c->connectToHostEncrypted(QStringLiteral("localhost"), server.implicitTlsPort());
            QVERIFY(readLine(*c).size() > 0);
        }
        // Which of the two got in first is up to the handshakes: one is greeted, the other refused.
        QTRY_VERIFY(tls.state() == QAbstractSocket::UnconnectedState || third.state() == QAbstractSocket::UnconnectedState);
        QCOMPARE(server.connectionLimiter().total(), 2);

        plain->write("a LOGOUT\r\n");
        QTRY_COMPARE(server.connectionLimiter().total(), 1);
        auto next = test::connectClient(server.port(), {}, &line);
        QVERIFY(line.startsWith("* OK [CAPABILITY"));
    }

    // A real client nobody here wrote: Python's imaplib refuses a BYE greeting with IMAP4.error.
    void imaplibSeesTheRefusal()
    {
        const QString python = QStringLiteral("/usr/bin/python3");
        if (!QFile::exists(python))
            QSKIP("no /usr/bin/python3");
        ImapServerConfig config;
        config.connectionLimits.maxConnections = 1;
        ImapServer server(m_fixture->store, m_fixture->passwords, config);
        QVERIFY(server.listen(QHostAddress(QHostAddress::LocalHost), 0, QSslConfiguration()));
        QByteArray greeting;
        auto holder = test::connectClient(server.port(), {}, &greeting);
        QVERIFY(greeting.startsWith("* OK"));
        const QString script = QStringLiteral(
            "import imaplib, sys\n"
            "try:\n"
            "    imaplib.IMAP4('127.0.0.1', int(sys.argv[1]), timeout=20).logout()\n"
            "    print('CONNECTED')\n"
            "except imaplib.IMAP4.error as e:\n"
            "    print(e)\n");
        auto run = [&] { return test::runPythonClient(python, script, server.port()); };
        QCOMPARE(run(), "b'* BYE Too many connections'");
        holder->write("a LOGOUT\r\n");
        QTRY_COMPARE(server.connectionLimiter().total(), 0);
        QCOMPARE(run(), "CONNECTED");
    }

    // Issue #15: the autologout timer counts complete lines (and literals). A client dribbling one byte
    // every 40 ms, of a command or of a literal, is logged out after the idle time; one sending a whole
    // NOOP as often is not.
    void idleTimeoutCountsLinesNotBytes()
    {
        ImapServerConfig config;
        config.idleTimeoutMs = 500;
        ImapServer server(m_fixture->store, m_fixture->passwords, config);
        QVERIFY(server.listen(QHostAddress(QHostAddress::LocalHost), 0, QSslConfiguration()));
        QElapsedTimer clock; // started before the server's idle timer for the dribbler
        clock.start();
        QTcpSocket dribbler, literal, talker;
        for (QTcpSocket *c : {&dribbler, &literal, &talker}) {
            c->connectToHost(QHostAddress::LocalHost, server.port());
            QVERIFY(readLine(*c).startsWith("* OK"));
        }
        literal.write("a LOGIN bob@b.example secret\r\nb APPEND INBOX {100+}\r\n");
        QVERIFY(readLine(literal).startsWith("a OK"));
        QByteArray heard;
        connect(&dribbler, &QIODevice::readyRead, this, [&] { heard += dribbler.readAll(); });
        QTimer tick;
        connect(&tick, &QTimer::timeout, this, [&] {
            if (dribbler.state() == QAbstractSocket::ConnectedState)
                dribbler.write("n");
            if (literal.state() == QAbstractSocket::ConnectedState)
                literal.write("x");
            talker.write("n NOOP\r\n");
        });
        tick.start(40);
        QTRY_COMPARE_WITH_TIMEOUT(dribbler.state(), QAbstractSocket::UnconnectedState, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(literal.state(), QAbstractSocket::UnconnectedState, 10000);
        const qint64 cutAfter = clock.elapsed();
        QVERIFY2(cutAfter >= 450, QByteArray::number(cutAfter).constData());
        QCOMPARE(heard, "* BYE Autologout; idle for too long\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() > cutAfter + 1500, 5000);
        tick.stop();
        QCOMPARE(talker.state(), QAbstractSocket::ConnectedState);
        QVERIFY(!talker.readAll().contains("BYE"));
    }
};

QTEST_GUILESS_MAIN(TestImapNetwork)
#include "tst_imapnetwork.moc"
