#include "MimeSection.h"

namespace mf {

QByteArray MimeSection::toImap() const
{
    QByteArray out;
    for (quint32 n : part) {
        if (!out.isEmpty())
            out.append('.');
        out.append(QByteArray::number(n));
    }
    auto add = [&](const char *word) {
        if (!out.isEmpty())
            out.append('.');
        out.append(word);
    };
    switch (kind) {
    case Kind::Whole: break;
    case Kind::Header: add("HEADER"); break;
    case Kind::Text: add("TEXT"); break;
    case Kind::Mime: add("MIME"); break;
    case Kind::HeaderFields:
    case Kind::HeaderFieldsNot:
        add(kind == Kind::HeaderFields ? "HEADER.FIELDS (" : "HEADER.FIELDS.NOT (");
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i)
                out.append(' ');
            out.append(fields[i].toUpper());
        }
        out.append(')');
        break;
    }
    return out;
}

} // namespace mf
