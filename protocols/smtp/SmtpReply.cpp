#include "SmtpReply.h"

namespace mf::smtp {

QByteArrayList SmtpReply::toLines() const
{
    QByteArrayList out;
    const QByteArrayList text = lines.isEmpty() ? QByteArrayList{QByteArray()} : lines;
    for (qsizetype i = 0; i < text.size(); ++i) {
        QByteArray line = QByteArray::number(code);
        line += i + 1 == text.size() ? ' ' : '-';
        if (!enhanced.isEmpty()) {
            line += enhanced;
            if (!text[i].isEmpty())
                line += ' ';
        }
        line += text[i];
        out.append(line);
    }
    return out;
}

} // namespace mf::smtp
