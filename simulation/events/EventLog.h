#pragma once

#include "EventArchive.h"
#include "EventRetention.h"
#include "SimEvent.h"

#include <QIODevice>
#include <QList>
#include <QObject>

#include <memory>

namespace mf {

// Everything that happened, in order, with a cursor that can be walked back and forth. The GUI's "back"
// moves the cursor and every view shows the world as it was at that event; going forward replays the
// recorded events and, at the end, the world continues live.
//
// By default it keeps everything. A bounded log (setRetention, for `mailflow serve`) keeps only the most
// recent events in memory and hands the older ones to its archive. Indices stay those of the whole
// history: size() counts every event ever appended, while at() and events() reach only the kept ones,
// from firstKept() on.
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
    int size() const { return m_first + int(m_events.size()); }
    // `index` must be kept: firstKept() <= index < size().
    const SimEvent &at(int index) const { return m_events.at(index - m_first); }
    // The kept events, from firstKept() on (every event unless the log is bounded).
    const QList<SimEvent> &events() const { return m_events; }
    void clear();

    // Bounds the log (EventRetention); `archive` (may be null) receives the events let go of.
    void setRetention(const EventRetention &retention, std::unique_ptr<EventArchive> archive = {});
    const EventRetention &retention() const { return m_retention; }
    EventArchive *archive() const { return m_archive.get(); }
    // The index of the oldest event still in memory (0 unless a bounded log let go of some).
    int firstKept() const { return m_first; }
    // What the kept events take in memory, as estimated for the bound (only counted in a bounded log).
    qint64 keptBytes() const { return m_keptBytes; }
    // An event's share of memory: the event itself and the strings of its own fields, plus its common
    // fields unless `commonShared` (the event before it refers to the same ones).
    static qint64 estimatedBytes(const SimEvent &event, bool commonShared);

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
    void letGoOfOldest();

    QList<SimEvent> m_events;
    int m_first = 0;
    EventRetention m_retention;
    std::unique_ptr<EventArchive> m_archive;
    QList<quint32> m_sizes; // estimatedBytes() of each kept event (bounded logs only)
    qint64 m_keptBytes = 0;
    int m_cursor = -1;
    bool m_followsAppends = true;
};

} // namespace mf
