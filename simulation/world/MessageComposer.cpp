// GMime (through GLib) uses `signals` as a member name, which Qt defines as a macro: include it first.
#include <gmime/gmime.h>

#include "MessageComposer.h"

#include <QCryptographicHash>

#include "mime/HeaderFieldWalk.h"

#include <algorithm>
#include <mutex>

namespace mf {

namespace {

void ensureGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

QByteArray toBytes(GMimeObject *object)
{
    GMimeFormatOptions *options = g_mime_format_options_clone(g_mime_format_options_get_default());
    g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
    char *text = g_mime_object_to_string(object, options);
    QByteArray out(text);
    g_free(text);
    g_mime_format_options_free(options);
    return out;
}

constexpr qsizetype kMaxLineOctets = 998; // without CRLF (RFC 5322 §2.1.1, RFC 5321 §4.5.3.1.6)

GMimeTextPart *textPart(const QByteArray &subtype, const QString &text)
{
    GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype.constData());
    QString normalized = text;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    const QByteArray utf8 = normalized.toUtf8();
    // set_text chooses the transfer encoding (7bit, 8bit) but also converts the text to the smallest
    // charset that holds it (ISO-8859-1 for "café"): the content is put back as the UTF-8 the
    // Content-Type says.
    g_mime_text_part_set_text(part, utf8.constData());
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(utf8.constData(), size_t(utf8.size()));
    GMimeDataWrapper *wrapper = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(GMIME_PART(part), wrapper);
    g_object_unref(wrapper);
    g_object_unref(stream);
    g_mime_text_part_set_charset(part, "utf-8");
    // RFC 5322 §2.1.1: a line is at most 998 octets; SMTP refuses longer ones (554 5.6.0). A long
    // paragraph is sent as a mail program sends it: quoted-printable, whose soft line breaks ("=" at the
    // end of a line, RFC 2045 §6.7 rule 5) keep each line within 76 characters and decode back to one.
    qsizetype longest = 0;
    for (qsizetype start = 0; start <= utf8.size();) {
        qsizetype end = utf8.indexOf('\n', start);
        if (end < 0)
            end = utf8.size();
        longest = std::max(longest, end - start);
        start = end + 1;
    }
    if (longest > kMaxLineOctets)
        g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return part;
}

void addAddresses(GMimeMessage *message, GMimeAddressType type, const QStringList &addresses)
{
    InternetAddressList *list = g_mime_message_get_addresses(message, type);
    for (const QString &a : addresses) {
        InternetAddress *ia = internet_address_mailbox_new(nullptr, a.toUtf8().constData());
        internet_address_list_add(list, ia);
        g_object_unref(ia);
    }
}

QByteArray ensureCrlf(QByteArray data)
{
    QByteArray out;
    out.reserve(data.size() + data.size() / 40);
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (c == '\n' && (i == 0 || data[i - 1] != '\r'))
            out.append('\r');
        out.append(c);
    }
    return out;
}

} // namespace

