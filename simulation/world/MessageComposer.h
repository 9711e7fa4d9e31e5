#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace mf {

// What the user agent puts in the spool: an RFC 5322 message built with GMime (MIME-Version, UTF-8 text,
// RFC 2047 encoded words for non-ASCII headers, base64/quoted-printable chosen by GMime), CRLF line ends.
struct OutgoingMail {
    QString fromAddress;
    QString fromName;
    QStringList to, cc;     // bcc recipients are in the envelope only, never in the headers
    QString subject;
    QString body;
    struct Attachment {
        QString fileName;
        QByteArray mimeType;
        QByteArray content;
    };
    QList<Attachment> attachments;
    QDateTime date;         // the Date: header (the simulated clock's time)
    QByteArray messageId;   // without angle brackets
    QByteArray flowId;      // X-MailFlow-Flow: lets the simulation follow this message through the world
};

QByteArray composeMessage(const OutgoingMail &mail);

// A delivery status notification (RFC 3464 in an RFC 6522 multipart/report) telling `originalSender`
// that `failedRecipients` could not be reached. Sent with the null reverse-path <>.
struct FailedRecipient {
    QString address;
    QByteArray status;       // "5.1.1"
    QString diagnostic;      // "smtp; 550 5.1.1 <bobby@b.example>: Recipient address rejected"
    QString remoteMta;       // "mx.b.example", empty when none answered
};
QByteArray composeDeliveryStatusNotification(const QString &reportingHost, const QString &originalSender,
                                             const QList<FailedRecipient> &failedRecipients,
                                             const QByteArray &originalMessage, const QDateTime &arrival,
                                             const QDateTime &now, const QByteArray &messageId);

// True when `message` is itself a delivery status notification (never bounce a bounce).
bool isDeliveryStatusNotification(const QByteArray &message);
// The value of the first header field `name` (unfolded), or empty.
QByteArray headerValue(const QByteArray &message, QByteArrayView name);
// How many Received: fields the message carries (loop detection, RFC 5321 §6.3).
int receivedCount(const QByteArray &message);
// The host named after "by" in the topmost Received: field: the MTA that accepted the message last.
QString receivedByHost(const QByteArray &message);
// Every Delivered-To: value (loop detection at final delivery).
QByteArrayList deliveredToValues(const QByteArray &message);
// What identifies one message across its hops when it carries no X-MailFlow-Flow (mail from a client
// outside the simulation): a digest of the message without the trace fields the servers put on top
// (Received:, Return-Path:, Delivered-To:), so it stays the same from hop to hop and differs between
// two messages. "outside:" and 16 hex digits; never a flow id.
QString outsideMessageRoot(const QByteArray &message);

} // namespace mf
