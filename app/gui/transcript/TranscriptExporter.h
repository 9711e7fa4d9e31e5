#pragma once

#include "EventFilter.h"
#include "TranscriptFormat.h"

#include <QCoreApplication>
#include <QString>

namespace mf {
class EventLog;
}

namespace mf::gui {

// Turns the transcript into a file for a lab report: plain text (one event per line, C:/S: markers and
// the explanation indented below) or a self-contained HTML page with the same colours as the view.
// Exports the events that pass `filter` and `events` (the event list's protocol, node and message
// filters), from the first up to event `upTo` (the cursor: what is shown).
class TranscriptExporter
{
    Q_DECLARE_TR_FUNCTIONS(TranscriptExporter)
public:
    static QString toText(const EventLog &log, const TranscriptFormat::Filter &filter, Language language, int upTo,
                          const EventFilter &events = {});
    static QString toHtml(const EventLog &log, const TranscriptFormat::Filter &filter, Language language, int upTo,
                          const QString &title, const EventFilter &events = {});
    // Writes `text` as UTF-8; false with `error` set when the file cannot be written.
    static bool writeFile(const QString &path, const QString &text, QString *error);
    // What an export with `filter` holds: "all events", one connection, or what an eavesdropper saw on it;
    // ", filtered" when `events` leaves some out.
    static QString subject(const TranscriptFormat::Filter &filter, const EventFilter &events = {});
};

} // namespace mf::gui
