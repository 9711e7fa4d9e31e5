#pragma once

#include <QObject>
#include <QTimer>

namespace mf {
class EventLog;
class Stepper;
struct SimEvent;
} // namespace mf

namespace mf::gui {

// The one lesson clock: it owns the pace of the event log's cursor, and every panel (diagram,
// transcript, inspectors, mail clients, status bar, end card) shows the cursor. New events wait after
// the cursor until the clock reaches them, so the picture and the words always show the same moment.
//
// - Step hop / Step command move the cursor at once to the next hop / the next protocol line, DNS
//   message or hop,
//   already recorded or made by the world (the Stepper runs it until that event exists).
// - Play walks the cursor one event at a time, staying on each for as long as the picture needs to show
//   it (an envelope's journey, a protocol line read), scaled by the speed; when it reaches the newest
//   event it asks the world for the next command, as Packet Tracer's Simulation Mode does. The world
//   never runs ahead of the picture by more than one command.
// - Without animation every dwell is zero: each step jumps straight to its state.
class LessonClock : public QObject
{
    Q_OBJECT
public:
    enum class Goal { Hold, Follow, NextHop, NextCommand };

    explicit LessonClock(QObject *parent = nullptr);

    // The log and the world's stepper it paces (nullptrs between lessons).
    void attach(EventLog *log, Stepper *stepper);

    void play();
    // Stops where the cursor is; the world pauses.
    void hold();
    void stepHop();
    void stepCommand();
    Goal goal() const { return m_goal; }
    // The furthest event the class has been shown. Below it, the cursor is in the past (after Back or a
    // clicked row): steps walk the recorded events and stop there first.
    int present() const { return m_present; }
    bool isPlaying() const { return m_goal == Goal::Follow; }

    void setSpeed(double factor);
    void setAnimated(bool on);
    bool isAnimated() const { return m_animated; }

    // How long the picture shows one event in Play (real ms): a hop is an envelope's journey, a command
    // or reply is read, message text and continuation lines flash by, bookkeeping rows get a beat.
    int dwellMs(const SimEvent &event) const;
    // An envelope's journey along one link (real ms) at this speed.
    int travelMs() const;

signals:
    // Play started or stopped, or a step reached its event.
    void goalChanged();

private:
    void pump();
    void advance();
    void setGoal(Goal goal);
    // The next event after the cursor that ends the current step goal, or -1.
    int nextStepTarget() const;
    // The world makes more events (one hop or one command); false when it has nothing left to do.
    bool askWorld();

    EventLog *m_log = nullptr;
    Stepper *m_stepper = nullptr;
    QTimer m_dwell;
    Goal m_goal = Goal::Hold;
    double m_speed = 1.0;
    bool m_animated = true;
    int m_present = -1;
    bool m_pumping = false;
    bool m_pumpAgain = false;
    bool m_inData = false; // the line on show belongs to a message's text (it flashes by)
};

} // namespace mf::gui
