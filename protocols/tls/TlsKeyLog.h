#pragma once

#include <QByteArrayList>
#include <QString>

namespace mf::tls {

// The session secrets of every TLS connection this process makes or accepts (MailFlow's clients and
// servers are both in-process), in the NSS key log format that Wireshark and tshark read
// (`-o tls.keylog_file:FILE`, the format of SSLKEYLOGFILE): "CLIENT_RANDOM <random> <master secret>" for
// TLS 1.2, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0",
// "SERVER_TRAFFIC_SECRET_0" and "EXPORTER_SECRET" lines for TLS 1.3.
//
// Anyone holding these lines can decrypt the captured sessions: collect them only for a lesson whose
// traffic may be read, and write them only when asked.
//
// Qt 6.4's QSslSocket offers no key log callback; how the secrets are still obtained is explained in
// TlsKeyLog.cpp, the one place that knows.
class TlsKeyLog
{
public:
    // At most this many distinct lines are kept (about 4000 TLS connections); later ones are dropped and
    // isTruncated() says so.
    static constexpr int kMaxLines = 20000;

    // Starts collecting, from every TLS context created from now on: call it before the first TLS
    // connection. False, with a reason in `why`, when the TLS library cannot be hooked; then nothing is
    // collected and no key log can be written (the connections themselves work as before).
    static bool start(QString *why);
    static bool isCollecting();
    // The lines collected so far, each once, in the order they came.
    static QByteArrayList lines();
    static bool isTruncated();
    // Writes the lines to `path`, readable by its owner only. False with a reason in `error`.
    static bool write(const QString &path, QString *error);
};

} // namespace mf::tls
