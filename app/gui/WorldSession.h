#pragma once

#include "LessonClock.h"
#include "world/World.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace mf::gui {

// The GUI's handle on the running lesson: owns the World (and its temporary state directory), loads and
// resets scenarios, and carries out the controls. Every panel listens to this object only; when a new
// scenario is loaded, worldAboutToChange() is emitted before the old World is destroyed and
// worldChanged() once the new one runs, so panels drop and rebuild their state.
//
// The controls drive one lesson clock (LessonClock), which moves the event log's cursor: every panel
// shows the cursor, so the picture and the words show the same moment. After Back (or a row clicked in
// the event list) the views show the past; Step hop / Step command / Play first walk forward through the
// recorded events, and only at the end does the world move on.
class WorldSession : public QObject
{
    Q_OBJECT
public:
    explicit WorldSession(QObject *parent = nullptr);
    ~WorldSession() override;

    // Loads, builds and starts the scenario at `path` (a file or a ":/scenarios/..." resource). On failure
    // the previous world keeps running and `errors` gets one readable line per problem
    // ("FILE:LINE: FIELD: message" for scenario errors, a plain sentence for start-up failures).
    bool load(const QString &path, QStringList *errors = nullptr);
    // Starts the current scenario again from scratch.
    bool reset(QStringList *errors = nullptr);

    World *world() const { return m_world.get(); }
    // Why no TLS key log can be exported (File > Export > Packet capture), empty when one can. The
    // session collects the TLS secrets of its worlds in memory from the start, since the export is chosen
    // afterwards; they are written only when asked for.
    QString keyLogUnavailable() const { return m_keyLogUnavailable; }
    QString scenarioPath() const { return m_path; }

    Language language() const { return m_language; }
    void setLanguage(Language language);

    // Simulated milliseconds per real millisecond (1.0 = real time).
    double speed() const { return m_speed; }
    void setSpeed(double factor);

    void play();
    void pause();
    // Play is on (and the lesson has not ended): the clock walks the cursor forward by itself.
    bool isPlaying() const;
    // A Step hop / Step command is on its way to its event (the world is making it).
    bool isStepping() const
    {
        return m_clock.goal() == LessonClock::Goal::NextHop || m_clock.goal() == LessonClock::Goal::NextCommand;
    }
    // Without animation each step jumps straight to its state, and Play shows events as fast as they come.
    bool isAnimated() const { return m_clock.isAnimated(); }
    void setAnimated(bool on);
    const LessonClock &clock() const { return m_clock; }
    void stepHop();
    void stepCommand();
    // Walks the event log back to the previous hop (or the very start); pauses the world.
    void back();
    // Moves the lesson cursor to event `index` (a row clicked in the event list); pauses. Every panel
    // follows the cursor.
    void showEventAt(int index);
    // The views show an earlier point than the world's present, because the lecturer went back there.
    bool isShowingPast() const;
    // The lesson is over: its timeline is done, nothing is in flight, and the views show the present.
    bool isFinished() const;
    // The event the views show (EventLog::cursor()); -1 before the first event or without a world.
    int cursor() const;

    // What the lecturer clicked: a node id ("spool@a.example", DESIGN.md's node ids) or a message's
    // flow id ("m1", "m1.2"). Inspectors follow the selection.
    void selectNode(const QString &nodeId);
    void selectMessage(const QString &flowId);
    QString selectedNode() const { return m_selectedNode; }
    QString selectedMessage() const { return m_selectedMessage; }

signals:
    void worldAboutToChange();
    void worldChanged(mf::World *world);
    // A new event was recorded (also while the views show the past).
    void eventAppended(int index);
    // The event the views should show changed: a live append, or Back/forward through the log.
    void cursorMoved(int index);
    // Running, paused or stepping changed, or the views moved between past and present.
    void stateChanged();
    // The lesson just ended (see isFinished()).
    void lessonFinished();
    void languageChanged(mf::Language language);
    void speedChanged(double factor);
    void animatedChanged(bool on);
    void nodeSelected(const QString &nodeId);
    void messageSelected(const QString &flowId);

private:
    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<World> m_world;
    void announceIfFinished();

    LessonClock m_clock;
    bool m_finishAnnounced = false;
    QString m_path;
    QString m_keyLogUnavailable;
    QString m_selectedNode;
    QString m_selectedMessage;
    Language m_language = Language::English;
    double m_speed = 1.0;
};

} // namespace mf::gui
