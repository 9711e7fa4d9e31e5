#include "TranscriptFormat.h"

#include <QRegularExpression>

#include <QJsonArray>

namespace mf::gui {

namespace {

QString field(const SimEvent &e, const char *name)
{
    const QJsonValue v = e.field(QLatin1String(name));
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &x : v.toArray())
            parts << x.toString();
        return parts.join(QStringLiteral(", "));
    }
    return v.isDouble() ? QString::number(v.toInteger()) : v.toString();
}

bool is(const SimEvent &e, const char *kind)
{
    return e.kind == QLatin1String(kind);
}

bool fromClient(const SimEvent &e)
{
    return field(e, "dir") == QLatin1String("C");
}

QString tlsContentType(quint8 type)
{
    switch (type) {
    case 20: return TranscriptFormat::tr("change cipher spec");
    case 21: return TranscriptFormat::tr("alert");
    case 22: return TranscriptFormat::tr("handshake");
    case 23: return TranscriptFormat::tr("application data");
    default: return TranscriptFormat::tr("type %1").arg(type);
    }
}

} // namespace

bool TranscriptFormat::Filter::accepts(const SimEvent &e) const
{
    if (connection.isEmpty())
        return !is(e, "wire");
    if (field(e, "conn") != connection)
        return false;
    if (wire)
        return is(e, "wire") || is(e, "tls");
    return is(e, "line") || is(e, "tls") || is(e, "error");
}

// The simulation writes its hop notes and some notes in English (they are part of `mailflow run`'s
// output); the transcript shows them in the current language by matching the known sentences.
QString TranscriptFormat::localNote(const QString &english)
{
    static const char *const patterns[] = {
        QT_TR_NOOP("%1 writes the mail"),
        QT_TR_NOOP("MX of %1 found"),
        QT_TR_NOOP("SMTP to %1 (preference %2)"),
        QT_TR_NOOP("addresses resolved"),
        QT_TR_NOOP("alias lookup"),
        QT_TR_NOOP("an unauthenticated client connects straight to the MTA"),
        QT_TR_NOOP("is any recipient an alias?"),
        QT_TR_NOOP("is the recipient an alias?"),
        QT_TR_NOOP("stored in %1's mailbox"),
        QT_TR_NOOP("submission with STARTTLS and AUTH"),
        QT_TR_NOOP("the UA puts the mail in the spool"),
        QT_TR_NOOP("the access server reads the mailbox"),
        QT_TR_NOOP("the link to %1 is down"),
        QT_TR_NOOP("world started: %1"),
    };
    struct Matcher {
        const char *pattern;
        QRegularExpression regex;
    };
    // Built once: the transcript formats every row it draws, so no pattern is compiled per row.
    static const QList<Matcher> matchers = [] {
        QList<Matcher> out;
        for (const char *pattern : patterns) {
            // Placeholders %1, %2 become captures; everything else matches literally.
            QStringList parts = QString::fromLatin1(pattern).split(QRegularExpression(QStringLiteral("%[12]")));
            for (QString &part : parts)
                part = QRegularExpression::escape(part);
            out.append({pattern, QRegularExpression(QLatin1Char('^') + parts.join(QStringLiteral("(.*)")) + QLatin1Char('$'))});
        }
        return out;
    }();
    for (const Matcher &matcher : matchers) {
        const QRegularExpressionMatch m = matcher.regex.match(english);
        if (!m.hasMatch())
            continue;
        QString out = tr(matcher.pattern);
        for (int i = 1; i <= m.lastCapturedIndex(); ++i)
            out = out.arg(m.captured(i));
        return out;
    }
    return english;
}

QString TranscriptFormat::time(qint64 ms)
{
    return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 3);
}

