#pragma once

#include "ProtocolSession.h"

#include <QByteArray>
#include <QString>
#include <functional>

namespace mf {

// Runs a `C:`/`S:` conversation against a sans-I/O session, as the unit tests and saved transcripts do.
//
//   S: 220 mx.a.example ESMTP      a line the session must send (server script) or receive (client)
//   C: EHLO client.example         a line fed to a server session (or expected from a client session)
//   R: DATA\r\nbare\n.\r\n        raw bytes fed with C-style escapes (\r \n \t \\ \xHH), no CRLF added
//   ! commit 17                    a directive handed to the caller's callback (e.g. finish an async step)
//   ! close                        the session must have asked to close the connection
//   # comment, and blank lines, are ignored
//
// Consecutive input lines are fed as one block (all at once, or one byte at a time); the output produced
// by the block must equal the expected lines that follow it, exactly and in order.
class ConversationScript
{
public:
    enum class Feed { Whole, ByteByByte };
    using Directive = std::function<void(const QByteArray &directive)>;

    // Returns an empty string when the conversation matched, else what differed and at which line.
    static QString run(ProtocolSession &session, const QByteArray &script, Feed feed,
                       const Directive &onDirective = {});
    static QByteArray unescape(QByteArrayView escaped);
};

} // namespace mf
