#pragma once

#include <QByteArray>
#include <QList>

namespace mf {

// An IMAP sequence set (RFC 3501 §9 sequence-set): ranges of message sequence numbers or UIDs, where
// `*` is the largest number in use. A range may be written high to low ("5:1" means 1:5, §9).
struct ImapSequenceSet {
    static constexpr quint32 star = 0; // `*`

    struct Range {
        quint32 first = 0;
        quint32 last = 0;
        bool operator==(const Range &) const = default;
    };
    QList<Range> ranges;

    bool isEmpty() const { return ranges.isEmpty(); }
    // Whether `n` is in the set when `*` stands for `largest`.
    bool contains(quint32 n, quint32 largest) const;
    // The set as written back in responses (COPYUID): "1:3,7", ranges compressed.
    static QByteArray compress(QList<quint32> numbers);
    QByteArray toString() const;
    bool operator==(const ImapSequenceSet &) const = default;
};

} // namespace mf
