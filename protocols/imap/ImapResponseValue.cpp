#include "ImapResponseValue.h"

namespace mf {

const ImapResponseValue *ImapResponseValue::find(QByteArrayView name) const
{
    for (qsizetype i = 0; i + 1 < list.size(); ++i) {
        if (list[i].type == Type::Atom && QByteArrayView(list[i].text).compare(name, Qt::CaseInsensitive) == 0)
            return &list[i + 1];
    }
    return nullptr;
}

std::optional<ImapResponseValue> ImapResponseValue::parse(QByteArrayView t, qsizetype &pos)
{
    auto skipSpace = [&] {
        while (pos < t.size() && t[pos] == ' ')
            ++pos;
    };
    skipSpace();
    if (pos >= t.size())
        return std::nullopt;
    ImapResponseValue v;
    const char c = t[pos];
    if (c == '(') {
        ++pos;
        v.type = Type::List;
        for (;;) {
            skipSpace();
            if (pos >= t.size())
                return std::nullopt;
            if (t[pos] == ')') {
                ++pos;
                break;
            }
            auto item = parse(t, pos);
            if (!item)
                return std::nullopt;
            v.list.append(*item);
        }
    } else if (c == '"') {
        ++pos;
        v.type = Type::String;
        while (pos < t.size() && t[pos] != '"') {
            if (t[pos] == '\\' && pos + 1 < t.size())
                ++pos;
            v.text.append(t[pos++]);
        }
        if (pos >= t.size())
            return std::nullopt;
        ++pos;
    } else if (c == '{') {
        const qsizetype close = t.indexOf("}\r\n", pos);
        if (close < 0)
            return std::nullopt;
        QByteArrayView digits = t.sliced(pos + 1, close - pos - 1);
        if (digits.endsWith('+'))
            digits.chop(1);
        bool ok = false;
        const qint64 n = digits.toLongLong(&ok);
        if (!ok || n < 0 || close + 3 + n > t.size())
            return std::nullopt;
        v.type = Type::String;
        v.text = t.sliced(close + 3, n).toByteArray();
        pos = close + 3 + n;
    } else {
        // An atom; a '[' opens a section that may hold spaces and parentheses up to its ']'.
        const qsizetype start = pos;
        int depth = 0;
        while (pos < t.size()) {
            const char d = t[pos];
            if (d == '[')
                ++depth;
            else if (d == ']')
                --depth;
            else if (depth == 0 && (d == ' ' || d == '(' || d == ')'))
                break;
            ++pos;
        }
        v.text = t.sliced(start, pos - start).toByteArray();
        v.type = v.text.compare("NIL", Qt::CaseInsensitive) == 0 ? Type::Nil : Type::Atom;
        if (v.text.isEmpty())
            return std::nullopt;
    }
    skipSpace();
    return v;
}

QByteArray summarizeLiterals(const QByteArray &bytes)
{
    QByteArray shown;
    qsizetype i = 0;
    while (i < bytes.size()) {
        const qsizetype open = bytes.indexOf('{', i);
        if (open < 0) {
            shown += bytes.mid(i);
            break;
        }
        const qsizetype close = bytes.indexOf("}\r\n", open);
        bool ok = false;
        QByteArray digits = close > open ? bytes.mid(open + 1, close - open - 1) : QByteArray();
        if (digits.endsWith('+'))
            digits.chop(1);
        const qint64 n = digits.toLongLong(&ok);
        if (!ok || n < 0 || close + 3 + n > bytes.size()) {
            shown += bytes.mid(i, open + 1 - i);
            i = open + 1;
            continue;
        }
        shown += bytes.mid(i, close + 1 - i);
        const QByteArray data = bytes.mid(close + 3, n);
        if (n <= 200 && !data.contains('\r') && !data.contains('\n'))
            shown += ' ' + data;
        else
            shown += " [" + QByteArray::number(n) + " octets]";
        i = close + 3 + n;
    }
    return shown;
}

} // namespace mf
