// GLib headers use `signals` as an identifier, which Qt defines as a macro: include GMime first.
#include <gmime/gmime.h>

#include "MimeMessage.h"

#include "ImapString.h"
#include "MimeAddress.h"
#include "MimeLimits.h"

#include <mutex>
#include <utility>
#include <vector>

namespace mf {

namespace {

struct HeaderField {
    QByteArray name;
    QByteArray rawValue; // everything after the colon, continuation lines included, without final CRLF
    qsizetype start = 0; // offset of the field name
    qsizetype valueStart = 0; // offset just after the colon
    qsizetype end = 0;   // offset just after the field's last line ending
};

struct Param {
    QByteArray name;
    QByteArray value;
};

bool startsLine(const QByteArray &raw, qsizetype pos, qsizetype begin)
{
    return pos == begin || raw[pos - 1] == '\n';
}

// Offset just after the line ending that ends the line containing `pos` (or `end`).
qsizetype lineEndAfter(const QByteArray &raw, qsizetype pos, qsizetype end)
{
    const qsizetype nl = raw.indexOf('\n', pos);
    return (nl < 0 || nl >= end) ? end : nl + 1;
}

QByteArray unfold(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    for (char c : value) {
        if (c != '\r' && c != '\n')
            out.append(c);
    }
    return out;
}

QByteArray trimmedValue(QByteArrayView raw)
{
    return unfold(raw).trimmed();
}

// Dovecot returns a header value that was folded as a literal with its line breaks removed, and other
// values as quoted strings; both are valid RFC 3501 strings. Doing the same keeps our test rows identical.
QByteArray envelopeString(const std::optional<QByteArray> &raw)
{
    if (!raw)
        return "NIL";
    QByteArrayView v = *raw;
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    const bool folded = v.contains('\n') || v.contains('\r');
    const QByteArray value = unfold(v);
    return folded ? imap::literal(value) : imap::string(value);
}

struct GObjectDeleter {
    void operator()(gpointer p) const { if (p) g_object_unref(p); }
};

QList<Param> gmimeParams(GMimeParamList *list)
{
    QList<Param> out;
    if (!list)
        return out;
    const int n = g_mime_param_list_length(list);
    for (int i = 0; i < n; ++i) {
        GMimeParam *p = g_mime_param_list_get_parameter_at(list, i);
        out.append(Param{QByteArray(g_mime_param_get_name(p)), QByteArray(g_mime_param_get_value(p))});
    }
    return out;
}

QByteArray imapParams(const QList<Param> &params)
{
    if (params.isEmpty())
        return "NIL";
    QByteArray out = "(";
    for (qsizetype i = 0; i < params.size(); ++i) {
        if (i)
            out += ' ';
        out += imap::string(params[i].name) + ' ' + imap::string(params[i].value);
    }
    return out + ')';
}

} // namespace

struct MimeMessage::Entity {
    qsizetype start = 0;
    qsizetype headerEnd = 0; // first body octet (after the blank line)
    qsizetype end = 0;
    std::vector<HeaderField> headers;

    QByteArray type = "text";
    QByteArray subtype = "plain";
    QList<Param> params;
    QByteArray id, description, encoding, md5, location;
    QByteArray disposition;
    QList<Param> dispositionParams;
    QList<QByteArray> languages;

    std::vector<std::unique_ptr<Entity>> children; // multipart parts
    std::unique_ptr<Entity> message;               // message/rfc822 body
    qsizetype closeLineEnd = -1;                   // multipart: just after its close delimiter line

    bool isMultipart() const { return !children.empty() || type.compare("multipart", Qt::CaseInsensitive) == 0; }
    bool isMessage() const
    {
        return type.compare("message", Qt::CaseInsensitive) == 0 && subtype.compare("rfc822", Qt::CaseInsensitive) == 0;
    }
    bool isText() const { return type.compare("text", Qt::CaseInsensitive) == 0; }

