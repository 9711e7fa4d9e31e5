#include "MainWindow.h"

#include "lessons/LessonEndCard.h"

#include "CaptionStrip.h"
#include "ControlBar.h"
#include "WorldSession.h"
#include "inspectors/MessageInspector.h"
#include "inspectors/NodeInspector.h"
#include "composer/ComposerPanel.h"
#include "lessons/ScenarioBrowser.h"
#include "mailclient/MailClientPanel.h"
#include "diagram/FlowDiagramView.h"
#include "transcript/TranscriptPanel.h"
#include "charts/ChartsPanel.h"
#include "charts/EventLogExport.h"
#include "PacketCaptureExport.h"
#include "i18n/ViewMenuAdditions.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QLabel>
#include <QVBoxLayout>
#include <QMenuBar>
#include <QScrollArea>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabBar>

namespace mf::gui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_session(new WorldSession(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    resize(1366, 768);
    setDockNestingEnabled(true);
    m_controls = new ControlBar(*m_session, this);
    addToolBar(Qt::TopToolBarArea, m_controls);
    buildMenus();

    installDiagram();
    installTranscript();
    installInspectors();
    installComposer();
    installMailClient();
    installScenarioBrowser();
    installCharts();
    arrangeDefaultLayout();

    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    connect(m_session, &WorldSession::stateChanged, this, &MainWindow::refreshStatus);
    connect(m_session, &WorldSession::cursorMoved, this, &MainWindow::refreshStatus);
    retranslate();
}

MainWindow::~MainWindow() = default;

bool MainWindow::openScenario(const QString &path)
{
    QStringList errors;
    if (m_session->load(path, &errors))
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Cannot open the lesson"),
                    tr("The lesson %1 could not be opened.").arg(path), QMessageBox::Ok, this);
    box.setInformativeText(errors.value(0));
    box.setDetailedText(errors.join(QLatin1Char('\n')));
    box.exec();
    return false;
}

QDockWidget *MainWindow::dock(const QString &name) const
{
    return findChild<QDockWidget *>(name);
}

QDockWidget *MainWindow::addPanel(const QString &name, QWidget *panel, Qt::DockWidgetArea area, PanelFit fit)
{
    auto *dock = new QDockWidget(this);
    dock->setObjectName(name);
    if (fit == PanelFit::Scrolls) {
        // Tall or wide panels (the composer, two mail-client devices, four charts) scroll instead of
        // forcing the window beyond a 1366x768 projector. Wrapped before the dock is added: a dock added
        // with its panel's full minimum size grows the window, which does not shrink back afterwards.
        auto *scroll = new QScrollArea(dock);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(panel);
        dock->setWidget(scroll);
    } else {
        dock->setWidget(panel);
    }
    addDockWidget(area, dock);
    m_panelsMenu->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_openAction = m_fileMenu->addAction(QString(), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a lesson"), QString(),
                                                          tr("MailFlow scenarios (*.json)"));
        if (!path.isEmpty())
            openScenario(path);
    });
    m_exportMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), QKeySequence::Quit, this, &QWidget::close);
    m_viewMenu = menuBar()->addMenu(QString());
    m_panelsMenu = m_viewMenu->addMenu(QString());
    m_resetLayoutAction = m_viewMenu->addAction(QString(), this, &MainWindow::resetLayout);
    m_resetLayoutAction->setObjectName(QStringLiteral("resetLayout"));
    auto *runMenu = menuBar()->addMenu(QString());
    runMenu->setObjectName(QStringLiteral("runMenu"));
    runMenu->addActions({m_controls->playPauseAction(), m_controls->stepHopAction(), m_controls->stepCommandAction(),
                         m_controls->backAction(), m_controls->resetAction()});
}

// Panels. Each install function creates one part of the window and connects it to the session.

