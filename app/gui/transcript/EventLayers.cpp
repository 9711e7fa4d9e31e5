#include "EventLayers.h"

#include "EventFilter.h"
#include "TranscriptFormat.h"
#include "narration/EventNarrator.h"

namespace mf::gui {

namespace {

// How far from a line its wire bytes are looked for (other connections' events come in between).
constexpr int kWireSearch = 400;

bool isImplicitTls(const QString &proto)
{
    return proto == QLatin1String("smtps") || proto == QLatin1String("pop3s") || proto == QLatin1String("imaps")
           || proto == QLatin1String("submissions");
}

QString protocolName(const SimEvent &e)
{
    if (e.kind == EventKind::Dns)
        return QStringLiteral("DNS");
    const QString proto = e.text(u"proto");
    if (proto == QLatin1String("submission"))
        return QStringLiteral("SMTP submission");
    return proto.toUpper();
}

QString heading(int number, const QString &title)
{
    return QStringLiteral("<p style='background-color:#e4ebf5; color:#1a2a44; font-weight:bold; margin-top:6px;"
                          " margin-bottom:0px'>&nbsp;%1&nbsp;&nbsp;%2</p>")
        .arg(number)
        .arg(title.toHtmlEscaped());
}

QString paragraph(const QString &text)
{
    return QStringLiteral("<p style='margin-top:2px; margin-bottom:2px'>%1</p>").arg(text.toHtmlEscaped());
}

QString preformatted(const QString &text)
{
    return QStringLiteral("<pre style='white-space:pre-wrap; margin-top:2px; margin-bottom:2px'>%1</pre>").arg(text.toHtmlEscaped());
}

// The first event of `conn` with `field`, or its value on the event itself.
QString connectionField(const EventLog &log, int index, const QString &field)
{
    const SimEvent &e = log.at(index);
    if (const QString own = e.text(field); !own.isEmpty())
        return own;
    const QString conn = e.text(u"conn");
    if (conn.isEmpty())
        return {};
    for (const SimEvent &other : log.events())
        if (other.text(u"conn") == conn)
            if (const QString value = other.text(field); !value.isEmpty())
                return value;
    return {};
}

int nearestWire(const EventLog &log, int index, const QString &conn, const QString &dir, int step)
{
    const int end = step > 0 ? qMin(log.size(), index + kWireSearch) : qMax(-1, index - kWireSearch);
    for (int i = index + step; i != end; i += step) {
        const SimEvent &w = log.at(i);
        if (w.kind == EventKind::Wire && w.text(u"dir") == dir && w.text(u"conn") == conn)
            return i;
    }
    return -1;
}

// The protocol line or event itself, as the transcript's detail always showed it.
QString applicationLayer(const SimEvent &e, Language language)
{
    QString html = QStringLiteral("<p style='margin-top:2px; margin-bottom:2px'><b style='color:%1'>%2</b> &nbsp; %3 &nbsp; "
                                  "<span style='color:#555'>%4</span></p>")
                       .arg(TranscriptFormat::markerColor(e).name(), TranscriptFormat::marker(e, language).toHtmlEscaped(),
                            TranscriptFormat::place(e).toHtmlEscaped(), TranscriptFormat::time(e.t).toHtmlEscaped());
    if (e.kind == EventKind::Wire) {
        const QByteArray bytes = TranscriptFormat::wireBytes(e);
        html += paragraph(EventLayers::tr("%n byte(s) captured on the network:", nullptr, int(bytes.size())));
        html += QStringLiteral("<pre>%1</pre>").arg(TranscriptFormat::hexDump(bytes, 2048, 8).toHtmlEscaped());
    } else if (const QString raw = narration::rawDetail(e); !raw.isEmpty()) {
        html += paragraph(TranscriptFormat::summary(e, language));
        html += preformatted(raw);
    } else if (TranscriptFormat::isProtocolText(e)) {
        html += preformatted(TranscriptFormat::summary(e, language));
    } else {
        html += paragraph(TranscriptFormat::summary(e, language));
    }
    return html;
}

QString wireChunk(const EventLog &log, int wireIndex)
{
    const QByteArray bytes = TranscriptFormat::wireBytes(log.at(wireIndex));
    return paragraph(TranscriptFormat::describeWire(bytes))
           + QStringLiteral("<pre style='color:#444'>%1</pre>").arg(TranscriptFormat::hexDump(bytes, 16, 8).toHtmlEscaped());
}

QString tlsLayer(const EventLog &log, int index)
{
    const SimEvent &e = log.at(index);
    if (e.kind == EventKind::Tls) {
        return paragraph(e.field(QStringLiteral("ok")).toBool(true)
                             ? EventLayers::tr("The TLS handshake: from here on, everything on this connection is "
                                               "encrypted.")
                             : EventLayers::tr("The TLS handshake failed: the connection cannot be protected."));
    }
    if (e.kind == EventKind::Wire)
        return paragraph(TranscriptFormat::describeWire(TranscriptFormat::wireBytes(e)));
    QString html;
    const QList<int> wire = EventLayers::wireFor(log, index);
    if (EventLayers::isEncrypted(log, index)) {
        html += paragraph(EventLayers::tr("Encrypted: on the network this line travels inside TLS records; only "
                                          "the two ends can read it."));
        if (wire.isEmpty())
            html += paragraph(EventLayers::tr("No bytes were captured for this line (the wire tap runs in the "
                                              "classroom window's worlds)."));
        else
            html += paragraph(EventLayers::tr("The TLS record(s) the wire tap saw for it:"));
    } else {
        html += paragraph(EventLayers::tr("No TLS: plain text on the wire. Anyone on the network can read it."));
        if (!wire.isEmpty())
            html += paragraph(EventLayers::tr("The bytes the wire tap saw for it:"));
    }
    for (int w : wire)
        html += wireChunk(log, w);
    return html;
}

QString transportLayer(const EventLog &log, int index)
{
    const SimEvent &e = log.at(index);
    const QString client = EventLayers::clientEnd(log, index);
    const QString server = EventLayers::serverEnd(log, index);
    QString html;
    if (client.isEmpty() || server.isEmpty()) {
        html = paragraph(EventLayers::tr("The addresses of this connection were not recorded."));
    } else {
        const QString dir = e.text(u"dir");
        const QString text = dir == QLatin1String("C")   ? EventLayers::tr("From the client %1 to the server %2")
                             : dir == QLatin1String("S") ? EventLayers::tr("From the server %2 to the client %1")
                                                         : EventLayers::tr("Between the client %1 and the server %2");
        html = QStringLiteral("<p style='margin-top:2px'><tt>%1</tt></p>").arg(text.arg(client, server).toHtmlEscaped());
    }
    html += paragraph(EventLayers::tr("Connection: %1").arg(narration::connectionLabel(e.text(u"conn"))));
    return html;
}

} // namespace

QString EventLayers::governingRfc(const SimEvent &e)
{
    const QString protocol = EventFilter::protocolOf(e);
    if (protocol == QLatin1String("smtp"))
        return QStringLiteral("RFC 5321");
    if (protocol == QLatin1String("pop3"))
        return QStringLiteral("RFC 1939");
    if (protocol == QLatin1String("imap"))
        return QStringLiteral("RFC 3501");
    if (protocol == QLatin1String("dns"))
        return QStringLiteral("RFC 1035");
    if (protocol == QLatin1String("tls"))
        return QStringLiteral("RFC 8446");
    return {};
}

bool EventLayers::isEncrypted(const EventLog &log, int index)
{
    const SimEvent &e = log.at(index);
    const QString conn = e.text(u"conn");
    if (conn.isEmpty())
        return false;
    if (isImplicitTls(e.text(u"proto")) || isImplicitTls(conn.section(QLatin1Char('/'), 0, 0)))
        return true;
    for (int i = index; i >= 0; --i) {
        const SimEvent &other = log.at(i);
        if (other.kind == EventKind::Tls && other.text(u"conn") == conn)
            return other.field(QStringLiteral("ok")).toBool(true);
    }
    return false;
}

QList<int> EventLayers::wireFor(const EventLog &log, int index)
{
    const SimEvent &e = log.at(index);
    if (e.kind != EventKind::Line)
        return {};
    const QString conn = e.text(u"conn");
    const QString dir = e.text(u"dir");
    // The client's bytes cross the wire before the server reads the line; the server's after it wrote it.
    const int first = dir == QLatin1String("C") ? -1 : 1;
    int wire = nearestWire(log, index, conn, dir, first);
    if (wire < 0)
        wire = nearestWire(log, index, conn, dir, -first);
    return wire < 0 ? QList<int>{} : QList<int>{wire};
}

QString EventLayers::clientEnd(const EventLog &log, int index)
{
    return connectionField(log, index, QStringLiteral("client"));
}

QString EventLayers::serverEnd(const EventLog &log, int index)
{
    return connectionField(log, index, QStringLiteral("server"));
}

QString EventLayers::html(const EventLog &log, int index, Language language)
{
    if (index < 0 || index >= log.size())
        return {};
    const SimEvent &e = log.at(index);
    const bool onConnection = !e.text(u"conn").isEmpty();
    int layer = 0;

    const QString protocol = protocolName(e);
    QString html = heading(++layer, protocol.isEmpty() ? tr("The event") : tr("Application layer: %1").arg(protocol));
    html += applicationLayer(e, language);

    if (onConnection) {
        html += heading(++layer, tr("TLS (security layer)"));
        html += tlsLayer(log, index);
        html += heading(++layer, tr("TCP connection (transport layer)"));
        html += transportLayer(log, index);
    } else if (e.kind == EventKind::Dns) {
        html += heading(++layer, tr("%1 (transport layer)").arg(e.text(u"transport").toUpper()));
        html += paragraph(tr("Between %1 and the DNS server").arg(e.text(u"peer")));
    }

    const QString why = e.kind == EventKind::Wire ? TranscriptFormat::describeWire(TranscriptFormat::wireBytes(e))
                                                  : TranscriptFormat::explanation(e, language);
    const QString rfc = governingRfc(e);
    if (!why.isEmpty() || !rfc.isEmpty()) {
        html += heading(++layer, tr("What it means"));
        if (!why.isEmpty())
            html += QStringLiteral("<p style='font-size:large; margin-top:2px; margin-bottom:2px'>%1</p>").arg(why.toHtmlEscaped());
        // The explanation names its RFC section; without one, the standard of its protocol.
        if (!rfc.isEmpty() && !why.contains(QLatin1String("RFC ")))
            html += paragraph(tr("Standard: %1").arg(rfc));
    }
    return html;
}

} // namespace mf::gui
