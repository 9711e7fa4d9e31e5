#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace mf {

// Maps every value of a JSON text to the line it starts on, keyed by its path ("world.domains[1].name"),
// so a scenario error can name the file, line and field. QJsonDocument parses the values; this only
// locates them, and assumes the text is valid JSON.
class JsonLocator
{
public:
    explicit JsonLocator(const QByteArray &text);
    // The line (1-based) of `path`; for a missing field, the line of its nearest existing parent.
    int lineOf(const QString &path) const;
    // The line of a byte offset (for QJsonParseError).
    int lineOfOffset(qsizetype offset) const;

private:
    void parseValue(const QString &path);
    void skipWhitespace();
    void skipString();

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    QHash<QString, int> m_lines;
};

} // namespace mf
