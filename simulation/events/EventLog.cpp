#include "EventLog.h"

#include <QJsonDocument>

namespace mf {

EventLog::EventLog(QObject *parent) : QObject(parent) {}

int EventLog::append(const SimEvent &event)
{
    const bool live = isLive() && m_followsAppends;
    m_events.append(event);
    const int index = size() - 1;
    emit appended(index);
    if (live) {
        m_cursor = index;
        emit cursorMoved(m_cursor);
    }
    return index;
}

void EventLog::clear()
{
    m_events.clear();
    m_cursor = -1;
    emit cleared();
}

bool EventLog::stepBack()
{
    if (m_cursor < 0)
        return false;
    setCursor(m_cursor - 1);
    return true;
}

bool EventLog::stepForward()
{
    if (m_cursor >= size() - 1)
        return false;
    setCursor(m_cursor + 1);
    return true;
}

void EventLog::setCursor(int index)
{
    index = qBound(-1, index, size() - 1);
    if (index == m_cursor)
        return;
    m_cursor = index;
    emit cursorMoved(m_cursor);
}

bool EventLog::stepBackTo(EventKind kind)
{
    for (int i = m_cursor - 1; i >= 0; --i) {
        if (m_events[i].kind == kind) {
            setCursor(i);
            return true;
        }
    }
    return false;
}

bool EventLog::stepForwardTo(EventKind kind)
{
    for (int i = m_cursor + 1; i < size(); ++i) {
        if (m_events[i].kind == kind) {
            setCursor(i);
            return true;
        }
    }
    return false;
}

QByteArray EventLog::toJsonLine(const SimEvent &event)
{
    return QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact);
}

void EventLog::writeJsonLines(QIODevice &device, int from) const
{
    for (int i = qMax(0, from); i < size(); ++i) {
        device.write(toJsonLine(m_events[i]));
        device.write("\n", 1);
    }
}

} // namespace mf
