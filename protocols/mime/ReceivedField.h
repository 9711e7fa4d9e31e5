#pragma once

#include <QByteArray>
#include <QList>

namespace mf {

class MimeMessage;

// One Received: trace field split into its clauses (RFC 5321 §4.4 Time-stamp-line):
// "from <helo> (<tcp-info>) by <host> via <link> with <protocol> id <id> for <path>; <date-time>".
// Comments stay with the clause they follow ("mx.a.example (127.0.0.2 [127.0.0.2])").
struct ReceivedField {
    QByteArray from, by, via, with, id, forPath;
    QByteArray date;  // the date-time after the last ';', as written
    QByteArray raw;   // the whole unfolded value

    static ReceivedField parse(QByteArrayView unfoldedValue);
};

// The message's Received: fields in header order: the newest (the last server that took it) first.
QList<ReceivedField> receivedFields(const MimeMessage &message);

} // namespace mf
