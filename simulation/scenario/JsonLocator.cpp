#include "JsonLocator.h"

namespace mf {

JsonLocator::JsonLocator(const QByteArray &text) : m_text(text)
{
    skipWhitespace();
    if (m_pos < m_text.size())
        parseValue(QString());
}

int JsonLocator::lineOf(const QString &path) const
{
    QString p = path;
    for (;;) {
        const auto it = m_lines.constFind(p);
        if (it != m_lines.constEnd())
            return it.value();
        const qsizetype cut = qMax(p.lastIndexOf(QLatin1Char('.')), p.lastIndexOf(QLatin1Char('[')));
        if (cut <= 0)
            return m_lines.value(QString(), 1);
        p.truncate(cut);
    }
}

int JsonLocator::lineOfOffset(qsizetype offset) const
{
    return 1 + int(m_text.left(offset).count('\n'));
}

void JsonLocator::skipWhitespace()
{
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c == '\n')
            ++m_line;
        else if (c != ' ' && c != '\t' && c != '\r')
            return;
        ++m_pos;
    }
}

void JsonLocator::skipString()
{
    ++m_pos; // opening quote
    while (m_pos < m_text.size() && m_text[m_pos] != '"') {
        if (m_text[m_pos] == '\\')
            ++m_pos;
        ++m_pos;
    }
    ++m_pos; // closing quote
}

void JsonLocator::parseValue(const QString &path)
{
    m_lines.insert(path, m_line);
    if (m_pos >= m_text.size())
        return;
    const char c = m_text[m_pos];
    if (c == '{') {
        ++m_pos;
        for (;;) {
            skipWhitespace();
            if (m_pos >= m_text.size() || m_text[m_pos] == '}') {
                ++m_pos;
                return;
            }
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            const qsizetype keyStart = m_pos + 1;
            const int keyLine = m_line;
            skipString();
            const QString key = QString::fromUtf8(m_text.mid(keyStart, m_pos - keyStart - 1));
            skipWhitespace();
            ++m_pos; // ':'
            skipWhitespace();
            const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
            const int valueLine = m_line;
            parseValue(child);
            // A field is reported on the line of its key (usually the same as its value's).
            if (keyLine != valueLine)
                m_lines.insert(child, keyLine);
        }
    }
    if (c == '[') {
        ++m_pos;
        int index = 0;
        for (;;) {
            skipWhitespace();
            if (m_pos >= m_text.size() || m_text[m_pos] == ']') {
                ++m_pos;
                return;
            }
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            parseValue(path + QStringLiteral("[%1]").arg(index++));
        }
    }
    if (c == '"') {
        skipString();
        return;
    }
    while (m_pos < m_text.size() && !QByteArrayView(",]} \t\r\n").contains(m_text[m_pos]))
        ++m_pos;
}

} // namespace mf
