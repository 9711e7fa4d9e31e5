#include "QueueFold.h"

#include "events/EventLog.h"

namespace mf::gui {

void QueueFold::setNode(const QString &nodeId)
{
    if (nodeId == m_node)
        return;
    m_node = nodeId;
    clear();
}

void QueueFold::clear()
{
    m_rows.clear();
    m_foldedTo = -1;
}

bool QueueFold::foldTo(const EventLog &log, int cursor)
{
    cursor = qMin(cursor, log.size() - 1);
    bool changed = false;
    if (cursor < m_foldedTo) {
        changed = !m_rows.isEmpty();
        clear();
    }
    for (int i = m_foldedTo + 1; i <= cursor; ++i)
        changed = apply(log.at(i)) || changed;
    m_foldedTo = cursor;
    return changed;
}

bool QueueFold::apply(const SimEvent &event)
{
    if (event.kind != EventKind::Queue || event.field(QStringLiteral("node")).toString() != m_node)
        return false;
    if (!event.hasField(QStringLiteral("id")))
        return false; // "resumed" summaries carry no entry
    const qint64 id = event.field(QStringLiteral("id")).toInteger();
    auto it = std::find_if(m_rows.begin(), m_rows.end(), [id](const Row &r) { return r.id == id; });
    if (it == m_rows.end()) {
        m_rows.append(Row{});
        it = m_rows.end() - 1;
    }
    it->id = id;
    it->message = event.field(QStringLiteral("message")).toString();
    it->state = event.field(QStringLiteral("state")).toString();
    it->attempts = event.field(QStringLiteral("attempts")).toInt();
    it->nextRetryMs = event.field(QStringLiteral("next_retry")).toInteger(-1);
    it->error = event.field(QStringLiteral("error")).toString();
    it->changedMs = event.t;
    return true;
}

} // namespace mf::gui
