#include "HeaderFieldWalk.h"

namespace mf {

QByteArray unfoldedHeaderValue(QByteArrayView raw)
{
    QByteArray out;
    out.reserve(raw.size());
    for (char c : raw)
        if (c != '\r' && c != '\n')
            out.append(c);
    return out.trimmed();
}

} // namespace mf
