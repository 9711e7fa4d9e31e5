#pragma once

#include <QByteArray>
#include <QByteArrayList>

namespace mf::smtp {

// One SMTP reply (RFC 5321 §4.2): a three-digit code, an optional enhanced status code (RFC 2034/3463,
// "x.y.z", empty for the greeting, EHLO/HELO, 334 and 354 replies) and one or more text lines.
struct SmtpReply {
    int code = 250;
    QByteArray enhanced;
    QByteArrayList lines;

    SmtpReply() = default;
    SmtpReply(int c, QByteArray enh, QByteArray text) : code(c), enhanced(std::move(enh)), lines{std::move(text)} {}
    SmtpReply(int c, QByteArray enh, QByteArrayList text) : code(c), enhanced(std::move(enh)), lines(std::move(text)) {}

    // The reply as wire lines without CRLF: "250-first", ..., "250 last" (§4.2.1). The enhanced code, when
    // present, prefixes the text of every line (RFC 2034 §3).
    QByteArrayList toLines() const;
    bool isPositive() const { return code >= 200 && code < 400; }
};

} // namespace mf::smtp