QByteArray composeMessage(const OutgoingMail &mail)
{
    ensureGMime();
    GMimeMessage *message = g_mime_message_new(TRUE);
    InternetAddress *from = internet_address_mailbox_new(mail.fromName.isEmpty() ? nullptr : mail.fromName.toUtf8().constData(),
                                                         mail.fromAddress.toUtf8().constData());
    internet_address_list_add(g_mime_message_get_from(message), from);
    g_object_unref(from);
    addAddresses(message, GMIME_ADDRESS_TYPE_TO, mail.to);
    addAddresses(message, GMIME_ADDRESS_TYPE_CC, mail.cc);
    g_mime_message_set_subject(message, mail.subject.toUtf8().constData(), "utf-8");
    GDateTime *date = g_date_time_new_from_unix_utc(mail.date.toSecsSinceEpoch());
    g_mime_message_set_date(message, date);
    g_date_time_unref(date);
    g_mime_message_set_message_id(message, mail.messageId.constData());
    if (!mail.flowId.isEmpty())
        g_mime_object_set_header(GMIME_OBJECT(message), "X-MailFlow-Flow", mail.flowId.constData(), nullptr);

    GMimeTextPart *body = textPart("plain", mail.body);
    if (mail.attachments.isEmpty()) {
        g_mime_message_set_mime_part(message, GMIME_OBJECT(body));
    } else {
        GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
        g_mime_multipart_add(mixed, GMIME_OBJECT(body));
        for (const auto &a : mail.attachments) {
            const QList<QByteArray> type = (a.mimeType.isEmpty() ? QByteArray("application/octet-stream") : a.mimeType).split('/');
            GMimePart *part = g_mime_part_new_with_type(type.value(0).constData(), type.value(1, "octet-stream").constData());
            g_mime_part_set_filename(part, a.fileName.toUtf8().constData());
            GMimeStream *stream = g_mime_stream_mem_new_with_buffer(a.content.constData(), size_t(a.content.size()));
            GMimeDataWrapper *wrapper = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
            g_mime_part_set_content(part, wrapper);
            g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
            g_object_unref(wrapper);
            g_object_unref(stream);
            g_mime_multipart_add(mixed, GMIME_OBJECT(part));
            g_object_unref(part);
        }
        g_mime_message_set_mime_part(message, GMIME_OBJECT(mixed));
        g_object_unref(mixed);
    }
    g_object_unref(body);
    const QByteArray out = ensureCrlf(toBytes(GMIME_OBJECT(message)));
    g_object_unref(message);
    return out;
}

QByteArray composeDeliveryStatusNotification(const QString &reportingHost, const QString &originalSender,
                                             const QList<FailedRecipient> &failedRecipients,
                                             const QByteArray &originalMessage, const QDateTime &arrival,
                                             const QDateTime &now, const QByteArray &messageId)
{
    ensureGMime();
    GMimeMessage *message = g_mime_message_new(TRUE);
    InternetAddress *from = internet_address_mailbox_new("Mail Delivery System",
                                                         QStringLiteral("MAILER-DAEMON@%1").arg(reportingHost).toUtf8().constData());
    internet_address_list_add(g_mime_message_get_from(message), from);
    g_object_unref(from);
    addAddresses(message, GMIME_ADDRESS_TYPE_TO, {originalSender});
    g_mime_message_set_subject(message, "Undelivered Mail Returned to Sender", "utf-8");
    GDateTime *date = g_date_time_new_from_unix_utc(now.toSecsSinceEpoch());
    g_mime_message_set_date(message, date);
    g_date_time_unref(date);
    g_mime_message_set_message_id(message, messageId.constData());
    // RFC 3834 §5: an automatic response; mail systems must not answer it automatically.
    g_mime_object_set_header(GMIME_OBJECT(message), "Auto-Submitted", "auto-replied", nullptr);

    GMimeMultipart *report = g_mime_multipart_new_with_subtype("report");
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(report), "report-type", "delivery-status");

    QString human = QStringLiteral("This is the mail system at host %1.\n\n"
                                   "I'm sorry to have to inform you that your message could not\n"
                                   "be delivered to one or more recipients. It's attached below.\n\n")
                        .arg(reportingHost);
    for (const FailedRecipient &r : failedRecipients)
        human += QStringLiteral("<%1>: %2\n").arg(r.address, r.diagnostic);
    GMimeTextPart *notice = textPart("plain", human);
    g_mime_part_set_content_description(GMIME_PART(notice), "Notification");
    g_mime_multipart_add(report, GMIME_OBJECT(notice));
    g_object_unref(notice);

    // RFC 3464 §2.2 per-message fields, then §2.3 per-recipient blocks, each separated by a blank line.
    QByteArray status = "Reporting-MTA: dns; " + reportingHost.toUtf8() + "\n"
                        "Arrival-Date: " + arrival.toUTC().toString(Qt::RFC2822Date).toUtf8() + "\n";
    for (const FailedRecipient &r : failedRecipients) {
        status += "\nFinal-Recipient: rfc822; " + r.address.toUtf8() + "\n"
                  "Original-Recipient: rfc822; " + r.address.toUtf8() + "\n"
                  "Action: failed\n"
                  "Status: " + r.status + "\n";
        if (!r.remoteMta.isEmpty())
            status += "Remote-MTA: dns; " + r.remoteMta.toUtf8() + "\n";
        status += "Diagnostic-Code: " + r.diagnostic.toUtf8() + "\n";
    }
    GMimePart *statusPart = g_mime_part_new_with_type("message", "delivery-status");
    GMimeStream *statusStream = g_mime_stream_mem_new_with_buffer(status.constData(), size_t(status.size()));
    GMimeDataWrapper *statusWrapper = g_mime_data_wrapper_new_with_stream(statusStream, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(statusPart, statusWrapper);
    g_mime_part_set_content_description(statusPart, "Delivery report");
    g_object_unref(statusWrapper);
    g_object_unref(statusStream);
    g_mime_multipart_add(report, GMIME_OBJECT(statusPart));
    g_object_unref(statusPart);

    GMimeStream *originalStream = g_mime_stream_mem_new_with_buffer(originalMessage.constData(), size_t(originalMessage.size()));
    GMimeParser *parser = g_mime_parser_new_with_stream(originalStream);
    GMimeMessage *original = g_mime_parser_construct_message(parser, nullptr);
    if (original) {
        GMimeMessagePart *attached = g_mime_message_part_new_with_message("rfc822", original);
        g_mime_object_set_header(GMIME_OBJECT(attached), "Content-Description", "Undelivered Message", nullptr);
        g_mime_multipart_add(report, GMIME_OBJECT(attached));
        g_object_unref(attached);
        g_object_unref(original);
    }
    g_object_unref(parser);
    g_object_unref(originalStream);

    g_mime_message_set_mime_part(message, GMIME_OBJECT(report));
    g_object_unref(report);
    const QByteArray out = ensureCrlf(toBytes(GMIME_OBJECT(message)));
    g_object_unref(message);
    return out;
}

