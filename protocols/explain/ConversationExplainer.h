#pragma once

#include "Explanation.h"
#include "Language.h"
#include "MessageContentExplainer.h"
#include "core/SessionEvent.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace mf {

// Explains the lines of one connection in order. It is stateful because a line's meaning depends on what
// came before: after "354" the client's lines are message content, after "334" or "+" they are SASL
// responses, after "+OK" to RETR the server's lines are the message, an IMAP literal's bytes are data.
// A message's lines are explained one by one (header fields, body, MIME parts: MessageContentExplainer), and
// a reply by its enhanced status code (RFC 3463) and by the command it answers.
class ConversationExplainer
{
public:
    enum class Protocol { Smtp, Pop3, Imap, Other };
    // "smtp", "submission", "smtps" -> Smtp; "pop3", "pop3s" -> Pop3; "imap", "imaps" -> Imap.
    static Protocol protocolFromName(QStringView name);

    // "submission", "submissions", "smtps": where a user's mail program hands in mail (RFC 6409, RFC 8314).
    static bool isSubmissionName(QStringView name);

    // `submission`: the conversation is on a submission port, whose server greets with the name mail
    // programs are set up with (smtp.<domain>), not its MX name.
    ConversationExplainer(Protocol protocol, Language language, bool submission = false);

    Explanation explain(Direction dir, QByteArrayView line);
    void setLanguage(Language language) { m_language = language; }
    // Whether the line explained last was data carried inside a transfer (message content after SMTP's
    // 354, a line of a POP3 multi-line answer, an IMAP literal's bytes) rather than a command or reply.
    bool lastLineWasData() const { return m_lastLineWasData; }

private:
    Explanation explainSmtp(Direction dir, QByteArrayView line);
    Explanation explainPop3(Direction dir, QByteArrayView line);
    Explanation explainImap(Direction dir, QByteArrayView line);
    Explanation explainSmtpReply(QByteArrayView line, const QByteArray &command);
    // Remembers a command whose reply is awaited (at most kMaxPending; more are not tracked).
    void pushPending(QByteArrayView command);

    // Commands awaiting their reply, kept only this deep: a client pipelines a few commands at a time, and
    // the explainer must stay small whatever a peer sends. Each is kept to its first 512 octets.
    static constexpr int kMaxPending = 32;

    Protocol m_protocol;
    Language m_language;
    bool m_submission;
    bool m_lastLineWasData = false;
    bool m_expectSaslResponse = false;
    // Commands sent whose replies are awaited, in order (SMTP: the verb, or "." for the end of DATA, with its
    // arguments; POP3: the command in upper case; IMAP: "tag VERB").
    QList<QByteArray> m_pending;
    MessageContentExplainer m_content;
    // SMTP
    bool m_smtpInContent = false;
    bool m_smtpGreeted = false;
    bool m_smtpInReply = false; // a multi-line reply ("250-") is under way
    // POP3: the verb of the multi-line answer under way (empty: none).
    QByteArray m_pop3Multiline;
    bool m_pop3Greeted = false;
    // IMAP: octets of literal data still to come in this direction, and whether they are a message.
    qint64 m_imapLiteralRemaining = 0;
    Direction m_imapLiteralDir = Direction::Server;
    bool m_imapLiteralIsMessage = false;
    bool m_imapGreeted = false;
};

} // namespace mf
