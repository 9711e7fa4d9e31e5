#pragma once

#include "Language.h"

#include <QByteArrayView>

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
const Entry *pop3Command(QByteArrayView verb);
const Entry *pop3ResponseCode(QByteArrayView code); // RFC 2449 codes such as IN-USE, AUTH
const Entry *pop3Capability(QByteArrayView keyword);
const Entry *imapCommand(QByteArrayView verb);
const Entry *imapUntagged(QByteArrayView keyword);  // EXISTS, FETCH, CAPABILITY...
const Entry *imapStatus(QByteArrayView condition);  // OK NO BAD BYE PREAUTH
const Entry *imapResponseCode(QByteArrayView code); // [UIDVALIDITY] [READ-WRITE]...

// Texts shared by all protocols (message content, SASL exchanges, continuations...).
namespace common {
extern const Entry messageContent;
extern const Entry endOfData;
extern const Entry saslResponse;
extern const Entry saslChallenge;
extern const Entry literalData;
extern const Entry unknownCommand;
extern const Entry multilineData;
} // namespace common

} // namespace mf::explain
