#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <optional>

namespace mf {

// SEARCH HEADER <field> <string> (RFC 3501 §6.4.4) decided on a raw top-level header block without
// parsing the message: true when a field named `field` (case-insensitive) has an unfolded value that
// contains `needle` (ASCII case-insensitive). The answer is exactly MimeMessage::decodedHeaderValues'
// (same field and continuation rules); std::nullopt when only decoding could tell, i.e. a value of that
// field holds an encoded word ("=?", RFC 2047) or non-ASCII octets, or the needle is not ASCII.
// `scratch` is reused between calls so a search over a mailbox allocates nothing per message.
std::optional<bool> headerFieldContains(QByteArrayView headerBlock, QByteArrayView field, QByteArrayView needle,
                                        QByteArray &scratch);

// The values of one field of one header block as SEARCH HEADER compares them: what a header-field cache
// keeps per message so that a search need not read the block again.
struct HeaderFieldValues {
    QByteArrayList plain;     // unfolded, trimmed values, in order, of the fields without encoded words or 8-bit octets
    bool undecidable = false; // some field of that name has a value only decoding can compare

    bool operator==(const HeaderFieldValues &) const = default;
};

// The values of the fields named `field` (case-insensitive) in a header block, by the same rules as
// headerFieldContains.
HeaderFieldValues headerFieldValues(QByteArrayView headerBlock, QByteArrayView field);

// headerFieldContains' answer from the field's values: headerFieldValuesContain(headerFieldValues(b, f), n)
// == headerFieldContains(b, f, n) for every block, field and needle.
std::optional<bool> headerFieldValuesContain(const HeaderFieldValues &values, QByteArrayView needle);

// SEARCH's comparison of ASCII text: whether `needle` occurs in `haystack`, ASCII letters compared without
// case (for ASCII on both sides the same answer as a Latin-1 or Unicode case-insensitive search; unlike
// QLatin1StringView::contains, it allocates nothing).
bool containsIgnoringAsciiCase(QByteArrayView haystack, QByteArrayView needle);

} // namespace mf
