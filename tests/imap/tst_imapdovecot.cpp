// Our IMAP client against a real Dovecot (Debian's dovecot-imapd), started by the test with a private
// configuration in a temporary folder: plain, STARTTLS and IMAPS (certificate from our local CA), with
// AUTHENTICATE PLAIN, AUTHENTICATE LOGIN and the LOGIN command; known UIDs, STORE, EXPUNGE and IDLE.
#include "imap/ImapClient.h"
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

const QByteArray message1 = "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: first\r\n\r\nHello Bob.\r\n";
const QByteArray message2 = "Subject: second\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSelamat pagi \xe2\x98\x80\r\n";
const QByteArray message3 = "Subject: third\r\n\r\nPushed while idling.\r\n";

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

class TestImapDovecot : public QObject
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

    void put(const QString &name, const QByteArray &bytes)
    {
        // Written in tmp/ and renamed into new/, as a delivery agent does, so Dovecot never sees half a file.
        const QString tmp = maildir() + "/tmp/" + name;
        QVERIFY(writeFile(tmp, bytes));
        if (::geteuid() == 0)
            QVERIFY(::chown(QFile::encodeName(tmp).constData(), m_mailUid, m_mailGid) == 0);
        QVERIFY(QFile::rename(tmp, maildir() + "/new/" + name));
    }

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
        client.run("127.0.0.1", o.security == ImapClientOptions::Security::ImplicitTls ? m_tlsPort : m_port, o,
                   m_clientTls, "localhost");
        if (!done.wait(30000))
            return {};
        return done[0][0].value<ImapClientResult>();
    }

private slots:
    void initTestCase()
    {
        const QString dovecot = QStandardPaths::findExecutable("dovecot", {"/usr/sbin", "/usr/bin"});
        if (dovecot.isEmpty() || !QFile::exists("/usr/lib/dovecot/imap"))
            QSKIP("dovecot-imapd is not installed");
        QVERIFY(m_dir.isValid());
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                                | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
        LocalCa ca(m_dir.filePath("tls"));
        QVERIFY2(ca.ensure(), qPrintable(ca.errorString()));
        const auto creds = ca.serverCredentials("localhost", {}, {QHostAddress::LocalHost});
        m_clientTls = tls::clientConfiguration(ca.caCertificate());

        // Dovecot refuses to run its login processes as root; as root use its own users.
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
        put("1700000000.M1P1.test", message1);
        put("1700000001.M2P1.test", message2);
        if (::geteuid() == 0)
            QProcess::execute("chown", {"-R", QString("%1:%2").arg(m_mailUid).arg(m_mailGid), m_dir.filePath("mail")});

        m_port = freePort();
        m_tlsPort = freePort();
        const QString base = m_dir.path();
        const QString conf = QString(
            "base_dir = %1/run\n"
            "state_dir = %1/state\n"
            "log_path = %1/dovecot.log\n"
            "listen = 127.0.0.1\n"
            "protocols = imap\n"
            "ssl = yes\n"
            "ssl_cert = <%2\n"
            "ssl_key = <%3\n"
            "disable_plaintext_auth = no\n"
            "auth_mechanisms = plain login\n"
            "default_internal_user = %4\n"
            "default_internal_group = %4\n"
            "default_login_user = %5\n"
            "first_valid_uid = 1\n"
            "mail_location = maildir:%1/mail/%u/Maildir\n"
            "mailbox_idle_check_interval = 1 secs\n"
            "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u %1/passwd\n}\n"
            "userdb {\n  driver = passwd-file\n  args = username_format=%u %1/passwd\n}\n"
            "service imap-login {\n  chroot =\n"
            "  inet_listener imap {\n    port = %6\n  }\n"
            "  inet_listener imaps {\n    port = %7\n    ssl = yes\n  }\n}\n"
            "service pop3-login {\n  chroot =\n}\n"
            "service anvil {\n  chroot =\n}\n")
            .arg(base, creds.certificatePath, creds.keyPath, internalUser, loginUser)
            .arg(m_port).arg(m_tlsPort);
        QVERIFY(writeFile(base + "/dovecot.conf", conf.toUtf8()));
        QVERIFY(writeFile(base + "/passwd",
                          QString("bob:{PLAIN}secret:%1:%2::%3/mail/bob::\n").arg(m_mailUid).arg(m_mailGid).arg(base).toUtf8()));

        m_dovecot.setProcessChannelMode(QProcess::ForwardedChannels);
        m_dovecot.start(dovecot, {"-F", "-c", base + "/dovecot.conf"});
        QVERIFY2(m_dovecot.waitForStarted(10000), qPrintable(m_dovecot.errorString()));
        const bool ready = QTest::qWaitFor([&] {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            return probe.waitForConnected(200) && probe.waitForReadyRead(2000) && probe.readAll().startsWith("* OK");
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
        client.run("127.0.0.1", m_port, o, m_clientTls, "localhost");
        QVERIFY2(idling.wait(20000), log().constData());
        put("1700000002.M3P1.test", message3);
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
