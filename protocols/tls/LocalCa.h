#pragma once

#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

namespace mf {

// A certificate authority private to this MailFlow installation. On first use it creates a CA key and
// self-signed certificate, then one key and certificate per server host (SAN = its host names and
// loopback addresses), all with OpenSSL's API, stored under `directory` with 0600 keys and reused on
// later runs. MailFlow's own clients trust exactly this CA; external clients are given ca.pem
// (`curl --cacert`, `openssl s_client -CAfile`).
class LocalCa
{
public:
    struct ServerCredentials {
        QSslCertificate certificate;
        QSslKey key;
        QString certificatePath;
        QString keyPath;
    };

    explicit LocalCa(QString directory);

    // Creates the CA on first use, loads it afterwards. False (with errorString) when files are unusable.
    bool ensure();
    QString caCertificatePath() const;
    QSslCertificate caCertificate() const { return m_caCert; }

    // The certificate for `hostName`, issued on first use. It is reissued when the stored one no longer
    // covers the requested names and addresses, is about to expire, or was issued by another CA.
    ServerCredentials serverCredentials(const QString &hostName, const QStringList &extraNames = {},
                                        const QList<QHostAddress> &addresses = {});

    QString errorString() const { return m_error; }
    QString directory() const { return m_dir; }

    // The app data directory's "tls" folder (overridable with MAILFLOW_DATA_DIR, as tests do).
    static QString defaultDirectory();

private:
    bool createCa();
    bool issue(const QString &hostName, const QStringList &names, const QList<QHostAddress> &addresses,
               const QString &certPath, const QString &keyPath);

    QString m_dir;
    QString m_error;
    QSslCertificate m_caCert;
};

} // namespace mf
