// GMime (through GLib) uses `signals` as a member name, which Qt defines as a macro: include it first.
#include <gmime/gmime.h>

#include "MessageReader.h"

#include <mutex>

namespace mf {

namespace {

void ensureGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

QString addresses(InternetAddressList *list)
{
    if (!list || internet_address_list_length(list) == 0)
        return {};
    char *text = internet_address_list_to_string(list, nullptr, FALSE);
    const QString out = QString::fromUtf8(text);
    g_free(text);
    return out;
}

qint64 decodedSize(GMimePart *part)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    if (!content)
        return 0;
    GMimeStream *sink = g_mime_stream_null_new();
    const ssize_t n = g_mime_data_wrapper_write_to_stream(content, sink);
    g_object_unref(sink);
    return n < 0 ? 0 : qint64(n);
}

void visitPart(GMimeObject *, GMimeObject *object, gpointer data)
{
    auto *out = static_cast<ReadableMessage *>(data);
    if (GMIME_IS_MESSAGE_PART(object)) { // e.g. the returned message in a bounce
        out->attachments.append({QString(), QStringLiteral("message/rfc822"), 0});
        return;
    }
    if (!GMIME_IS_PART(object))
        return;
    GMimePart *part = GMIME_PART(object);
    GMimeContentType *type = g_mime_object_get_content_type(object);
    const char *fileName = g_mime_part_get_filename(part);
    const bool isText = type && g_mime_content_type_is_type(type, "text", "plain");
    if (isText && !g_mime_part_is_attachment(part) && !fileName && out->text.isEmpty()) {
        char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
        out->text = QString::fromUtf8(text);
        out->text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        g_free(text);
        return;
    }
    if (!fileName && !g_mime_part_is_attachment(part) && type && g_mime_content_type_is_type(type, "text", "*"))
        return; // an alternative rendering of the text (e.g. HTML), not an attachment
    ReadableMessage::Attachment a;
    a.fileName = fileName ? QString::fromUtf8(fileName) : QString();
    if (type) {
        char *mime = g_mime_content_type_get_mime_type(type);
        a.mimeType = QString::fromUtf8(mime);
        g_free(mime);
    }
    a.size = decodedSize(part);
    out->attachments.append(a);
}

} // namespace

ReadableMessage readMessage(const QByteArray &bytes)
{
    ensureGMime();
    ReadableMessage out;
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(bytes.constData(), size_t(bytes.size()));
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *message = g_mime_parser_construct_message(parser, nullptr);
    g_object_unref(parser);
    g_object_unref(stream);
    if (!message)
        return out;
    out.valid = true;
    out.from = addresses(g_mime_message_get_from(message));
    out.to = addresses(g_mime_message_get_to(message));
    out.cc = addresses(g_mime_message_get_cc(message));
    out.subject = QString::fromUtf8(g_mime_message_get_subject(message));
    if (GDateTime *date = g_mime_message_get_date(message))
        out.date = QDateTime::fromSecsSinceEpoch(g_date_time_to_unix(date), Qt::UTC);
    g_mime_message_foreach(message, visitPart, &out);
    g_object_unref(message);
    return out;
}

} // namespace mf
