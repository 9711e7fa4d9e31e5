#pragma once

#include <QByteArray>
#include <QList>

namespace mf {

// An IMAP body section specifier (RFC 3501 §6.4.5): part numbers such as 1.2.3, then optionally HEADER,
// HEADER.FIELDS (...), HEADER.FIELDS.NOT (...), TEXT or MIME. An empty part list with Kind::Whole is
// BODY[] (the whole message).
struct MimeSection {
    enum class Kind : quint8 { Whole, Header, HeaderFields, HeaderFieldsNot, Text, Mime };

    QList<quint32> part; // nz-numbers, 32-bit unsigned (RFC 3501 §9)
    Kind kind = Kind::Whole;
    QList<QByteArray> fields; // for HeaderFields/HeaderFieldsNot, as the client wrote them

    // The specifier as a server echoes it inside BODY[...] (field names upper-cased, as Dovecot does).
    QByteArray toImap() const;
    bool operator==(const MimeSection &) const = default;
};

} // namespace mf
