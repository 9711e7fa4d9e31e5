#include "Stepper.h"

#include "StepUnits.h"

#include <cmath>

namespace mf {

Stepper::Stepper(SimScheduler &scheduler, EventLog &log, QObject *parent)
    : IoGate(parent), m_scheduler(scheduler), m_log(log)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Stepper::tick);
    connect(&m_log, &EventLog::appended, this, &Stepper::onAppended);
    // New work while running (a message arriving from a real client, say) wakes the stepper.
    m_scheduler.setOnScheduled([this] {
        if (m_mode != Mode::Paused && !m_timer.isActive()) {
            m_finishedEmitted = false;
            scheduleTick();
        } else if (m_mode == Mode::Paused && std::exchange(m_finishedEmitted, false)) {
            emit wokeAfterFinish();
        }
    });
}

Stepper::~Stepper()
{
    m_scheduler.setOnScheduled({});
}

void Stepper::run()
{
    setMode(Mode::Running);
}

void Stepper::pause()
{
    setMode(Mode::Paused);
}

void Stepper::stepHop()
{
    setMode(Mode::SteppingHop);
}

void Stepper::stepCommand()
{
    setMode(Mode::SteppingCommand);
}

void Stepper::setShowsGaps(bool on)
{
    if (on == m_showsGaps)
        return;
    m_showsGaps = on;
    if (!on && m_waitedFor >= 0 && m_timer.isActive() && m_mode != Mode::Paused)
        scheduleTick();
}

void Stepper::setSpeed(double factor)
{
    m_speed = factor;
    if (m_mode != Mode::Paused)
        scheduleTick();
}

void Stepper::setMode(Mode mode)
{
    const bool changed = mode != m_mode;
    m_mode = mode;
    if (changed)
        emit modeChanged(mode);
    if (mode == Mode::Paused) {
        m_timer.stop();
        return;
    }
    m_finishedEmitted = false;
    emit opened();
    scheduleTick();
}

void Stepper::beginActivity(const QString &id)
{
    m_activities.insert(id);
    if (m_mode == Mode::Paused && std::exchange(m_finishedEmitted, false))
        emit wokeAfterFinish();
}

void Stepper::endActivity(const QString &id)
{
    if (m_activities.remove(id) && m_activities.isEmpty() && m_mode != Mode::Paused)
        scheduleTick();
}

void Stepper::scheduleTick(int delayMs)
{
    m_timer.start(qMax(0, delayMs));
}

void Stepper::tick()
{
    // Events run back to back for up to one time slice, then the event loop gets a turn (socket I/O,
    // painting) before the next tick: one event per tick would spend most of a run in the event loop.
    constexpr qint64 kSliceNs = 2'000'000;
    QElapsedTimer slice;
    slice.start();
    while (m_mode != Mode::Paused) { // a mode change ticks again
        if (!m_activities.isEmpty()) {
            // Real I/O in flight holds the clock, not the events already due now: they run beside it (one
            // relay connection does not stop another message's next hop). Later events wait for
            // endActivity().
            if (!m_scheduler.hasPending() || m_scheduler.nextTime() > m_scheduler.now())
                return;
            m_scheduler.runNext();
        } else {
            if (!m_scheduler.hasPending()) {
                if (!m_finishedEmitted) {
                    m_finishedEmitted = true;
                    emit finished();
                }
                return;
            }
            const qint64 next = m_scheduler.nextTime();
            const qint64 gap = next - m_scheduler.now();
            if (m_speed > 0 && m_showsGaps && gap > 0 && m_waitedFor != next) {
                // Show the gap in real time, scaled by the speed, then run the event on the next tick.
                m_waitedFor = next;
                m_waitRealMs = int(qMin<double>(m_maxRealWaitMs, std::ceil(double(gap) / m_speed)));
                m_waitClock.start();
                m_timer.start(m_waitRealMs);
                return;
            }
            m_waitedFor = -1;
            m_scheduler.runNext();
        }
        if (slice.nsecsElapsed() > kSliceNs) {
            if (m_mode != Mode::Paused)
                scheduleTick();
            return;
        }
    }
}

qint64 Stepper::presentTime() const
{
    const qint64 now = m_scheduler.now();
    if (m_waitedFor <= now || !m_timer.isActive() || m_waitRealMs <= 0)
        return now;
    const double done = qBound(0.0, double(m_waitClock.elapsed()) / m_waitRealMs, 1.0);
    return now + qint64(double(m_waitedFor - now) * done);
}

void Stepper::onAppended(int index)
{
    const SimEvent &event = m_log.at(index);
    if ((m_mode == Mode::SteppingHop && isHopStep(event)) || (m_mode == Mode::SteppingCommand && isCommandStep(event))) {
        setMode(Mode::Paused);
    }
}

} // namespace mf
