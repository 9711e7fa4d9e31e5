#pragma once

#include <QList>
#include <QSslConfiguration>
#include <QString>
#include <functional>

namespace mf::bench {

struct SmtpLoadOptions {
    int messages = 5000;
    int connections = 16;
    int messageSize = 2048; // octets of content per message, headers included
    int recipients = 1; // sink0@sink.example, sink1@... unless recipientsOf says otherwise
    bool pipelining = true;
    QByteArray mailFrom = "bench@load.example";
    std::function<QList<QByteArray>(int index)> recipientsOf; // the envelope recipients of message `index`
    // STARTTLS before MAIL, verifying the server's certificate for `tlsName` against `tls`'s CA certificates.
    bool startTls = false;
    QSslConfiguration tls;
    QString tlsName;
};

struct SmtpLoadResult {
    int attempted = 0;
    int accepted = 0;       // messages the server answered 250 to after the content
    double seconds = 0;     // wall time from the first connect to the last connection closing
    QList<double> latencyMs; // per accepted message: MAIL sent -> final 250 received, sorted
    QString firstError;     // the first failure seen, for the report

    double messagesPerSecond() const { return seconds > 0 ? accepted / seconds : 0; }
    double percentile(double p) const;
};

// Drives `options.messages` messages into the SMTP server at host:port from `options.connections`
// concurrent connections, each an SmtpClientSession sending its share one after another on one connection
// (body transcript recording off). Runs a local event loop until every connection is done.
SmtpLoadResult runSmtpLoad(const QString &host, quint16 port, const SmtpLoadOptions &options);

} // namespace mf::bench
