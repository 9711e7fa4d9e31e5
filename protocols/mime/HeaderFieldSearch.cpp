#include "HeaderFieldSearch.h"

#include <QLatin1StringView>
#include <cstring>

namespace mf {

namespace {

bool isAscii(QByteArrayView bytes)
{
    for (char c : bytes)
        if (uchar(c) >= 0x80)
            return false;
    return true;
}

} // namespace

std::optional<bool> headerFieldContains(QByteArrayView headerBlock, QByteArrayView field, QByteArrayView needle,
                                        QByteArray &scratch)
{
    if (!isAscii(needle))
        return std::nullopt;
    const char *data = headerBlock.data();
    const qsizetype size = headerBlock.size();
    bool found = false;
    bool undecidable = false;
    // The field being read: [valueStart, valueEnd) is its raw value (after the colon, continuation lines
    // and any ignored lines between them included), as MimeMessage's header parser delimits it.
    bool inField = false;
    bool matching = false;
    qsizetype valueStart = 0;
    qsizetype valueEnd = 0;
    auto finishField = [&] {
        if (!matching || found)
            return;
        const QByteArrayView value(data + valueStart, valueEnd - valueStart);
        if (!isAscii(value) || value.contains("=?")) {
            undecidable = true; // decoding could change it
            return;
        }
        // Unfolded (line breaks removed) and trimmed, as MimeMessage::headerValues gives it.
        scratch.clear();
        for (char c : value)
            if (c != '\r' && c != '\n')
                scratch.append(c);
        const QByteArrayView unfolded = QByteArrayView(scratch).trimmed();
        found = needle.isEmpty()
            || QLatin1StringView(unfolded).contains(QLatin1StringView(needle), Qt::CaseInsensitive);
    };
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
            break; // the blank line that ends the header block
        if (content.startsWith(' ') || content.startsWith('\t')) {
            if (inField)
                valueEnd = next; // a continuation line
        } else if (const qsizetype colon = content.indexOf(':'); colon > 0) {
            finishField();
            inField = true;
            matching = content.first(colon).trimmed().compare(field, Qt::CaseInsensitive) == 0;
            valueStart = pos + colon + 1;
            valueEnd = next;
        }
        pos = next;
    }
    finishField();
    if (found)
        return true;
    if (undecidable)
        return std::nullopt;
    return false;
}

} // namespace mf
