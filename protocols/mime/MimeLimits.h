#pragma once

// The limits of MailFlow's MIME parser (docs/LIMITS.md lists them for users).
namespace mf::mime {

// Nesting depth of MIME entities: multipart parts and message/rfc822 bodies, each one level. The parser,
// BODYSTRUCTURE and the part tree recurse once per level; a multipart or message/rfc822 entity at this
// depth is not opened but kept as one opaque application/octet-stream body, as Dovecot does with its
// default limit of 100 nested parts. A message delivered from anywhere can be this deep, so no input can
// make those walks overflow the stack.
inline constexpr int kMaxNesting = 100;

} // namespace mf::mime
