#include "ImapCommandAssembler.h"

#include "ImapCommandParser.h"

namespace mf {

namespace {

// Parses a trailing literal announcement "{123}" or "{123+}". Returns -1 when there is none, -2 when the
// number is too long to be meaningful (refused as too big).
qint64 trailingLiteral(const QByteArray &line, bool &nonSync)
{
    if (!line.endsWith('}'))
        return -1;
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0)
        return -1;
    QByteArrayView digits = QByteArrayView(line).sliced(open + 1, line.size() - open - 2);
    nonSync = digits.endsWith('+');
    if (nonSync)
        digits.chop(1);
    if (digits.isEmpty())
        return -1;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return -1;
    }
    if (digits.size() > 12)
        return -2;
    return digits.toLongLong();
}

} // namespace

ImapCommandAssembler::ImapCommandAssembler(qsizetype maxLine, qsizetype maxLiteral, qsizetype maxCommand,
                                           qsizetype appendAllowance)
    : m_reader(maxLine), m_maxLiteral(maxLiteral), m_maxCommand(maxCommand), m_appendAllowance(appendAllowance)
{
}

ImapCommandAssembler::Status ImapCommandAssembler::next()
{
    for (;;) {
        if (m_literalRemaining > 0) {
            const QByteArray chunk = m_reader.takeRaw(m_literalRemaining);
            m_command += chunk;
            m_literalRemaining -= chunk.size();
            if (m_literalRemaining > 0)
                return Status::NeedMore;
            ++m_unitsTaken;
            continue;
        }
        if (m_discardRemaining > 0) {
            m_discardRemaining -= m_reader.takeRaw(std::min<qsizetype>(m_discardRemaining, 65536)).size();
            if (m_discardRemaining > 0) {
                if (m_reader.buffered() == 0)
                    return Status::NeedMore;
                continue;
            }
            ++m_unitsTaken;
            m_discardLine = true;
        }
        QByteArray line;
        const LineReader::Result r = m_reader.next(line);
        if (r == LineReader::Result::NeedMore)
            return Status::NeedMore;
        ++m_unitsTaken;
        if (r == LineReader::Result::TooLong) {
            if (std::exchange(m_discardLine, false))
                return m_refusal; // the rest of a refused command: one answer for the whole command
            m_command.clear();
            m_tag.clear();
            return Status::LineTooLong;
        }
        if (m_discardLine) {
            // The rest of the command after a refused non-synchronising literal.
            m_discardLine = false;
            bool nonSync = false;
            const qint64 n = trailingLiteral(line, nonSync);
            if (n >= 0 && nonSync) {
                m_discardRemaining = n;
                m_discardLine = n == 0;
                continue;
            }
            m_command.clear();
            return m_refusal;
        }
        if (m_command.isEmpty()) {
            const qsizetype sp = line.indexOf(' ');
            const QByteArrayView first = QByteArrayView(line).first(sp < 0 ? line.size() : sp);
            m_tag = ImapCommandParser::isValidTag(first) ? first.toByteArray() : QByteArray();
            const QByteArrayView verb = QByteArrayView(line).sliced(sp < 0 ? line.size() : sp + 1).first(
                std::min<qsizetype>(7, line.size() - (sp < 0 ? line.size() : sp + 1)));
            const bool append = verb.compare("APPEND ", Qt::CaseInsensitive) == 0;
            m_commandLimit = m_maxCommand + (append ? m_appendAllowance : 0);
        }
        m_command += line;
        bool nonSync = false;
        const qint64 n = trailingLiteral(line, nonSync);
        if (n == -1) {
            if (m_command.size() <= m_commandLimit)
                return Status::Command;
            m_command.clear();
            return Status::CommandTooBig;
        }
        const bool literalTooBig = n == -2 || n > m_maxLiteral;
        if (literalTooBig || m_command.size() + n > m_commandLimit) {
            m_refusal = literalTooBig ? Status::LiteralTooBig : Status::CommandTooBig;
            m_command.clear();
            if (nonSync && n >= 0) {
                // The client goes on sending (RFC 7888 §4): read the rest of the command and throw it away.
                m_discardRemaining = n;
                m_discardLine = n == 0;
                continue;
            }
            return m_refusal;
        }
        m_command += "\r\n";
        m_literalRemaining = n;
        if (!nonSync)
            return Status::Continuation;
    }
}

QByteArray ImapCommandAssembler::takeCommand()
{
    return std::exchange(m_command, QByteArray());
}

void ImapCommandAssembler::clear()
{
    m_reader.clear();
    m_command.clear();
    m_tag.clear();
    m_literalRemaining = 0;
    m_discardRemaining = 0;
    m_discardLine = false;
}

} // namespace mf
