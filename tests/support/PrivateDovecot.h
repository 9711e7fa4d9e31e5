#pragma once

// Debian's Dovecot as a reference server for tests and benchmarks: started in the foreground with its own
// configuration, passwd-file and Maildir in a temporary folder, listening on free loopback ports. Nothing
// outside the folder is read or written, so it runs beside a system Dovecot and needs no setup.

#include <QByteArrayList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <sys/types.h>

namespace mf::testing {

struct DovecotConfig {
    QByteArray protocol = "imap"; // "imap" or "pop3"
    QByteArray user = "bob";
    QByteArray password = "secret";
    QByteArray authMechanisms = "plain";
    // With a certificate and key (PEM files), STARTTLS/STLS on the plain port and an implicit-TLS port; without, no TLS.
    QString certificatePath;
    QString keyPath;
    QByteArrayList settings; // further dovecot.conf lines, e.g. "mailbox_idle_check_interval = 1 secs"
};

class PrivateDovecot
{
public:
    enum class Folder { New, Cur };

    PrivateDovecot();
    ~PrivateDovecot();
    PrivateDovecot(const PrivateDovecot &) = delete;
    PrivateDovecot &operator=(const PrivateDovecot &) = delete;

    // Why Dovecot for `protocol` cannot run here (the Debian package to install), or empty when it can.
    static QString missing(const QByteArray &protocol);

    // Writes the configuration and the user's empty Maildir; messages may be delivered before or after start().
    bool prepare(const DovecotConfig &config);
    // Starts Dovecot (prepare() first) and returns once the plain port answers with a greeting.
    bool start();
    void stop();

    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    quint16 tlsPort() const { return m_tlsPort; }
    QString maildir() const;
    QByteArray log() const;

    // A message file written in tmp/ and renamed into new/ (or cur/ with no flags: noticed by a mail client), as
    // a delivery agent does, so Dovecot never reads half a file; owned by the mail user.
    bool deliver(const QString &name, const QByteArray &message, Folder folder = Folder::New);

private:
    bool fail(const QString &error);

    QTemporaryDir m_dir;
    QProcess m_process;
    DovecotConfig m_config;
    QString m_error;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0;
    uid_t m_mailUid = 0;
    gid_t m_mailGid = 0;
};

} // namespace mf::testing
