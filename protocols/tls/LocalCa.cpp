#include "LocalCa.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QStandardPaths>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

namespace mf {

namespace {

constexpr long kCaDays = 3650;
constexpr long kServerDays = 825;

struct Free {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;
using Bio = std::unique_ptr<BIO, Free>;

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Writes with the final permissions from the start: a private key is never readable by others.
bool writeFile(const QString &path, const QByteArray &data, mode_t mode)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0)
        return false;
    bool ok = ::fchmod(fd, mode) == 0;
    qsizetype written = 0;
    while (ok && written < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + written, size_t(data.size() - written));
        ok = n > 0;
        written += n > 0 ? n : 0;
    }
    ok = ::fsync(fd) == 0 && ok;
    return ::close(fd) == 0 && ok;
}

QByteArray bioToBytes(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, len);
}

QByteArray certPem(X509 *cert)
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    return bioToBytes(bio.get());
}

QByteArray keyPem(EVP_PKEY *key)
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioToBytes(bio.get());
}

Cert loadCert(const QByteArray &pem)
{
    Bio bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

PKey loadKey(const QByteArray &pem)
{
    Bio bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return PKey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// A new certificate with a random 128-bit serial, valid from an hour ago for `days` days.
Cert newCertificate(EVP_PKEY *subjectKey, const QString &commonName, long days)
{
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    unsigned char serialBytes[16];
    RAND_bytes(serialBytes, sizeof serialBytes);
    serialBytes[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serialBytes, sizeof serialBytes, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * 24 * 3600);
    X509_set_pubkey(cert.get(), subjectKey);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("MailFlow local CA"), -1, -1, 0);
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    return cert;
}

QByteArray subjectAltNames(const QStringList &names, const QList<QHostAddress> &addresses)
{
    QStringList entries;
    for (const QString &n : names)
        entries << QStringLiteral("DNS:") + n;
    for (const QHostAddress &a : addresses)
        entries << QStringLiteral("IP:") + a.toString();
    return entries.join(QLatin1Char(',')).toUtf8();
}

} // namespace

LocalCa::LocalCa(QString directory) : m_dir(std::move(directory)) {}

QString LocalCa::defaultDirectory()
{
    const QByteArray overridden = qgetenv("MAILFLOW_DATA_DIR");
    const QString base = overridden.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : QString::fromLocal8Bit(overridden);
    return base + QStringLiteral("/tls");
}

QString LocalCa::caCertificatePath() const
{
    return m_dir + QStringLiteral("/ca.pem");
}

bool LocalCa::ensure()
{
    if (!m_caCert.isNull())
        return true;
    if (!QDir().mkpath(m_dir + QStringLiteral("/hosts"))) {
        m_error = QStringLiteral("cannot create %1").arg(m_dir);
        return false;
    }
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QByteArray certData = readFile(caCertificatePath());
    const QByteArray keyData = readFile(m_dir + QStringLiteral("/ca.key"));
    if (!certData.isEmpty() && !keyData.isEmpty()) {
        const QSslCertificate cert(certData, QSsl::Pem);
        if (!cert.isNull() && cert.expiryDate() > QDateTime::currentDateTimeUtc().addDays(30)
            && loadKey(keyData)) {
            m_caCert = cert;
            return true;
        }
    }
    return createCa();
}

bool LocalCa::createCa()
{
    PKey key(EVP_EC_gen("P-256"));
    if (!key) {
        m_error = QStringLiteral("OpenSSL could not generate the CA key");
        return false;
    }
    Cert cert = newCertificate(key.get(), QStringLiteral("MailFlow Local Teaching CA"), kCaDays);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
    const bool extOk = addExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0")
        && addExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign")
        && addExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    if (!extOk || X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
        m_error = QStringLiteral("OpenSSL could not sign the CA certificate");
        return false;
    }
    const QByteArray pem = certPem(cert.get());
    if (!writeFile(m_dir + QStringLiteral("/ca.key"), keyPem(key.get()), 0600)
        || !writeFile(caCertificatePath(), pem, 0644)) {
        m_error = QStringLiteral("cannot write the CA files under %1").arg(m_dir);
        return false;
    }
    // Host certificates of an older CA are useless now.
    QDir hosts(m_dir + QStringLiteral("/hosts"));
    for (const QString &f : hosts.entryList(QDir::Files))
        hosts.remove(f);
    m_caCert = QSslCertificate(pem, QSsl::Pem);
    return true;
}

