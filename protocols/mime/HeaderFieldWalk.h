#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <cstring>

namespace mf {

// Calls visit(name, rawValue) for every field of a header block (RFC 5322 §2.2), in order, until visit
// returns false; the blank line ends the block. A raw value is everything after the colon to the end of
// the field's last continuation line, line breaks included, and so are lines between them that are
// neither a field nor a continuation (MimeMessage's header parser delimits fields the same way). Reads
// the bytes in place: header lookups run several times for every message on its way.
template <typename Visit>
void forEachHeaderField(QByteArrayView headerBlock, Visit visit)
{
    const char *data = headerBlock.data();
    const qsizetype size = headerBlock.size();
    // The field being read: its name, and [valueStart, valueEnd) its raw value.
    QByteArrayView name;
    qsizetype valueStart = 0;
    qsizetype valueEnd = 0;
    qsizetype pos = 0;
    while (pos < size) {
        const void *nl = std::memchr(data + pos, '\n', size_t(size - pos));
        const qsizetype next = nl ? static_cast<const char *>(nl) - data + 1 : size;
        QByteArrayView content(data + pos, next - pos);
        if (content.endsWith('\n'))
            content.chop(1);
        if (content.endsWith('\r'))
            content.chop(1);
        if (content.isEmpty() && nl)
            break;
        if (content.startsWith(' ') || content.startsWith('\t')) {
            if (!name.isEmpty())
                valueEnd = next; // a continuation line
        } else if (const qsizetype colon = content.indexOf(':'); colon > 0) {
            if (!name.isEmpty() && !visit(name, QByteArrayView(data + valueStart, valueEnd - valueStart)))
                return;
            name = content.first(colon).trimmed();
            valueStart = pos + colon + 1;
            valueEnd = next;
        }
        pos = next;
    }
    if (!name.isEmpty())
        visit(name, QByteArrayView(data + valueStart, valueEnd - valueStart));
}

// A raw value unfolded (RFC 5322 §2.2.3: its line breaks removed) and trimmed.
QByteArray unfoldedHeaderValue(QByteArrayView raw);

} // namespace mf