    const HeaderField *field(QByteArrayView name) const
    {
        for (const HeaderField &h : headers) {
            if (QByteArrayView(h.name).compare(name, Qt::CaseInsensitive) == 0)
                return &h;
        }
        return nullptr;
    }
    std::optional<QByteArray> rawValue(QByteArrayView name) const
    {
        const HeaderField *h = field(name);
        return h ? std::optional<QByteArray>(h->rawValue) : std::nullopt;
    }
};

namespace {

using Entity = MimeMessage::Entity;

void parseHeaders(const QByteArray &raw, Entity &e)
{
    qsizetype pos = e.start;
    while (pos < e.end) {
        const qsizetype next = lineEndAfter(raw, pos, e.end);
        QByteArrayView line(raw.constData() + pos, next - pos);
        QByteArrayView content = line;
        if (content.endsWith('\n'))
            content.chop(1);
        if (content.endsWith('\r'))
            content.chop(1);
        if (content.isEmpty() && next > pos && raw[next - 1] == '\n') {
            e.headerEnd = next; // the blank line belongs to the header block
            return;
        }
        if ((content.startsWith(' ') || content.startsWith('\t')) && !e.headers.empty()) {
            HeaderField &h = e.headers.back();
            h.rawValue = QByteArray(raw.constData() + h.valueStart, next - h.valueStart);
            h.end = next;
        } else {
            const qsizetype colon = content.indexOf(':');
            if (colon > 0) {
                HeaderField h;
                h.name = content.first(colon).trimmed().toByteArray();
                h.start = pos;
                h.valueStart = pos + colon + 1;
                h.end = next;
                h.rawValue = QByteArray(raw.constData() + pos + colon + 1, next - (pos + colon + 1));
                e.headers.push_back(std::move(h));
            }
        }
        pos = next;
    }
    e.headerEnd = e.end; // no blank line: all header, empty body
}

void parseContentHeaders(Entity &e, bool digestChild)
{
    if (digestChild) {
        e.type = "message";
        e.subtype = "rfc822";
    }
    if (const auto ct = e.rawValue("Content-Type")) {
        std::unique_ptr<GMimeContentType, GObjectDeleter> type(
            g_mime_content_type_parse(nullptr, trimmedValue(*ct).constData()));
        if (type) {
            const char *t = g_mime_content_type_get_media_type(type.get());
            const char *s = g_mime_content_type_get_media_subtype(type.get());
            if (t && s && *t && *s) {
                e.type = t;
                e.subtype = s;
            }
            e.params = gmimeParams(g_mime_content_type_get_parameters(type.get()));
        }
    }
    if (e.isText()) {
        bool hasCharset = false;
        for (const Param &p : std::as_const(e.params))
            hasCharset = hasCharset || p.name.compare("charset", Qt::CaseInsensitive) == 0;
        if (!hasCharset)
            e.params.append(Param{"charset", "us-ascii"});
    }
    if (const auto v = e.rawValue("Content-ID"))
        e.id = trimmedValue(*v);
    if (const auto v = e.rawValue("Content-Description"))
        e.description = trimmedValue(*v);
    if (const auto v = e.rawValue("Content-Transfer-Encoding"))
        e.encoding = trimmedValue(*v);
    if (const auto v = e.rawValue("Content-MD5"))
        e.md5 = trimmedValue(*v);
    if (const auto v = e.rawValue("Content-Location"))
        e.location = trimmedValue(*v);
    if (const auto v = e.rawValue("Content-Language")) {
        for (const QByteArray &lang : trimmedValue(*v).split(',')) {
            if (!lang.trimmed().isEmpty())
                e.languages.append(lang.trimmed());
        }
    }
    if (const auto v = e.rawValue("Content-Disposition")) {
        std::unique_ptr<GMimeContentDisposition, GObjectDeleter> disp(
            g_mime_content_disposition_parse(nullptr, trimmedValue(*v).constData()));
        if (disp && g_mime_content_disposition_get_disposition(disp.get())) {
            e.disposition = g_mime_content_disposition_get_disposition(disp.get());
            e.dispositionParams = gmimeParams(g_mime_content_disposition_get_parameters(disp.get()));
        }
    }
}

std::unique_ptr<Entity> parseEntity(const QByteArray &raw, qsizetype start, qsizetype end, bool digestChild, int depth);

bool endsWithCloseDelimiter(const Entity &e)
{
    if (e.message)
        return endsWithCloseDelimiter(*e.message);
    return e.closeLineEnd == e.end && !e.children.empty();
}

void trimEnd(Entity &e, qsizetype end)
{
    if (e.end <= end)
        return;
    e.end = end;
    e.headerEnd = std::min(e.headerEnd, end);
    if (e.message)
        trimEnd(*e.message, end);
    if (!e.children.empty())
        trimEnd(*e.children.back(), end);
}

// RFC 2046 §5.1.1: a delimiter is "--boundary" at the start of a line, optionally followed by "--" (the
// close delimiter) and white space; the line break before it belongs to the delimiter.
void splitMultipart(const QByteArray &raw, Entity &e, int depth)
{
    QByteArray boundary;
    for (const Param &p : std::as_const(e.params)) {
        if (p.name.compare("boundary", Qt::CaseInsensitive) == 0)
            boundary = "--" + p.value;
    }
    if (boundary.size() <= 2)
        return;
    const bool digest = e.subtype.compare("digest", Qt::CaseInsensitive) == 0;
    qsizetype partStart = -1;
    qsizetype pos = e.headerEnd;
    while (pos < e.end) {
        const qsizetype found = raw.indexOf(boundary, pos);
        if (found < 0 || found >= e.end)
            break;
        const qsizetype afterName = found + boundary.size();
        if (!startsLine(raw, found, e.headerEnd) || afterName > e.end) {
            pos = found + 1;
            continue;
        }
        qsizetype q = afterName;
        const bool close = q + 1 < e.end && raw[q] == '-' && raw[q + 1] == '-';
        if (close)
            q += 2;
        while (q < e.end && (raw[q] == ' ' || raw[q] == '\t'))
            ++q;
        if (q < e.end && raw[q] != '\r' && raw[q] != '\n') {
            pos = found + 1; // "--boundaryX" is not our delimiter
            continue;
        }
        if (partStart >= 0) {
            qsizetype partEnd = found;
            if (partEnd > partStart && raw[partEnd - 1] == '\n')
                --partEnd;
            if (partEnd > partStart && raw[partEnd - 1] == '\r')
                --partEnd;
            // The line break before a delimiter belongs to the delimiter, except that (as in Dovecot) a
            // nested multipart whose close delimiter line runs right up to ours keeps that line break.
            auto child = parseEntity(raw, partStart, found, digest, depth + 1);
            if (!endsWithCloseDelimiter(*child))
                trimEnd(*child, partEnd);
            e.children.push_back(std::move(child));
        }
        const qsizetype next = lineEndAfter(raw, q, e.end);
        if (close) {
            e.closeLineEnd = next;
            return;
        }
        partStart = next;
        pos = next;
    }
    if (partStart >= 0 && partStart <= e.end)
        e.children.push_back(parseEntity(raw, partStart, e.end, digest, depth + 1)); // no close delimiter
}

// The entity's MIME structure below its header block (its content headers, parts, embedded message).
// `depth` counts the entities above this one (0 for the message itself). Parsing, BODYSTRUCTURE and the
// destructor all recurse once per level, so a multipart or message/rfc822 at mime::kMaxNesting is not
// opened: like Dovecot, it is kept as one opaque body, shown as application/octet-stream (a
// message/rfc822 body type would promise an ENVELOPE and a BODYSTRUCTURE of the message inside).
void parseStructure(const QByteArray &raw, Entity &e, bool digestChild, int depth)
{
    parseContentHeaders(e, digestChild);
    const bool multipart = e.type.compare("multipart", Qt::CaseInsensitive) == 0;
    if ((multipart || e.isMessage()) && depth >= mime::kMaxNesting) {
        e.type = "application";
        e.subtype = "octet-stream";
        return;
    }
    if (multipart)
        splitMultipart(raw, e, depth);
    else if (e.isMessage())
        e.message = parseEntity(raw, e.headerEnd, e.end, false, depth + 1);
}

std::unique_ptr<Entity> parseHeaderBlock(const QByteArray &raw, qsizetype start, qsizetype end)
{
    auto e = std::make_unique<Entity>();
    e->start = start;
    e->end = end;
    parseHeaders(raw, *e);
    return e;
}

std::unique_ptr<Entity> parseEntity(const QByteArray &raw, qsizetype start, qsizetype end, bool digestChild, int depth)
{
    auto e = parseHeaderBlock(raw, start, end);
    parseStructure(raw, *e, digestChild, depth);
    return e;
}

int countLines(const QByteArray &raw, qsizetype start, qsizetype end)
{
    int lines = 0;
    for (qsizetype i = start; i < end; ++i)
        lines += raw[i] == '\n';
    return lines;
}

QByteArray envelopeOf(const Entity &e)
{
    auto addresses = [&](const char *name) -> QByteArray {
        const auto v = e.rawValue(name);
        return v ? imapAddressList(parseAddressList(*v)) : QByteArray("NIL");
    };
    // RFC 3501 §7.4.2: Sender and Reply-To default to From when absent.
    auto addressesOrFrom = [&](const char *name) -> QByteArray {
        const auto v = e.rawValue(name);
        if (!v || trimmedValue(*v).isEmpty())
            return addresses("From");
        return imapAddressList(parseAddressList(*v));
    };
    QByteArray out = "(";
    out += envelopeString(e.rawValue("Date")) + ' ';
    out += envelopeString(e.rawValue("Subject")) + ' ';
    out += addresses("From") + ' ';
    out += addressesOrFrom("Sender") + ' ';
    out += addressesOrFrom("Reply-To") + ' ';
    out += addresses("To") + ' ';
    out += addresses("Cc") + ' ';
    out += addresses("Bcc") + ' ';
    out += envelopeString(e.rawValue("In-Reply-To")) + ' ';
    out += envelopeString(e.rawValue("Message-ID"));
    return out + ')';
}

QByteArray structureOf(const QByteArray &raw, const Entity &e, bool extensible)
{
    QByteArray out = "(";
    if (e.isMultipart() && !e.children.empty()) {
        for (const auto &child : e.children)
            out += structureOf(raw, *child, extensible);
        out += ' ' + imap::string(e.subtype);
        if (extensible) {
            out += ' ' + imapParams(e.params);
            out += ' ' + (e.disposition.isNull() ? QByteArray("NIL")
                                                  : '(' + imap::string(e.disposition) + ' ' + imapParams(e.dispositionParams) + ')');
            QByteArray langs = "NIL";
            if (!e.languages.isEmpty()) {
                langs = "(";
                for (qsizetype i = 0; i < e.languages.size(); ++i)
                    langs += (i ? " " : "") + imap::string(e.languages[i]);
                langs += ')';
            }
            out += ' ' + langs + ' ' + imap::nstring(e.location);
        }
        return out + ')';
    }
    const qsizetype size = e.end - e.headerEnd;
    out += imap::string(e.type) + ' ' + imap::string(e.subtype) + ' ' + imapParams(e.params) + ' ';
    out += imap::nstring(e.id) + ' ' + imap::nstring(e.description) + ' ';
    out += imap::string(e.encoding.isEmpty() ? QByteArray("7bit") : e.encoding) + ' ';
    out += QByteArray::number(size);
    if (e.isMessage() && e.message) {
        out += ' ' + envelopeOf(*e.message) + ' ' + structureOf(raw, *e.message, extensible) + ' '
            + QByteArray::number(countLines(raw, e.headerEnd, e.end));
    } else if (e.isText()) {
        out += ' ' + QByteArray::number(countLines(raw, e.headerEnd, e.end));
    }
    if (extensible) {
        out += ' ' + imap::nstring(e.md5);
        out += ' ' + (e.disposition.isNull() ? QByteArray("NIL")
                                              : '(' + imap::string(e.disposition) + ' ' + imapParams(e.dispositionParams) + ')');
        QByteArray langs = "NIL";
        if (!e.languages.isEmpty()) {
            langs = "(";
            for (qsizetype i = 0; i < e.languages.size(); ++i)
                langs += (i ? " " : "") + imap::string(e.languages[i]);
            langs += ')';
        }
        out += ' ' + langs + ' ' + imap::nstring(e.location);
    }
    return out + ')';
}

QByteArray headerFields(const QByteArray &raw, const Entity &e, const QList<QByteArray> &names, bool exclude)
{
    QByteArray out;
    for (const HeaderField &h : e.headers) {
        bool listed = false;
        for (const QByteArray &n : names)
            listed = listed || n.compare(h.name, Qt::CaseInsensitive) == 0;
        if (listed != exclude)
            out.append(raw.constData() + h.start, h.end - h.start);
    }
    out.append("\r\n");
    return out;
}

} // namespace

void MimeMessage::initGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

MimeMessage::MimeMessage(QByteArray raw) : m_raw(std::move(raw))
{
    initGMime();
    // Only the top-level header block now: ENVELOPE and SEARCH need no more; the MIME structure is
    // parsed on first use (BODYSTRUCTURE, sections).
    m_root = parseHeaderBlock(m_raw, 0, m_raw.size());
}

MimeMessage::~MimeMessage() = default;

const MimeMessage::Entity &MimeMessage::structured() const
{
    if (!m_structured) {
        parseStructure(m_raw, *m_root, false, 0);
        m_structured = true;
    }
    return *m_root;
}

namespace {

QByteArray paramValue(const QList<Param> &params, QByteArrayView name)
{
    for (const Param &p : params)
        if (QByteArrayView(p.name).compare(name, Qt::CaseInsensitive) == 0)
            return p.value;
    return {};
}

MimeMessage::Part describePart(const Entity &e, const QByteArray &section)
{
    MimeMessage::Part p;
    p.section = section;
    p.contentType = (e.type + '/' + e.subtype).toLower();
    p.charset = paramValue(e.params, "charset");
    p.encoding = e.encoding.toLower();
    p.disposition = e.disposition.toLower();
    p.fileName = paramValue(e.dispositionParams, "filename");
    if (p.fileName.isEmpty())
        p.fileName = paramValue(e.params, "name");
    p.bodySize = qMax<qsizetype>(0, e.end - e.headerEnd);
    for (size_t i = 0; i < e.children.size(); ++i) {
        const QByteArray number = QByteArray::number(qulonglong(i + 1));
        p.children << describePart(*e.children[i], section.isEmpty() ? number : section + '.' + number);
    }
    if (e.message)
        p.children << describePart(*e.message, section);
    return p;
}

} // namespace

MimeMessage::Part MimeMessage::partTree() const
{
    return describePart(structured(), {});
}

QByteArray MimeMessage::envelope() const
{
    return envelopeOf(*m_root);
}

QByteArray MimeMessage::bodyStructure() const
{
    return structureOf(m_raw, structured(), true);
}

QByteArray MimeMessage::body() const
{
    return structureOf(m_raw, structured(), false);
}

QByteArray MimeMessage::section(const MimeSection &section) const
{
    // Walk the part numbers (§6.4.5). `inMessage` means the current entity is a message (the top level or
    // the body of a message/rfc822 part) rather than a body part. Like Dovecot, part 1 of a non-multipart
    // entity is the entity itself, and a missing part yields an empty string.
    const Entity *e = &structured();
    bool inMessage = true;
    for (quint32 n : section.part) {
        if (!inMessage && e->isMessage() && e->message) {
            e = e->message.get();
            inMessage = true;
        }
        if (!e->children.empty()) {
            if (n < 1 || n > e->children.size())
                return QByteArray("");
            e = e->children[size_t(n - 1)].get();
        } else if (n != 1) {
            return QByteArray("");
        }
        inMessage = false;
    }
    auto bytes = [&](qsizetype from, qsizetype to) { return QByteArray(m_raw.constData() + from, to - from); };
    const Entity *message = e;
    if (!inMessage && section.kind != MimeSection::Kind::Whole && section.kind != MimeSection::Kind::Mime) {
        if (!e->isMessage() || !e->message)
            return QByteArray("");
        message = e->message.get();
    }
    switch (section.kind) {
    case MimeSection::Kind::Whole:
        return inMessage ? m_raw : bytes(e->headerEnd, e->end);
    case MimeSection::Kind::Mime:
        return inMessage ? QByteArray("") : bytes(e->start, e->headerEnd);
    case MimeSection::Kind::Header:
        return bytes(message->start, message->headerEnd);
    case MimeSection::Kind::Text:
        return bytes(message->headerEnd, message->end);
    case MimeSection::Kind::HeaderFields:
    case MimeSection::Kind::HeaderFieldsNot:
        return headerFields(m_raw, *message, section.fields, section.kind == MimeSection::Kind::HeaderFieldsNot);
    }
    return QByteArray("");
}

QList<QByteArray> MimeMessage::headerValues(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const HeaderField &h : m_root->headers) {
        if (QByteArrayView(h.name).compare(name, Qt::CaseInsensitive) == 0)
            out.append(trimmedValue(h.rawValue));
    }
    return out;
}

