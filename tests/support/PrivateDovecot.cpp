#include "PrivateDovecot.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

#include <pwd.h>
#include <unistd.h>

namespace mf::testing {

namespace {

QString dovecotExecutable()
{
    return QStandardPaths::findExecutable(QStringLiteral("dovecot"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.flush();
}

bool chownTo(const QString &path, uid_t uid, gid_t gid)
{
    return ::geteuid() != 0 || ::chown(QFile::encodeName(path).constData(), uid, gid) == 0;
}

} // namespace

PrivateDovecot::PrivateDovecot() = default;

PrivateDovecot::~PrivateDovecot()
{
    stop();
}

QString PrivateDovecot::missing(const QByteArray &protocol)
{
    const QString package = QStringLiteral("dovecot-%1d").arg(QString::fromLatin1(protocol));
    if (dovecotExecutable().isEmpty() || !QFile::exists(QStringLiteral("/usr/lib/dovecot/") + QString::fromLatin1(protocol)))
        return QStringLiteral("Dovecot's %1 server is not installed (Debian package %2)").arg(QString::fromLatin1(protocol), package);
    if (::geteuid() == 0 && (!::getpwnam("dovecot") || !::getpwnam("dovenull")))
        return QStringLiteral("run as root, Dovecot needs its users dovecot and dovenull (Debian package dovecot-core)");
    return {};
}

bool PrivateDovecot::fail(const QString &error)
{
    m_error = error;
    return false;
}

QString PrivateDovecot::maildir() const
{
    return m_dir.filePath(QStringLiteral("mail/%1/Maildir").arg(QString::fromUtf8(m_config.user)));
}

QByteArray PrivateDovecot::log() const
{
    QFile f(m_dir.filePath(QStringLiteral("dovecot.log")));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool PrivateDovecot::prepare(const DovecotConfig &config)
{
    m_config = config;
    if (const QString why = missing(config.protocol); !why.isEmpty())
        return fail(why);
    if (!m_dir.isValid())
        return fail(QStringLiteral("cannot create a temporary folder: %1").arg(m_dir.errorString()));
    // Dovecot's auth and mail processes run as other users: they must be able to enter the folder.
    QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);

    // Dovecot refuses to run its login processes as root: as root, use its own users; otherwise run everything
    // as the current user.
    QString internalUser, loginUser;
    if (::geteuid() == 0) {
        const passwd *dovecotUser = ::getpwnam("dovecot");
        internalUser = QStringLiteral("dovecot");
        loginUser = QStringLiteral("dovenull");
        m_mailUid = dovecotUser->pw_uid;
        m_mailGid = dovecotUser->pw_gid;
    } else {
        const passwd *me = ::getpwuid(::geteuid());
        if (!me)
            return fail(QStringLiteral("the current user has no passwd entry"));
        internalUser = loginUser = QString::fromLocal8Bit(me->pw_name);
        m_mailUid = ::geteuid();
        m_mailGid = ::getegid();
    }

    const QString base = m_dir.path();
    for (const char *sub : {"new", "cur", "tmp"}) {
        if (!QDir().mkpath(maildir() + QLatin1Char('/') + QLatin1String(sub)))
            return fail(QStringLiteral("cannot create the Maildir in %1").arg(base));
    }
    for (QString path = maildir() + QStringLiteral("/new"); path.startsWith(base + QLatin1Char('/')); path = QFileInfo(path).path()) {
        if (!chownTo(path, m_mailUid, m_mailGid))
            return fail(QStringLiteral("cannot give %1 to the mail user").arg(path));
    }
    for (const char *sub : {"cur", "tmp"})
        chownTo(maildir() + QLatin1Char('/') + QLatin1String(sub), m_mailUid, m_mailGid);
    QDir().mkpath(base + QStringLiteral("/run"));
    QDir().mkpath(base + QStringLiteral("/state"));

    const bool tls = !config.certificatePath.isEmpty();
    m_port = freeLoopbackPort();
    m_tlsPort = tls ? freeLoopbackPort() : 0;
    const QString proto = QString::fromLatin1(config.protocol);
    QString conf = QStringLiteral("base_dir = %1/run\n"
                                  "state_dir = %1/state\n"
                                  "log_path = %1/dovecot.log\n"
                                  "listen = 127.0.0.1\n"
                                  "protocols = %2\n"
                                  "disable_plaintext_auth = no\n"
                                  "auth_mechanisms = %3\n"
                                  "default_internal_user = %4\n"
                                  "default_internal_group = %4\n"
                                  "default_login_user = %5\n"
                                  "first_valid_uid = 1\n"
                                  "mail_location = maildir:%1/mail/%u/Maildir\n"
                                  "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u %1/passwd\n}\n"
                                  "userdb {\n  driver = passwd-file\n  args = username_format=%u %1/passwd\n}\n")
                       .arg(base, proto, QString::fromLatin1(config.authMechanisms), internalUser, loginUser);
    conf += tls ? QStringLiteral("ssl = yes\nssl_cert = <%1\nssl_key = <%2\n").arg(config.certificatePath, config.keyPath)
                : QStringLiteral("ssl = no\n");
    // Both login services unchrooted (the folder is not a chroot); only this protocol's listeners get ports.
    conf += QStringLiteral("service %1-login {\n  chroot =\n"
                           "  inet_listener %1 {\n    port = %2\n  }\n"
                           "  inet_listener %1s {\n    port = %3\n%4  }\n}\n")
                .arg(proto)
                .arg(m_port)
                .arg(m_tlsPort) // 0 turns off the implicit-TLS listener Dovecot has by default
                .arg(tls ? QStringLiteral("    ssl = yes\n") : QString());
    conf += QStringLiteral("service %1-login {\n  chroot =\n}\nservice anvil {\n  chroot =\n}\n")
                .arg(config.protocol == "imap" ? QStringLiteral("pop3") : QStringLiteral("imap"));
    for (const QByteArray &line : config.settings)
        conf += QString::fromUtf8(line) + QLatin1Char('\n');

    const QByteArray passwdLine = config.user + ":{PLAIN}" + config.password + ':' + QByteArray::number(m_mailUid) + ':'
                                  + QByteArray::number(m_mailGid) + "::" + QFile::encodeName(base) + "/mail/" + config.user
                                  + "::\n";
    if (!writeFile(base + QStringLiteral("/dovecot.conf"), conf.toUtf8()) || !writeFile(base + QStringLiteral("/passwd"), passwdLine))
        return fail(QStringLiteral("cannot write Dovecot's configuration in %1").arg(base));
    return true;
}

bool PrivateDovecot::start()
{
    if (m_port == 0)
        return fail(QStringLiteral("PrivateDovecot::prepare() was not called or failed"));
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.start(dovecotExecutable(), {QStringLiteral("-F"), QStringLiteral("-c"), m_dir.filePath(QStringLiteral("dovecot.conf"))});
    if (!m_process.waitForStarted(10000))
        return fail(QStringLiteral("cannot start Dovecot: %1").arg(m_process.errorString()));
    // Ready when the plain port greets: "* OK" (IMAP) or "+OK" (POP3).
    const QByteArray greeting = m_config.protocol == "imap" ? QByteArrayLiteral("* OK") : QByteArrayLiteral("+OK");
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(200) && probe.waitForReadyRead(2000) && probe.readAll().startsWith(greeting))
            return true;
        // Not listening yet: wait a little for Dovecot to exit (a configuration error) before trying again.
        if (m_process.waitForFinished(50))
            return fail(QStringLiteral("Dovecot exited (status %1):\n%2").arg(m_process.exitCode()).arg(QString::fromUtf8(log())));
    }
    return fail(QStringLiteral("Dovecot did not greet on port %1 within 20 s:\n%2").arg(m_port).arg(QString::fromUtf8(log())));
}

void PrivateDovecot::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000))
        m_process.kill();
    m_process.waitForFinished(5000);
}

bool PrivateDovecot::deliver(const QString &name, const QByteArray &message, Folder folder)
{
    const QString tmp = maildir() + QStringLiteral("/tmp/") + name;
    const QString target = maildir() + (folder == Folder::New ? QStringLiteral("/new/") : QStringLiteral("/cur/")) + name
                           + (folder == Folder::Cur ? QStringLiteral(":2,") : QString());
    if (!writeFile(tmp, message) || !chownTo(tmp, m_mailUid, m_mailGid) || !QFile::rename(tmp, target))
        return fail(QStringLiteral("cannot deliver %1 into %2").arg(name, maildir()));
    return true;
}

} // namespace mf::testing
