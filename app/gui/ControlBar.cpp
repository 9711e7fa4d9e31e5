#include "ControlBar.h"

#include "WorldSession.h"

#include <QAction>
#include <QEvent>
#include <QLabel>
#include <QMessageBox>
#include <QSlider>
#include <QStyle>

namespace mf::gui {

QList<double> ControlBar::speedSteps()
{
    return {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0};
}

ControlBar::ControlBar(WorldSession &session, QWidget *parent) : QToolBar(parent), m_session(session)
{
    setObjectName(QStringLiteral("controls"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_back = addAction(style()->standardIcon(QStyle::SP_MediaSeekBackward), QString());
    m_back->setShortcut(Qt::Key_Left);
    m_playPause = addAction(style()->standardIcon(QStyle::SP_MediaPlay), QString());
    m_playPause->setShortcut(Qt::Key_Space);
    m_stepHop = addAction(style()->standardIcon(QStyle::SP_MediaSkipForward), QString());
    m_stepHop->setShortcut(Qt::Key_Right);
    m_stepCommand = addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), QString());
    m_stepCommand->setShortcut(Qt::SHIFT | Qt::Key_Right);
    m_reset = addAction(style()->standardIcon(QStyle::SP_BrowserReload), QString());
    m_reset->setShortcut(Qt::Key_R);
    for (QAction *a : {m_back, m_playPause, m_stepHop, m_stepCommand, m_reset})
        a->setShortcutContext(Qt::WindowShortcut);
    addSeparator();
    m_speedLabel = new QLabel(this);
    addWidget(m_speedLabel);
    m_speed = new QSlider(Qt::Horizontal, this);
    m_speed->setObjectName(QStringLiteral("speed"));
    m_speed->setRange(0, int(speedSteps().size()) - 1);
    m_speed->setPageStep(1);
    m_speed->setFixedWidth(140);
    m_speed->setValue(int(speedSteps().indexOf(1.0)));
    m_speed->setFocusPolicy(Qt::NoFocus); // Left/Right belong to Back and Step hop
    addWidget(m_speed);
    m_speedValue = new QLabel(this);
    m_speedValue->setMinimumWidth(48);
    addWidget(m_speedValue);

    connect(m_playPause, &QAction::triggered, this, [this] {
        if (m_session.isPlaying())
            m_session.pause();
        else
            m_session.play();
    });
    connect(m_stepHop, &QAction::triggered, &m_session, &WorldSession::stepHop);
    connect(m_stepCommand, &QAction::triggered, &m_session, &WorldSession::stepCommand);
    connect(m_back, &QAction::triggered, &m_session, &WorldSession::back);
    connect(m_reset, &QAction::triggered, this, [this] {
        QStringList errors;
        if (!m_session.reset(&errors) && !errors.isEmpty())
            QMessageBox::warning(this, tr("Cannot restart the lesson"), errors.join(QLatin1Char('\n')));
    });
    connect(m_speed, &QSlider::valueChanged, this, [this](int index) {
        m_session.setSpeed(speedSteps().value(index, 1.0));
    });
    connect(&m_session, &WorldSession::speedChanged, this, [this](double factor) {
        const qsizetype index = speedSteps().indexOf(factor);
        if (index >= 0 && index != m_speed->value())
            m_speed->setValue(int(index));
        refresh();
    });
    connect(&m_session, &WorldSession::stateChanged, this, &ControlBar::refresh);
    connect(&m_session, &WorldSession::cursorMoved, this, &ControlBar::refresh);
    retranslate();
}

void ControlBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QToolBar::changeEvent(event);
}

void ControlBar::retranslate()
{
    setWindowTitle(tr("Controls"));
    m_back->setText(tr("Back"));
    m_back->setToolTip(tr("Go back one hop and show the world as it was then (Left)"));
    m_stepHop->setText(tr("Step hop"));
    m_stepHop->setToolTip(tr("Let the message make one hop, then pause (Right)"));
    m_stepCommand->setText(tr("Step command"));
    m_stepCommand->setToolTip(tr("Let one protocol command or reply through, then pause (Shift+Right)"));
    m_reset->setText(tr("Reset"));
    m_reset->setToolTip(tr("Start the lesson again from the beginning (R)"));
    m_speedLabel->setText(tr("Speed"));
    m_speed->setToolTip(tr("How fast simulated time runs compared with real time"));
    refresh();
}

void ControlBar::refresh()
{
    World *w = m_session.world();
    const bool running = m_session.isPlaying();
    m_playPause->setText(running ? tr("Pause") : tr("Play"));
    m_playPause->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playPause->setToolTip(running ? tr("Pause the lesson (Space)") : tr("Run the lesson (Space)"));
    for (QAction *a : {m_back, m_playPause, m_stepHop, m_stepCommand, m_reset})
        a->setEnabled(w != nullptr);
    m_back->setEnabled(w && m_session.cursor() >= 0);
    m_speedValue->setText(QStringLiteral("× %1").arg(m_session.speed()));
}

} // namespace mf::gui
