#include "MessageHistory.h"

namespace mf {

void MessageHistory::addFlow(const QString &flow, const QString &parent)
{
    if (m_keep && !parent.isEmpty())
        m_parents.insert(flow, parent);
}

void MessageHistory::setContent(const QString &flow, int eventIndex, const QString &node, const QString &mailFrom,
                                const QStringList &rcptTo, const QByteArray &data)
{
    if (!m_keep)
        return;
    MessageSnapshot s{eventIndex, node, mailFrom, rcptTo, data};
    // Share the bytes with the previous snapshot when they did not change (most hops).
    if (const auto previous = latest(flow); previous && previous->data == data)
        s.data = previous->data;
    append(flow, std::move(s));
}

void MessageHistory::arrive(const QString &flow, int eventIndex, const QString &node)
{
    auto s = latest(flow);
    if (!s)
        return; // a message the world did not write (resumed after a restart): nothing known yet
    s->eventIndex = eventIndex;
    s->node = node;
    append(flow, std::move(*s));
}

std::optional<MessageSnapshot> MessageHistory::at(const QString &flow, int eventIndex) const
{
    const auto it = m_snapshots.constFind(flow);
    if (it == m_snapshots.cend())
        return std::nullopt;
    std::optional<MessageSnapshot> found;
    for (const MessageSnapshot &s : *it) {
        if (s.eventIndex > eventIndex)
            break;
        found = s;
    }
    return found;
}

std::optional<MessageSnapshot> MessageHistory::latest(const QString &flow) const
{
    for (QString f = flow; !f.isEmpty(); f = m_parents.value(f)) {
        const auto it = m_snapshots.constFind(f);
        if (it != m_snapshots.cend() && !it->isEmpty())
            return it->last();
    }
    return std::nullopt;
}

void MessageHistory::append(const QString &flow, MessageSnapshot snapshot)
{
    auto &list = m_snapshots[flow];
    if (list.isEmpty())
        m_order << flow;
    list << std::move(snapshot);
}

} // namespace mf
