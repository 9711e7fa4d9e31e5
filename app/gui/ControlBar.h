#pragma once

#include <QToolBar>

class QAction;
class QLabel;
class QSlider;

namespace mf::gui {

class WorldSession;

// Play/pause, step one hop, step one command, back, reset and the speed slider, with the keyboard
// shortcuts a lecturer uses while talking (Space, Right, Shift+Right, Left, R).
class ControlBar : public QToolBar
{
    Q_OBJECT
public:
    ControlBar(WorldSession &session, QWidget *parent = nullptr);

    QAction *playPauseAction() const { return m_playPause; }
    QAction *stepHopAction() const { return m_stepHop; }
    QAction *stepCommandAction() const { return m_stepCommand; }
    QAction *backAction() const { return m_back; }
    QAction *resetAction() const { return m_reset; }
    QSlider *speedSlider() const { return m_speed; }

    // The speed slider's positions, slowest first (simulated ms per real ms).
    static QList<double> speedSteps();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();

    WorldSession &m_session;
    QAction *m_playPause = nullptr;
    QAction *m_stepHop = nullptr;
    QAction *m_stepCommand = nullptr;
    QAction *m_back = nullptr;
    QAction *m_reset = nullptr;
    QSlider *m_speed = nullptr;
    QLabel *m_speedLabel = nullptr;
    QLabel *m_speedValue = nullptr;
};

} // namespace mf::gui
