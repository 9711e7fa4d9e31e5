#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>

namespace mf::smtp {

// Builds the Received: trace field a server prepends to every accepted message (RFC 5321 §4.4).
struct SmtpTraceHeader {
    QByteArray heloName;        // what the client said in EHLO/HELO
    QByteArray peerHostName;    // reverse DNS of the peer when known, else empty
    QHostAddress peerAddress;   // TCP-derived
    QByteArray byHost;
    QByteArray protocol;        // SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA (RFC 3848)
    QByteArray id;
    QByteArray forRecipient;    // written only when the message has exactly one recipient
    QDateTime date;

    // The whole field, folded, ending in CRLF.
    QByteArray toField() const;
    // "[192.0.2.1]" or "[IPv6:2001:db8::1]" (§4.1.3).
    static QByteArray addressLiteral(const QHostAddress &address);
    // RFC 5322 §3.3 date-time with a numeric zone: "Fri, 27 Nov 2026 15:33:44 +0000".
    static QByteArray rfc5322Date(const QDateTime &date);
};

} // namespace mf::smtp
