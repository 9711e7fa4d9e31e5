#include "TranscriptWindow.h"

#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>

namespace mf::gui {

namespace {

QColor colourFor(const SimEvent &e)
{
    if (e.kind == QLatin1String("hop"))
        return QColor(0x1b, 0x5e, 0x20);
    if (e.kind == QLatin1String("line"))
        return e.fields.value(QStringLiteral("dir")).toString() == QLatin1String("C") ? QColor(0x0d, 0x47, 0xa1)
                                                                                      : QColor(0x4a, 0x14, 0x8c);
    if (e.kind == QLatin1String("error") || e.kind == QLatin1String("bounced"))
        return QColor(0xb7, 0x1c, 0x1c);
    return QColor(0x37, 0x47, 0x4f);
}

QString summary(const SimEvent &e)
{
    const auto f = [&](const char *k) { return e.fields.value(QLatin1String(k)).toVariant().toString(); };
    if (e.kind == QLatin1String("hop"))
        return QStringLiteral("%1 → %2   %3").arg(f("from"), f("to"), f("note"));
    if (e.kind == QLatin1String("line"))
        return QStringLiteral("%1  %2: %3").arg(f("conn"), f("dir"), f("text"));
    if (e.kind == QLatin1String("db"))
        return QStringLiteral("%1  %2 ⇒ %3").arg(f("node"), f("query"), f("result"));
    if (e.kind == QLatin1String("queue"))
        return QStringLiteral("%1  #%2 %3 (%4)").arg(f("node"), f("id"), f("state"), f("error"));
    if (e.kind == QLatin1String("delivered"))
        return QStringLiteral("delivered to %1").arg(f("to"));
    if (e.kind == QLatin1String("retrieved"))
        return QStringLiteral("%1 retrieved %2 message(s) with %3").arg(f("user"), f("count"), f("protocol").toUpper());
    if (e.kind == QLatin1String("dns"))
        return f("text").isEmpty() ? f("summary") : f("text");
    return f("text").isEmpty() ? f("action") + QLatin1Char(' ') + f("message") : f("text");
}

} // namespace

TranscriptWindow::TranscriptWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("MailFlow"));
    resize(1280, 760);

    auto *toolbar = addToolBar(tr("Controls"));
    m_scenarios = new QComboBox(this);
    for (const auto &entry : ScenarioCatalog::bundled())
        m_scenarios->addItem(entry.title.in(languageFromCode(QLocale().name())), entry.path);
    toolbar->addWidget(m_scenarios);
    QAction *run = toolbar->addAction(tr("Play"));
    run->setShortcut(Qt::Key_Space);
    run->setToolTip(tr("Run the lesson (Space)"));
    QAction *pause = toolbar->addAction(tr("Pause"));
    QAction *stepHop = toolbar->addAction(tr("Step hop"));
    stepHop->setShortcut(Qt::Key_Right);
    stepHop->setToolTip(tr("Let the message make one hop (Right)"));
    QAction *stepCommand = toolbar->addAction(tr("Step command"));
    stepCommand->setShortcut(Qt::SHIFT | Qt::Key_Right);
    stepCommand->setToolTip(tr("Let one protocol line through (Shift+Right)"));
    QAction *reset = toolbar->addAction(tr("Reset"));
    reset->setShortcut(Qt::Key_R);
    connect(run, &QAction::triggered, this, [this] { if (m_world) m_world->stepper().run(); });
    connect(pause, &QAction::triggered, this, [this] { if (m_world) m_world->stepper().pause(); });
    connect(stepHop, &QAction::triggered, this, [this] { if (m_world) m_world->stepper().stepHop(); });
    connect(stepCommand, &QAction::triggered, this, [this] { if (m_world) m_world->stepper().stepCommand(); });
    connect(reset, &QAction::triggered, this, [this] { loadScenario(m_scenarios->currentData().toString()); });
    connect(m_scenarios, &QComboBox::activated, this, [this] { loadScenario(m_scenarios->currentData().toString()); });

    m_notes = new QTextBrowser(this);
    m_model = new QStandardItemModel(0, 4, this);
    m_model->setHorizontalHeaderLabels({tr("Time"), tr("Kind"), tr("What happened"), tr("Explanation")});
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(0, 80);
    m_view->setColumnWidth(1, 70);
    m_view->setColumnWidth(2, 620);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_notes);
    split->addWidget(m_view);
    split->setSizes({140, 600});
    setCentralWidget(split);
    m_status = new QLabel(this);
    statusBar()->addWidget(m_status);
}

TranscriptWindow::~TranscriptWindow() = default;

bool TranscriptWindow::loadScenario(const QString &path)
{
    const auto loaded = ScenarioLoader::loadFile(path);
    if (!loaded.ok()) {
        QStringList lines;
        for (const auto &e : loaded.errors)
            lines << e.toString();
        QMessageBox::warning(this, tr("Scenario has errors"), lines.join(QLatin1Char('\n')));
        return false;
    }
    m_world.reset();
    m_model->removeRows(0, m_model->rowCount());
    m_state = std::make_unique<QTemporaryDir>();
    WorldOptions options;
    options.dataDirectory = m_state->path();
    options.language = languageFromCode(QLocale().name());
    options.gateConnections = true;
    m_world = std::make_unique<World>(*loaded.scenario, options);
    connect(m_world.get(), &World::recorded, this, &TranscriptWindow::onRecorded);
    connect(&m_world->stepper(), &Stepper::modeChanged, this, &TranscriptWindow::updateStatus);
    m_notes->setHtml(QStringLiteral("<h2>%1</h2><p>%2</p>").arg(loaded.scenario->title.in(options.language).toHtmlEscaped(),
                                                              loaded.scenario->notes.in(options.language).toHtmlEscaped()));
    // Simulated time passes at wall-clock speed, long waits (retries) shortened so nobody stares at nothing.
    m_world->stepper().setSpeed(1.0);
    QString error;
    if (!m_world->start(&error)) {
        QMessageBox::warning(this, tr("Cannot start the world"), error);
        m_world.reset();
        return false;
    }
    const int index = m_scenarios->findData(path);
    if (index >= 0)
        m_scenarios->setCurrentIndex(index);
    updateStatus();
    return true;
}

void TranscriptWindow::onRecorded(int index)
{
    const SimEvent &e = m_world->log().at(index);
    QList<QStandardItem *> row{new QStandardItem(QStringLiteral("%1 s").arg(double(e.t) / 1000.0, 0, 'f', 3)),
                               new QStandardItem(e.kind), new QStandardItem(summary(e)),
                               new QStandardItem(e.fields.value(QStringLiteral("explain")).toString())};
    for (QStandardItem *item : row) {
        item->setForeground(colourFor(e));
        item->setEditable(false);
    }
    row[2]->setToolTip(summary(e));
    row[3]->setToolTip(row[3]->text());
    m_model->appendRow(row);
    m_view->scrollToBottom();
    updateStatus();
}

void TranscriptWindow::updateStatus()
{
    if (!m_world)
        return;
    const QString mode = m_world->stepper().isPaused() ? tr("paused") : tr("running");
    m_status->setText(tr("Simulated time %1 s, %2, %3 events").arg(double(m_world->scheduler().now()) / 1000.0, 0, 'f', 3)
                          .arg(mode).arg(m_world->log().size()));
}

} // namespace mf::gui
