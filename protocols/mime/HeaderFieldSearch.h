#pragma once

#include <QByteArray>
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

} // namespace mf
