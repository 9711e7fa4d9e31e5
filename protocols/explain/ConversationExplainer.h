#pragma once

#include "Language.h"
#include "core/SessionEvent.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace mf {

// A plain-language explanation of one protocol line and the RFC section that defines it.
struct Explanation {
    QString text;
    QString reference; // e.g. "RFC 5321 §4.1.1.1"
    bool isEmpty() const { return text.isEmpty(); }
    // "text (reference)", as the transcript shows it.
    QString combined() const;
};

// Explains the lines of one connection in order. It is stateful because a line's meaning depends on what
// came before: after "354" the client's lines are message content, after "334" or "+" they are SASL
// responses, after "+OK" to RETR the server's lines are the message, an IMAP literal's bytes are data.
class ConversationExplainer
{
public:
    enum class Protocol { Smtp, Pop3, Imap, Other };
    // "smtp", "submission", "smtps" -> Smtp; "pop3", "pop3s" -> Pop3; "imap", "imaps" -> Imap.
    static Protocol protocolFromName(QStringView name);

    ConversationExplainer(Protocol protocol, Language language);

    Explanation explain(Direction dir, QByteArrayView line);
    void setLanguage(Language language) { m_language = language; }

private:
    Explanation explainSmtp(Direction dir, QByteArrayView line);
    Explanation explainPop3(Direction dir, QByteArrayView line);
    Explanation explainImap(Direction dir, QByteArrayView line);

    Protocol m_protocol;
    Language m_language;
    // SMTP
    int m_smtpDataCommandsPending = 0; // DATA sent, 354 not yet seen (pipelining)
    bool m_smtpInContent = false;
    bool m_smtpInEhloReply = false;
    bool m_expectSaslResponse = false;
    // POP3: commands sent whose replies are awaited, in order, and whether the current reply is multi-line.
    QList<QByteArray> m_pop3Pending;
    bool m_pop3InMultiline = false;
    // IMAP: octets of literal data still to come in this direction.
    qint64 m_imapLiteralRemaining = 0;
    Direction m_imapLiteralDir = Direction::Server;
};

} // namespace mf
