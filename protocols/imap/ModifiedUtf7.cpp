#include "ModifiedUtf7.h"

namespace mf::imap {

namespace {

QByteArray toModifiedBase64(const QString &run)
{
    QByteArray utf16;
    for (QChar c : run) {
        utf16.append(char(c.unicode() >> 8));
        utf16.append(char(c.unicode() & 0xff));
    }
    QByteArray b64 = utf16.toBase64(QByteArray::OmitTrailingEquals);
    b64.replace('/', ',');
    return b64;
}

} // namespace

QByteArray encodeMailboxName(const QString &name)
{
    QByteArray out;
    QString run;
    auto flush = [&] {
        if (run.isEmpty())
            return;
        out += '&' + toModifiedBase64(run) + '-';
        run.clear();
    };
    for (QChar c : name) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u <= 0x7e) {
            flush();
            out += u == '&' ? QByteArray("&-") : QByteArray(1, char(u));
        } else {
            run += c;
        }
    }
    flush();
    return out;
}

std::optional<QString> decodeMailboxName(const QByteArray &wire)
{
    QString out;
    for (qsizetype i = 0; i < wire.size(); ++i) {
        const char c = wire[i];
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e)
            return std::nullopt;
        if (c != '&') {
            out += QLatin1Char(c);
            continue;
        }
        const qsizetype end = wire.indexOf('-', i + 1);
        if (end < 0)
            return std::nullopt;
        if (end == i + 1) {
            out += QLatin1Char('&');
            i = end;
            continue;
        }
        QByteArray b64 = wire.mid(i + 1, end - i - 1);
        for (char ch : std::as_const(b64)) {
            if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' || ch == ','))
                return std::nullopt;
        }
        b64.replace(',', '/');
        const QByteArray utf16 = QByteArray::fromBase64(b64);
        if (utf16.size() % 2)
            return std::nullopt;
        for (qsizetype k = 0; k < utf16.size(); k += 2)
            out += QChar(char16_t((uchar(utf16[k]) << 8) | uchar(utf16[k + 1])));
        i = end;
    }
    return out;
}

} // namespace mf::imap
