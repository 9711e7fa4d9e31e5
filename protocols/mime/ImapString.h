#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace mf::imap {

// RFC 3501 §4.3 string forms as they appear in server responses. A string that cannot be quoted (it holds
// CR, LF, NUL or 8-bit octets, or is long) goes out as a literal `{n}\r\n<bytes>`; everything else is a
// quoted string with `\` and `"` escaped.
bool canQuote(QByteArrayView value);
QByteArray quoted(QByteArrayView value);
QByteArray literal(QByteArrayView value);
// Quoted when possible, else a literal.
QByteArray string(QByteArrayView value);
// NIL for a null QByteArray, else string().
QByteArray nstring(const QByteArray &value);
// An astring (§9): a bare atom when the value is a plain atom, else string().
QByteArray astring(QByteArrayView value);

} // namespace mf::imap
