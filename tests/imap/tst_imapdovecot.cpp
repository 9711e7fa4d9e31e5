// Our IMAP client against a real Dovecot (Debian's dovecot-imapd), started by the test with a private
// configuration in a temporary folder: plain, STARTTLS and IMAPS (certificate from our local CA), with
// AUTHENTICATE PLAIN, AUTHENTICATE LOGIN and the LOGIN command; known UIDs, STORE, EXPUNGE and IDLE.
#include "PrivateDovecot.h"
#include "imap/ImapClient.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;

namespace {

const QByteArray message1 = "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: first\r\n\r\nHello Bob.\r\n";
const QByteArray message2 = "Subject: second\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSelamat pagi \xe2\x98\x80\r\n";
const QByteArray message3 = "Subject: third\r\n\r\nPushed while idling.\r\n";

} // namespace

class TestImapDovecot : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tlsDir;
    testing::PrivateDovecot m_dovecot;
    QSslConfiguration m_clientTls;

    QByteArray log() const { return m_dovecot.log(); }

    ImapClientOptions options(ImapClientOptions::Security security, ImapClientOptions::Auth auth)
    {
        ImapClientOptions o;
        o.login = "bob";
        o.password = "secret";
        o.security = security;
        o.auth = auth;
        return o;
    }

    ImapClientResult run(const ImapClientOptions &o)
    {
        ImapClient client;
        QSignalSpy done(&client, &ImapClient::finished);
        client.run("127.0.0.1",
                   o.security == ImapClientOptions::Security::ImplicitTls ? m_dovecot.tlsPort() : m_dovecot.port(), o,
                   m_clientTls, "localhost");
        if (!done.wait(30000))
            return {};
        return done[0][0].value<ImapClientResult>();
    }

private slots:
    void initTestCase()
    {
        if (const QString why = testing::PrivateDovecot::missing("imap"); !why.isEmpty())
            QSKIP(qPrintable(why));
        LocalCa ca(m_tlsDir.filePath("tls"));
        QVERIFY2(ca.ensure(), qPrintable(ca.errorString()));
        const auto creds = ca.serverCredentials("localhost", {}, {QHostAddress::LocalHost});
        m_clientTls = tls::clientConfiguration(ca.caCertificate());

        testing::DovecotConfig config;
        config.protocol = "imap";
        config.authMechanisms = "plain login";
        config.certificatePath = creds.certificatePath;
        config.keyPath = creds.keyPath;
        config.settings = {"mailbox_idle_check_interval = 1 secs"};
        QVERIFY2(m_dovecot.prepare(config), qPrintable(m_dovecot.errorString()));
        QVERIFY2(m_dovecot.deliver("1700000000.M1P1.test", message1), qPrintable(m_dovecot.errorString()));
        QVERIFY2(m_dovecot.deliver("1700000001.M2P1.test", message2), qPrintable(m_dovecot.errorString()));
        QVERIFY2(m_dovecot.start(), qPrintable(m_dovecot.errorString()));
    }

    void cleanupTestCase() { m_dovecot.stop(); }

    void fetchEveryWay_data()
    {
        QTest::addColumn<int>("security");
        QTest::addColumn<int>("auth");
        using S = ImapClientOptions::Security;
        using A = ImapClientOptions::Auth;
        QTest::newRow("plain, AUTHENTICATE PLAIN (SASL-IR)") << int(S::None) << int(A::Automatic);
        QTest::newRow("STARTTLS, AUTHENTICATE LOGIN") << int(S::StartTls) << int(A::Login);
        QTest::newRow("IMAPS, LOGIN command") << int(S::ImplicitTls) << int(A::LoginCommand);
    }

    void fetchEveryWay()
    {
        QFETCH(int, security);
        QFETCH(int, auth);
        const ImapClientResult r = run(options(ImapClientOptions::Security(security), ImapClientOptions::Auth(auth)));
        QVERIFY2(r.ok, (r.error + "\n" + log()).constData());
        QVERIFY(r.uidValidity != 0);
        QCOMPARE(r.messages.size(), 2);
        QCOMPARE(r.messages[0].bytes, message1);
        QCOMPARE(r.messages[1].bytes, message2);
        QCOMPARE(r.messages[0].size, qint64(message1.size()));
        QCOMPARE(r.messages[1].header, QByteArray("Subject: second\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"));
        QVERIFY(!r.messages[0].flags.contains("\\Seen")); // BODY.PEEK
        if (security == int(ImapClientOptions::Security::StartTls))
            QVERIFY(!r.capabilities.contains("STARTTLS"));
    }

    void knownUidsStoreExpunge()
    {
        ImapClientResult first = run(options(ImapClientOptions::Security::None, ImapClientOptions::Auth::Automatic));
        QVERIFY2(first.ok, first.error.constData());
        ImapClientOptions o = options(ImapClientOptions::Security::ImplicitTls, ImapClientOptions::Auth::Automatic);
        o.knownUidValidity = first.uidValidity;
        o.knownUids = {first.messages[0].uid, first.messages[1].uid};
        o.storeFlags = {{first.messages[0].uid, true, {"\\Deleted", "\\Seen"}}};
        o.expunge = true;
        const ImapClientResult r = run(o);
        QVERIFY2(r.ok, (r.error + "\n" + log()).constData());
        QVERIFY(r.messages.isEmpty());
        QCOMPARE(r.expunged, QList<quint32>{1});
        const ImapClientResult after = run(options(ImapClientOptions::Security::None, ImapClientOptions::Auth::Automatic));
        QVERIFY2(after.ok, after.error.constData());
        QCOMPARE(after.messages.size(), 1);
        QCOMPARE(after.messages[0].bytes, message2);
    }

    void idleSeesNewMail()
    {
        ImapClientOptions o = options(ImapClientOptions::Security::StartTls, ImapClientOptions::Auth::Automatic);
        o.idle = true;
        o.fetchBodies = false;
        ImapClient client;
        QSignalSpy idling(&client, &ImapClient::idling);
        QSignalSpy updates(&client, &ImapClient::idleUpdate);
        QSignalSpy done(&client, &ImapClient::finished);
        client.run("127.0.0.1", m_dovecot.port(), o, m_clientTls, "localhost");
        QVERIFY2(idling.wait(20000), log().constData());
        QVERIFY2(m_dovecot.deliver("1700000002.M3P1.test", message3), qPrintable(m_dovecot.errorString()));
        auto pushedExists = [&] {
            for (const auto &args : updates) {
                if (args[0].toByteArray() == "2 EXISTS")
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(pushedExists(), 30000);
        client.stopIdle();
        QVERIFY(done.wait(20000));
        const ImapClientResult r = done[0][0].value<ImapClientResult>();
        QVERIFY2(r.ok, (r.error + "\n" + log()).constData());
        QVERIFY(r.idleUpdates.contains("2 EXISTS"));
    }
};

QTEST_GUILESS_MAIN(TestImapDovecot)
#include "tst_imapdovecot.moc"
