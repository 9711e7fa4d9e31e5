#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace mf {

// A message as a mail client shows it to its reader: decoded header fields (RFC 2047 encoded words),
// the first text/plain part decoded to Unicode, and the attachments by name. Parsed with GMime.
struct ReadableMessage {
    QString from, to, cc, subject;
    QDateTime date; // invalid when the Date: field is missing or malformed
    QString text;
    struct Attachment {
        QString fileName;
        QString mimeType;
        qint64 size = 0; // decoded octets
    };
    QList<Attachment> attachments;
    bool valid = false;
};

ReadableMessage readMessage(const QByteArray &bytes);

} // namespace mf
