#pragma once

#include "Explanation.h"
#include "Language.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace mf {

// Explains the lines of one message as they flow (SMTP DATA after 354, a POP3 RETR/TOP answer, an IMAP
// literal of BODY[] or APPEND): each header field by its name (who wrote it, envelope or header), the empty
// line that ends the header, body lines, MIME boundaries and the part headers after them, and the fields of
// a delivery report (message/delivery-status, RFC 3464). The caller handles the transfer's own framing (the
// final "." of SMTP and POP3, the size of an IMAP literal).
class MessageContentExplainer
{
public:
    // Starts a new message. `headerFirst` false: the data is only a body (IMAP BODY[TEXT], a part).
    // `dotStuffed`: the transfer doubles a leading dot (SMTP DATA, POP3 multi-line answers).
    void begin(bool headerFirst, bool dotStuffed);
    Explanation explain(QByteArrayView line, Language language);

    // At most this many nested multipart boundaries are remembered; deeper ones read as body lines. RFC 2046
    // sets no limit, but real messages rarely nest more than three deep, and the explainer must stay small.
    static constexpr int kMaxBoundaries = 8;

private:
    enum class Section { Header, Body, Preamble, Epilogue, DeliveryStatus };
    enum class HeaderKind { Message, Part };

    Explanation explainHeaderLine(QByteArrayView line, Language language);
    Explanation explainHeaderEnd(Language language);
    Explanation explainStatusLine(QByteArrayView line, Language language);
    Explanation continuation(QByteArrayView line, Language language) const;
    // "--boundary" (1) or "--boundary--" (2) of an enclosing multipart, else 0; pops the boundaries it ends.
    int matchBoundary(QByteArrayView line);
    void startHeader(HeaderKind kind);

    Section m_section = Section::Header;
    HeaderKind m_headerKind = HeaderKind::Message;
    bool m_dotStuffed = false;
    QByteArray m_lastField;   // name of the last header field, for its continuation lines (at most 64 octets)
    QByteArray m_contentType; // this header's Content-Type value, unfolded (at most 512 octets)
    QByteArray m_encoding;    // this header's Content-Transfer-Encoding (at most 32 octets)
    bool m_base64Body = false;
    QList<QByteArray> m_boundaries; // innermost last; at most kMaxBoundaries, each at most 80 octets
    QByteArray m_statusDomain;      // the domain of the delivery report's current recipient (at most 253 octets)
};

} // namespace mf
