#include "ChartModel.h"

namespace mf::gui {

namespace {

QString field(const SimEvent &event, const char *name)
{
    return event.field(QLatin1String(name)).toString();
}

bool occupiesQueue(const QString &state)
{
    return state == QLatin1String("queued") || state == QLatin1String("active") || state == QLatin1String("deferred");
}

} // namespace

void ChartModel::clear()
{
    *this = ChartModel();
}

QString ChartModel::nodeKind(const QString &nodeId)
{
    const qsizetype at = nodeId.indexOf(QLatin1Char('@'));
    return at < 0 ? nodeId : nodeId.left(at);
}

void ChartModel::add(const SimEvent &event)
{
    ++m_eventCount;
    m_lastTime = event.t;
    const EventKind kind = event.kind;
    if (kind == EventKind::Hop) {
        addHop(event);
    } else if (kind == EventKind::Queue) {
        addQueue(event);
    } else if (kind == EventKind::Delivered) {
        if (!event.field(QLatin1String("dsn")).toBool())
            ++m_outcomes.delivered;
    } else if (kind == EventKind::Bounced) {
        ++m_outcomes.bounced;
    } else if (kind == EventKind::Line) {
        const QString protocol = field(event, "proto");
        if (!m_bytes.contains(protocol))
            m_protocols.append(protocol);
        m_bytes[protocol] += field(event, "text").toUtf8().size() + 2; // + CRLF
    }
    // The moment a message first appears (e.g. the "send" action) starts the clock for its first hop.
    const QString flow = field(event, "message");
    if (!flow.isEmpty() && !m_lastSeen.contains(flow))
        m_lastSeen.insert(flow, event.t);
}

void ChartModel::addHop(const SimEvent &event)
{
    const QString flow = field(event, "message");
    const QString hopKind = nodeKind(field(event, "from")) + QStringLiteral(" → ") + nodeKind(field(event, "to"));
    const qint64 previous = m_lastSeen.value(flow, event.t);
    m_lastSeen.insert(flow, event.t);
    if (!m_latency.contains(hopKind))
        m_hopKinds.append(hopKind);
    LatencySum &sum = m_latency[hopKind];
    sum.totalMs += double(event.t - previous);
    ++sum.count;
}

void ChartModel::addQueue(const SimEvent &event)
{
    const QString node = field(event, "node");
    const QString entry = event.field(QLatin1String("id")).toVariant().toString();
    const QString state = field(event, "state");
    if (!m_queues.contains(node))
        m_queueNodes.append(node);
    QueueState &queue = m_queues[node];
    const bool was = occupiesQueue(queue.stateOf.value(entry));
    const bool is = occupiesQueue(state);
    queue.stateOf.insert(entry, state);
    queue.length += int(is) - int(was);
    if (queue.points.isEmpty() || queue.points.last().y() != queue.length)
        queue.points.append(QPointF(double(event.t), queue.length));
    if (state == QLatin1String("deferred"))
        m_deferredFlows.insert(field(event, "message"));
    m_outcomes.deferred = int(m_deferredFlows.size());
}

QList<ChartModel::HopLatency> ChartModel::hopLatencies() const
{
    QList<HopLatency> rows;
    for (const QString &kind : m_hopKinds) {
        const LatencySum &sum = m_latency[kind];
        rows.append({kind, sum.count ? sum.totalMs / sum.count : 0.0, sum.count});
    }
    return rows;
}

QList<ChartModel::QueueSeries> ChartModel::queueSeries() const
{
    QList<QueueSeries> rows;
    for (const QString &node : m_queueNodes)
        rows.append({node, m_queues[node].points});
    return rows;
}

QList<ChartModel::ProtocolBytes> ChartModel::bytesPerProtocol() const
{
    QList<ProtocolBytes> rows;
    for (const QString &protocol : m_protocols)
        rows.append({protocol, m_bytes.value(protocol)});
    return rows;
}

} // namespace mf::gui
