#pragma once

#include "SmtpReplyParser.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>

namespace mf {

// Per-command reply timeouts of RFC 5321 §4.5.3.2, in milliseconds. Tests scale them down.
struct SmtpClientTimeouts {
    int greeting = 5 * 60 * 1000;
    int command = 5 * 60 * 1000; // EHLO, STARTTLS, AUTH, RSET, QUIT (the RFC names none; same as MAIL)
    int mail = 5 * 60 * 1000;
    int rcpt = 5 * 60 * 1000;
    int dataInitiation = 2 * 60 * 1000;
    int dataBlock = 3 * 60 * 1000;
    int dataTermination = 10 * 60 * 1000;

    SmtpClientTimeouts scaled(double factor) const;
};

struct SmtpClientConfig {
    QByteArray clientHost = "localhost"; // the EHLO/HELO argument
    bool useStartTls = true;             // upgrade when the server offers STARTTLS
    bool requireTls = false;             // fail rather than continue in plaintext
    bool usePipelining = true;           // batch MAIL/RCPT/DATA when PIPELINING is offered (RFC 2920)
    QByteArray username;                 // AUTH when non-empty
    QByteArray password;
    bool allowAuthWithoutTls = false;    // never send a password in plaintext unless told to
    bool showCredentialsInTranscript = false; // the base64 of AUTH lines is recorded as "<hidden>"
    bool recordBodyLines = true;         // off for benchmarks: the body is still sent, not recorded
    qsizetype maxReplyLine = 64 * 1024;  // RFC 5321 says 512; tolerate longer, but not without end
    SmtpClientTimeouts timeouts;
};

// One message to send: the envelope and the RFC 5322 content (any line endings; normalised to CRLF).
struct SmtpOutgoingMessage {
    QByteArray from;
    QList<QByteArray> recipients;
    QByteArray data;
};

// What became of one message.
struct SmtpSendResult {
    enum class Outcome : quint8 {
        Pending,           // not attempted yet
        Delivered,         // the server accepted it (for `accepted` recipients)
        TemporaryFailure,  // a 4xx reply: try again later
        PermanentFailure,  // a 5xx reply, or refused before sending (too big, 8-bit without 8BITMIME)
        ConnectionFailure, // timeout, connection lost, garbled replies
        TlsFailure,        // TLS required but not offered or refused, or the handshake/verification failed
    };
    struct RecipientFailure {
        QByteArray address;
        SmtpReply reply;
        bool operator==(const RecipientFailure &) const = default;
    };

    Outcome outcome = Outcome::Pending;
    QList<QByteArray> accepted;
    QList<RecipientFailure> rejected;
    SmtpReply finalReply;  // the reply that decided the outcome (end of data, or the failing one)
    QByteArray errorText;  // our own explanation when no reply decided it

    bool isDelivered() const { return outcome == Outcome::Delivered; }
    bool isTemporary() const
    {
        return outcome == Outcome::TemporaryFailure || outcome == Outcome::ConnectionFailure;
    }
    static QByteArray outcomeName(Outcome outcome);
};

} // namespace mf

Q_DECLARE_METATYPE(mf::SmtpSendResult)
