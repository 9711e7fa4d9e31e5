#pragma once

#include "events/SimEvent.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace mf::gui {

class DiagramTopology;

// What the flow diagram shows at one point of the event log, folded from events 0..n (no widgets): where
// each message's envelope is, each node's badge (queue length, mailbox count, open connections, TLS),
// which links carried TLS, and the protocol exchanges in progress (their last command and reply).
//
// Events map to it as follows:
//   hop       the envelope of `message` moves from `from` to `to`; a hop from an MTA server to itself
//             creates a delivery status notification (a bounce); a new flow "m1.2" whose parent "m1"
//             is a plain copy splits the parent (hidden until the parent itself moves again); a hop
//             back to the UA for a refused submission marks the envelope failed and the UA "not sent"
//   queue     per-node queue length; `deferred` parks the envelope at that node until `next_retry`
//   delivered mailbox count +1;  retrieved with `deleted` n: mailbox count -n (POP3 deletes)
//   bounced   the message is a bounce;  error with a `message`: that message failed (a recipient refused)
//   line      the connection `conn` ("smtp/mx.b.example#2") is open; its last command / reply; QUIT or
//             LOGOUT and the server's answer close it
//   tls       the link the connection runs over is locked (ok) or the connection ends (failed)
//   dns       the DNS server's last question and answer;  action server/link: node or link down/up
class FlowState
{
public:
    struct Envelope {
        QString flow;        // "m1.2"
        QString parent;      // "m1"; empty for an original message
        QString from;        // the last hop (from == to: created there, as a bounce is)
        QString to;
        QString at;          // the node it is at now (the last hop's target, or the queue that holds it)
        QStringList path;    // every node it visited, in order
        QString recipient;   // the mailbox it is for, once a hop names it (an alias copy: "bob@b.example")
        int lastHopEvent = -1;
        bool bounce = false;    // a delivery status notification, or a copy of one
        bool failed = false;    // a recipient was refused; a bounce goes back to the sender
        bool split = false;     // divided into copies that travel on; the envelope itself is not shown
        bool fannedOut = false; // a copy, or a message that was split: its envelope says whom it is for
        bool delivered = false;
        bool deferred = false;  // waiting in a queue for its next attempt
        qint64 nextRetryMs = -1;
        int attempts = 0;
    };
    struct NodeState {
        int queued = 0;          // queue entries not finished (queued, being sent, or deferred)
        int deferred = 0;
        int messages = 0;        // mailboxes: stored and not deleted
        int openConnections = 0; // protocol connections served by this node now
        int tlsConnections = 0;  // ... of which encrypted
        int dnsQueries = 0;
        bool down = false;       // a server taken down by the scenario
    };
    struct Connection {
        QString id;      // "smtp/mx.b.example#2"
        QString proto;   // smtp, submission, smtps, pop3, pop3s, imap, imaps, dns
        QString client;  // the link the conversation runs over: client node -> server node
        QString server;
        QString command; // the last client line
        QString reply;   // the last server line
        int firstEvent = -1; // where the conversation began
        int commandEvent = -1;
        int replyEvent = -1;
        int lastEvent = -1;
        bool tls = false;
        bool open = true;
        bool closing = false; // the client said QUIT / LOGOUT
        bool inData = false;  // SMTP: the message text is being sent (after 354)
    };
    // The changes since the last takeChanges(), so a view updates only what moved.
    struct Changes {
        QSet<QString> envelopes;
        QSet<QString> nodes;
        QSet<QString> connections;
        bool links = false;
        bool any() const { return !envelopes.isEmpty() || !nodes.isEmpty() || !connections.isEmpty() || links; }
    };

    explicit FlowState(const DiagramTopology *topology = nullptr);

    void clear();
    // The domain drawn on the sending side: its POP3/IMAP sessions run on its access-server node, not on
    // its spool (the outgoing queue).
    void setSenderDomain(const QString &domain) { m_senderDomain = domain; }
    void apply(int index, const SimEvent &event);
    // clear() and apply events 0..upTo.
    void rebuild(const QList<SimEvent> &events, int upTo);

