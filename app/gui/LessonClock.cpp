#include "LessonClock.h"

#include "events/EventLog.h"
#include "events/StepUnits.h"
#include "events/Stepper.h"

namespace mf::gui {

namespace {

// Real milliseconds at speed 1.
constexpr int kTravelMs = 900;
constexpr int kReadMs = 700;
constexpr int kFlashMs = 40;
constexpr int kBeatMs = 250;
// However slow the speed, one event never holds the picture longer than this.
constexpr int kLongestDwellMs = 4000;
// Events shown back to back in one turn of the event loop before painting gets its turn.
constexpr int kEventsPerTurn = 400;

bool isStepEnd(const SimEvent &event, LessonClock::Goal goal)
{
    return goal == LessonClock::Goal::NextHop ? isHopStep(event) : isCommandStep(event);
}

// A reply or a command the class reads, as opposed to a line of message text or a continuation line.
bool isReadLine(const SimEvent &line, bool inData)
{
    const QString text = line.text(QStringLiteral("text"));
    if (line.text(QStringLiteral("dir")) == QLatin1String("C"))
        return !inData;
    // SMTP: "250-PIPELINING" continues, "250 OK" ends the reply (RFC 5321 §4.2.1).
    if (text.size() > 3 && text.at(0).isDigit() && text.at(1).isDigit() && text.at(2).isDigit())
        return text.at(3) != QLatin1Char('-');
    return text.startsWith(QLatin1String("+OK")) || text.startsWith(QLatin1String("-ERR"))
        || text.startsWith(QLatin1String("* ")) || text.startsWith(QLatin1String("+ "))
        || text.contains(QLatin1String(" OK ")) || text.contains(QLatin1String(" NO "))
        || text.contains(QLatin1String(" BAD "));
}

} // namespace

LessonClock::LessonClock(QObject *parent) : QObject(parent)
{
    m_dwell.setSingleShot(true);
    connect(&m_dwell, &QTimer::timeout, this, &LessonClock::pump);
}

void LessonClock::attach(EventLog *log, Stepper *stepper)
{
    if (m_log)
        disconnect(m_log, nullptr, this, nullptr);
    if (m_stepper)
        disconnect(m_stepper, nullptr, this, nullptr);
    m_dwell.stop();
    m_log = log;
    m_stepper = stepper;
    m_goal = Goal::Hold;
    m_inData = false;
    m_present = -1;
    if (!m_log)
        return;
    m_log->setFollowsAppends(false);
    m_present = m_log->cursor();
    connect(m_log, &EventLog::cursorMoved, this, [this](int index) { m_present = qMax(m_present, index); });
    // The Stepper's own handler (connected first) has already paused a step at this event.
    connect(m_log, &EventLog::appended, this, [this] {
        if (m_goal != Goal::Hold)
            pump();
    });
    // The world has nothing more to do: a step still waiting for its event shows what is left instead.
    if (m_stepper) {
        connect(m_stepper, &Stepper::finished, this, [this] {
            if (m_goal != Goal::Hold)
                pump();
        });
    }
}

void LessonClock::setGoal(Goal goal)
{
    if (goal == m_goal)
        return;
    m_goal = goal;
    // Play waits out a gap in simulated time (a retry's countdown runs); a step the class asked for does
    // not keep it waiting.
    if (m_stepper)
        m_stepper->setShowsGaps(goal != Goal::NextHop && goal != Goal::NextCommand);
    emit goalChanged();
}

void LessonClock::play()
{
    if (!m_log)
        return;
    setGoal(Goal::Follow);
    pump();
}

void LessonClock::hold()
{
    m_dwell.stop();
    if (m_stepper)
        m_stepper->pause();
    setGoal(Goal::Hold);
}

void LessonClock::stepHop()
{
    if (!m_log)
        return;
    // A step is answered at once: an envelope still travelling jumps to where the step ends.
    m_dwell.stop();
    setGoal(Goal::NextHop);
    pump();
}

void LessonClock::stepCommand()
{
    if (!m_log)
        return;
    m_dwell.stop();
    setGoal(Goal::NextCommand);
    pump();
}

void LessonClock::setSpeed(double factor)
{
    if (factor > 0)
        m_speed = factor;
}

void LessonClock::setAnimated(bool on)
{
    m_animated = on;
    if (!on && m_dwell.isActive()) {
        m_dwell.stop();
        pump();
    }
}

int LessonClock::travelMs() const
{
    return qBound(60, int(kTravelMs / qMax(0.01, m_speed)), kLongestDwellMs);
}

int LessonClock::dwellMs(const SimEvent &event) const
{
    if (!m_animated)
        return 0;
    const double speed = qMax(0.01, m_speed);
    switch (event.kind) {
    case EventKind::Hop:
        return travelMs();
    case EventKind::Line:
        return qMin(kLongestDwellMs, int((isReadLine(event, m_inData) ? kReadMs : kFlashMs) / speed));
    case EventKind::Wire:
    case EventKind::Expectation:
        return 0; // not rows of the lesson: the eavesdropper's bytes, the end card's checks
    default:
        return qMin(kLongestDwellMs, int(kBeatMs / speed));
    }
}

int LessonClock::nextStepTarget() const
{
    for (int i = m_log->cursor() + 1; i < m_log->size(); ++i) {
        if (isStepEnd(m_log->at(i), m_goal))
            return i;
    }
    return -1;
}

bool LessonClock::askWorld()
{
    if (!m_stepper || m_stepper->hasFinished())
        return false;
    if (m_stepper->isPaused()) {
        if (m_goal == Goal::NextHop)
            m_stepper->stepHop();
        else
            m_stepper->stepCommand();
    }
    return true;
}

void LessonClock::pump()
{
    if (!m_log)
        return;
    // Moving the cursor repaints panels; one of them may record an event (and so call back in here).
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    do {
        m_pumpAgain = false;
        advance();
    } while (m_pumpAgain);
    m_pumping = false;
}

void LessonClock::advance()
{
    switch (m_goal) {
    case Goal::Hold:
        return;
    case Goal::NextHop:
    case Goal::NextCommand: {
        int target = nextStepTarget();
        // Walking through the past, a step comes back to the present before it goes on.
        if (m_log->cursor() < m_present && (target < 0 || target > m_present))
            target = m_present;
        if (target >= 0) {
            m_log->setCursor(target);
            m_inData = false;
            setGoal(Goal::Hold);
            return;
        }
        if (!askWorld()) {
            // The lesson has nothing more to make: show what is left.
            m_log->setCursor(m_log->size() - 1);
            setGoal(Goal::Hold);
        }
        return;
    }
    case Goal::Follow:
        break;
    }
    if (m_dwell.isActive())
        return; // the picture is still showing the event on the cursor
    for (int shown = 0; shown < kEventsPerTurn; ++shown) {
        const int next = m_log->cursor() + 1;
        if (next >= m_log->size()) {
            askWorld(); // its next event calls pump() again
            return;
        }
        const SimEvent &event = m_log->at(next);
        const int dwell = dwellMs(event);
        if (event.kind == EventKind::Line) {
            const QString text = event.text(QStringLiteral("text"));
            if (event.text(QStringLiteral("dir")) == QLatin1String("S") && text.startsWith(QLatin1String("354")))
                m_inData = true;
            else if (text == QLatin1String("."))
                m_inData = false;
        }
        m_log->setCursor(next);
        if (m_goal != Goal::Follow)
            return; // a panel paused the lesson while it followed the cursor
        if (dwell > 0) {
            m_dwell.start(dwell);
            return;
        }
    }
    m_dwell.start(0); // a long backlog without animation: let the window paint, then go on
}

} // namespace mf::gui
