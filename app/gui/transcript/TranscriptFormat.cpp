#include "TranscriptFormat.h"

#include "narration/EventNarrator.h"

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

bool is(const SimEvent &e, EventKind kind)
{
    return e.kind == kind;
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
        return !is(e, EventKind::Wire);
    if (field(e, "conn") != connection)
        return false;
    if (wire)
        return is(e, EventKind::Wire) || is(e, EventKind::Tls);
    return is(e, EventKind::Line) || is(e, EventKind::Tls) || is(e, EventKind::Error);
}

QString TranscriptFormat::time(qint64 ms)
{
    return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 3);
}

QString TranscriptFormat::connectionLabel(const QString &conn)
{
    return narration::connectionLabel(conn);
}

QString TranscriptFormat::place(const SimEvent &e)
{
    return narration::place(e);
}

QString TranscriptFormat::marker(const SimEvent &e, Language language)
{
    return narration::marker(e, language);
}

QString TranscriptFormat::summary(const SimEvent &e, Language language)
{
    if (is(e, EventKind::Wire)) {
        const QByteArray bytes = wireBytes(e);
        return hexDump(bytes.left(24), 24, 24).section(QStringLiteral("  |"), 0, 0)
               + (bytes.size() > 24 ? QStringLiteral(" …") : QString());
    }
    return narration::summary(e, language);
}

QString TranscriptFormat::explanation(const SimEvent &e, Language language)
{
    if (is(e, EventKind::Wire))
        return describeWire(wireBytes(e), true);
    return narration::explanation(e, language);
}

bool TranscriptFormat::isProtocolText(const SimEvent &e)
{
    return is(e, EventKind::Line) || is(e, EventKind::Wire) || is(e, EventKind::Db) || is(e, EventKind::Dns);
}

QColor TranscriptFormat::markerColor(const SimEvent &e)
{
    if (is(e, EventKind::Line) || is(e, EventKind::Wire))
        return fromClient(e) ? QColor(0x1f, 0x5f, 0xbf) : QColor(0x1b, 0x7a, 0x2e);
    if (is(e, EventKind::Hop)) return QColor(0xb3, 0x5c, 0x00);
    if (is(e, EventKind::Tls)) return e.field(QStringLiteral("ok")).toBool(true) ? QColor(0x8a, 0x6d, 0x00) : QColor(0xc0, 0x1c, 0x28);
    if (is(e, EventKind::Dns)) return QColor(0x6a, 0x3d, 0x9a);
    if (is(e, EventKind::Db)) return QColor(0x8b, 0x4a, 0x2b);
    if (is(e, EventKind::Delivered) || is(e, EventKind::Retrieved)) return QColor(0x1b, 0x7a, 0x2e);
    if (is(e, EventKind::Bounced) || is(e, EventKind::Error)) return QColor(0xc0, 0x1c, 0x28);
    if (is(e, EventKind::Expectation)) return e.field(QStringLiteral("held")).toBool() ? QColor(0x1b, 0x7a, 0x2e) : QColor(0xc0, 0x1c, 0x28);
    return QColor(0x55, 0x55, 0x55);
}

QColor TranscriptFormat::foreground(const SimEvent &e)
{
    if (is(e, EventKind::Bounced) || is(e, EventKind::Error))
        return QColor(0x9b, 0x11, 0x1e);
    if (is(e, EventKind::Queue) || is(e, EventKind::Note) || is(e, EventKind::Action))
        return QColor(0x44, 0x44, 0x44);
    return QColor(0x1a, 0x1a, 0x1a);
}

QColor TranscriptFormat::background(const SimEvent &e)
{
    if (is(e, EventKind::Line) || is(e, EventKind::Wire))
        return fromClient(e) ? QColor(0xea, 0xf1, 0xfb) : QColor(0xec, 0xf7, 0xee);
    if (is(e, EventKind::Hop)) return QColor(0xff, 0xf1, 0xdd);
    if (is(e, EventKind::Tls)) return QColor(0xfd, 0xf6, 0xd3);
    if (is(e, EventKind::Dns)) return QColor(0xf1, 0xea, 0xf8);
    if (is(e, EventKind::Db)) return QColor(0xf6, 0xec, 0xe4);
    if (is(e, EventKind::Delivered) || is(e, EventKind::Retrieved)) return QColor(0xdc, 0xf3, 0xe0);
    if (is(e, EventKind::Bounced) || is(e, EventKind::Error)) return QColor(0xfb, 0xe3, 0xe4);
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
