#include "TranscriptExporter.h"

#include "events/EventLog.h"

#include <QSaveFile>

namespace mf::gui {

namespace {

} // namespace

QString TranscriptExporter::subject(const TranscriptFormat::Filter &filter, const EventFilter &events)
{
    QString what;
    if (filter.connection.isEmpty())
        what = TranscriptExporter::tr("all events");
    else
        what = filter.wire ? TranscriptExporter::tr("what an eavesdropper sees on %1").arg(TranscriptFormat::connectionLabel(filter.connection))
                           : TranscriptFormat::connectionLabel(filter.connection);
    return events.isEmpty() ? what : TranscriptExporter::tr("%1, filtered").arg(what);
}

QString TranscriptExporter::toText(const EventLog &log, const TranscriptFormat::Filter &filter, Language language, int upTo,
                                   const EventFilter &events)
{
    QString out = tr("MailFlow transcript: %1").arg(subject(filter, events)) + QLatin1Char('\n');
    const int last = qMin(upTo, log.size() - 1);
    for (int i = 0; i <= last; ++i) {
        const SimEvent &e = log.at(i);
        if (!filter.accepts(e) || !events.accepts(e))
            continue;
        QString line = TranscriptFormat::time(e.t).rightJustified(12) + QStringLiteral("  ");
        if (filter.connection.isEmpty())
            line += TranscriptFormat::place(e).leftJustified(30) + QLatin1Char(' ');
        line += TranscriptFormat::marker(e, language).leftJustified(7) + QLatin1Char(' ');
        const QString indent(line.size(), QLatin1Char(' '));
        if (e.kind == EventKind::Wire) {
            line += TranscriptFormat::hexDump(TranscriptFormat::wireBytes(e), 4096).replace(QLatin1Char('\n'), QLatin1Char('\n') + indent);
        } else {
            line += TranscriptFormat::summary(e, language);
        }
        out += line + QLatin1Char('\n');
        const QString why = TranscriptFormat::explanation(e, language);
        if (!why.isEmpty() && (e.kind == EventKind::Line || e.kind == EventKind::Wire))
            out += indent + QStringLiteral("= ") + why + QLatin1Char('\n');
    }
    return out;
}

QString TranscriptExporter::toHtml(const EventLog &log, const TranscriptFormat::Filter &filter, Language language,
                                   int upTo, const QString &title, const EventFilter &events)
{
    const bool all = filter.connection.isEmpty();
    QString out;
    out += QStringLiteral("<!DOCTYPE html>\n<html lang=\"%1\">\n<head>\n<meta charset=\"utf-8\">\n<title>%2</title>\n")
               .arg(languageCode(language), title.toHtmlEscaped());
    out += QStringLiteral(
        "<style>\n"
        "body { font-family: sans-serif; margin: 2em; color: #1a1a1a; }\n"
        "table { border-collapse: collapse; width: 100%; }\n"
        "th { text-align: left; border-bottom: 2px solid #888; padding: 4px 8px; }\n"
        "td { padding: 3px 8px; vertical-align: top; border-bottom: 1px solid #fff; }\n"
        "td.time { text-align: right; white-space: nowrap; font-family: monospace; }\n"
        "td.marker { font-family: monospace; font-weight: bold; white-space: nowrap; }\n"
        "td.text.proto { font-family: monospace; white-space: pre-wrap; }\n"
        "td.why { font-size: 90%; }\n"
        "</style>\n</head>\n<body>\n");
    out += QStringLiteral("<h1>%1</h1>\n<p>%2</p>\n").arg(title.toHtmlEscaped(), subject(filter, events).toHtmlEscaped());
    out += QStringLiteral("<table>\n<thead><tr><th>%1</th>").arg(tr("Time").toHtmlEscaped());
    if (all)
        out += QStringLiteral("<th>%1</th>").arg(tr("Where").toHtmlEscaped());
    out += QStringLiteral("<th></th><th>%1</th><th>%2</th></tr></thead>\n<tbody>\n")
               .arg(tr("What happened").toHtmlEscaped(), tr("What it means").toHtmlEscaped());
    const int last = qMin(upTo, log.size() - 1);
    for (int i = 0; i <= last; ++i) {
        const SimEvent &e = log.at(i);
        if (!filter.accepts(e) || !events.accepts(e))
            continue;
        const QString text = e.kind == EventKind::Wire
                                 ? TranscriptFormat::hexDump(TranscriptFormat::wireBytes(e), 4096)
                                 : TranscriptFormat::summary(e, language);
        out += QStringLiteral("<tr class=\"%1\" style=\"background:%2; color:%3\">")
                   .arg(QString(kindName(e.kind)), TranscriptFormat::background(e).name(), TranscriptFormat::foreground(e).name());
        out += QStringLiteral("<td class=\"time\">%1</td>").arg(TranscriptFormat::time(e.t).toHtmlEscaped());
        if (all)
            out += QStringLiteral("<td class=\"place\">%1</td>").arg(TranscriptFormat::place(e).toHtmlEscaped());
        out += QStringLiteral("<td class=\"marker\" style=\"color:%1\">%2</td>")
                   .arg(TranscriptFormat::markerColor(e).name(), TranscriptFormat::marker(e, language).toHtmlEscaped());
        out += QStringLiteral("<td class=\"text%1\">%2</td>")
                   .arg(TranscriptFormat::isProtocolText(e) ? QStringLiteral(" proto") : QString(), text.toHtmlEscaped());
        out += QStringLiteral("<td class=\"why\">%1</td></tr>\n")
                   .arg(TranscriptFormat::explanation(e, language).toHtmlEscaped());
    }
    out += QStringLiteral("</tbody>\n</table>\n</body>\n</html>\n");
    return out;
}

bool TranscriptExporter::writeFile(const QString &path, const QString &text, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(text.toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace mf::gui
