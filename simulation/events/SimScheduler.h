#pragma once

#include <QString>
#include <functional>
#include <map>
#include <utility>

namespace mf {

// Simulated time and the events waiting in it, ordered by (time, sequence) as in ns-3: two events at the
// same time run in the order they were scheduled. Handles are cancellable. Nothing here reads the wall
// clock; the Stepper decides when the next event runs.
class SimScheduler
{
public:
    using Handle = quint64;
    using Action = std::function<void()>;

    qint64 now() const { return m_now; }
    Handle scheduleIn(qint64 delayMs, Action action, QString label = {});
    Handle scheduleAt(qint64 timeMs, Action action, QString label = {});
    bool cancel(Handle handle);

    bool hasPending() const { return !m_queue.empty(); }
    // The time of the earliest pending event; now() when none.
    qint64 nextTime() const;
    QString nextLabel() const;
    int pendingCount() const { return int(m_queue.size()); }
    // Advances the clock to the earliest event and runs it; false when nothing is pending.
    bool runNext();
    // Moves the clock forward without running anything (never backwards).
    void advanceTo(qint64 timeMs);
    // Called after every new event is scheduled (the Stepper uses it to wake up when idle).
    void setOnScheduled(Action onScheduled) { m_onScheduled = std::move(onScheduled); }

private:
    struct Entry {
        Action action;
        QString label;
    };
    using Key = std::pair<qint64, quint64>; // (time, sequence)

    std::map<Key, Entry> m_queue;
    std::map<Handle, Key> m_keys;
    qint64 m_now = 0;
    quint64 m_sequence = 0;
    Action m_onScheduled;
};

} // namespace mf
