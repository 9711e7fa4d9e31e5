#pragma once

#include "SimEvent.h"

#include <QIODevice>
#include <QList>
#include <QObject>

namespace mf {

// Everything that happened, in order, with a cursor that can be walked back and forth. The GUI's "back"
// moves the cursor and every view shows the world as it was at that event; going forward replays the
// recorded events and, at the end, the world continues live.
class EventLog : public QObject
{
    Q_OBJECT
public:
    explicit EventLog(QObject *parent = nullptr);

    // Records an event; when the cursor was at the end (live) and the log follows appends, it stays at
    // the end.
    int append(const SimEvent &event);
    // The GUI paces the cursor itself (gui/LessonClock): new events wait after the cursor until the
    // picture reaches them. Headless runs keep the default, following every append.
    void setFollowsAppends(bool follow) { m_followsAppends = follow; }
    bool followsAppends() const { return m_followsAppends; }
    int size() const { return int(m_events.size()); }
    const SimEvent &at(int index) const { return m_events.at(index); }
    const QList<SimEvent> &events() const { return m_events; }
    void clear();

    // The index of the last event the views show; size()-1 when live, -1 before the first event.
    int cursor() const { return m_cursor; }
    bool isLive() const { return m_cursor == size() - 1; }
    bool stepBack();
    bool stepForward();
    void setCursor(int index);
    // Moves back to the previous event of `kind` (e.g. "hop"); false when there is none.
    bool stepBackTo(EventKind kind);
    bool stepForwardTo(EventKind kind);

    // One JSON object per line, as `mailflow run --format json` prints them.
    void writeJsonLines(QIODevice &device, int from = 0) const;
    static QByteArray toJsonLine(const SimEvent &event);

signals:
    void appended(int index);
    void cursorMoved(int index);
    void cleared();

private:
    QList<SimEvent> m_events;
    int m_cursor = -1;
    bool m_followsAppends = true;
};

} // namespace mf
