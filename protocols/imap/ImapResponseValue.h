#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <optional>

namespace mf {

// A parsed piece of a server response (RFC 3501 §4): an atom (numbers and FETCH item names such as
// "BODY[HEADER.FIELDS (SUBJECT)]<0>" included), a string (quoted or literal, unescaped), NIL, or a
// parenthesised list.
struct ImapResponseValue {
    enum class Type : quint8 { Atom, String, Nil, List };
    Type type = Type::Nil;
    QByteArray text;
    QList<ImapResponseValue> list;

    bool isList() const { return type == Type::List; }
    // The value after the atom `name` in a key/value list such as FETCH's; nullptr when absent.
    const ImapResponseValue *find(QByteArrayView name) const;

    // Parses one value at `pos` (which is advanced past it and any following space).
    static std::optional<ImapResponseValue> parse(QByteArrayView text, qsizetype &pos);
};

// A response with literal data shortened for the transcript: short single-line literals are shown
// inline, others as "[n octets]".
QByteArray summarizeLiterals(const QByteArray &bytes);

} // namespace mf