void MainWindow::installDiagram()
{
    // The diagram with the caption strip under it: the one sentence that goes with the picture.
    auto *central = new QWidget(this);
    central->setObjectName(QStringLiteral("diagramArea"));
    auto *diagram = new FlowDiagramView(*m_session, central);
    m_caption = new CaptionStrip(*m_session, central);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(diagram, 1);
    column->addWidget(m_caption);
    setCentralWidget(central);
    // The lesson's last card, over the diagram and its caption (the lesson has no next step to tell).
    m_endCard = new LessonEndCard(*m_session, central);
    // Zoom belongs to the View menu; its shortcuts work wherever the focus is in the window.
    m_viewMenu->addSeparator();
    m_viewMenu->addActions(diagram->zoomActions());
    QAction *exportPng = diagram->exportAction();
    m_exportMenu->addAction(exportPng);
    connect(exportPng, &QAction::triggered, this, [this, diagram] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the diagram"), QStringLiteral("mailflow-diagram.png"),
                                                          tr("PNG images (*.png)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!diagram->exportPng(path, &error))
            QMessageBox::warning(this, tr("Export failed"), tr("The diagram could not be saved to %1: %2").arg(path, error));
    });
}

void MainWindow::installTranscript()
{
    auto *panel = new TranscriptPanel(*m_session, this);
    addPanel(QStringLiteral("transcript"), panel, Qt::BottomDockWidgetArea, PanelFit::Fills);
    m_exportMenu->addAction(panel->exportTextAction());
    m_exportMenu->addAction(panel->exportHtmlAction());
    m_viewMenu->addAction(panel->eavesdropperAction());
}

void MainWindow::installInspectors()
{
    // Two docks side by side in tabs: the message a lecturer clicked, and the node.
    QDockWidget *message = addPanel(QStringLiteral("message"), new MessageInspector(*m_session, this), Qt::RightDockWidgetArea);
    QDockWidget *node = addPanel(QStringLiteral("node"), new NodeInspector(*m_session, this), Qt::RightDockWidgetArea);
    tabifyDockWidget(message, node);
    // Clicking a node or a message brings its inspector to the front.
    connect(m_session, &WorldSession::messageSelected, message, &QDockWidget::raise);
    connect(m_session, &WorldSession::nodeSelected, node, &QDockWidget::raise);
    message->raise();
}

void MainWindow::installComposer()
{
    addPanel(QStringLiteral("composer"), new ComposerPanel(*m_session, this), Qt::LeftDockWidgetArea);
}

void MainWindow::installMailClient()
{
    tabifyDockWidget(dock(QStringLiteral("composer")),
                     addPanel(QStringLiteral("mailclient"), new MailClientPanel(*m_session, this), Qt::LeftDockWidgetArea));
}

void MainWindow::installScenarioBrowser()
{
    tabifyDockWidget(dock(QStringLiteral("composer")),
                     addPanel(QStringLiteral("scenarios"), new ScenarioBrowser(*m_session, this), Qt::LeftDockWidgetArea));
}

void MainWindow::installCharts()
{
    tabifyDockWidget(dock(QStringLiteral("transcript")),
                     addPanel(QStringLiteral("charts"), new ChartsPanel(*m_session, this), Qt::BottomDockWidgetArea));
    dock(QStringLiteral("transcript"))->raise();
    new EventLogExport(this, m_exportMenu, *m_session);
    new PacketCaptureExport(this, m_exportMenu, *m_session);
    // View > Language and View > Presentation mode; applies the remembered language (which retranslates
    // every widget built so far), so it comes last.
    new ViewMenuAdditions(this, m_viewMenu, *m_session);
}

// The diagram gets the room: one column of tabbed panels on the right (lessons, composer, mail client,
// inspectors) and the transcript below, so a 1366x768 projector still shows readable node labels.
void MainWindow::arrangeDefaultLayout()
{
    QList<QDockWidget *> column;
    for (const char *name : {"scenarios", "composer", "mailclient", "message", "node"}) {
        if (QDockWidget *d = dock(QLatin1String(name)))
            column << d;
    }
    if (column.isEmpty())
        return;
    for (QDockWidget *d : std::as_const(column))
        addDockWidget(Qt::RightDockWidgetArea, d);
    for (qsizetype i = 1; i < column.size(); ++i)
        tabifyDockWidget(column.first(), column[i]);
    column.first()->raise();
    resizeDocks({column.first()}, {440}, Qt::Horizontal);
    if (QDockWidget *transcript = dock(QStringLiteral("transcript")))
        resizeDocks({transcript}, {260}, Qt::Vertical);
}

