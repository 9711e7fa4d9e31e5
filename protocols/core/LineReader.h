#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace mf {

// Splits a byte stream into CRLF-terminated lines. Only CRLF ends a line (RFC 5321 §2.3.8, RFC 1939 §3,
// RFC 3501 §2.2): a bare LF or bare CR stays inside the line. A line longer than the limit (counted with
// its CRLF) is consumed up to its CRLF and reported once as TooLong, never returned, so one overlong line
// cannot be smuggled in as two.
class LineReader
{
public:
    enum class Result { Line, NeedMore, TooLong };

    explicit LineReader(qsizetype maxLineWithCrlf) : m_limit(maxLineWithCrlf) {}

    void append(QByteArrayView bytes) { m_buffer.append(bytes.data(), bytes.size()); }
    // Writes the next complete line (without CRLF) to `line` when the result is Line.
    Result next(QByteArray &line);
    // Takes up to `count` raw bytes (for IMAP literals); returns fewer when fewer are buffered.
    QByteArray takeRaw(qsizetype count);

    qsizetype buffered() const { return m_buffer.size() - m_pos; }
    void clear();
    void setLimit(qsizetype maxLineWithCrlf) { m_limit = maxLineWithCrlf; }
    qsizetype limit() const { return m_limit; }

private:
    void compact();

    QByteArray m_buffer;
    qsizetype m_pos = 0;     // start of the unread part of m_buffer
    qsizetype m_scanned = 0; // bytes after m_pos already known to hold no CRLF
    qsizetype m_limit;
    bool m_discarding = false;
};

} // namespace mf
