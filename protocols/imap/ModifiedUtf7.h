#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace mf::imap {

// Mailbox names on the wire use modified UTF-7 (RFC 3501 §5.1.3): printable ASCII stands for itself,
// "&" is "&-", other characters are "&" + modified base64 of UTF-16 + "-".
QByteArray encodeMailboxName(const QString &name);
// nullopt when the name is not valid modified UTF-7.
std::optional<QString> decodeMailboxName(const QByteArray &wire);

} // namespace mf::imap
