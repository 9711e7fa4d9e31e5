#pragma once

#include "LocalCa.h"

#include <QSslConfiguration>

namespace mf::tls {

// TLS settings a MailFlow server presents: its certificate and key from the local CA, TLS 1.2 or newer.
QSslConfiguration serverConfiguration(const LocalCa::ServerCredentials &credentials);
// TLS settings a MailFlow client uses: trust only the local CA and always verify the peer (never
// ignore errors).
QSslConfiguration clientConfiguration(const QSslCertificate &caCertificate);

} // namespace mf::tls
