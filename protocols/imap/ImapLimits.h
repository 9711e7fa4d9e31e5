#pragma once

#include <QtGlobal>

// Every limit of MailFlow's IMAP server, in one place (docs/LIMITS.md lists them for users). Each is
// answered with IMAP's own error and the session keeps serving unless the comment says otherwise. The
// size limits are the defaults of ImapServerConfig; the nesting limit is fixed (the parser is static).
namespace mf::imap {

// Nesting depth of search keys: each "(", NOT and OR opens one level (RFC 3501 §6.4.4 sets no bound;
// Dovecot stops parenthesised lists at about the same depth). Deeper: tagged BAD. Every walk over the
// key tree (matching, the destructor) is therefore at most this deep.
inline constexpr int kMaxSearchNesting = 64;

// One command line without its literals, CRLF included. Longer: "* BAD", the line is skipped.
inline constexpr qsizetype kMaxLineLength = 64 * 1024;
// One literal, in practice APPEND's message. Larger: NO [TOOBIG] (RFC 4469/7889); a synchronising
// literal is refused before the client sends it, a LITERAL+ one is read and thrown away (RFC 7888 §4).
inline constexpr qsizetype kMaxLiteral = 32 * 1024 * 1024;
// A whole command, its lines and literals together, APPEND's message literal not counted. Larger:
// BAD [TOOBIG] (RFC 7888 §4, RFC 5530 §3). Without it, `{0+}` literals could grow one command forever.
inline constexpr qsizetype kMaxCommandSize = 256 * 1024;

// Mailboxes of one account (CREATE, RENAME): over any of these, NO [LIMIT] (RFC 5530 §3), and nothing is
// created. The name length counts the UTF-8 octets of the decoded name; depth counts its "/" levels.
inline constexpr qsizetype kMaxMailboxNameLength = 1024;
inline constexpr int kMaxMailboxDepth = 32;
inline constexpr int kMaxMailboxesPerAccount = 1000;

} // namespace mf::imap
