#include "PostfixRelayPair.h"

#include "BenchTargets.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>

#include <cstdio>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

namespace mf::bench {

namespace {

const QString kPostfix = QStringLiteral("/usr/sbin/postfix");

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Debian's master.cf with every service out of chroot (the private queue is not a chroot) and the public
// SMTP service on 127.0.0.1:port instead of port 25.
QByteArray masterCf(quint16 port)
{
    QFile f(QStringLiteral("/etc/postfix/master.cf"));
    if (!f.open(QIODevice::ReadOnly)) {
        f.setFileName(QStringLiteral("/usr/share/postfix/master.cf.dist"));
        if (!f.open(QIODevice::ReadOnly))
            return {};
    }
    QByteArray out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        QList<QByteArray> fields = line.simplified().split(' ');
        const bool service = !line.isEmpty() && line[0] != '#' && line[0] != ' ' && line[0] != '\t' && fields.size() >= 8;
        if (service && fields[0] == "smtp" && fields[1] == "inet") {
            out += "127.0.0.1:" + QByteArray::number(port) + " inet n - n - - smtpd\n";
        } else if (service) {
            fields[4] = "n";
            out += fields.join(' ') + '\n';
        } else {
            out += line + '\n';
        }
    }
    return out;
}

// `postfix` reports configuration errors only to syslog, or to a terminal: give it one (script(1)).
bool runPostfix(const QString &configDir, const QString &command, QString *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("script"), {QStringLiteral("-qec"), QStringLiteral("%1 -c %2 %3").arg(kPostfix, configDir, command),
                                       QStringLiteral("/dev/null")});
    const bool ok = p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    *output = QString::fromLocal8Bit(p.readAll()).trimmed();
    return ok;
}

} // namespace

PostfixRelayPair::PostfixRelayPair()
{
    if (qEnvironmentVariableIntValue("MAILFLOW_KEEP_POSTFIX") == 1) {
        m_dir.setAutoRemove(false);
        std::fprintf(stderr, "Postfix instances kept in %s\n", qPrintable(m_dir.path()));
    }
}

PostfixRelayPair::~PostfixRelayPair()
{
    stop();
}

QString PostfixRelayPair::missing()
{
    if (!QFile::exists(kPostfix))
        return QStringLiteral("Postfix is not installed (Debian package postfix)");
    if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
        return QStringLiteral("script(1) is missing (Debian package bsdutils)");
    if (::geteuid() != 0)
        return QStringLiteral("Postfix's master process must be started as root");
    if (!::getpwnam("postfix"))
        return QStringLiteral("the user postfix does not exist");
    return {};
}

bool PostfixRelayPair::fail(const QString &error)
{
    m_error = error;
    return false;
}

