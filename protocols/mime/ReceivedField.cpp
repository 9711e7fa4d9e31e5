#include "ReceivedField.h"

#include "MimeMessage.h"

namespace mf {

ReceivedField ReceivedField::parse(QByteArrayView value)
{
    ReceivedField f;
    f.raw = value.trimmed().toByteArray();
    QByteArrayView clauses = f.raw;
    // The date-time follows the last ';' outside comments (it may itself contain none).
    int depth = 0;
    qsizetype semicolon = -1;
    for (qsizetype i = 0; i < clauses.size(); ++i) {
        const char c = clauses[i];
        if (c == '(')
            ++depth;
        else if (c == ')' && depth > 0)
            --depth;
        else if (c == ';' && depth == 0)
            semicolon = i;
    }
    if (semicolon >= 0) {
        f.date = clauses.sliced(semicolon + 1).trimmed().toByteArray();
        clauses = clauses.first(semicolon);
    }
    QByteArray *current = nullptr;
    qsizetype i = 0;
    while (i < clauses.size()) {
        while (i < clauses.size() && (clauses[i] == ' ' || clauses[i] == '\t'))
            ++i;
        if (i >= clauses.size())
            break;
        qsizetype end = i;
        if (clauses[i] == '(') {
            // A comment: up to its matching parenthesis.
            int d = 0;
            for (; end < clauses.size(); ++end) {
                if (clauses[end] == '(')
                    ++d;
                else if (clauses[end] == ')' && --d == 0) {
                    ++end;
                    break;
                }
            }
        } else {
            while (end < clauses.size() && clauses[end] != ' ' && clauses[end] != '\t' && clauses[end] != '(')
                ++end;
        }
        const QByteArrayView token = clauses.sliced(i, end - i);
        i = end;
        const QByteArray keyword = token.toByteArray().toLower();
        QByteArray *next = keyword == "from" ? &f.from
            : keyword == "by"                ? &f.by
            : keyword == "via"               ? &f.via
            : keyword == "with"              ? &f.with
            : keyword == "id"                ? &f.id
            : keyword == "for"               ? &f.forPath
                                             : nullptr;
        if (next && (!current || !current->isEmpty())) {
            current = next;
            continue;
        }
        if (current) {
            if (!current->isEmpty())
                *current += ' ';
            *current += token;
        }
    }
    return f;
}

QList<ReceivedField> receivedFields(const MimeMessage &message)
{
    QList<ReceivedField> out;
    for (const QByteArray &value : message.headerValues("Received")) {
        QByteArray unfolded = value;
        unfolded.replace("\r\n", "");
        unfolded.replace('\n', "");
        unfolded.replace('\t', ' ');
        out << ReceivedField::parse(unfolded);
    }
    return out;
}

} // namespace mf