QByteArray MimeMessage::decodeHeaderText(const QByteArray &value)
{
    initGMime();
    char *decoded = g_mime_utils_header_decode_text(nullptr, value.constData());
    const QByteArray out = decoded ? QByteArray(decoded) : value;
    g_free(decoded);
    return out;
}

QList<QByteArray> MimeMessage::decodedHeaderValues(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const QByteArray &v : headerValues(name))
        out.append(decodeHeaderText(v));
    return out;
}

QByteArrayView MimeMessage::headerBytes() const
{
    return QByteArrayView(m_raw).first(m_root->headerEnd);
}

QByteArrayView MimeMessage::bodyBytes() const
{
    return QByteArrayView(m_raw).sliced(m_root->headerEnd);
}

namespace {

void collectText(GMimeObject *parent, GMimeObject *part, gpointer data)
{
    Q_UNUSED(parent);
    auto *out = static_cast<QByteArray *>(data);
    if (GMIME_IS_TEXT_PART(part)) {
        char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
        if (text) {
            if (!out->isEmpty())
                out->append("\r\n");
            out->append(text);
            g_free(text);
        }
    } else if (GMIME_IS_MESSAGE_PART(part)) {
        if (GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part)))
            g_mime_message_foreach(inner, collectText, data);
    }
}

