#pragma once

#include "events/SimEvent.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QString>
#include <QStringList>

namespace mf::gui {

// The numbers behind the Charts dock, computed from the event log (no widgets, so it can be tested on
// its own). Feed it the events 0..cursor in order with add(); clear() and feed again to show an earlier
// moment.
//  - hop latency: for each kind of hop ("spool → alias-expander", node kinds without their domain), the
//    average simulated time since the same message's previous hop (or since the message appeared);
//  - queue length over time for every queue node (a spool or an MTA server's queue): how many messages
//    are queued, being sent or waiting for a retry there;
//  - outcomes: deliveries (not counting bounce notices), messages deferred at least once, bounces;
//  - bytes per protocol: every transcript line plus its CRLF.
class ChartModel
{
public:
    struct HopLatency {
        QString kind;
        double averageMs = 0;
        int count = 0;
    };
    struct QueueSeries {
        QString node;
        QList<QPointF> points; // x: simulated ms, y: queue length (one point per change)
    };
    struct Outcomes {
        int delivered = 0;
        int deferred = 0;
        int bounced = 0;
    };
    struct ProtocolBytes {
        QString protocol;
        qint64 bytes = 0;
    };

    void clear();
    void add(const SimEvent &event);
    // How many events were added (the next event to add is this index of the log).
    int eventCount() const { return m_eventCount; }
    // The simulated time of the last event added (0 before the first).
    qint64 lastTime() const { return m_lastTime; }

    QList<HopLatency> hopLatencies() const;
    QList<QueueSeries> queueSeries() const;
    Outcomes outcomes() const { return m_outcomes; }
    QList<ProtocolBytes> bytesPerProtocol() const;

    // "mta-server@mx.a.example" -> "mta-server"; "internet" stays.
    static QString nodeKind(const QString &nodeId);

private:
    struct LatencySum {
        double totalMs = 0;
        int count = 0;
    };
    struct QueueState {
        QHash<QString, QString> stateOf; // queue entry id -> last state
        int length = 0;
        QList<QPointF> points;
    };

    void addHop(const SimEvent &event);
    void addQueue(const SimEvent &event);

    int m_eventCount = 0;
    qint64 m_lastTime = 0;
    QHash<QString, qint64> m_lastSeen; // flow id -> time of its previous hop (or first event)
    QStringList m_hopKinds;            // in the order first seen
    QHash<QString, LatencySum> m_latency;
    QStringList m_queueNodes;
    QHash<QString, QueueState> m_queues;
    QSet<QString> m_deferredFlows;
    Outcomes m_outcomes;
    QStringList m_protocols;
    QHash<QString, qint64> m_bytes;
};

} // namespace mf::gui
