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

QByteArrayView firstWord(QByteArrayView line)
{
    const qsizetype space = line.indexOf(' ');
    return space < 0 ? line : line.first(space);
}

// The announced size of a literal at the end of an IMAP line ("{123}" or "{123+}"), or -1.
qint64 literalSize(QByteArrayView line)
{
    if (!line.endsWith('}'))
        return -1;
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0)
        return -1;
    QByteArrayView digits = line.sliced(open + 1, line.size() - open - 2);
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

ConversationExplainer::ConversationExplainer(Protocol protocol, Language language)
    : m_protocol(protocol), m_language(language)
{
}

Explanation ConversationExplainer::explain(Direction dir, QByteArrayView line)
{
    switch (m_protocol) {
    case Protocol::Smtp: return explainSmtp(dir, line);
    case Protocol::Pop3: return explainPop3(dir, line);
    case Protocol::Imap: return explainImap(dir, line);
    case Protocol::Other: break;
    }
    return {};
}

Explanation ConversationExplainer::explainSmtp(Direction dir, QByteArrayView line)
{
    if (dir == Direction::Client) {
        if (m_smtpInContent) {
            if (line == ".") {
                m_smtpInContent = false;
                return from(explain::common::endOfData, m_language);
            }
            return from(explain::common::messageContent, m_language);
        }
        if (m_expectSaslResponse) {
            m_expectSaslResponse = false;
            return from(explain::common::saslResponse, m_language);
        }
        const QByteArrayView verb = firstWord(line);
        if (verb.compare("DATA", Qt::CaseInsensitive) == 0)
            ++m_smtpDataCommandsPending;
        if (verb.compare("EHLO", Qt::CaseInsensitive) == 0)
            m_smtpInEhloReply = true;
        if (const auto *e = explain::smtpCommand(verb))
            return from(e, m_language);
        return from(explain::common::unknownCommand, m_language);
    }

    // Server reply: "250-text" (more lines follow) or "250 text" (last line).
    const QByteArrayView code = line.first(qMin<qsizetype>(3, line.size()));
    const bool lastLine = line.size() <= 3 || line[3] == ' ';
    if (m_smtpInEhloReply && code == "250") {
        const QByteArrayView keyword = firstWord(line.sliced(qMin<qsizetype>(4, line.size())));
        if (const auto *e = explain::smtpExtension(keyword)) {
            if (lastLine)
                m_smtpInEhloReply = false;
            return from(e, m_language);
        }
        if (lastLine)
            m_smtpInEhloReply = false;
    } else if (lastLine) {
        m_smtpInEhloReply = false;
    }
    if (code == "354" && m_smtpDataCommandsPending > 0) {
        --m_smtpDataCommandsPending;
        m_smtpInContent = true;
    }
    if (code == "334") {
        m_expectSaslResponse = true;
        return from(explain::common::saslChallenge, m_language);
    }
    Explanation e = from(explain::smtpReply(code), m_language);
    if (e.isEmpty() && !code.isEmpty()) {
        // Unlisted code: explain by its class (RFC 5321 §4.2.1).
        static const explain::Entry classes[] = {
            {"2", {"Success.", "Berhasil."}, "RFC 5321 §4.2.1"},
            {"3", {"Go on: the server waits for more input.", "Lanjutkan: server menunggu masukan berikutnya."},
             "RFC 5321 §4.2.1"},
            {"4", {"Temporary failure: try again later.", "Gagal sementara: coba lagi nanti."}, "RFC 5321 §4.2.1"},
            {"5", {"Permanent failure: do not retry as is.", "Gagal permanen: jangan diulang begitu saja."},
             "RFC 5321 §4.2.1"},
        };
        e = from(explain::find(classes, code.first(1)), m_language);
    }
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
        m_pop3Pending.append(line.toByteArray().toUpper());
        if (const auto *e = explain::pop3Command(verb))
            return from(e, m_language);
        return from(explain::common::unknownCommand, m_language);
    }

    if (m_pop3InMultiline) {
        if (line == ".") {
            m_pop3InMultiline = false;
            return {BilingualText{"A line with only a dot: the end of this multi-line answer.",
                                  "Baris yang hanya berisi titik: akhir jawaban banyak baris ini."}.in(m_language),
                    QStringLiteral("RFC 1939 §3")};
        }
        // CAPA lines name capabilities; other multi-line answers are listings or message lines.
        if (const auto *e = explain::pop3Capability(firstWord(line)))
            return from(e, m_language);
        return from(explain::common::multilineData, m_language);
    }
    if (line.startsWith("+ ") || line == "+") {
        m_expectSaslResponse = true;
        return from(explain::common::saslChallenge, m_language);
    }
    const QByteArray command = m_pop3Pending.isEmpty() ? QByteArray() : m_pop3Pending.takeFirst();
    const bool ok = line.startsWith("+OK");
    if (ok) {
        const QByteArray verb = firstWord(command).toByteArray();
        const bool hasArgument = command.contains(' ');
        m_pop3InMultiline = verb == "CAPA" || verb == "RETR" || verb == "TOP"
                            || ((verb == "LIST" || verb == "UIDL") && !hasArgument);
        if (command.isEmpty()) {
            return {BilingualText{"The server greets: it is ready and waiting for a login.",
                                  "Server menyapa: siap dan menunggu login."}.in(m_language),
                    QStringLiteral("RFC 1939 §4")};
        }
        if (verb == "QUIT") {
            return {BilingualText{"Goodbye: messages marked with DELE are now deleted from the server.",
                                  "Sampai jumpa: pesan yang ditandai DELE kini dihapus dari server."}.in(m_language),
                    QStringLiteral("RFC 1939 §6")};
        }
        if (verb == "RETR") {
            return {BilingualText{"OK: the message follows (its size in octets), ending with a line with only a dot.",
                                  "OK: isi pesan menyusul (ukurannya dalam oktet), diakhiri baris yang hanya berisi titik."}.in(m_language),
                    QStringLiteral("RFC 1939 §5")};
        }
        return {BilingualText{"OK: the command succeeded.", "OK: perintah berhasil."}.in(m_language),
                QStringLiteral("RFC 1939 §3")};
    }
    if (line.startsWith("-ERR")) {
        static const QRegularExpression codeRe(QStringLiteral("^-ERR \\[([A-Z/-]+)\\]"));
        const auto match = codeRe.match(QString::fromLatin1(line.toByteArray()));
        if (match.hasMatch()) {
            if (const auto *e = explain::pop3ResponseCode(match.captured(1).toLatin1()))
                return from(e, m_language);
        }
        return {BilingualText{"Error: the command failed; the session goes on.",
                              "Galat: perintah gagal; sesi tetap berjalan."}.in(m_language),
                QStringLiteral("RFC 1939 §3")};
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
        return from(explain::common::literalData, m_language);
    }
    if (const qint64 n = literalSize(line); n > 0) {
        m_imapLiteralRemaining = n;
        m_imapLiteralDir = dir;
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
        QByteArrayView verb = firstWord(line.sliced(space + 1));
        if (verb.compare("UID", Qt::CaseInsensitive) == 0) {
            const QByteArrayView rest = line.sliced(space + 1 + 4);
            const Explanation inner = from(explain::imapCommand(firstWord(rest)), m_language);
            const Explanation uid = from(explain::imapCommand("UID"), m_language);
            if (!inner.isEmpty())
                return {inner.text + QLatin1Char(' ') + uid.text, inner.reference + QStringLiteral(", ") + uid.reference};
            return uid;
        }
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
    QByteArrayView rest = line.sliced(space + 1);
    const bool untagged = line.startsWith("* ");
    // "* 3 EXISTS", "* 1 FETCH (...)": a number, then the keyword.
    if (untagged && !rest.isEmpty() && rest[0] >= '0' && rest[0] <= '9') {
        const qsizetype sp = rest.indexOf(' ');
        if (sp > 0)
            rest = rest.sliced(sp + 1);
    }
    const QByteArrayView keyword = firstWord(rest);
    Explanation status = from(explain::imapStatus(keyword), m_language);
    if (!status.isEmpty()) {
        // A response code in brackets says more than OK/NO/BAD alone.
        const qsizetype open = rest.indexOf('[');
        if (open >= 0) {
            QByteArrayView code = rest.sliced(open + 1);
            const qsizetype end = code.indexOf(']');
            code = firstWord(end >= 0 ? code.first(end) : code);
            const Explanation detail = from(explain::imapResponseCode(code), m_language);
            if (!detail.isEmpty())
                return {status.text + QLatin1Char(' ') + detail.text, status.reference + QStringLiteral(", ") + detail.reference};
        }
        return status;
    }
    if (untagged)
        return from(explain::imapUntagged(keyword), m_language);
    return {};
}

} // namespace mf
