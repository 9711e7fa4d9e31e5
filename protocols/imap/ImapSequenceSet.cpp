#include "ImapSequenceSet.h"

#include <algorithm>

namespace mf {

bool ImapSequenceSet::contains(quint32 n, quint32 largest) const
{
    for (const Range &r : ranges) {
        quint32 a = r.first == star ? largest : r.first;
        quint32 b = r.last == star ? largest : r.last;
        if (a > b)
            std::swap(a, b);
        if (n >= a && n <= b)
            return true;
    }
    return false;
}

QByteArray ImapSequenceSet::compress(QList<quint32> numbers)
{
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    QByteArray out;
    for (qsizetype i = 0; i < numbers.size();) {
        qsizetype j = i;
        while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1)
            ++j;
        if (!out.isEmpty())
            out += ',';
        out += QByteArray::number(numbers[i]);
        if (j > i)
            out += ':' + QByteArray::number(numbers[j]);
        i = j + 1;
    }
    return out;
}

QByteArray ImapSequenceSet::toString() const
{
    auto num = [](quint32 n) { return n == star ? QByteArray("*") : QByteArray::number(n); };
    QByteArray out;
    for (const Range &r : ranges) {
        if (!out.isEmpty())
            out += ',';
        out += num(r.first);
        if (r.last != r.first)
            out += ':' + num(r.last);
    }
    return out;
}

} // namespace mf
