#include "TlsConfig.h"

namespace mf::tls {

QSslConfiguration serverConfiguration(const LocalCa::ServerCredentials &credentials)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(credentials.certificate);
    config.setPrivateKey(credentials.key);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients are not asked for certificates
    return config;
}

QSslConfiguration clientConfiguration(const QSslCertificate &caCertificate)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({caCertificate});
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return config;
}

} // namespace mf::tls
