#include "ImapTargets.h"

#include "imap/ImapServer.h"
#include "store/MailboxStore.h"

#include <QDir>
#include <QFile>
#include <QMetaObject>
#include <QSslConfiguration>
#include <QStandardPaths>

#include <pwd.h>
#include <unistd.h>

namespace mf::bench {

MailFlowImapTarget::MailFlowImapTarget()
{
    m_thread.setObjectName(QStringLiteral("mailflow-imap-server"));
}

MailFlowImapTarget::~MailFlowImapTarget()
{
    if (m_context) {
        QMetaObject::invokeMethod(m_context, [this] {
            delete m_server;
            delete m_store;
        }, Qt::BlockingQueuedConnection);
        m_context->deleteLater();
    }
    m_thread.quit();
    m_thread.wait();
}

bool MailFlowImapTarget::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_context, [this, error] {
        m_store = new MailboxStore(m_dir.filePath(QStringLiteral("mailboxes.sqlite")));
        if (!m_store->isOpen()) {
            *error = QStringLiteral("MailboxStore: ") + m_store->lastError();
            return;
        }
        ImapServerConfig config;
        config.hostName = "imap.bench.example";
        m_server = new ImapServer(*m_store, m_users, config);
        if (!m_server->listen(QHostAddress::LocalHost, 0, QSslConfiguration())) {
            *error = QStringLiteral("ImapServer: ") + m_server->errorString();
            return;
        }
        m_port = m_server->port();
    }, Qt::BlockingQueuedConnection);
    return m_port != 0;
}

DovecotImapTarget::~DovecotImapTarget()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
    }
}

bool DovecotImapTarget::start(QString *error)
{
    const QString dovecot = QStandardPaths::findExecutable(QStringLiteral("dovecot"), {QStringLiteral("/usr/sbin")});
    if (dovecot.isEmpty() || !QFile::exists(QStringLiteral("/usr/lib/dovecot/imap"))) {
        *error = QStringLiteral("dovecot-imapd is not installed");
        return false;
    }
    QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    // Dovecot refuses to run its login processes as root: as root, use its own users.
    QString internalUser, loginUser;
    uid_t uid = ::geteuid();
    gid_t gid = ::getegid();
    if (uid == 0) {
        const passwd *d = ::getpwnam("dovecot");
        if (!d || !::getpwnam("dovenull")) {
            *error = QStringLiteral("users dovecot and dovenull are needed when run as root");
            return false;
        }
        internalUser = QStringLiteral("dovecot");
        loginUser = QStringLiteral("dovenull");
        uid = d->pw_uid;
        gid = d->pw_gid;
    } else {
        internalUser = loginUser = QString::fromLocal8Bit(::getpwuid(uid)->pw_name);
    }
    const QString base = m_dir.path();
    const QString maildir = base + QStringLiteral("/mail/bench/Maildir");
    for (const char *sub : {"new", "cur", "tmp"})
        QDir().mkpath(maildir + QLatin1Char('/') + QLatin1String(sub));
    QDir().mkpath(base + QStringLiteral("/run"));
    QDir().mkpath(base + QStringLiteral("/state"));
    if (::geteuid() == 0)
        QProcess::execute(QStringLiteral("chown"), {QStringLiteral("-R"), QStringLiteral("%1:%2").arg(uid).arg(gid),
                                                    base + QStringLiteral("/mail")});
    m_port = freeLoopbackPort();
    const QString conf = QStringLiteral(
        "base_dir = %1/run\nstate_dir = %1/state\nlog_path = %1/dovecot.log\nlisten = 127.0.0.1\n"
        "protocols = imap\nssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain\n"
        "default_internal_user = %2\ndefault_internal_group = %2\ndefault_login_user = %3\nfirst_valid_uid = 1\n"
        "mail_location = maildir:%1/mail/%u/Maildir\n"
        "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u %1/passwd\n}\n"
        "userdb {\n  driver = passwd-file\n  args = username_format=%u %1/passwd\n}\n"
        "service imap-login {\n  chroot =\n  inet_listener imap {\n    port = %4\n  }\n"
        "  inet_listener imaps {\n    port = 0\n  }\n}\n"
        "service pop3-login {\n  chroot =\n}\nservice anvil {\n  chroot =\n}\n")
        .arg(base, internalUser, loginUser).arg(m_port);
    QFile confFile(base + QStringLiteral("/dovecot.conf"));
    QFile passwd(base + QStringLiteral("/passwd"));
    if (!confFile.open(QIODevice::WriteOnly) || !passwd.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write the Dovecot configuration");
        return false;
    }
    confFile.write(conf.toUtf8());
    passwd.write(QStringLiteral("bench:{PLAIN}secret:%1:%2::%3/mail/bench::\n").arg(uid).arg(gid).arg(base).toUtf8());
    confFile.close();
    passwd.close();
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.start(dovecot, {QStringLiteral("-F"), QStringLiteral("-c"), base + QStringLiteral("/dovecot.conf")});
    if (!m_process.waitForStarted(10000) || !waitUntilListening(m_port, 20000)) {
        *error = QStringLiteral("Dovecot did not start listening on port %1").arg(m_port);
        return false;
    }
    return true;
}

} // namespace mf::bench
