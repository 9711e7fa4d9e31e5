#include "ImapString.h"

namespace mf::imap {

namespace {
constexpr qsizetype kMaxQuoted = 1000;

bool isAtomChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
        return false;
    switch (c) {
    case '(': case ')': case '{': case '%': case '*': case '"': case '\\': case ']':
        return false;
    default:
        return true;
    }
}
} // namespace

bool canQuote(QByteArrayView value)
{
    if (value.size() > kMaxQuoted)
        return false;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0 || c == '\r' || c == '\n' || u >= 0x80)
            return false;
    }
    return true;
}

QByteArray quoted(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size() + 2);
    out.append('"');
    for (char c : value) {
        if (c == '"' || c == '\\')
            out.append('\\');
        out.append(c);
    }
    out.append('"');
    return out;
}

QByteArray literal(QByteArrayView value)
{
    QByteArray out = '{' + QByteArray::number(value.size()) + "}\r\n";
    out.append(value.data(), value.size());
    return out;
}

QByteArray string(QByteArrayView value)
{
    return canQuote(value) ? quoted(value) : literal(value);
}

QByteArray nstring(const QByteArray &value)
{
    return value.isNull() ? QByteArray("NIL") : string(value);
}

QByteArray astring(QByteArrayView value)
{
    if (value.isEmpty() || value.compare("NIL", Qt::CaseInsensitive) == 0)
        return string(value);
    for (char c : value) {
        if (!isAtomChar(c))
            return string(value);
    }
    return value.toByteArray();
}

} // namespace mf::imap
