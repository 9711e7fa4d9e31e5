#include "ConversationExplainer.h"

#include "ExplanationTables.h"

#include <QRegularExpression>

namespace mf {

namespace {

Explanation from(const explain::Entry *entry, Language language)
{
    if (!entry)
        return {};
    return {entry->text.in(language), QString::fromUtf8(entry->reference)};
}

Explanation from(const explain::Entry &entry, Language language)
{
    return from(&entry, language);
}

Explanation join(const Explanation &a, const Explanation &b)
{
    return {a.text + QLatin1Char(' ') + b.text, a.reference + QStringLiteral(", ") + b.reference};
}

QByteArrayView firstWord(QByteArrayView line)
{
    const qsizetype space = line.indexOf(' ');
    return space < 0 ? line : line.first(space);
}

// `line` from `from` on, empty when `from` is past its end (never slices out of bounds).
QByteArrayView tail(QByteArrayView line, qsizetype from)
{
    return from >= line.size() ? QByteArrayView() : line.sliced(qMax<qsizetype>(0, from));
}

// The word after the first space ("a1 UID FETCH" -> "UID"), empty when there is none.
QByteArrayView secondWord(QByteArrayView line)
{
    const qsizetype space = line.indexOf(' ');
    return space < 0 ? QByteArrayView() : firstWord(tail(line, space + 1));
}

// An RFC 3463 enhanced status code at the start of a reply's text ("5.1.1 <carol@b.example>: ..."), or empty.
QByteArrayView enhancedCode(QByteArrayView text)
{
    const QByteArrayView word = firstWord(text);
    if (word.size() < 5 || word.size() > 11 || (word[0] != '2' && word[0] != '4' && word[0] != '5') || word[1] != '.')
        return {};
    int dots = 0;
    for (qsizetype i = 1; i < word.size(); ++i) {
        if (word[i] == '.') {
            if (word[i - 1] == '.' || ++dots > 2)
                return {};
        } else if (word[i] < '0' || word[i] > '9') {
            return {};
        }
    }
    return dots == 2 && !word.endsWith('.') ? word : QByteArrayView();
}

// What an IMAP literal announced at the end of `line` holds.
enum class LiteralContent { Other, Message, Body };

LiteralContent literalContent(QByteArrayView line, Direction dir)
{
    const QByteArray upper = line.toByteArray().toUpper();
    const qsizetype open = upper.lastIndexOf('{');
    if (open < 0)
        return LiteralContent::Other;
    if (dir == Direction::Client) // "a3 APPEND INBOX (\Seen) {310}": a whole message uploaded
        return secondWord(upper) == "APPEND" ? LiteralContent::Message : LiteralContent::Other;
    QByteArrayView before = QByteArrayView(upper).first(open).trimmed();
    if (before.endsWith('>')) { // a partial fetch, "BODY[]<0>"
        const qsizetype lt = before.lastIndexOf('<');
        before = lt >= 0 ? before.first(lt) : before;
    }
    if (before.endsWith("RFC822") || before.endsWith("RFC822.HEADER"))
        return LiteralContent::Message;
    if (before.endsWith("RFC822.TEXT"))
        return LiteralContent::Body;
    if (!before.endsWith(']'))
        return LiteralContent::Other;
    const qsizetype lb = before.lastIndexOf('[');
    if (lb < 0)
        return LiteralContent::Other;
    const QByteArrayView section = before.sliced(lb + 1, before.size() - lb - 2);
    // BODY[] and BODY[HEADER...] start with a header; so does a part's BODY[1.MIME] or BODY[2.HEADER].
    if (section.isEmpty() || section.contains("HEADER") || section.endsWith("MIME"))
        return LiteralContent::Message;
    return LiteralContent::Body; // BODY[TEXT], BODY[1]...
}

// The announced size of a literal at the end of an IMAP line ("{123}" or "{123+}"), or -1.
qint64 literalSize(QByteArrayView line)
{
    if (!line.endsWith('}'))
        return -1;
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0)
        return -1;
    QByteArrayView digits = tail(line, open + 1);
    digits.chop(1); // the "}"
    if (digits.endsWith('+'))
        digits.chop(1);
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    return ok ? n : -1;
}

} // namespace

QString Explanation::combined() const
{
    return reference.isEmpty() ? text : text + QStringLiteral(" (") + reference + QLatin1Char(')');
}

ConversationExplainer::Protocol ConversationExplainer::protocolFromName(QStringView name)
{
    if (name.startsWith(u"smtp") || name == u"submission" || name == u"submissions")
        return Protocol::Smtp;
    if (name.startsWith(u"pop3"))
        return Protocol::Pop3;
    if (name.startsWith(u"imap"))
        return Protocol::Imap;
    return Protocol::Other;
}

