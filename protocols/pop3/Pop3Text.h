#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace mf::pop3 {

// Appends `message` to `out` as the body of a POP3 multi-line response (RFC 1939 §3): every line that
// starts with "." gets another "." in front, a final line without CRLF is completed, and the ".\r\n"
// terminator follows. With `bodyLines` set, only the header, the blank line and that many body lines
// are sent (TOP, RFC 1939 §7).
void appendMultiLine(QByteArray &out, QByteArrayView message, std::optional<quint64> bodyLines = std::nullopt);

// The octets of `message` that TOP n k returns before stuffing: the header, the separating blank line
// and the first k lines of the body.
QByteArrayView topPart(QByteArrayView message, quint64 bodyLines);

// Parses a message number or line count: one or more ASCII digits, nothing else. Values that do not
// fit saturate at the maximum (TOP 1 99999999999 means "all lines").
std::optional<quint64> parseNumber(QByteArrayView text);

} // namespace mf::pop3
