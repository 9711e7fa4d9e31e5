#pragma once

#include "events/SimEvent.h"
#include "explain/Language.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace mf::gui {

// How one event reads in the transcript: its marker ("C:", "S:", "hop"...), a one-line summary, the
// explanation in a chosen language, and its colours. The words come from narration/EventNarrator, the
// renderer `mailflow run` uses too; this adds what only the GUI has (colours, the wire tap's bytes).
class TranscriptFormat
{
    Q_DECLARE_TR_FUNCTIONS(TranscriptFormat)
public:
    // Which events a view shows: all of them ("All": everything but raw wire bytes), one connection's
    // dialogue (its lines, TLS and errors), or what an eavesdropper sees on that connection (its wire
    // bytes and TLS events).
    struct Filter {
        QString connection; // empty: all events
        bool wire = false;
        bool accepts(const SimEvent &event) const;
    };

    // "12.345 s": simulated time.
    static QString time(qint64 ms);
    // "submission · mx.a.example #1" for "submission/mx.a.example#1".
    static QString connectionLabel(const QString &conn);
    // Where it happened: the connection for protocol events, the node for the others.
    static QString place(const SimEvent &event);
    // "C:", "S:" for lines; "C→S"/"S→C" for wire bytes; a short word for other kinds.
    static QString marker(const SimEvent &event, Language language);
    // The line itself, or a readable sentence for other kinds (hops, DNS, queue changes...).
    static QString summary(const SimEvent &event, Language language);
    // The explanation of a line in `language` (falls back on "explain"), or a short description of what
    // other kinds mean; for wire events, what the observer can make of the bytes.
    static QString explanation(const SimEvent &event, Language language);
    // Whether the text is protocol text (shown in a monospace font).
    static bool isProtocolText(const SimEvent &event);

    static QColor foreground(const SimEvent &event);
    static QColor background(const SimEvent &event);
    static QColor markerColor(const SimEvent &event);

    // Wire events: the bytes as captured, and a hex dump ("16 03 03 00 7a ...  |....z|") of at most
    // `maxBytes` of them.
    static QByteArray wireBytes(const SimEvent &event);
    static QString hexDump(const QByteArray &bytes, int maxBytes, int perLine = 16);
    // What a network observer can tell from a chunk: readable text, or the TLS record headers (type and
    // length; the content is encrypted).
    // `brief`: a few words for the table ("TLS application data, 32 bytes: encrypted").
    static QString describeWire(const QByteArray &bytes, bool brief = false);
    static bool looksLikeTls(const QByteArray &bytes);
};

} // namespace mf::gui