bool ConversationExplainer::isSubmissionName(QStringView name)
{
    return name == u"submission" || name == u"submissions" || name == u"smtps";
}

ConversationExplainer::ConversationExplainer(Protocol protocol, Language language, bool submission)
    : m_protocol(protocol), m_language(language), m_submission(submission)
{
}

Explanation ConversationExplainer::explain(Direction dir, QByteArrayView line)
{
    m_lastLineWasData = false;
    switch (m_protocol) {
    case Protocol::Smtp: return explainSmtp(dir, line);
    case Protocol::Pop3: return explainPop3(dir, line);
    case Protocol::Imap: return explainImap(dir, line);
    case Protocol::Other: break;
    }
    return {};
}

void ConversationExplainer::pushPending(QByteArrayView command)
{
    if (m_pending.size() < kMaxPending)
        m_pending.append(command.first(qMin<qsizetype>(command.size(), 512)).toByteArray());
}

Explanation ConversationExplainer::explainSmtp(Direction dir, QByteArrayView line)
{
    if (dir == Direction::Client) {
        if (m_smtpInContent) {
            if (line == ".") {
                m_smtpInContent = false;
                pushPending("."); // its reply says whether the server took the message
                return from(explain::common::endOfData, m_language);
            }
            m_lastLineWasData = true;
            return m_content.explain(line, m_language);
        }
        if (m_expectSaslResponse) {
            m_expectSaslResponse = false;
            return from(explain::common::saslResponse, m_language);
        }
        const QByteArrayView verb = firstWord(line);
        pushPending(line.toByteArray().toUpper());
        if (const auto *e = explain::smtpCommand(verb))
            return from(e, m_language);
        return from(explain::common::unknownCommand, m_language);
    }

    // Server reply: "250-text" (more lines follow) or "250 text" (last line).
    const QByteArrayView code = line.first(qMin<qsizetype>(3, line.size()));
    const bool lastLine = line.size() <= 3 || line[3] == ' ';
    const bool firstLine = !m_smtpInReply;
    m_smtpInReply = !lastLine;
    const QByteArray command = m_smtpGreeted                    ? m_pending.value(0)
                               : m_submission && code == "220" ? QByteArray("SUBMISSION-GREETING")
                                                               : QByteArray("GREETING");
    // 334 asks for the next login step: the AUTH command is still under way.
    if (lastLine && code != "334") {
        if (!m_smtpGreeted)
            m_smtpGreeted = true;
        else if (!m_pending.isEmpty())
            m_pending.removeFirst();
    }
    const QByteArrayView verb = firstWord(command);
    if (verb == "EHLO" && code == "250" && !firstLine) {
        if (const auto *e = explain::smtpExtension(firstWord(tail(line, 4))))
            return from(e, m_language);
        return from(explain::common::otherExtension, m_language);
    }
    if (code == "354" && verb == "DATA") {
        m_smtpInContent = true;
        m_content.begin(true, true);
    }
    if (code == "334") {
        m_expectSaslResponse = true;
        return from(explain::common::saslChallenge, m_language);
    }
    return explainSmtpReply(line, command);
}

Explanation ConversationExplainer::explainSmtpReply(QByteArrayView line, const QByteArray &command)
{
    const QByteArrayView code = line.first(qMin<qsizetype>(3, line.size()));
    // A reply is best explained by what it answers: 250 to MAIL, to RCPT and to the end of DATA differ.
    const QByteArray key = firstWord(command).toByteArray() + ' ' + code.toByteArray();
    if (const auto *e = explain::smtpReplyTo(key))
        return from(e, m_language);
    // Then the enhanced status code (RFC 3463), which says more than the three digits; "X.0.0" says nothing
    // more, so the basic code explains it.
    const QByteArrayView text = tail(line, 4);
    const QByteArrayView enhanced = enhancedCode(text);
    if (!enhanced.isEmpty() && !enhanced.endsWith(".0.0")) {
        if (const auto *s = explain::enhancedStatus(enhanced)) {
            // The domain the reply is about: from an address in the reply, else from the RCPT it answers.
            QString domain = explain::mailDomainIn(text);
            if (domain.isEmpty() && firstWord(command) == "RCPT")
                domain = explain::mailDomainIn(command);
            QString out = explain::enhancedStatusMeaning(*s, domain, m_language);
            const QString next = s->next.in(m_language);
            if (!next.isEmpty())
                out += QLatin1Char(' ') + next;
            return {out, QString::fromUtf8(s->reference)};
        }
    }
    Explanation e = from(explain::smtpReply(code), m_language);
    if (e.isEmpty() && !code.isEmpty())
        e = from(explain::smtpReplyClass(code.first(1)), m_language); // unlisted: by its class (RFC 5321 §4.2.1)
    return e;
}

