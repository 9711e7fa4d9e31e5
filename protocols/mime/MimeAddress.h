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
// What SEARCH FROM/TO/CC/BCC compare (RFC 3501 §6.4.4: "the envelope structure's FROM field"): the
// parsed addresses written out again as `name <route:mailbox@host>` (or `mailbox@host`) joined by ", ",
// groups as `group: members;`. Comments, quoting and folding are gone, so "user@domain" is found in
// `<user (comment)@ (comment) domain>` too; a comment that stands for a name is the name. Encoded words
// stay encoded, as in ENVELOPE.
QByteArray addressSearchText(QByteArrayView raw);
// The ENVELOPE form: `((name adl mailbox host)...)`, or NIL when the list is empty.
QByteArray imapAddressList(const QList<MimeAddress> &addresses);

} // namespace mf
