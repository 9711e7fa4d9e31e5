#include "HeaderFieldSearch.h"

#include "HeaderFieldWalk.h"

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
// false.
template <typename Visit>
void forEachFieldValue(QByteArrayView headerBlock, QByteArrayView field, Visit visit)
{
    forEachHeaderField(headerBlock, [&](QByteArrayView name, QByteArrayView raw) {
        return name.compare(field, Qt::CaseInsensitive) != 0 || visit(raw);
    });
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