QByteArray headerValue(const QByteArray &message, QByteArrayView name)
{
    QByteArray value;
    forEachHeaderField(message, [&](QByteArrayView field, QByteArrayView raw) {
        if (field.compare(name, Qt::CaseInsensitive) != 0)
            return true;
        value = unfoldedHeaderValue(raw);
        return false;
    });
    return value;
}

bool isDeliveryStatusNotification(const QByteArray &message)
{
    const QByteArray type = headerValue(message, "Content-Type").toLower();
    return type.startsWith("multipart/report") && type.contains("delivery-status");
}

int receivedCount(const QByteArray &message)
{
    int n = 0;
    forEachHeaderField(message, [&](QByteArrayView field, QByteArrayView) {
        n += field.compare("Received", Qt::CaseInsensitive) == 0;
        return true;
    });
    return n;
}

QString outsideMessageRoot(const QByteArray &message)
{
    // Skip the leading trace fields (with their continuation lines): the servers prepend them.
    qsizetype pos = 0;
    while (pos < message.size()) {
        qsizetype next = message.indexOf('\n', pos);
        next = next < 0 ? message.size() : next + 1;
        while (next < message.size() && (message[next] == ' ' || message[next] == '\t')) {
            const qsizetype end = message.indexOf('\n', next);
            next = end < 0 ? message.size() : end + 1;
        }
        const qsizetype colon = message.indexOf(':', pos);
        if (colon < 0 || colon >= next)
            break;
        const QByteArray name = message.mid(pos, colon - pos).trimmed().toLower();
        if (name != "received" && name != "return-path" && name != "delivered-to")
            break;
        pos = next;
    }
    const QByteArray digest = QCryptographicHash::hash(QByteArrayView(message).sliced(pos), QCryptographicHash::Sha256);
    return QStringLiteral("outside:") + QString::fromLatin1(digest.toHex().left(16));
}

QString receivedByHost(const QByteArray &message)
{
    const QByteArray received = headerValue(message, "Received");
    const QList<QByteArray> words = received.simplified().split(' ');
    const qsizetype by = words.indexOf("by");
    return by >= 0 && by + 1 < words.size() ? QString::fromUtf8(words[by + 1]).toLower() : QString();
}

QByteArrayList deliveredToValues(const QByteArray &message)
{
    QByteArrayList out;
    forEachHeaderField(message, [&](QByteArrayView field, QByteArrayView raw) {
        if (field.compare("Delivered-To", Qt::CaseInsensitive) == 0)
            out << unfoldedHeaderValue(raw).toLower();
        return true;
    });
    return out;
}

} // namespace mf