Explanation ConversationExplainer::explainPop3(Direction dir, QByteArrayView line)
{
    if (dir == Direction::Client) {
        if (m_expectSaslResponse) {
            m_expectSaslResponse = false;
            return from(explain::common::saslResponse, m_language);
        }
        const QByteArrayView verb = firstWord(line);
        pushPending(line.toByteArray().toUpper());
        if (const auto *e = explain::pop3Command(verb))
            return from(e, m_language);
        return from(explain::common::unknownCommand, m_language);
    }

    if (!m_pop3Multiline.isEmpty()) {
        if (line == ".") {
            m_pop3Multiline.clear();
            return {BilingualText{"A line with only a dot: the end of this multi-line answer.",
                                  "Baris yang hanya berisi titik: akhir jawaban banyak baris ini."}.in(m_language),
                    QStringLiteral("RFC 1939 §3")};
        }
        m_lastLineWasData = true;
        if (m_pop3Multiline == "RETR" || m_pop3Multiline == "TOP")
            return m_content.explain(line, m_language);
        if (m_pop3Multiline == "CAPA") {
            if (const auto *e = explain::pop3Capability(firstWord(line)))
                return from(e, m_language);
        }
        if (const auto *e = explain::pop3Reply(m_pop3Multiline + " line"))
            return from(e, m_language);
        return from(explain::common::multilineData, m_language);
    }
    if (line.startsWith("+ ") || line == "+") {
        m_expectSaslResponse = true;
        return from(explain::common::saslChallenge, m_language);
    }
    const bool greeting = !m_pop3Greeted;
    m_pop3Greeted = true;
    const QByteArray command = greeting || m_pending.isEmpty() ? QByteArray() : m_pending.takeFirst();
    const QByteArray verb = firstWord(command).toByteArray();
    const bool hasArgument = command.contains(' ');
    if (line.startsWith("+OK")) {
        const bool listing = (verb == "LIST" || verb == "UIDL") && !hasArgument;
        if (verb == "CAPA" || verb == "RETR" || verb == "TOP" || listing)
            m_pop3Multiline = verb;
        if (verb == "RETR" || verb == "TOP")
            m_content.begin(true, true);
        QByteArray key = "+OK";
        if (!verb.isEmpty())
            key += ' ' + verb + ((verb == "LIST" || verb == "UIDL") && hasArgument ? " n" : "");
        if (const auto *e = explain::pop3Reply(key))
            return from(e, m_language);
        return from(explain::common::commandSucceeded, m_language);
    }
    if (line.startsWith("-ERR")) {
        static const QRegularExpression codeRe(QStringLiteral("^-ERR \\[([A-Z/-]+)\\]"));
        const auto match = codeRe.match(QString::fromLatin1(line.toByteArray()));
        const QByteArray responseCode = match.hasMatch() ? match.captured(1).toLatin1() : QByteArray();
        // The same code means something else after USER (no plain-text login here) and after PASS (wrong password).
        if (!responseCode.isEmpty()) {
            if (const auto *e = explain::pop3Reply("-ERR [" + responseCode + "] " + verb))
                return from(e, m_language);
        }
        if (responseCode.isEmpty() || responseCode == "AUTH") {
            if (const auto *e = explain::pop3Reply("-ERR " + verb))
                return from(e, m_language);
        }
        if (!responseCode.isEmpty()) {
            if (const auto *e = explain::pop3ResponseCode(responseCode))
                return from(e, m_language);
        }
        return from(explain::common::commandFailed, m_language);
    }
    return {};
}

