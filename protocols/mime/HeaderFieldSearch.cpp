#include "HeaderFieldSearch.h"

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

// Calls visit(rawValue) for every field named `field` (case-insensitive), in order, until visit returns
// false. A raw value is everything after the colon, continuation lines and any ignored lines between them
// included, as MimeMessage's header parser delimits it.
template <typename Visit>
void forEachFieldValue(QByteArrayView headerBlock, QByteArrayView field, Visit visit)
{
    const char *data = headerBlock.data();
    const qsizetype size = headerBlock.size();
    // The field being read: [valueStart, valueEnd) is its raw value.
    bool inField = false;
    bool matching = false;
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
            break; // the blank line that ends the header block
        if (content.startsWith(' ') || content.startsWith('\t')) {
            if (inField)
                valueEnd = next; // a continuation line
        } else if (const qsizetype colon = content.indexOf(':'); colon > 0) {
            if (matching && !visit(QByteArrayView(data + valueStart, valueEnd - valueStart)))
                return;
            inField = true;
            matching = content.first(colon).trimmed().compare(field, Qt::CaseInsensitive) == 0;
            valueStart = pos + colon + 1;
            valueEnd = next;
        }
        pos = next;
    }
    if (matching)
        visit(QByteArrayView(data + valueStart, valueEnd - valueStart));
}

// The value unfolded (line breaks removed) and trimmed, as MimeMessage::headerValues gives it, in
// `scratch`; std::nullopt when decoding could change it (an encoded word or non-ASCII octets).
std::optional<QByteArrayView> comparableValue(QByteArrayView raw, QByteArray &scratch)
{
    if (!isAscii(raw) || raw.contains("=?"))
        return std::nullopt;
    scratch.clear();
    for (char c : raw)
        if (c != '\r' && c != '\n')
            scratch.append(c);
    return QByteArrayView(scratch).trimmed();
}

} // namespace

bool containsIgnoringAsciiCase(QByteArrayView haystack, QByteArrayView needle)
{
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c; };
    if (needle.isEmpty())
        return true;
    const char first = lower(needle.front());
    for (qsizetype at = 0; at + needle.size() <= haystack.size(); ++at) {
        if (lower(haystack[at]) != first)
            continue;
        qsizetype i = 1;
        while (i < needle.size() && lower(haystack[at + i]) == lower(needle[i]))
            ++i;
        if (i == needle.size())
            return true;
    }
    return false;
}

std::optional<bool> headerFieldContains(QByteArrayView headerBlock, QByteArrayView field, QByteArrayView needle,
                                        QByteArray &scratch)
{
    if (!isAscii(needle))
        return std::nullopt;
    bool found = false;
    bool undecidable = false;
    forEachFieldValue(headerBlock, field, [&](QByteArrayView raw) {
        if (const std::optional<QByteArrayView> value = comparableValue(raw, scratch))
            found = containsIgnoringAsciiCase(*value, needle);
        else
            undecidable = true;
        return !found;
    });
    if (found)
        return true;
    if (undecidable)
        return std::nullopt;
    return false;
}

HeaderFieldValues headerFieldValues(QByteArrayView headerBlock, QByteArrayView field)
{
    HeaderFieldValues values;
    QByteArray scratch;
    forEachFieldValue(headerBlock, field, [&](QByteArrayView raw) {
        if (const std::optional<QByteArrayView> value = comparableValue(raw, scratch))
            values.plain.append(value->toByteArray());
        else
            values.undecidable = true;
        return true;
    });
    return values;
}

std::optional<bool> headerFieldValuesContain(const HeaderFieldValues &values, QByteArrayView needle)
{
    if (!isAscii(needle))
        return std::nullopt;
    for (const QByteArray &value : values.plain) {
        if (containsIgnoringAsciiCase(value, needle))
            return true;
    }
    if (values.undecidable)
        return std::nullopt;
    return false;
}

} // namespace mf
