#pragma once

#include "Language.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace mf::explain {

// One row of an explanation table: a command verb, reply code or keyword, what it means, and where the
// rule is written down.
struct Entry {
    const char *key;
    BilingualText text;
    const char *reference;
};

// Finds `key` (case-insensitive) in a table; nullptr when absent.
template <std::size_t N>
const Entry *find(const Entry (&table)[N], QByteArrayView key)
{
    for (const Entry &e : table) {
        if (QByteArrayView(e.key).compare(key, Qt::CaseInsensitive) == 0)
            return &e;
    }
    return nullptr;
}

const Entry *smtpCommand(QByteArrayView verb);
const Entry *smtpReply(QByteArrayView code);
const Entry *smtpExtension(QByteArrayView keyword);
const Entry *smtpReplyClass(QByteArrayView firstDigit); // "2".."5": an unlisted reply by its class (generic)
// A reply in the context of the command it answers: "MAIL 250", "RCPT 250", ". 250" (the end of DATA),
// "STARTTLS 220", "GREETING 220" (no command yet)...
const Entry *smtpReplyTo(QByteArrayView commandAndCode);
// What a mail program does when its own submission server refuses a message for good (a 5xx reply on
// port 587/465): it tells the user at once, with the server's words, and keeps the message.
const Entry *submissionRefused();
const Entry *pop3Command(QByteArrayView verb);
const Entry *pop3ResponseCode(QByteArrayView code); // RFC 2449 codes such as IN-USE, AUTH
const Entry *pop3Capability(QByteArrayView keyword);
// A reply in the context of its command: "+OK USER", "+OK LIST" (a listing follows), "+OK LIST n" (one
// message), "-ERR PASS" (login failed), "-ERR [AUTH] USER"...; and the lines of a multi-line answer:
// "LIST line", "UIDL line", "CAPA line".
const Entry *pop3Reply(QByteArrayView key);
const Entry *imapCommand(QByteArrayView verb);
const Entry *imapUntagged(QByteArrayView keyword);  // EXISTS, FETCH, CAPABILITY...
const Entry *imapStatus(QByteArrayView condition);  // OK NO BAD BYE PREAUTH
const Entry *imapResponseCode(QByteArrayView code); // [UIDVALIDITY] [READ-WRITE]...
// A tagged completion in the context of its command: "OK LOGIN", "NO LOGIN", "OK FETCH"...
const Entry *imapCompletion(QByteArrayView statusAndVerb);
const Entry *imapGreeting(); // the server's first "* OK"

// Message content (MessageExplanations.cpp).
const Entry *headerField(QByteArrayView name);        // From, To, Received, Content-Type... (RFC 5322, RFC 2045)
const Entry *mediaType(QByteArrayView type);          // "multipart/mixed", "text/plain"...: what that value means
const Entry *deliveryStatusField(QByteArrayView name); // Reporting-MTA, Final-Recipient, Status... (RFC 3464)

// An RFC 3463 enhanced status code ("5.1.1"): what it means, and what happens next because of it. A "%1"
// in `meaning` stands for the domain the reply is about (see enhancedStatusText).
struct EnhancedStatus {
    const char *code;
    BilingualText meaning;
    BilingualText next;
    const char *reference;
};
const EnhancedStatus *enhancedStatus(QByteArrayView code);
// The domain of the first mail address in `text` ("<carol@b.example>: ..." -> "b.example"), lower case; empty
// when there is none.
QString mailDomainIn(QByteArrayView text);
// `meaning` with its "%1" replaced by `domain`, or by a phrase such as "the receiving domain" when empty.
QString enhancedStatusMeaning(const EnhancedStatus &status, const QString &domain, Language language);

// Texts shared by all protocols (message content, SASL exchanges, continuations...).
namespace common {
extern const Entry messageContent;
extern const Entry endOfData;
extern const Entry saslResponse;
extern const Entry saslChallenge;
extern const Entry literalData;
extern const Entry unknownCommand;
extern const Entry multilineData;
extern const Entry commandSucceeded;   // POP3 "+OK" to a command without a specific text
extern const Entry commandFailed;      // POP3 "-ERR" without a response code
extern const Entry otherExtension;     // an EHLO keyword not in the table
} // namespace common

// Texts about the lines of a message (header fields, body, MIME structure), MessageExplanations.cpp.
namespace message {
extern const Entry headerEnd;            // the empty line after the message's header (RFC 5322 §2.1)
extern const Entry partHeaderEnd;        // ... after a MIME part's header: the part's content follows
extern const Entry partHeaderEndMessage; // ... the attached message's own header follows (message/rfc822)
extern const Entry partHeaderEndStatus;  // ... the delivery-status fields follow
extern const Entry continuation;         // "%1" = the folded field's name
extern const Entry receivedByContinuation;
extern const Entry receivedForContinuation;
extern const Entry extensionField;       // any X- field not in the table
extern const Entry otherField;           // any other field not in the table (generic fallback)
extern const Entry notAField;            // a line in the header without "name:"
extern const Entry bodyLine;
extern const Entry emptyBodyLine;
extern const Entry dotStuffedBodyLine;
extern const Entry base64Line;
extern const Entry preamble;
extern const Entry epilogue;
extern const Entry boundary;
extern const Entry closingBoundary;
extern const Entry statusBlockSeparator;
extern const Entry statusCode;           // "Status:" in a delivery report; the code's meaning follows
} // namespace message

// Every text the explainer falls back on when it knows nothing specific about a line: an unknown command,
// a generic line of a multi-line answer or of a literal, an unknown header field, a reply known only by the
// class of its code... A bundled lesson should never show one of these (tests check it).
QList<const Entry *> genericFallbacks();
// True when `explanation` (a text, or the transcript's "text (reference)") is one of genericFallbacks() in
// either language.
bool isGenericFallback(const QString &explanation);

} // namespace mf::explain
