#pragma once

#include "core/LineReader.h"

#include <QByteArray>
#include <QByteArrayView>

namespace mf {

// Frames IMAP commands out of the byte stream (RFC 3501 §2.2, §4.3, RFC 7888): a command is one line, or
// several when it carries literals. A line ending in `{n}` (synchronising) or `{n+}` (LITERAL+) is followed
// by exactly n octets, counted, never scanned for line ends. Limits are checked on the announced size,
// before anything is allocated: a too-big synchronising literal is refused at once (the client waits for
// our `+`, so it sends nothing); a too-big non-synchronising one is read and thrown away, then refused
// (RFC 7888 §4). Two limits: one literal (maxLiteral), and the whole command, lines and literals together
// (maxCommand), so that many small `{0+}` literals cannot grow one command without bound. An APPEND may
// exceed maxCommand by its message literal (appendAllowance).
class ImapCommandAssembler
{
public:
    enum class Status {
        NeedMore,
        Command,      // takeCommand() returns the whole command (literals inline, no final CRLF)
        Continuation, // a synchronising literal was accepted: send "+ ..." now
        LiteralTooBig,// one literal over maxLiteral: refuse the command (tag() says whose); the session goes on
        CommandTooBig,// the whole command over its limit: refuse it likewise
        LineTooLong,  // an overlong line was skipped
    };

    ImapCommandAssembler(qsizetype maxLine, qsizetype maxLiteral, qsizetype maxCommand, qsizetype appendAllowance = 0);

    void append(QByteArrayView bytes) { m_reader.append(bytes); }
    Status next();
    QByteArray takeCommand();
    // The tag of the command being assembled or just refused: its first word when that is a valid tag
    // (RFC 3501 §9), else empty, so that a reply never echoes a CR, LF or other junk.
    QByteArray tag() const { return m_tag; }

    // Outside a command (AUTHENTICATE responses, IDLE's DONE): the next plain line.
    LineReader::Result nextLine(QByteArray &line) { return m_reader.next(line); }
    bool inCommand() const { return !m_command.isEmpty() || m_literalRemaining > 0; }
    qsizetype buffered() const { return m_reader.buffered(); }
    // How many complete lines and literals next() has taken so far (idle timers count these, not bytes).
    quint64 unitsTaken() const { return m_unitsTaken; }
    // Forgets buffered input and any half-read command (STARTTLS, RFC 3501 §6.2.1 / CVE-2011-0411).
    void clear();

private:
    LineReader m_reader;
    qsizetype m_maxLiteral;
    qsizetype m_maxCommand;
    qsizetype m_appendAllowance;
    qsizetype m_commandLimit = 0; // of the command under way: maxCommand, plus appendAllowance for APPEND
    Status m_refusal = Status::LiteralTooBig; // the answer once a refused literal has been thrown away
    QByteArray m_command;
    QByteArray m_tag;
    qsizetype m_literalRemaining = 0;
    qsizetype m_discardRemaining = 0;
    bool m_discardLine = false;
    quint64 m_unitsTaken = 0;
};

} // namespace mf