QString TranscriptFormat::connectionLabel(const QString &conn)
{
    // "proto/host#id"
    const qsizetype slash = conn.indexOf(QLatin1Char('/'));
    const qsizetype hash = conn.lastIndexOf(QLatin1Char('#'));
    if (slash < 0 || hash < slash)
        return conn;
    return QStringLiteral("%1 · %2 #%3").arg(conn.left(slash), conn.mid(slash + 1, hash - slash - 1), conn.mid(hash + 1));
}

QString TranscriptFormat::place(const SimEvent &e)
{
    if (!field(e, "conn").isEmpty())
        return connectionLabel(field(e, "conn"));
    if (is(e, "hop"))
        return field(e, "message");
    return field(e, "node");
}

QString TranscriptFormat::marker(const SimEvent &e)
{
    if (is(e, "line"))
        return fromClient(e) ? QStringLiteral("C:") : QStringLiteral("S:");
    if (is(e, "wire"))
        return fromClient(e) ? QStringLiteral("C→S") : QStringLiteral("S→C");
    if (is(e, "hop")) return tr("hop");
    if (is(e, "tls")) return tr("TLS");
    if (is(e, "dns")) return tr("DNS");
    if (is(e, "db")) return tr("DB");
    if (is(e, "queue")) return tr("queue");
    if (is(e, "delivered")) return tr("stored");
    if (is(e, "bounced")) return tr("bounce");
    if (is(e, "retrieved")) return tr("fetched");
    if (is(e, "action")) return tr("action");
    if (is(e, "error")) return tr("error");
    if (is(e, "expectation")) return tr("check");
    return tr("note");
}

QString TranscriptFormat::summary(const SimEvent &e)
{
    if (is(e, "line"))
        return field(e, "text");
    if (is(e, "wire")) {
        const QByteArray bytes = wireBytes(e);
        return hexDump(bytes.left(24), 24, 24).section(QStringLiteral("  |"), 0, 0)
               + (bytes.size() > 24 ? QStringLiteral(" …") : QString());
    }
    if (is(e, "hop")) {
        QString s = tr("%1 → %2").arg(field(e, "from"), field(e, "to"));
        if (!field(e, "note").isEmpty())
            s += QStringLiteral(": ") + localNote(field(e, "note"));
        return s;
    }
    if (is(e, "tls")) {
        return e.field(QStringLiteral("ok")).toBool(true) ? tr("encrypted: %1").arg(field(e, "text"))
                                                                  : tr("TLS failed: %1").arg(field(e, "text"));
    }
    if (is(e, "db"))
        return tr("%1  ⇒ %2").arg(field(e, "query"), field(e, "result"));
    if (is(e, "dns")) {
        const QString event = field(e, "event");
        const QString text = field(e, "text").isEmpty() ? field(e, "summary") : field(e, "text");
        return event.isEmpty() ? text : QStringLiteral("%1: %2").arg(event, text);
    }
    if (is(e, "queue")) {
        QString s = tr("message %1 (#%2) is %3, attempts %4")
                        .arg(field(e, "message"), field(e, "id"), field(e, "state"), field(e, "attempts"));
        if (const qint64 retry = e.field(QStringLiteral("next_retry")).toInteger(-1); retry >= 0)
            s += tr(", next try at %1").arg(time(retry));
        if (!field(e, "error").isEmpty())
            s += QStringLiteral(": ") + field(e, "error");
        return s;
    }
    if (is(e, "delivered"))
        return tr("message %1 stored in the mailbox of %2 (UID %3)").arg(field(e, "message"), field(e, "to"), field(e, "uid"));
    if (is(e, "bounced"))
        return tr("bounce message %1 delivered to %2").arg(field(e, "message"), field(e, "to"));
    if (is(e, "retrieved")) {
        QString s = tr("%1 fetched %2 message(s) with %3 on the %4; %5 deleted from the server")
                        .arg(field(e, "user"), field(e, "count"), field(e, "protocol").toUpper(), field(e, "device"),
                             field(e, "deleted"));
        if (!field(e, "error").isEmpty())
            s += QStringLiteral(" (") + field(e, "error") + QLatin1Char(')');
        return s;
    }
    if (is(e, "action")) {
        QString s = field(e, "action");
        for (const char *k : {"message", "from", "to", "user", "protocol", "host", "node", "between", "state"})
            if (!field(e, k).isEmpty())
                s += QStringLiteral(" %1=%2").arg(QLatin1String(k), field(e, k));
        return s;
    }
    if (is(e, "expectation"))
        return (e.field(QStringLiteral("held")).toBool() ? tr("holds: %1") : tr("FAILS: %1")).arg(field(e, "detail"));
    return localNote(field(e, "text"));
}

