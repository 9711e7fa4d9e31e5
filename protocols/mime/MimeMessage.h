#pragma once

#include "MimeSection.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDate>
#include <QList>
#include <memory>
#include <optional>

namespace mf {

// A parsed RFC 5322/MIME message as IMAP sees it. The bytes are parsed once at construction. The MIME
// structure (header blocks, multipart boundaries, message/rfc822 bodies) is located by byte offset into
// the original, because section fetches (RFC 3501 §6.4.5) must return the exact original octets, which
// GMime's object tree does not expose for multiparts; header values (Content-Type and
// Content-Disposition parameters with RFC 2231, encoded words, dates) are parsed by GMime.
// Output formats follow RFC 3501 §7.4.2 and match Dovecot's for the same messages.
class MimeMessage
{
public:
    explicit MimeMessage(QByteArray raw);
    ~MimeMessage();
    MimeMessage(const MimeMessage &) = delete;
    MimeMessage &operator=(const MimeMessage &) = delete;

    const QByteArray &raw() const { return m_raw; }

    // ENVELOPE: (date subject from sender reply-to to cc bcc in-reply-to message-id), raw values.
    QByteArray envelope() const;
    // BODYSTRUCTURE (with extension data) and BODY (without).
    QByteArray bodyStructure() const;
    QByteArray body() const;
    // The exact bytes of a section; empty when the part does not exist (as Dovecot answers).
    QByteArray section(const MimeSection &section) const;

    // For SEARCH: the unfolded values of every top-level header field with this name, raw or with
    // encoded words decoded to UTF-8.
    QList<QByteArray> headerValues(QByteArrayView name) const;
    QList<QByteArray> decodedHeaderValues(QByteArrayView name) const;
    // The whole top-level header block (with its blank line) and the body after it.
    QByteArrayView headerBytes() const;
    QByteArrayView bodyBytes() const;
    // The body as text for SEARCH BODY/TEXT (RFC 3501 §6.4.4 searches the text, not the transfer
    // encoding): every text part with its quoted-printable or base64 decoded and its charset converted to
    // UTF-8 (by GMime), parts separated by a line break; the raw body when it is already plain text.
    QByteArray bodyText() const;
    // The Date: header's calendar date in its own time zone (SENTBEFORE/SENTON/SENTSINCE, §6.4.4).
    std::optional<QDate> sentDate() const;

    // The MIME structure for display (the GUI's MIME tree): the whole message at the root, its parts
    // below with their IMAP part numbers (RFC 3501 §6.4.5); an attached message/rfc822 has the message it
    // carries as its one child.
    struct Part {
        QByteArray section;     // "" for the whole message, else "1", "2.1"...
        QByteArray contentType; // "text/plain", lower case
        QByteArray charset, encoding, disposition, fileName;
        qsizetype bodySize = 0; // octets of the part's body as transmitted (still encoded)
        QList<Part> children;
    };
    Part partTree() const;

    // Initialises GMime once per process (safe to call from any thread).
    static void initGMime();
    // Encoded words (RFC 2047) and 8-bit text of a header value decoded to UTF-8, as decodedHeaderValues
    // decodes each value.
    static QByteArray decodeHeaderText(const QByteArray &value);

    struct Entity;

private:
    const Entity &structured() const;

    QByteArray m_raw;
    std::unique_ptr<Entity> m_root;
    mutable bool m_structured = false;
};

} // namespace mf
