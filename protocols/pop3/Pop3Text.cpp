#include "Pop3Text.h"

#include <limits>

namespace mf::pop3 {

QByteArrayView topPart(QByteArrayView message, quint64 bodyLines)
{
    // The header ends at the first empty line; a message without one is all header.
    qsizetype bodyStart = -1;
    if (message.startsWith("\r\n")) {
        bodyStart = 2;
    } else {
        const qsizetype blank = message.indexOf(QByteArrayView("\r\n\r\n"));
        if (blank >= 0)
            bodyStart = blank + 4;
    }
    if (bodyStart < 0)
        return message;
    qsizetype end = bodyStart;
    for (quint64 line = 0; line < bodyLines && end < message.size(); ++line) {
        const qsizetype crlf = message.indexOf(QByteArrayView("\r\n"), end);
        end = crlf < 0 ? message.size() : crlf + 2;
    }
    return message.first(end);
}

void appendMultiLine(QByteArray &out, QByteArrayView message, std::optional<quint64> bodyLines)
{
    const QByteArrayView part = bodyLines ? topPart(message, *bodyLines) : message;
    out.reserve(out.size() + part.size() + part.size() / 64 + 8);
    qsizetype pos = 0;
    while (pos < part.size()) {
        if (part[pos] == '.')
            out.append('.');
        const qsizetype crlf = part.indexOf(QByteArrayView("\r\n"), pos);
        if (crlf < 0) {
            out.append(part.data() + pos, part.size() - pos);
            out.append("\r\n", 2);
            break;
        }
        out.append(part.data() + pos, crlf + 2 - pos);
        pos = crlf + 2;
    }
    out.append(".\r\n", 3);
}

std::optional<quint64> parseNumber(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    quint64 value = 0;
    constexpr quint64 max = std::numeric_limits<quint64>::max();
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const quint64 digit = quint64(c - '0');
        value = value > (max - digit) / 10 ? max : value * 10 + digit;
    }
    return value;
}

} // namespace mf::pop3
