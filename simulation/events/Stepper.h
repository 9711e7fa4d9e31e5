#pragma once

#include "EventLog.h"
#include "SimScheduler.h"
#include "core/IoGate.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace mf {

// Drives one world: run, pause, step one hop, step one protocol command, and a speed factor.
//
// Simulated time only moves between activities: while real protocol I/O is in flight (an activity is
// open), the clock waits for it (events due at the current time still run); when nothing is in flight,
// the clock jumps to the next scheduled event.
// At speed 0 ("as fast as possible", headless runs) that jump takes no wall time, so a 30-minute retry
// costs nothing; at speed s > 0, the GUI waits (gap / s) real milliseconds, capped so a long retry
// never leaves the lecturer staring at nothing.
class Stepper : public IoGate
{
    Q_OBJECT
public:
    enum class Mode { Paused, Running, SteppingHop, SteppingCommand };
    Q_ENUM(Mode)

    Stepper(SimScheduler &scheduler, EventLog &log, QObject *parent = nullptr);
    ~Stepper() override;

    void run();
    void pause();
    // Runs until the next hop event is recorded, then pauses.
    void stepHop();
    // Runs until the next protocol line (or DNS message, or hop) is recorded, then pauses.
    void stepCommand();
    // Simulated milliseconds per real millisecond; 0 or less means as fast as possible.
    void setSpeed(double factor);
    double speed() const { return m_speed; }
    // The longest real pause (ms) between two scheduled events when running at a finite speed.
    void setMaxRealWaitMs(int ms) { m_maxRealWaitMs = ms; }
    // Whether a gap in simulated time is waited out in real time (at speed s > 0): yes while the lesson
    // plays (a retry's countdown runs on screen), no for a step the class asked for (one click, the next
    // event at once). Turning it off ends a wait in progress.
    void setShowsGaps(bool on);

    // Simulated time as a clock on the wall would show it: during a finite-speed wait for the next
    // scheduled event (a retry in 30 s), it runs from now() towards that event's time, so a countdown
    // can tick; otherwise now().
    qint64 presentTime() const;

    Mode mode() const { return m_mode; }
    bool isPaused() const { return m_mode == Mode::Paused; }
    // The timeline is done and nothing is in flight (finished() was emitted and nothing new came since).
    bool hasFinished() const { return m_finishedEmitted && m_activities.isEmpty(); }
    // Real I/O that the clock must wait for (a connection, a DNS query, a commit).
    void beginActivity(const QString &id);
    void endActivity(const QString &id);
    int activityCount() const { return int(m_activities.size()); }
    // Nothing in flight and nothing scheduled: the run has ended.
    bool isFinished() const { return m_activities.isEmpty() && !m_scheduler.hasPending(); }
    // Gated connections deliver their next protocol line only while not paused (stepping by command).
    bool isOpen() const override { return m_mode != Mode::Paused; }

signals:
    void modeChanged(mf::Stepper::Mode mode);
    void finished();
    // New work (a mail written, mail fetched) after finished() while paused: the world has more to do.
    void wokeAfterFinish();

private:
    void setMode(Mode mode);
    void scheduleTick(int delayMs = 0);
    void tick();
    void onAppended(int index);

    SimScheduler &m_scheduler;
    EventLog &m_log;
    QTimer m_timer;
    QSet<QString> m_activities;
    Mode m_mode = Mode::Paused;
    double m_speed = 0;
    int m_maxRealWaitMs = 1500;
    bool m_showsGaps = true;
    bool m_finishedEmitted = false;
    qint64 m_waitedFor = -1; // the event time a finite-speed wait was already spent on
    QElapsedTimer m_waitClock; // real time since that wait began
    int m_waitRealMs = 0;
};

} // namespace mf
