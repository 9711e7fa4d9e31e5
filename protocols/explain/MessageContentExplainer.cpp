#include "MessageContentExplainer.h"

#include "ExplanationTables.h"

namespace mf {

namespace {

constexpr qsizetype kMaxFieldName = 64;
constexpr qsizetype kMaxContentType = 512;
constexpr qsizetype kMaxEncoding = 32;
constexpr qsizetype kMaxBoundary = 80; // RFC 2046 §5.1.1 allows 70
constexpr qsizetype kMaxDomain = 253;

Explanation from(const explain::Entry &entry, Language language)
{
    return {entry.text.in(language), QString::fromUtf8(entry.reference)};
}

Explanation join(const Explanation &a, const Explanation &b)
{
    return {a.text + QLatin1Char(' ') + b.text, a.reference + QStringLiteral(", ") + b.reference};
}

void appendBounded(QByteArray &to, QByteArrayView bytes, qsizetype max)
{
    to.append(bytes.first(qMin(bytes.size(), qMax<qsizetype>(0, max - to.size()))));
}

// "multipart/mixed; boundary=..." -> "multipart/mixed"
QByteArray mediaTypeOf(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toByteArray().toLower();
}

QByteArray boundaryOf(QByteArrayView contentType)
{
    const QByteArray lower = contentType.toByteArray().toLower();
    const qsizetype at = lower.indexOf("boundary=");
    if (at < 0)
        return {};
    QByteArrayView value = contentType.sliced(at + 9);
    if (value.startsWith('"')) {
        value = value.sliced(1);
        const qsizetype close = value.indexOf('"');
        if (close >= 0)
            value = value.first(close);
    } else {
        qsizetype end = 0;
        while (end < value.size() && value[end] != ';' && value[end] != ' ' && value[end] != '\t')
            ++end;
        value = value.first(end);
    }
    return value.size() <= kMaxBoundary ? value.toByteArray() : QByteArray();
}

// The field name of "Name: value", or empty when the line is not a field (RFC 5322 §2.2: printable US-ASCII
// except ":").
QByteArrayView fieldName(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return {};
    const QByteArrayView name = line.first(colon);
    for (char c : name) {
        if (c < 33 || c > 126)
            return {};
    }
    return name;
}

QByteArrayView fieldValue(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    return colon < 0 ? QByteArrayView() : line.sliced(colon + 1).trimmed();
}

bool startsWithWhitespace(QByteArrayView line)
{
    return !line.isEmpty() && (line[0] == ' ' || line[0] == '\t');
}

} // namespace

void MessageContentExplainer::begin(bool headerFirst, bool dotStuffed)
{
    m_dotStuffed = dotStuffed;
    m_boundaries.clear();
    m_statusDomain.clear();
    startHeader(HeaderKind::Message);
    if (!headerFirst)
        m_section = Section::Body;
}

void MessageContentExplainer::startHeader(HeaderKind kind)
{
    m_section = Section::Header;
    m_headerKind = kind;
    m_lastField.clear();
    m_contentType.clear();
    m_encoding.clear();
    m_base64Body = false;
}

Explanation MessageContentExplainer::explain(QByteArrayView line, Language language)
{
    // SMTP and POP3 double a leading dot (RFC 5321 §4.5.2, RFC 1939 §3): look at the line as it was written.
    const bool stuffed = m_dotStuffed && line.startsWith("..");
    if (m_dotStuffed && line.startsWith('.'))
        line = line.sliced(1);

    if (m_section == Section::Header)
        return explainHeaderLine(line, language);

    if (const int b = matchBoundary(line)) {
        if (b == 1) {
            startHeader(HeaderKind::Part);
            return from(explain::message::boundary, language);
        }
        m_section = Section::Epilogue;
        return from(explain::message::closingBoundary, language);
    }
    switch (m_section) {
    case Section::Header: break;
    case Section::DeliveryStatus: return explainStatusLine(line, language);
    case Section::Preamble: return from(explain::message::preamble, language);
    case Section::Epilogue: return from(explain::message::epilogue, language);
    case Section::Body: break;
    }
    if (stuffed)
        return from(explain::message::dotStuffedBodyLine, language);
    if (line.isEmpty())
        return from(explain::message::emptyBodyLine, language);
    if (m_base64Body)
        return from(explain::message::base64Line, language);
    return from(explain::message::bodyLine, language);
}

int MessageContentExplainer::matchBoundary(QByteArrayView line)
{
    if (m_boundaries.isEmpty() || !line.startsWith("--"))
        return 0;
    QByteArrayView rest = line.sliced(2);
    while (rest.endsWith(' ') || rest.endsWith('\t')) // RFC 2046 §5.1.1: trailing white space is allowed
        rest.chop(1);
    for (qsizetype i = m_boundaries.size() - 1; i >= 0; --i) {
        const QByteArray &b = m_boundaries[i];
        const bool open = rest == b;
        const bool close = !open && rest.size() == b.size() + 2 && rest.startsWith(b) && rest.endsWith("--");
        if (!open && !close)
            continue;
        // A boundary of an outer multipart also ends every part nested inside it.
        m_boundaries.resize(close ? i : i + 1);
        return open ? 1 : 2;
    }
    return 0;
}

Explanation MessageContentExplainer::explainHeaderLine(QByteArrayView line, Language language)
{
    if (line.isEmpty())
        return explainHeaderEnd(language);
    if (startsWithWhitespace(line)) {
        if (m_lastField.compare("Content-Type", Qt::CaseInsensitive) == 0)
            appendBounded(m_contentType, line, kMaxContentType);
        return continuation(line, language);
    }
    const QByteArrayView name = fieldName(line);
    if (name.isEmpty()) {
        m_lastField.clear();
        return from(explain::message::notAField, language);
    }
    m_lastField = name.first(qMin(name.size(), kMaxFieldName)).toByteArray();
    const QByteArrayView value = fieldValue(line);
    if (name.compare("Content-Transfer-Encoding", Qt::CaseInsensitive) == 0)
        m_encoding = value.first(qMin(value.size(), kMaxEncoding)).toByteArray().toLower();
    if (const explain::Entry *e = explain::headerField(name)) {
        Explanation out = from(*e, language);
        if (name.compare("Content-Type", Qt::CaseInsensitive) == 0) {
            m_contentType.clear();
            appendBounded(m_contentType, value, kMaxContentType);
            if (const explain::Entry *type = explain::mediaType(mediaTypeOf(value)))
                out = join(out, from(*type, language));
        }
        return out;
    }
    if (name.startsWith("X-") || name.startsWith("x-"))
        return from(explain::message::extensionField, language);
    return from(explain::message::otherField, language);
}

Explanation MessageContentExplainer::continuation(QByteArrayView line, Language language) const
{
    if (m_lastField.compare("Received", Qt::CaseInsensitive) == 0) {
        // "Received: from ... (...)" / "\tby HOST with PROTOCOL id ID" / "\tfor <rcpt>; date" (RFC 5321 §4.4)
        const QByteArrayView rest = line.trimmed();
        if (rest.startsWith("by "))
            return from(explain::message::receivedByContinuation, language);
        if (rest.startsWith("for "))
            return from(explain::message::receivedForContinuation, language);
    }
    Explanation e = from(explain::message::continuation, language);
    e.text.replace(QLatin1String("%1"), QString::fromLatin1(m_lastField) + QLatin1Char(':'));
    return e;
}

Explanation MessageContentExplainer::explainHeaderEnd(Language language)
{
    const QByteArray type = mediaTypeOf(m_contentType);
    const HeaderKind kind = m_headerKind;
    const bool base64 = m_encoding == "base64";
    const explain::Entry *text = kind == HeaderKind::Message ? &explain::message::headerEnd : &explain::message::partHeaderEnd;
    if (type.startsWith("multipart/")) {
        const QByteArray b = boundaryOf(m_contentType);
        startHeader(kind);
        if (!b.isEmpty() && m_boundaries.size() < kMaxBoundaries) {
            m_boundaries.append(b);
            m_section = Section::Preamble;
        } else {
            m_section = Section::Body;
        }
    } else if (type == "message/rfc822" || type == "message/global" || type == "text/rfc822-headers") {
        // The enclosed message (or header) starts with its own header section.
        startHeader(HeaderKind::Message);
        if (kind == HeaderKind::Part)
            text = &explain::message::partHeaderEndMessage;
    } else if (type == "message/delivery-status" || type == "message/global-delivery-status") {
        startHeader(kind);
        m_section = Section::DeliveryStatus;
        if (kind == HeaderKind::Part)
            text = &explain::message::partHeaderEndStatus;
    } else {
        startHeader(kind);
        m_section = Section::Body;
        m_base64Body = base64;
    }
    return from(*text, language);
}

Explanation MessageContentExplainer::explainStatusLine(QByteArrayView line, Language language)
{
    if (line.isEmpty())
        return from(explain::message::statusBlockSeparator, language);
    if (startsWithWhitespace(line))
        return continuation(line, language);
    const QByteArrayView name = fieldName(line);
    if (name.isEmpty())
        return from(explain::message::notAField, language);
    m_lastField = name.first(qMin(name.size(), kMaxFieldName)).toByteArray();
    const QByteArrayView value = fieldValue(line);
    if (name.compare("Final-Recipient", Qt::CaseInsensitive) == 0 || name.compare("Original-Recipient", Qt::CaseInsensitive) == 0) {
        const QString domain = explain::mailDomainIn(value);
        if (!domain.isEmpty())
            m_statusDomain = domain.toLatin1().first(qMin<qsizetype>(domain.size(), kMaxDomain));
    }
    if (name.compare("Status", Qt::CaseInsensitive) == 0) {
        Explanation e = from(explain::message::statusCode, language);
        const QByteArrayView code = value.first(qMin<qsizetype>(value.indexOf(' ') < 0 ? value.size() : value.indexOf(' '), 16));
        if (const explain::EnhancedStatus *s = explain::enhancedStatus(code)) {
            e.text += QStringLiteral(" %1: %2").arg(QString::fromLatin1(code),
                                                    explain::enhancedStatusMeaning(*s, QString::fromLatin1(m_statusDomain), language));
            e.reference += QStringLiteral(", ") + QString::fromUtf8(s->reference);
        }
        return e;
    }
    if (const explain::Entry *e = explain::deliveryStatusField(name))
        return from(*e, language);
    if (name.startsWith("X-") || name.startsWith("x-"))
        return from(explain::message::extensionField, language);
    return from(explain::message::otherField, language);
}

} // namespace mf