void MainWindow::resetLayout()
{
    for (QDockWidget *d : findChildren<QDockWidget *>()) {
        d->setFloating(false);
        d->show();
    }
    if (QDockWidget *transcript = dock(QStringLiteral("transcript"))) {
        addDockWidget(Qt::BottomDockWidgetArea, transcript);
        if (QDockWidget *charts = dock(QStringLiteral("charts"))) {
            addDockWidget(Qt::BottomDockWidgetArea, charts);
            tabifyDockWidget(transcript, charts);
        }
        transcript->raise();
    }
    arrangeDefaultLayout();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

bool MainWindow::event(QEvent *event)
{
    // The tab bars of tabbed docks are made by QMainWindow's layout, whenever docks are tabbed together,
    // and elide their titles ("Less…", "Wr…" in presentation mode). Scroll buttons keep the names whole.
    if (event->type() == QEvent::ChildPolished) {
        if (auto *tabs = qobject_cast<QTabBar *>(static_cast<QChildEvent *>(event)->child())) {
            tabs->setElideMode(Qt::ElideNone);
            tabs->setUsesScrollButtons(true);
        }
    }
    return QMainWindow::event(event);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("MailFlow: how an email travels"));
    m_fileMenu->setTitle(tr("&File"));
    m_openAction->setText(tr("&Open lesson file…"));
    m_exportMenu->setTitle(tr("&Export"));
    m_quitAction->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    m_panelsMenu->setTitle(tr("&Panels"));
    m_resetLayoutAction->setText(tr("Reset &layout"));
    m_resetLayoutAction->setToolTip(tr("Put every panel back in its place and size"));
    if (auto *run = menuBar()->findChild<QMenu *>(QStringLiteral("runMenu")))
        run->setTitle(tr("&Run"));
    const QList<QPair<const char *, const char *>> titles{
        {"transcript", QT_TR_NOOP("Transcript")},     {"message", QT_TR_NOOP("Message")},
        {"node", QT_TR_NOOP("Node")},                 {"composer", QT_TR_NOOP("Write")},
        {"mailclient", QT_TR_NOOP("Mail client")}, {"scenarios", QT_TR_NOOP("Lessons")},
        {"charts", QT_TR_NOOP("Charts")}};
    for (const auto &[name, title] : titles) {
        if (QDockWidget *d = dock(QLatin1String(name)))
            d->setWindowTitle(tr(title));
    }
    if (auto *placeholder = qobject_cast<QLabel *>(centralWidget()))
        placeholder->setText(tr("The flow diagram appears here."));
    refreshStatus();
}

void MainWindow::refreshStatus()
{
    if (!m_status)
        return;
    World *w = m_session->world();
    if (!w) {
        m_status->setText(tr("No lesson loaded."));
        return;
    }
    const QString mode = m_session->isShowingPast() ? tr("showing the past: event %1 of %2")
                                                           .arg(m_session->cursor() + 1)
                                                           .arg(w->log().size())
                         : m_session->isFinished() ? tr("finished")
                         : m_session->isPlaying()  ? tr("running")
                                                   : tr("paused");
    // The simulated time of the moment on show: the cursor's event, or, while the world waits for a
    // retry at the present, its clock ticking towards it.
    const int cursor = m_session->cursor();
    qint64 time = cursor >= 0 ? w->log().at(cursor).t : 0;
    if (w->log().isLive() && w->stepper().presentTime() > w->scheduler().now())
        time = w->stepper().presentTime();
    m_status->setText(tr("%1   simulated time %2 s   %3")
                          .arg(w->scenario().title.in(m_session->language()))
                          .arg(double(time) / 1000.0, 0, 'f', 1)
                          .arg(mode));
}

} // namespace mf::gui
