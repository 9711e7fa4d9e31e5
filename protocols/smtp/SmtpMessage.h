#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QDateTime>
#include <QHostAddress>
#include <functional>

namespace mf::smtp {

// One message accepted at the end of DATA, with its envelope.
struct SmtpMessage {
    QByteArray mailFrom;        // reverse-path without brackets; empty for the null sender <>
    QByteArrayList recipients;  // forward-paths without brackets, in RCPT order
    QByteArray helo;            // the EHLO/HELO name the client gave
    QHostAddress peerAddress;   // TCP-derived client address
    bool tls = false;
    QByteArray authUser;        // canonical account after AUTH, else empty
    QByteArray bodyType;        // "7BIT" or "8BITMIME" (RFC 6152 BODY=), empty when not given
    QByteArray transactionId;   // the id written in the Received header
    QDateTime receivedAt;
    QByteArray data;            // the message with our Received header prepended, CRLF lines, unstuffed
};

// The outcome of handing a message to durable storage.
struct CommitResult {
    bool ok = false;
    QByteArray queueId;         // when ok: the id quoted in "250 2.0.0 Ok: queued as <id>"
    int code = 451;             // when not ok: the reply to send (4xx temporary, 5xx permanent)
    QByteArray enhanced = "4.3.0";
    QByteArray text = "Error: could not store the message";

    static CommitResult accepted(QByteArray id) { return CommitResult{true, std::move(id), 250, "2.0.0", {}}; }
    static CommitResult failed(int code, QByteArray enhanced, QByteArray text)
    {
        return CommitResult{false, {}, code, std::move(enhanced), std::move(text)};
    }
};

// Where a server session puts accepted messages. The commit is asynchronous: `done` is called (possibly
// much later, possibly before commit() returns) once the message is on stable storage or definitely not.
// The session replies 250 only then (RFC 5321 §4.2.5, §6.1).
class SmtpMessageSink
{
public:
    using Done = std::function<void(const CommitResult &)>;
    virtual ~SmtpMessageSink() = default;
    virtual void commit(const SmtpMessage &message, Done done) = 0;
};

} // namespace mf::smtp
