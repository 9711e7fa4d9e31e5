// Our POP3 client against a real Dovecot (Debian's dovecot-pop3d), started by the test with a private
// configuration in a temporary folder: plain USER/PASS or AUTH PLAIN, STLS and POP3S with a certificate
// from our local CA, leave-on-server with UIDLs, then delete mode.
#include "pop3/Pop3Client.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using namespace mf;

namespace {

const QByteArray message1 = "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: first\r\n\r\nHello Bob.\r\n"
                            ".a line that starts with a dot\r\n..and two\r\n.\r\nend\r\n";
const QByteArray message2 = "Subject: second\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSelamat pagi \xe2\x98\x80\r\n";

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestPop3Dovecot : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QProcess m_dovecot;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0;
    QSslConfiguration m_clientTls;
    uid_t m_mailUid = 0;
    gid_t m_mailGid = 0;

    QString maildir() const { return m_dir.filePath("mail/bob/Maildir"); }

    QByteArray log() const
    {
        QFile f(m_dir.filePath("dovecot.log"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    void putMessages()
    {
        QVERIFY(writeFile(maildir() + "/new/1700000000.M1P1.test", message1));
        QVERIFY(writeFile(maildir() + "/new/1700000001.M2P1.test", message2));
        if (::geteuid() == 0) {
            QProcess::execute("chown", {"-R", QString("%1:%2").arg(m_mailUid).arg(m_mailGid), m_dir.filePath("mail")});
        }
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
        client.fetch("127.0.0.1", security == Pop3ClientOptions::Security::ImplicitTls ? m_tlsPort : m_port, options,
                     m_clientTls, "localhost");
        if (!done.wait(30000))
            return {};
        return done[0][0].value<Pop3FetchResult>();
    }

private slots:
    void initTestCase()
    {
        const QString dovecot = QStandardPaths::findExecutable("dovecot", {"/usr/sbin", "/usr/bin"});
        if (dovecot.isEmpty())
            QSKIP("dovecot is not installed (Debian package dovecot-pop3d)");
        QVERIFY(m_dir.isValid());
        // Dovecot's auth and mail processes run as other users: they must be able to enter the folder.
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                                | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);

        LocalCa ca(m_dir.filePath("tls"));
        QVERIFY2(ca.ensure(), qPrintable(ca.errorString()));
        const auto creds = ca.serverCredentials("localhost", {}, {QHostAddress::LocalHost});
        m_clientTls = tls::clientConfiguration(ca.caCertificate());

        // Dovecot refuses to run its login processes as root; as root use its own users, otherwise run
        // everything as the current user.
        QString internalUser, loginUser;
        if (::geteuid() == 0) {
            const passwd *dovecotUser = ::getpwnam("dovecot");
            QVERIFY2(dovecotUser && ::getpwnam("dovenull"), "users dovecot and dovenull are needed when run as root");
            internalUser = "dovecot";
            loginUser = "dovenull";
            m_mailUid = dovecotUser->pw_uid;
            m_mailGid = dovecotUser->pw_gid;
        } else {
            const passwd *me = ::getpwuid(::geteuid());
            QVERIFY(me);
            internalUser = loginUser = QString::fromLocal8Bit(me->pw_name);
            m_mailUid = ::geteuid();
            m_mailGid = ::getegid();
        }
        for (const char *sub : {"new", "cur", "tmp"})
            QVERIFY(QDir().mkpath(maildir() + "/" + sub));
        QVERIFY(QDir().mkpath(m_dir.filePath("run")));
        QVERIFY(QDir().mkpath(m_dir.filePath("state")));

        m_port = freePort();
        m_tlsPort = freePort();
        const QString base = m_dir.path();
        const QString conf = QString(
            "base_dir = %1/run\n"
            "state_dir = %1/state\n"
            "log_path = %1/dovecot.log\n"
            "listen = 127.0.0.1\n"
            "protocols = pop3\n"
            "ssl = yes\n"
            "ssl_cert = <%2\n"
            "ssl_key = <%3\n"
            "disable_plaintext_auth = no\n"
            "auth_mechanisms = plain\n"
            "default_internal_user = %4\n"
            "default_internal_group = %4\n"
            "default_login_user = %5\n"
            "first_valid_uid = 1\n"
            "mail_location = maildir:%1/mail/%u/Maildir\n"
            "pop3_uidl_format = %08Xv%08Xu\n"
            "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u %1/passwd\n}\n"
            "userdb {\n  driver = passwd-file\n  args = username_format=%u %1/passwd\n}\n"
            "service pop3-login {\n  chroot =\n"
            "  inet_listener pop3 {\n    port = %6\n  }\n"
            "  inet_listener pop3s {\n    port = %7\n    ssl = yes\n  }\n}\n"
            "service imap-login {\n  chroot =\n}\n"
            "service anvil {\n  chroot =\n}\n")
            .arg(base, creds.certificatePath, creds.keyPath, internalUser, loginUser)
            .arg(m_port).arg(m_tlsPort);
        QVERIFY(writeFile(base + "/dovecot.conf", conf.toUtf8()));
        QVERIFY(writeFile(base + "/passwd",
                          QString("bob:{PLAIN}secret:%1:%2::%3/mail/bob::\n").arg(m_mailUid).arg(m_mailGid).arg(base).toUtf8()));

        m_dovecot.setProcessChannelMode(QProcess::ForwardedChannels);
        m_dovecot.start(dovecot, {"-F", "-c", base + "/dovecot.conf"});
        QVERIFY2(m_dovecot.waitForStarted(10000), qPrintable(m_dovecot.errorString()));
        // Ready when the POP3 port answers with a greeting.
        const bool ready = QTest::qWaitFor([&] {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            return probe.waitForConnected(200) && probe.waitForReadyRead(2000) && probe.readAll().startsWith("+OK");
        }, 20000);
        QVERIFY2(ready, log().constData());
    }

    void cleanupTestCase()
    {
        if (m_dovecot.state() != QProcess::NotRunning) {
            m_dovecot.terminate();
            if (!m_dovecot.waitForFinished(10000))
                m_dovecot.kill();
        }
    }

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
        client.fetch("127.0.0.1", m_port, options, m_clientTls, "localhost");
        QVERIFY(done.wait(30000));
        const auto r = done[0][0].value<Pop3FetchResult>();
        QVERIFY(!r.ok);
        QVERIFY2(r.error.startsWith("login failed: -ERR [AUTH]"), r.error.constData());
    }
};

QTEST_GUILESS_MAIN(TestPop3Dovecot)
#include "tst_pop3dovecot.moc"
