#pragma once

#include "events/EventLog.h"
#include "explain/Language.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace mf::gui {

// The event list's detail pane, like Packet Tracer's PDU details: one event shown layer by layer, top
// to bottom: the application layer (the protocol line or the event, and its raw detail), TLS (the
// records the wire tap saw for a line on an encrypted connection, or "plain text on the wire"), the TCP
// connection (client address:port → server address:port) and what it means, with its RFC. The words
// about the event come from narration/EventNarrator; only the headings and the layers' labels are here.
// No widgets: the pane is HTML a QTextBrowser shows and a test reads.
class EventLayers
{
    Q_DECLARE_TR_FUNCTIONS(EventLayers)
public:
    // The pane for event `index` of `log`, in `language` (headings follow the installed translation).
    static QString html(const EventLog &log, int index, Language language);

    // The standard that governs an event's protocol: "RFC 5321" (SMTP), "RFC 1939" (POP3), "RFC 3501"
    // (IMAP), "RFC 1035" (DNS), "RFC 8446" (TLS); empty for events of no protocol.
    static QString governingRfc(const SimEvent &event);
    // Whether event `index` (of a connection) crossed the network inside TLS: an implicit-TLS port, or
    // after the connection's STARTTLS/STLS handshake.
    static bool isEncrypted(const EventLog &log, int index);
    // The wire events (indices into `log`) that carried line `index`: the client's bytes just before the
    // server read them, the server's just after it wrote them. Empty when nothing was captured (headless
    // worlds have no wire tap) or `index` is no line.
    static QList<int> wireFor(const EventLog &log, int index);
    // "127.0.0.2:40312" and "127.0.0.2:2587": the connection's ends, from the event or another event of
    // its connection; empty when not recorded.
    static QString clientEnd(const EventLog &log, int index);
    static QString serverEnd(const EventLog &log, int index);
};

} // namespace mf::gui
