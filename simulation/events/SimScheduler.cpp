#include "SimScheduler.h"

namespace mf {

SimScheduler::Handle SimScheduler::scheduleIn(qint64 delayMs, Action action, QString label)
{
    return scheduleAt(m_now + qMax<qint64>(0, delayMs), std::move(action), std::move(label));
}

SimScheduler::Handle SimScheduler::scheduleAt(qint64 timeMs, Action action, QString label)
{
    const Handle handle = ++m_sequence;
    const Key key{qMax(timeMs, m_now), handle};
    m_queue.emplace(key, Entry{std::move(action), std::move(label)});
    m_keys.emplace(handle, key);
    if (m_onScheduled)
        m_onScheduled();
    return handle;
}

bool SimScheduler::cancel(Handle handle)
{
    const auto it = m_keys.find(handle);
    if (it == m_keys.end())
        return false;
    m_queue.erase(it->second);
    m_keys.erase(it);
    return true;
}

qint64 SimScheduler::nextTime() const
{
    return m_queue.empty() ? m_now : m_queue.begin()->first.first;
}

QString SimScheduler::nextLabel() const
{
    return m_queue.empty() ? QString() : m_queue.begin()->second.label;
}

bool SimScheduler::runNext()
{
    if (m_queue.empty())
        return false;
    auto it = m_queue.begin();
    const Key key = it->first;
    Action action = std::move(it->second.action);
    m_queue.erase(it);
    m_keys.erase(key.second);
    m_now = qMax(m_now, key.first);
    action();
    return true;
}

void SimScheduler::advanceTo(qint64 timeMs)
{
    m_now = qMax(m_now, timeMs);
}

} // namespace mf
