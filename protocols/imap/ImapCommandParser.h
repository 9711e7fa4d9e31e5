#pragma once

#include "ImapCommand.h"

#include <QByteArray>
#include <QByteArrayView>

namespace mf {

// Parses one complete client command as framed by ImapCommandAssembler (literals inline as
// `{n}\r\n<n octets>`, no final CRLF) into an ImapCommand (RFC 3501 §6 and §9 grammar, plus ID, IDLE,
// NAMESPACE, UNSELECT, MOVE, UID EXPUNGE and LITERAL+). On a syntax error `error` says what is wrong and
// the server answers `tag BAD <error>` (or `* BAD` when even the tag is unusable).
struct ImapParseResult {
    bool ok = false;
    ImapCommand command;
    QByteArray tag;   // empty when the tag itself was invalid
    QByteArray error; // non-empty when !ok
};

class ImapCommandParser
{
public:
    static ImapParseResult parse(QByteArrayView command);
    // tag = 1*<ASTRING-CHAR except "+"> (§9). Replies echo only a valid tag (never a CR or LF).
    static bool isValidTag(QByteArrayView tag);
    // RFC 3501 date-time "dd-Mon-yyyy hh:mm:ss +zzzz" (used by APPEND, and INTERNALDATE output).
    static std::optional<QDateTime> parseDateTime(QByteArrayView text);
    static QByteArray formatDateTime(const QDateTime &dateTime);
};

} // namespace mf
