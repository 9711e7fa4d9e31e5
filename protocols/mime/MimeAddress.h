#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace mf {

// One address as IMAP's ENVELOPE carries it (RFC 3501 §7.4.2): display name, source route, mailbox
// (local part) and host. A group is a start marker (mailbox = group name, host null) followed by its
// members and an end marker (all four null). Values are raw: encoded words stay encoded.
struct MimeAddress {
    QByteArray name;
    QByteArray route;
    QByteArray mailbox;
    QByteArray host;

    bool operator==(const MimeAddress &) const = default;
};

// Parses an RFC 5322 address-list header value (unfolded or not) without decoding it.
QList<MimeAddress> parseAddressList(QByteArrayView raw);
// The ENVELOPE form: `((name adl mailbox host)...)`, or NIL when the list is empty.
QByteArray imapAddressList(const QList<MimeAddress> &addresses);

} // namespace mf
