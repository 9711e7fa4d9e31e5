#include "LineReader.h"

namespace mf {

LineReader::Result LineReader::next(QByteArray &line)
{
    for (;;) {
        const qsizetype from = m_pos + (m_scanned > 0 ? m_scanned - 1 : 0);
        const qsizetype crlf = m_buffer.indexOf("\r\n", from);
        if (crlf < 0) {
            m_scanned = m_buffer.size() - m_pos;
            // The CR of a CRLF split across two reads may be the last byte: keep it.
            if (m_scanned > m_limit) {
                m_discarding = true;
                const qsizetype keep = m_buffer.endsWith('\r') ? 1 : 0;
                m_pos = m_buffer.size() - keep;
                m_scanned = keep;
            }
            compact();
            return Result::NeedMore;
        }
        const qsizetype length = crlf - m_pos;
        const bool tooLong = m_discarding || length + 2 > m_limit;
        if (!tooLong)
            line = m_buffer.mid(m_pos, length);
        m_pos = crlf + 2;
        m_scanned = 0;
        m_discarding = false;
        compact();
        return tooLong ? Result::TooLong : Result::Line;
    }
}

QByteArray LineReader::takeRaw(qsizetype count)
{
    const qsizetype n = qMin(count, buffered());
    QByteArray out = m_buffer.mid(m_pos, n);
    m_pos += n;
    m_scanned = 0;
    compact();
    return out;
}

void LineReader::clear()
{
    m_buffer.clear();
    m_pos = 0;
    m_scanned = 0;
    m_discarding = false;
}

void LineReader::compact()
{
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    } else if (m_pos > 65536 && m_pos * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
}

} // namespace mf