    int lastEvent() const { return m_lastEvent; }
    // The last protocol line or hop applied: the step on show (-1 before any).
    int lastStepEvent() const { return m_lastStep; }
    qint64 time() const { return m_time; }

    const QHash<QString, Envelope> &envelopes() const { return m_envelopes; }
    const Envelope *envelope(const QString &flow) const;
    // Envelopes shown at `nodeId` (not split), in order of arrival.
    QStringList envelopesAt(const QString &nodeId) const;
    NodeState node(const QString &nodeId) const { return m_nodes.value(nodeId); }
    const QHash<QString, NodeState> &nodes() const { return m_nodes; }
    const QHash<QString, Connection> &connections() const { return m_connections; }
    QList<const Connection *> openConnections() const;
    // What a device's user agent shows of each message it has fetched: flow -> read (\Seen). Only for a
    // user who reads on two or more devices, each drawn as its own UA.
    QHash<QString, bool> deviceView(const QString &uaNode) const { return m_deviceViews.value(uaNode); }
    // A connection to a mail server that failed (refused, unreachable): shown on the link into that
    // server until the next hop, so the class sees why the sender moves on to the next MX.
    struct Refusal {
        QString node;  // "mta-server@mx1.b.example"
        QString text;  // "Connection refused"
        int event = -1;
    };
    const Refusal &refusal() const { return m_refusal; }
    // A message the sender's own submission server refused for good: shown on the sender's UA (node, and
    // the server's reply as text) until the next hop, as a mail program tells its user at once.
    const Refusal &notSent() const { return m_notSent; }
    // A link (either direction) that carried TLS.
    bool isLocked(const QString &a, const QString &b) const;
    // Every pair of nodes a hop went along, "from|to" (from != to).
    const QSet<QString> &travelledLinks() const { return m_travelled; }
    // Internet links between two domains that are cut, "a.example|b.example" (sorted).
    const QSet<QString> &downLinks() const { return m_downLinks; }

    Changes takeChanges();

    static QString linkKey(const QString &a, const QString &b); // order-independent
    static QString parentFlow(const QString &flow);

private:
    struct QueueEntry {
        QString node;
        QString state;
    };

    void applyHop(int index, const SimEvent &event);
    void applyQueue(const SimEvent &event);
    void applyLine(int index, const SimEvent &event);
    void applyTls(const SimEvent &event);
    void applyDns(int index, const SimEvent &event);
    void applyAction(const SimEvent &event);
    Connection &connectionFor(const QString &id, const QString &proto, int index);
    void closeConnection(Connection &c);
    void recountQueue(const QString &node);
    void lock(const QString &a, const QString &b);
    QString domainOfNode(const QString &nodeId) const;

    const DiagramTopology *m_topology = nullptr;
    int m_lastEvent = -1;
    int m_lastStep = -1;
    qint64 m_time = 0;
    QHash<QString, Envelope> m_envelopes;
    QHash<QString, NodeState> m_nodes;
    QHash<QString, Connection> m_connections;
    QHash<QString, QueueEntry> m_queueEntries; // "queue|domain|id"
    QSet<QString> m_locked;
    QSet<QString> m_travelled;
    QString m_lastMtaArrival; // the MTA server a message last arrived at: it asks the DNS
    QSet<QString> m_storedOnArrival; // "flow|mailboxes node": counted at its hop, before its delivered row
    QSet<QString> m_downLinks;
    Refusal m_refusal;
    Refusal m_notSent;
    QHash<QString, QHash<QString, bool>> m_deviceViews; // device UA node -> flow -> read
    QSet<QString> m_seenOnServer;                       // flows whose \Seen flag is stored on the server
    QHash<QString, QString> m_lastDeviceOf;             // account -> the device UA node it last read on
    Changes m_changes;
    int m_arrivals = 0;
    QHash<QString, int> m_arrivalOrder; // flow -> when it arrived where it is
    QHash<QString, QPair<QString, QString>> m_lastArrival; // node -> (from, flow) of the last hop into it
    QString m_senderDomain;
};

} // namespace mf::gui
