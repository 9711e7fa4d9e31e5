#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace mf {

// One SMTP reply, possibly multi-line (RFC 5321 §4.2): the three-digit code, the enhanced status code
// of RFC 2034/3463 when the server sent one ("2.1.5"), and the text of every line after "250-"/"250 ".
struct SmtpReply {
    int code = 0;
    QByteArray enhanced;
    QList<QByteArray> lines;

    bool isPositive() const { return code >= 200 && code < 400; }
    bool isTransient() const { return code >= 400 && code < 500; }
    bool isPermanent() const { return code >= 500; }
    // "550 5.1.1 No such user" style summary of the first line.
    QByteArray summary() const;

    bool operator==(const SmtpReply &) const = default;
};

// Assembles reply lines (CRLF already removed) into SmtpReply values. A line is "ddd", "ddd text" or
// "ddd-text"; the hyphen form continues the reply (RFC 5321 §4.2.1).
class SmtpReplyParser
{
public:
    enum class Status { Incomplete, Complete, Malformed };

    Status feedLine(QByteArrayView line);
    // The reply completed by the last feedLine() that returned Complete.
    SmtpReply takeReply();
    void reset();

    // "2.1.5" when `text` starts with an enhanced status code of class `replyClass` (2, 4 or 5),
    // followed by a space or the end of the text (RFC 3463 §2: class.subject.detail, 1-3 digits each).
    static QByteArray enhancedCodeOf(QByteArrayView text, int replyClass);

private:
    SmtpReply m_reply;
    bool m_inReply = false;
};

} // namespace mf