QString TranscriptFormat::explanation(const SimEvent &e, Language language)
{
    if (is(e, "line")) {
        const QString localized = field(e, language == Language::Indonesian ? "explain_id" : "explain_en");
        return localized.isEmpty() ? field(e, "explain") : localized;
    }
    if (is(e, "wire"))
        return describeWire(wireBytes(e), true);
    if (is(e, "hop"))
        return tr("The message moves one step along its path.");
    if (is(e, "tls"))
        return e.field(QStringLiteral("ok")).toBool(true)
                   ? tr("From here on the connection is encrypted: an eavesdropper sees only TLS records.")
                   : tr("The TLS handshake failed; the connection cannot be protected.");
    if (is(e, "dns"))
        return tr("The DNS server answers which host receives mail for a domain (MX record, lower preference wins) and its address (A record).");
    if (is(e, "db"))
        return tr("The alias expander asks the database whether an address is an alias or a mailing list.");
    if (is(e, "queue"))
        return tr("The spool keeps the message until it has been passed on; failed attempts are retried later.");
    if (is(e, "delivered"))
        return tr("The message reached its final mailbox.");
    if (is(e, "bounced"))
        return tr("The message could not be delivered, so a report (bounce) goes back to the sender.");
    if (is(e, "retrieved"))
        return tr("POP3 downloads (and by default deletes) the mail; IMAP keeps it on the server in sync.");
    if (is(e, "error"))
        return tr("Something went wrong.");
    return {};
}

bool TranscriptFormat::isProtocolText(const SimEvent &e)
{
    return is(e, "line") || is(e, "wire") || is(e, "db") || is(e, "dns");
}

QColor TranscriptFormat::markerColor(const SimEvent &e)
{
    if (is(e, "line") || is(e, "wire"))
        return fromClient(e) ? QColor(0x1f, 0x5f, 0xbf) : QColor(0x1b, 0x7a, 0x2e);
    if (is(e, "hop")) return QColor(0xb3, 0x5c, 0x00);
    if (is(e, "tls")) return e.field(QStringLiteral("ok")).toBool(true) ? QColor(0x8a, 0x6d, 0x00) : QColor(0xc0, 0x1c, 0x28);
    if (is(e, "dns")) return QColor(0x6a, 0x3d, 0x9a);
    if (is(e, "db")) return QColor(0x8b, 0x4a, 0x2b);
    if (is(e, "delivered") || is(e, "retrieved")) return QColor(0x1b, 0x7a, 0x2e);
    if (is(e, "bounced") || is(e, "error")) return QColor(0xc0, 0x1c, 0x28);
    if (is(e, "expectation")) return e.field(QStringLiteral("held")).toBool() ? QColor(0x1b, 0x7a, 0x2e) : QColor(0xc0, 0x1c, 0x28);
    return QColor(0x55, 0x55, 0x55);
}

QColor TranscriptFormat::foreground(const SimEvent &e)
{
    if (is(e, "bounced") || is(e, "error"))
        return QColor(0x9b, 0x11, 0x1e);
    if (is(e, "queue") || is(e, "note") || is(e, "action"))
        return QColor(0x44, 0x44, 0x44);
    return QColor(0x1a, 0x1a, 0x1a);
}

