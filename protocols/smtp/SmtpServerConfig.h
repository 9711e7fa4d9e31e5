#pragma once

#include "core/ConnectionLimits.h"

#include <QByteArray>
#include <QtGlobal>

namespace mf::smtp {

// What one SMTP listening endpoint is for, and the limits its sessions enforce.
struct SmtpServerConfig {
    enum class Mode : quint8 {
        Relay,                 // MX on port 25: anyone may send to the domains served, nobody may relay
        Submission,            // RFC 6409 port 587: STARTTLS, then AUTH before MAIL
        ImplicitTlsSubmission, // RFC 8314 port 465: TLS from the first byte, then AUTH before MAIL
    };

    QByteArray hostName = "localhost";
    Mode mode = Mode::Relay;
    qint64 maxMessageSize = 10 * 1024 * 1024; // advertised with SIZE (RFC 1870)
    int maxRecipients = 100;                  // RFC 5321 §4.5.3.1.8: at least 100 must be accepted
    int maxCommandLine = 512;                 // §4.5.3.1.4, counted with CRLF
    int maxTextLine = 1000;                   // §4.5.3.1.6, counted with CRLF
    int maxAuthLine = 12288;                  // RFC 4954 §4, counted with CRLF
    // §4.5.3.2.7: at least five minutes waiting for the next command, and for each line of DATA (the
    // client's 3-minute DATA block timeout, §4.5.3.2.5, is shorter). Only a complete line restarts it,
    // never a lone byte; past it: 421 4.4.2 and close.
    int idleTimeoutMs = 5 * 60 * 1000;
    // Connections at once, in total and per client address, on this endpoint. Past them:
    // `421 4.7.0 <host> Too many connections, try again later` (§3.8, §4.2.2) in place of the greeting.
    ConnectionLimits connectionLimits;
    bool offerStartTls = true;
    bool offerAuth = false;
    bool requireAuth = false; // MAIL needs a successful AUTH first (RFC 6409 §4.3)

    static SmtpServerConfig forMode(Mode mode, const QByteArray &hostName)
    {
        SmtpServerConfig c;
        c.hostName = hostName;
        c.mode = mode;
        c.offerStartTls = mode != Mode::ImplicitTlsSubmission;
        c.offerAuth = mode != Mode::Relay;
        c.requireAuth = mode != Mode::Relay;
        return c;
    }
    bool implicitTls() const { return mode == Mode::ImplicitTlsSubmission; }
};

} // namespace mf::smtp