bool isAsciiText(QByteArrayView bytes)
{
    for (char c : bytes)
        if (uchar(c) >= 0x80)
            return false;
    return true;
}

} // namespace

QByteArray MimeMessage::bodyText() const
{
    const Entity &root = structured();
    const QByteArray encoding = root.encoding.toLower();
    const bool identityEncoding = encoding.isEmpty() || encoding == "7bit" || encoding == "8bit" || encoding == "binary";
    QByteArray charset;
    for (const Param &p : root.params)
        if (p.name.compare("charset", Qt::CaseInsensitive) == 0)
            charset = p.value.toLower();
    const bool utf8 = charset.isEmpty() || charset == "utf-8" || charset == "us-ascii";
    if (root.isText() && identityEncoding && (utf8 || isAsciiText(bodyBytes())))
        return bodyBytes().toByteArray(); // already the text: no decoding to do
    std::unique_ptr<GMimeStream, GObjectDeleter> stream(
        g_mime_stream_mem_new_with_buffer(m_raw.constData(), size_t(m_raw.size())));
    std::unique_ptr<GMimeParser, GObjectDeleter> parser(g_mime_parser_new_with_stream(stream.get()));
    std::unique_ptr<GMimeMessage, GObjectDeleter> message(g_mime_parser_construct_message(parser.get(), nullptr));
    QByteArray out;
    if (message)
        g_mime_message_foreach(message.get(), collectText, &out);
    return out;
}

std::optional<QDate> MimeMessage::sentDate() const
{
    const QList<QByteArray> dates = headerValues("Date");
    if (dates.isEmpty())
        return std::nullopt;
    GDateTime *dt = g_mime_utils_header_decode_date(dates.first().constData());
    if (!dt)
        return std::nullopt;
    const QDate date(g_date_time_get_year(dt), g_date_time_get_month(dt), g_date_time_get_day_of_month(dt));
    g_date_time_unref(dt);
    return date;
}

} // namespace mf
