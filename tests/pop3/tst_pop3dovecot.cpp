// Our POP3 client against a real Dovecot (Debian's dovecot-pop3d), started by the test with a private
// configuration in a temporary folder: plain USER/PASS or AUTH PLAIN, STLS and POP3S with a certificate
// from our local CA, leave-on-server with UIDLs, then delete mode.
#include "PrivateDovecot.h"
#include "pop3/Pop3Client.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mf;

namespace {

const QByteArray message1 = "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: first\r\n\r\nHello Bob.\r\n"
                            ".a line that starts with a dot\r\n..and two\r\n.\r\nend\r\n";
const QByteArray message2 = "Subject: second\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSelamat pagi \xe2\x98\x80\r\n";

} // namespace

class TestPop3Dovecot : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tlsDir;
    testing::PrivateDovecot m_dovecot;
    QSslConfiguration m_clientTls;

    QByteArray log() const { return m_dovecot.log(); }

    void putMessages()
    {
        QVERIFY2(m_dovecot.deliver("1700000000.M1P1.test", message1), qPrintable(m_dovecot.errorString()));
        QVERIFY2(m_dovecot.deliver("1700000001.M2P1.test", message2), qPrintable(m_dovecot.errorString()));
    }

    Pop3FetchResult fetch(Pop3ClientOptions::Security security, bool leave, Pop3ClientOptions::Auth auth = {},
                          const QSet<QByteArray> &seen = {})
    {
        Pop3ClientOptions options;
        options.login = "bob";
        options.password = "secret";
        options.security = security;
        options.leaveOnServer = leave;
        options.auth = auth;
        options.seenUidls = seen;
        Pop3Client client;
        QSignalSpy done(&client, &Pop3Client::finished);
        client.fetch("127.0.0.1",
                     security == Pop3ClientOptions::Security::ImplicitTls ? m_dovecot.tlsPort() : m_dovecot.port(),
                     options, m_clientTls, "localhost");
        if (!done.wait(30000))
            return {};
        return done[0][0].value<Pop3FetchResult>();
    }

private slots:
    void initTestCase()
    {
        if (const QString why = testing::PrivateDovecot::missing("pop3"); !why.isEmpty())
            QSKIP(qPrintable(why));
        LocalCa ca(m_tlsDir.filePath("tls"));
        QVERIFY2(ca.ensure(), qPrintable(ca.errorString()));
        const auto creds = ca.serverCredentials("localhost", {}, {QHostAddress::LocalHost});
        m_clientTls = tls::clientConfiguration(ca.caCertificate());

        testing::DovecotConfig config;
        config.protocol = "pop3";
        config.certificatePath = creds.certificatePath;
        config.keyPath = creds.keyPath;
        config.settings = {"pop3_uidl_format = %08Xv%08Xu"};
        QVERIFY2(m_dovecot.prepare(config), qPrintable(m_dovecot.errorString()));
        QVERIFY2(m_dovecot.start(), qPrintable(m_dovecot.errorString()));
    }

    void cleanupTestCase() { m_dovecot.stop(); }

    void leaveOnServerThenDelete()
    {
        putMessages();
        // Plain, STLS and POP3S all see the same two messages, byte for byte, with stable UIDLs.
        QByteArrayList uidls;
        for (auto security : {Pop3ClientOptions::Security::None, Pop3ClientOptions::Security::StartTls,
                              Pop3ClientOptions::Security::ImplicitTls}) {
            const Pop3FetchResult r = fetch(security, true);
            QVERIFY2(r.ok, (r.error + "\n" + log()).constData());
            QCOMPARE(r.messages.size(), 2);
            QCOMPARE(r.messages[0].bytes, message1);
            QCOMPARE(r.messages[1].bytes, message2);
            QCOMPARE(r.messages[0].listedSize, qint64(message1.size()));
            QVERIFY(!r.messages[0].uidl.isEmpty());
            if (uidls.isEmpty())
                uidls = {r.messages[0].uidl, r.messages[1].uidl};
            QCOMPARE((QByteArrayList{r.messages[0].uidl, r.messages[1].uidl}), uidls);
            QCOMPARE(r.capabilities.contains("STLS"), security == Pop3ClientOptions::Security::None);
        }
        // USER/PASS instead of SASL, skipping the first message as already seen, deleting the second.
        const Pop3FetchResult r = fetch(Pop3ClientOptions::Security::StartTls, false, Pop3ClientOptions::Auth::UserPass,
                                        {uidls[0]});
        QVERIFY2(r.ok, (r.error + "\n" + log()).constData());
        QCOMPARE(r.skipped, 1);
        QCOMPARE(r.messages.size(), 1);
        QCOMPARE(r.messages[0].bytes, message2);
        QCOMPARE(r.deletedUidls, QByteArrayList{uidls[1]});
        // Dovecot really removed it.
        const Pop3FetchResult after = fetch(Pop3ClientOptions::Security::None, false);
        QVERIFY2(after.ok, after.error.constData());
        QCOMPARE(after.messages.size(), 1);
        QCOMPARE(after.messages[0].bytes, message1);
        const Pop3FetchResult empty = fetch(Pop3ClientOptions::Security::None, true);
        QVERIFY(empty.ok);
        QCOMPARE(empty.messages.size(), 0);
    }

    void wrongPasswordIsReported()
    {
        Pop3ClientOptions options;
        options.login = "bob";
        options.password = "nope";
        Pop3Client client;
        QSignalSpy done(&client, &Pop3Client::finished);
        client.fetch("127.0.0.1", m_dovecot.port(), options, m_clientTls, "localhost");
        QVERIFY(done.wait(30000));
        const auto r = done[0][0].value<Pop3FetchResult>();
        QVERIFY(!r.ok);
        QVERIFY2(r.error.startsWith("login failed: -ERR [AUTH]"), r.error.constData());
    }
};

QTEST_GUILESS_MAIN(TestPop3Dovecot)
#include "tst_pop3dovecot.moc"
