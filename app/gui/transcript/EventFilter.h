#pragma once

#include "events/SimEvent.h"

#include <QString>
#include <QStringList>

namespace mf::gui {

// The event list's filters, like Packet Tracer's Simulation Mode "Edit Filters": which events pass by
// protocol, node and message. Every criterion left empty lets everything through; the ones set must all
// hold (AND). The connection is chosen with the transcript's tabs (TranscriptFormat::Filter). No widgets,
// so tests decide with it directly.
//
// - protocol: a family, as protocolOf() names it ("smtp" for smtp, submission and smtps lines, "pop3" for
//   pop3 and pop3s, "imap", "dns", "tls"). An event of no protocol (a hop, a queue change) does not pass.
// - node: a node id (DESIGN.md). A hop passes when it leaves or reaches the node; other events when they
//   name it; a connection's events when the node is its server (the MTA server for SMTP, the receiving
//   spool and its POP3/IMAP server for POP3 and IMAP).
// - message: a flow id ("m1"); its copies ("m1.1", "m1.2") pass too. Only events that name a message do:
//   hops, queue changes, deliveries, database lookups; protocol lines carry none.
struct EventFilter {
    QString protocol;
    QString node;
    QString message;

    bool isEmpty() const { return protocol.isEmpty() && node.isEmpty() && message.isEmpty(); }
    bool accepts(const SimEvent &event) const;
    bool operator==(const EventFilter &) const = default;

    // The protocol family of an event ("smtp", "pop3", "imap", "dns", "tls"), empty when it has none.
    static QString protocolOf(const SimEvent &event);
    // The families in the order the filter offers them.
    static QStringList protocols();
    // The node ids an event is about (a hop's two ends, the node it names, a connection's server).
    static QStringList nodesOf(const SimEvent &event);
    // The node ids serving connection `conn` ("submission/mx.a.example#1" -> mta-server@mx.a.example).
    static QStringList serverNodes(const QString &conn);
};

} // namespace mf::gui