bool PostfixRelayPair::start()
{
    if (const QString why = missing(); !why.isEmpty())
        return fail(why);
    if (!m_dir.isValid())
        return fail(QStringLiteral("cannot create a temporary folder"));
    const QString base = m_dir.path();
    const passwd *postfixUser = ::getpwnam("postfix");
    // virtual(8) delivers as the postfix user: it must be able to reach the Maildirs.
    QFile::setPermissions(base, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup
                                    | QFile::ReadOther | QFile::ExeOther);

    LocalCa ca(base + QStringLiteral("/tls"));
    if (!ca.ensure())
        return fail(QStringLiteral("local CA: %1").arg(ca.errorString()));
    const auto credsA = ca.serverCredentials(QStringLiteral("mx.a.example"), {}, {QHostAddress::LocalHost});
    const auto credsB = ca.serverCredentials(QStringLiteral("mx.b.example"), {}, {QHostAddress::LocalHost});
    m_clientTls = tls::clientConfiguration(ca.caCertificate());

    m_portA = freeLoopbackPort();
    m_portB = freeLoopbackPort();
    const QByteArray common = QByteArrayLiteral(
        "compatibility_level = 3.6\n"
        "inet_interfaces = 127.0.0.1\n"
        "inet_protocols = ipv4\n"
        "mynetworks = 127.0.0.0/8\n"
        "mydestination =\n"
        "alias_maps =\n"
        "alias_database =\n"
        "biff = no\n"
        "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n"
        "smtpd_tls_security_level = may\n"
        "smtp_dns_support_level = disabled\n"
        "maillog_file_prefixes = /tmp, /var\n");
    auto instance = [&](const QString &name, const QByteArray &hostName, const LocalCa::ServerCredentials &creds,
                        const QByteArray &specific) -> QByteArray {
        const QByteArray dir = QFile::encodeName(base + QLatin1Char('/') + name);
        return common + "queue_directory = " + dir + "/queue\ndata_directory = " + dir + "/data\nmaillog_file = " + dir
               + "/maillog\nmyhostname = " + hostName + "\nsmtpd_tls_cert_file = " + QFile::encodeName(creds.certificatePath)
               + "\nsmtpd_tls_key_file = " + QFile::encodeName(creds.keyPath) + '\n' + specific;
    };
    const QByteArray nextHop = "[127.0.0.1]:" + QByteArray::number(m_portB);
    const QByteArray mainA = instance(QStringLiteral("a"), "mx.a.example", credsA,
                                      "relayhost = " + nextHop + "\n"
                                      // The relay hop verifies b's certificate, as MailFlow's MTAs do.
                                      "smtp_tls_CAfile = " + QFile::encodeName(ca.caCertificatePath()) + "\n"
                                      "smtp_tls_policy_maps = inline:{ {" + nextHop + " = secure match=mx.b.example} }\n");
    const QByteArray mainB = instance(QStringLiteral("b"), "mx.b.example", credsB,
                                      "virtual_mailbox_domains = b.example\n"
                                      "virtual_mailbox_base = " + QFile::encodeName(base) + "/b/mail\n"
                                      "virtual_mailbox_maps = inline:{ bob@b.example=bob/, carol@b.example=carol/ }\n"
                                      "virtual_alias_maps = inline:{ {team@b.example = bob@b.example, carol@b.example} }\n"
                                      "virtual_uid_maps = static:" + QByteArray::number(postfixUser->pw_uid) + "\n"
                                      "virtual_gid_maps = static:" + QByteArray::number(postfixUser->pw_gid) + "\n"
                                      "virtual_minimum_uid = 1\n");
    for (const auto &[name, mainCf, port] : {std::tuple{QStringLiteral("a"), mainA, m_portA}, std::tuple{QStringLiteral("b"), mainB, m_portB}}) {
        const QString dir = base + QLatin1Char('/') + name;
        const QByteArray master = masterCf(port);
        if (master.isEmpty())
            return fail(QStringLiteral("no master.cf to start from (/etc/postfix/master.cf)"));
        if (!QDir().mkpath(dir + QStringLiteral("/queue")) || !QDir().mkpath(dir + QStringLiteral("/data"))
            || !writeFile(dir + QStringLiteral("/main.cf"), mainCf) || !writeFile(dir + QStringLiteral("/master.cf"), master))
            return fail(QStringLiteral("cannot write the Postfix instance in %1").arg(dir));
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup
                                       | QFile::ReadOther | QFile::ExeOther);
        ::chown(QFile::encodeName(dir + QStringLiteral("/data")).constData(), postfixUser->pw_uid, postfixUser->pw_gid);
    }
    for (const char *user : {"bob", "carol"}) {
        for (const QString &path : {base + QStringLiteral("/b/mail"), base + QStringLiteral("/b/mail/") + QLatin1String(user)}) {
            QDir().mkpath(path);
            ::chown(QFile::encodeName(path).constData(), postfixUser->pw_uid, postfixUser->pw_gid);
        }
    }
    // smtpd reads its key after giving up root: a throwaway key in a private folder may be readable.
    for (const QString &key : {credsA.keyPath, credsB.keyPath})
        QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);

    if (!startInstance(QStringLiteral("b")) || !startInstance(QStringLiteral("a")))
        return false;
    if (!waitUntilListening(m_portB, 20000) || !waitUntilListening(m_portA, 20000))
        return fail(QStringLiteral("Postfix did not start listening (logs in %1/{a,b}/maillog)").arg(base));
    return true;
}

bool PostfixRelayPair::startInstance(const QString &name)
{
    QString output;
    if (!runPostfix(m_dir.filePath(name), QStringLiteral("start"), &output))
        return fail(QStringLiteral("postfix -c %1 start failed:\n%2").arg(m_dir.filePath(name), output));
    m_started[name == QLatin1String("a") ? 0 : 1] = true;
    return true;
}

void PostfixRelayPair::stop()
{
    for (int i = 0; i < 2; ++i) {
        if (!m_started[i])
            continue;
        const QString dir = m_dir.filePath(i == 0 ? QStringLiteral("a") : QStringLiteral("b"));
        QString output;
        runPostfix(dir, QStringLiteral("stop"), &output);
        // `stop` only signals the master: wait for it to be gone before its folder is removed.
        QFile pidFile(dir + QStringLiteral("/queue/pid/master.pid"));
        const pid_t pid = pidFile.open(QIODevice::ReadOnly) ? pid_t(pidFile.readAll().trimmed().toLongLong()) : 0;
        QDeadlineTimer deadline(10000);
        while (pid > 0 && ::kill(pid, 0) == 0 && !deadline.hasExpired())
            QThread::msleep(20);
        m_started[i] = false;
    }
}

int PostfixRelayPair::delivered() const
{
    int n = 0;
    for (const char *user : {"bob", "carol"})
        n += int(QDir(m_dir.filePath(QStringLiteral("b/mail/%1/new").arg(QLatin1String(user))), {}, QDir::NoSort, QDir::Files).count());
    return n;
}

} // namespace mf::bench