Explanation ConversationExplainer::explainImap(Direction dir, QByteArrayView line)
{
    if (m_imapLiteralRemaining > 0 && dir == m_imapLiteralDir) {
        m_imapLiteralRemaining -= line.size() + 2;
        if (m_imapLiteralRemaining < 0) {
            // The literal ended inside this line: the rest of the line continues the command/response.
            m_imapLiteralRemaining = 0;
        }
        m_lastLineWasData = true;
        if (m_imapLiteralIsMessage)
            return m_content.explain(line, m_language);
        return from(explain::common::literalData, m_language);
    }
    if (const qint64 n = literalSize(line); n > 0) {
        m_imapLiteralRemaining = n;
        m_imapLiteralDir = dir;
        const LiteralContent content = literalContent(line, dir);
        m_imapLiteralIsMessage = content != LiteralContent::Other;
        if (m_imapLiteralIsMessage)
            m_content.begin(content == LiteralContent::Message, false);
    }

    if (dir == Direction::Client) {
        if (m_expectSaslResponse) {
            m_expectSaslResponse = false;
            return from(explain::common::saslResponse, m_language);
        }
        if (line.compare("DONE", Qt::CaseInsensitive) == 0)
            return from(explain::imapCommand("DONE"), m_language);
        const qsizetype space = line.indexOf(' ');
        if (space < 0)
            return from(explain::common::unknownCommand, m_language);
        const QByteArrayView tag = line.first(space);
        const QByteArrayView verb = firstWord(tail(line, space + 1));
        if (verb.compare("UID", Qt::CaseInsensitive) == 0) {
            const QByteArrayView innerVerb = secondWord(tail(line, space + 1));
            pushPending(tag.toByteArray() + ' ' + innerVerb.toByteArray().toUpper());
            const Explanation inner = from(explain::imapCommand(innerVerb), m_language);
            const Explanation uid = from(explain::imapCommand("UID"), m_language);
            if (!inner.isEmpty())
                return join(inner, uid);
            return uid;
        }
        pushPending(tag.toByteArray() + ' ' + verb.toByteArray().toUpper());
        if (verb.compare("AUTHENTICATE", Qt::CaseInsensitive) == 0 && line.count(' ') == 2)
            m_expectSaslResponse = true; // no initial response: the credentials follow a "+"
        if (const auto *e = explain::imapCommand(verb))
            return from(e, m_language);
        return from(explain::common::unknownCommand, m_language);
    }

    if (line.startsWith('+')) {
        return {BilingualText{"Continuation: the server is ready for the rest of the command (a literal or a login step).",
                              "Lanjutan: server siap menerima sisa perintah (literal atau langkah login)."}.in(m_language),
                QStringLiteral("RFC 3501 §7.5")};
    }
    const qsizetype space = line.indexOf(' ');
    if (space < 0)
        return {};
    QByteArrayView rest = tail(line, space + 1);
    const bool untagged = line.startsWith("* ");
    // "* 3 EXISTS", "* 1 FETCH (...)": a number, then the keyword.
    if (untagged && !rest.isEmpty() && rest[0] >= '0' && rest[0] <= '9') {
        const qsizetype sp = rest.indexOf(' ');
        if (sp > 0)
            rest = tail(rest, sp + 1);
    }
    const QByteArrayView keyword = firstWord(rest);
    // The command a tagged completion ends, found by its tag.
    QByteArray verb;
    if (!untagged) {
        const QByteArray tag = line.first(space).toByteArray() + ' ';
        for (qsizetype i = 0; i < m_pending.size(); ++i) {
            if (m_pending[i].startsWith(tag)) {
                verb = m_pending.takeAt(i).mid(tag.size());
                break;
            }
        }
    }
    const bool greeting = untagged && !m_imapGreeted;
    m_imapGreeted = true;
    Explanation status = from(explain::imapStatus(keyword), m_language);
    if (!status.isEmpty()) {
        const QByteArray upperKeyword = keyword.toByteArray().toUpper();
        Explanation completion;
        if (!verb.isEmpty())
            completion = from(explain::imapCompletion(upperKeyword + ' ' + verb), m_language);
        // A response code in brackets says more than OK/NO/BAD alone.
        const qsizetype open = rest.indexOf('[');
        if (open >= 0) {
            QByteArrayView code = tail(rest, open + 1);
            const qsizetype end = code.indexOf(']');
            code = firstWord(end >= 0 ? code.first(end) : code);
            const Explanation detail = from(explain::imapResponseCode(code), m_language);
            if (!detail.isEmpty()) {
                // The code says more than the status: why it failed, or what the server tells in passing.
                if (!completion.isEmpty() && upperKeyword == "OK")
                    return join(completion, detail);
                if (greeting && upperKeyword == "OK")
                    return join(from(explain::imapGreeting(), m_language), detail);
                return {detail.text, status.reference + QStringLiteral(", ") + detail.reference};
            }
        }
        if (greeting && (upperKeyword == "OK" || upperKeyword == "PREAUTH"))
            return upperKeyword == "OK" ? from(explain::imapGreeting(), m_language) : status;
        return completion.isEmpty() ? status : completion;
    }
    if (untagged)
        return from(explain::imapUntagged(keyword), m_language);
    return {};
}

} // namespace mf