QColor TranscriptFormat::background(const SimEvent &e)
{
    if (is(e, "line") || is(e, "wire"))
        return fromClient(e) ? QColor(0xea, 0xf1, 0xfb) : QColor(0xec, 0xf7, 0xee);
    if (is(e, "hop")) return QColor(0xff, 0xf1, 0xdd);
    if (is(e, "tls")) return QColor(0xfd, 0xf6, 0xd3);
    if (is(e, "dns")) return QColor(0xf1, 0xea, 0xf8);
    if (is(e, "db")) return QColor(0xf6, 0xec, 0xe4);
    if (is(e, "delivered") || is(e, "retrieved")) return QColor(0xdc, 0xf3, 0xe0);
    if (is(e, "bounced") || is(e, "error")) return QColor(0xfb, 0xe3, 0xe4);
    return QColor(0xf7, 0xf7, 0xf7);
}

QByteArray TranscriptFormat::wireBytes(const SimEvent &e)
{
    return QByteArray::fromBase64(e.field(QStringLiteral("bytes")).toString().toLatin1());
}

QString TranscriptFormat::hexDump(const QByteArray &bytes, int maxBytes, int perLine)
{
    QStringList lines;
    const int n = int(qMin<qsizetype>(bytes.size(), maxBytes));
    for (int start = 0; start < n; start += perLine) {
        QString hex;
        QString ascii;
        for (int i = start; i < start + perLine; ++i) {
            if (i < n) {
                const auto b = quint8(bytes.at(i));
                hex += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
                ascii += (b >= 0x20 && b < 0x7f) ? QChar(QLatin1Char(char(b))) : QChar(QLatin1Char('.'));
            } else {
                hex += QStringLiteral("   ");
            }
        }
        lines << hex + QStringLiteral(" |") + ascii + QLatin1Char('|');
    }
    if (bytes.size() > maxBytes)
        lines << tr("… %1 more bytes").arg(bytes.size() - maxBytes);
    return lines.join(QLatin1Char('\n'));
}

bool TranscriptFormat::looksLikeTls(const QByteArray &bytes)
{
    // A TLS record header: content type 20..23, then version 3.x (RFC 8446 §5.1).
    return bytes.size() >= 5 && quint8(bytes.at(0)) >= 20 && quint8(bytes.at(0)) <= 23 && bytes.at(1) == 3;
}

QString TranscriptFormat::describeWire(const QByteArray &bytes, bool brief)
{
    if (looksLikeTls(bytes)) {
        QStringList records;
        qsizetype pos = 0;
        while (pos + 5 <= bytes.size() && records.size() < 6) {
            const quint8 type = quint8(bytes.at(pos));
            const int length = (quint8(bytes.at(pos + 3)) << 8) | quint8(bytes.at(pos + 4));
            records << tr("%1 (%2 bytes)").arg(tlsContentType(type)).arg(length);
            pos += 5 + length;
        }
        if (brief)
            return tr("Encrypted TLS: %1").arg(records.join(QStringLiteral(", ")));
        return tr("TLS records: %1. The content is encrypted: an eavesdropper cannot read it (RFC 8446 §5).")
            .arg(records.join(QStringLiteral(", ")));
    }
    int printable = 0;
    for (char c : bytes)
        printable += (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n' || c == '\t';
    if (!bytes.isEmpty() && printable * 10 >= bytes.size() * 9) {
        QString text = QString::fromLatin1(bytes.left(120)).simplified();
        if (bytes.size() > 120)
            text += QStringLiteral(" …");
        return brief ? tr("Readable by anyone: %1").arg(text)
                     : tr("Plain text, readable by anyone on the network: %1").arg(text);
    }
    return brief ? tr("Encrypted TLS (continued)")
                 : tr("Part of an encrypted TLS record: unreadable without the session keys.");
}

} // namespace mf::gui
