#include "SmtpReplyParser.h"

namespace mf {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1-3 digits at `pos`; returns the position after them, or -1.
qsizetype digits(QByteArrayView text, qsizetype pos)
{
    qsizetype end = pos;
    while (end < text.size() && end - pos < 4 && isDigit(text[end]))
        ++end;
    const qsizetype n = end - pos;
    return n >= 1 && n <= 3 ? end : -1;
}

} // namespace

QByteArray SmtpReply::summary() const
{
    QByteArray out = QByteArray::number(code);
    if (!lines.isEmpty() && !lines.first().isEmpty())
        out += ' ' + lines.first();
    return out;
}

QByteArray SmtpReplyParser::enhancedCodeOf(QByteArrayView text, int replyClass)
{
    if (text.size() < 5 || text[0] != char('0' + replyClass) || text[1] != '.')
        return {};
    qsizetype pos = digits(text, 2);
    if (pos < 0 || pos >= text.size() || text[pos] != '.')
        return {};
    pos = digits(text, pos + 1);
    if (pos < 0 || (pos < text.size() && text[pos] != ' '))
        return {};
    return text.first(pos).toByteArray();
}

SmtpReplyParser::Status SmtpReplyParser::feedLine(QByteArrayView line)
{
    if (line.size() < 3 || !isDigit(line[0]) || !isDigit(line[1]) || !isDigit(line[2])
        || line[0] < '2' || line[0] > '5' || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
        reset();
        return Status::Malformed;
    }
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (!m_inReply) {
        m_reply = SmtpReply{};
        m_reply.code = code;
        m_inReply = true;
    }
    // §4.2.1: every line of a multi-line reply carries the same code; be liberal and keep the first.
    const QByteArray text = line.size() > 4 ? line.sliced(4).toByteArray() : QByteArray();
    if (m_reply.lines.isEmpty())
        m_reply.enhanced = enhancedCodeOf(text, code / 100);
    m_reply.lines.append(text);
    if (line.size() > 3 && line[3] == '-')
        return Status::Incomplete;
    m_inReply = false;
    return Status::Complete;
}

SmtpReply SmtpReplyParser::takeReply()
{
    return std::exchange(m_reply, SmtpReply{});
}

void SmtpReplyParser::reset()
{
    m_reply = SmtpReply{};
    m_inReply = false;
}

} // namespace mf