LocalCa::ServerCredentials LocalCa::serverCredentials(const QString &hostName, const QStringList &extraNames,
                                                      const QList<QHostAddress> &addresses)
{
    ServerCredentials creds;
    if (!ensure())
        return creds;
    QStringList names{hostName};
    for (const QString &n : extraNames)
        if (!names.contains(n))
            names << n;
    QString safe = hostName;
    safe.replace(QLatin1Char('/'), QLatin1Char('_'));
    creds.certificatePath = m_dir + QStringLiteral("/hosts/") + safe + QStringLiteral(".pem");
    creds.keyPath = m_dir + QStringLiteral("/hosts/") + safe + QStringLiteral(".key");

    auto stillGood = [&](const QSslCertificate &cert) {
        if (cert.isNull() || cert.expiryDate() < QDateTime::currentDateTimeUtc().addDays(7))
            return false;
        if (cert.issuerInfo(QSslCertificate::CommonName) != m_caCert.subjectInfo(QSslCertificate::CommonName))
            return false;
        Cert x(loadCert(cert.toPem()));
        Cert ca(loadCert(m_caCert.toPem()));
        if (!x || !ca || X509_verify(x.get(), X509_get0_pubkey(ca.get())) != 1)
            return false;
        const auto alt = cert.subjectAlternativeNames();
        for (const QString &n : names)
            if (!alt.values(QSsl::DnsEntry).contains(n))
                return false;
        for (const QHostAddress &a : addresses)
            if (!alt.values(QSsl::IpAddressEntry).contains(a.toString()))
                return false;
        return true;
    };

    QSslCertificate cert(readFile(creds.certificatePath), QSsl::Pem);
    QSslKey key(readFile(creds.keyPath), QSsl::Ec, QSsl::Pem);
    if (!stillGood(cert) || key.isNull()) {
        if (!issue(hostName, names, addresses, creds.certificatePath, creds.keyPath))
            return creds;
        cert = QSslCertificate(readFile(creds.certificatePath), QSsl::Pem);
        key = QSslKey(readFile(creds.keyPath), QSsl::Ec, QSsl::Pem);
    }
    creds.certificate = cert;
    creds.key = key;
    return creds;
}

bool LocalCa::issue(const QString &hostName, const QStringList &names, const QList<QHostAddress> &addresses,
                    const QString &certPath, const QString &keyPath)
{
    PKey caKey = loadKey(readFile(m_dir + QStringLiteral("/ca.key")));
    Cert caCert = loadCert(m_caCert.toPem());
    PKey key(EVP_EC_gen("P-256"));
    if (!caKey || !caCert || !key) {
        m_error = QStringLiteral("cannot load the CA key or generate a key for %1").arg(hostName);
        return false;
    }
    Cert cert = newCertificate(key.get(), hostName, kServerDays);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(caCert.get()));
    const bool extOk = addExtension(cert.get(), caCert.get(), NID_basic_constraints, "critical,CA:FALSE")
        && addExtension(cert.get(), caCert.get(), NID_key_usage, "critical,digitalSignature,keyAgreement")
        && addExtension(cert.get(), caCert.get(), NID_ext_key_usage, "serverAuth")
        && addExtension(cert.get(), caCert.get(), NID_authority_key_identifier, "keyid")
        && addExtension(cert.get(), caCert.get(), NID_subject_alt_name, subjectAltNames(names, addresses));
    if (!extOk || X509_sign(cert.get(), caKey.get(), EVP_sha256()) <= 0) {
        m_error = QStringLiteral("OpenSSL could not sign the certificate for %1").arg(hostName);
        return false;
    }
    if (!writeFile(keyPath, keyPem(key.get()), 0600) || !writeFile(certPath, certPem(cert.get()), 0644)) {
        m_error = QStringLiteral("cannot write the certificate files for %1").arg(hostName);
        return false;
    }
    return true;
}

} // namespace mf
