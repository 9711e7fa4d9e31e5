#include "ScenarioBrowser.h"

#include "gui/FontScaling.h"
#include "gui/StatusLine.h"
#include "gui/WorldSession.h"
#include "labels/LessonNotes.h"
#include "scenario/ScenarioCatalog.h"
#include "world/World.h"

#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

constexpr int PathRole = Qt::UserRole + 1;

constexpr int LineRole = Qt::UserRole + 2;
constexpr int FieldRole = Qt::UserRole + 3;
constexpr int MessageRole = Qt::UserRole + 4;

} // namespace

ScenarioBrowser::ScenarioBrowser(WorldSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("scenarioBrowser"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("lessons"));
    m_list->setWordWrap(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setSpacing(1);
    m_openFile = new QPushButton(this);
    m_openFile->setObjectName(QStringLiteral("openFile"));

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("title"));
    m_title->setWordWrap(true);
    setTitleFont(m_title, 1.2);
    m_file = new QLabel(this);
    {
        QFont hint = m_file->font();
        hint.setItalic(true);
        m_file->setFont(hint);
    }
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_file->setWordWrap(true);
    m_notes = new QTextBrowser(this);
    m_notes->setObjectName(QStringLiteral("notes"));

    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("open"));
    m_open->setStyleSheet(QStringLiteral("font-weight: bold; padding: 4px 12px;"));
    m_reload = new QPushButton(this);
    m_reload->setObjectName(QStringLiteral("reload"));
    m_validate = new QPushButton(this);
    m_validate->setObjectName(QStringLiteral("validate"));
    // Under Open, Reload and Validate, in a box of two lines: a long message never moves the buttons.
    m_status = new StatusLine(2, this);
    m_status->setObjectName(QStringLiteral("status"));
    m_problems = new QListWidget(this);
    m_problems->setObjectName(QStringLiteral("problems"));
    m_problems->setWordWrap(true);
    m_problems->setResizeMode(QListView::Adjust);
    m_problems->setAlternatingRowColors(true);
    m_problems->setSelectionMode(QAbstractItemView::NoSelection);
    m_problems->setVisible(false);

    auto *listBox = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listBox);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_list, 1);
    listLayout->addWidget(m_openFile, 0, Qt::AlignLeft);

    auto *detail = new QWidget(this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_reload);
    buttons->addWidget(m_validate);
    buttons->addStretch(1);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_title);
    detailLayout->addWidget(m_file);
    detailLayout->addWidget(m_notes, 2);
    detailLayout->addLayout(buttons);
    detailLayout->addWidget(m_status);
    detailLayout->addWidget(m_problems, 3);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(listBox);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    setMinimumWidth(340);

    fillList();
    connect(m_list, &QListWidget::currentItemChanged, this, &ScenarioBrowser::showSelected);
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        if (!item->data(PathRole).toString().isEmpty())
            openSelected();
    });
    connect(m_openFile, &QPushButton::clicked, this, &ScenarioBrowser::chooseFile);
    connect(m_open, &QPushButton::clicked, this, [this] { openSelected(); });
    connect(m_reload, &QPushButton::clicked, this, [this] { reloadRunning(); });
    connect(m_validate, &QPushButton::clicked, this, [this] { validateSelected(); });
    connect(&m_session, &WorldSession::worldChanged, this, &ScenarioBrowser::markRunning);
    connect(&m_session, &WorldSession::languageChanged, this, [this] { retranslate(); });
    // The title says "(finished)" once the lesson is over, and "(running)" again after Back or a new mail.
    connect(&m_session, &WorldSession::stateChanged, this, [this] {
        if (m_selected && selectedPath() == m_session.scenarioPath())
            m_title->setText(runningTitle());
    });

    retranslate();
    if (m_session.world())
        m_shownRunning = m_session.scenarioPath();
    if (QListWidgetItem *running = itemFor(m_session.scenarioPath()))
        m_list->setCurrentItem(running);
    else if (!m_bundledItems.isEmpty())
        m_list->setCurrentItem(m_bundledItems.first());
}

void ScenarioBrowser::fillList()
{
    auto header = [this] {
        auto *item = new QListWidgetItem(m_list);
        item->setFlags(Qt::ItemIsEnabled); // a heading: not selectable
        QFont f = m_list->font();
        f.setBold(true);
        item->setFont(f);
        return item;
    };
    m_bundledHeader = header();
    for (const ScenarioCatalog::Entry &e : ScenarioCatalog::bundled()) {
        auto *item = new QListWidgetItem(m_list);
        item->setData(PathRole, e.path);
        m_bundledItems << item;
    }
    m_diskHeader = header();
}

QListWidgetItem *ScenarioBrowser::itemFor(const QString &path) const
{
    if (path.isEmpty())
        return nullptr;
    for (QListWidgetItem *item : m_bundledItems + m_diskItems)
        if (item->data(PathRole).toString() == path)
            return item;
    return nullptr;
}

QStringList ScenarioBrowser::lessonPaths() const
{
    QStringList out;
    for (QListWidgetItem *item : m_bundledItems + m_diskItems)
        out << item->data(PathRole).toString();
    return out;
}

void ScenarioBrowser::select(const QString &path)
{
    QListWidgetItem *item = itemFor(path);
    if (!item) {
        item = new QListWidgetItem(m_list);
        item->setData(PathRole, path);
        item->setToolTip(path);
        m_diskItems << item;
    }
    if (m_list->currentItem() == item)
        showSelected();
    else
        m_list->setCurrentItem(item);
    retranslate();
}

QString ScenarioBrowser::selectedPath() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(PathRole).toString() : QString();
}

void ScenarioBrowser::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a lesson file"), QString(),
                                                      tr("MailFlow scenarios (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        select(path);
        validateSelected();
    }
}

void ScenarioBrowser::showSelected()
{
    const QString path = selectedPath();
    m_problems->clear();
    m_problems->setVisible(false);
    m_notes->setVisible(true);
    m_status->setStatus(QString());
    m_selected.reset();
    m_selectedErrors.clear();
    const bool hasFile = !path.isEmpty();
    m_open->setEnabled(hasFile);
    m_validate->setEnabled(hasFile);
    if (hasFile) {
        auto loaded = ScenarioLoader::loadFile(path);
        m_selectedErrors = loaded.errors;
        if (loaded.ok())
            m_selected = std::move(loaded.scenario);
    }
    retranslate();
    if (!m_selectedErrors.isEmpty())
        showProblems(path, m_selectedErrors);
}

bool ScenarioBrowser::validateSelected()
{
    const QString path = selectedPath();
    if (path.isEmpty())
        return false;
    const auto loaded = ScenarioLoader::loadFile(path);
    m_selectedErrors = loaded.errors;
    if (loaded.ok())
        m_selected = loaded.scenario;
    else
        m_selected.reset();
    retranslate();
    if (!loaded.ok()) {
        showProblems(path, loaded.errors);
        return false;
    }
    m_problems->setVisible(false);
    m_notes->setVisible(true);
    const Scenario &s = *loaded.scenario;
    int users = 0;
    for (const DomainSpec &d : s.domains)
        users += int(d.users.size());
    const qsizetype domains = s.domains.size(), actions = s.timeline.size(), expectations = s.expectations.size();
    showStatus([=] {
        return tr("No problems found: %1 domain(s), %2 user(s), %3 timeline action(s), %4 expectation(s).")
            .arg(domains)
            .arg(users)
            .arg(actions)
            .arg(expectations);
    }, true);
    return true;
}

bool ScenarioBrowser::openSelected()
{
    const QString path = selectedPath();
    if (path.isEmpty())
        return false;
    const auto loaded = ScenarioLoader::loadFile(path);
    if (!loaded.ok()) {
        showProblems(path, loaded.errors);
        return false;
    }
    QStringList errors;
    if (!m_session.load(path, &errors)) {
        showStartFailure(errors);
        return false;
    }
    m_problems->setVisible(false);
    showStatus([] { return tr("Lesson started. Press Play (Space) or step with Right."); }, true);
    return true;
}

bool ScenarioBrowser::reloadRunning()
{
    const QString path = m_session.scenarioPath();
    if (path.isEmpty())
        return false;
    select(path);
    return openSelected();
}

void ScenarioBrowser::addProblem(int line, const QString &field, const QString &message)
{
    auto *item = new QListWidgetItem(m_problems);
    item->setData(LineRole, line);
    item->setData(FieldRole, field);
    item->setData(MessageRole, message);
    QString where = line > 0 ? tr("Line %1").arg(line) : QString();
    if (!field.isEmpty())
        where += (where.isEmpty() ? QString() : QStringLiteral(" · ")) + field;
    item->setText(where.isEmpty() ? message : where + QLatin1Char('\n') + message);
}

void ScenarioBrowser::showProblems(const QString &file, const QList<ScenarioError> &errors)
{
    m_problems->clear();
    for (const ScenarioError &e : errors)
        addProblem(e.line, e.field, e.message);
    m_problems->setVisible(true);
    m_notes->setVisible(false);
    const bool running = m_session.world() != nullptr;
    const QString name = QFileInfo(file).fileName();
    const qsizetype count = errors.size();
    showStatus([=] {
        return (count == 1 ? tr("1 problem in %1.").arg(name) : tr("%1 problems in %2.").arg(count).arg(name))
               + QLatin1Char(' ') + tr("Fix the file, then press Validate again.")
               + (running ? QLatin1Char(' ') + tr("The running lesson goes on.") : QString());
    }, false);
}

void ScenarioBrowser::showStartFailure(const QStringList &errors)
{
    m_problems->clear();
    for (const QString &e : errors)
        addProblem(0, QString(), e);
    m_problems->setVisible(true);
    const bool running = m_session.world() != nullptr;
    showStatus([running] {
        return running ? tr("The lesson could not start. The previous lesson keeps running.")
                       : tr("The lesson could not start. Fix the problem, then press Open again, or open another lesson.");
    }, false);
}

void ScenarioBrowser::showStatus(std::function<QString()> text, bool good)
{
    m_statusText = std::move(text);
    m_statusGood = good;
    m_status->setStyleSheet(good ? QStringLiteral("color: #1b5e20;") : QStringLiteral("color: #b00020; font-weight: bold;"));
    m_status->setStatus((good ? QStringLiteral("✔ ") : QStringLiteral("⚠ ")) + m_statusText());
}

void ScenarioBrowser::markRunning()
{
    const QString running = m_session.scenarioPath();
    // A lesson started from elsewhere (File > Open, the command line, the screenshots tool): its notes
    // replace those of whatever was selected. Restarting the same lesson keeps the lecturer's selection.
    if (m_session.world() && running != m_shownRunning) {
        m_shownRunning = running;
        if (selectedPath() != running)
            select(running);
    }
    for (QListWidgetItem *item : m_bundledItems + m_diskItems) {
        QFont f = m_list->font();
        f.setBold(item->data(PathRole).toString() == running && m_session.world());
        item->setFont(f);
    }
    retranslate();
}

QString ScenarioBrowser::titleText() const
{
    return m_title->text();
}

QString ScenarioBrowser::notesText() const
{
    return m_notes->toPlainText();
}

QString ScenarioBrowser::statusText() const
{
    return m_status->text();
}

QList<ScenarioBrowser::Problem> ScenarioBrowser::problems() const
{
    QList<Problem> out;
    if (m_problems->isHidden())
        return out;
    for (int i = 0; i < m_problems->count(); ++i) {
        const QListWidgetItem *item = m_problems->item(i);
        out.append({item->data(LineRole).toInt(), item->data(FieldRole).toString(), item->data(MessageRole).toString()});
    }
    return out;
}

void ScenarioBrowser::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QString ScenarioBrowser::runningTitle() const
{
    return m_selected->title.in(m_session.language()) + QLatin1Char(' ')
           + (m_session.isFinished() ? tr("(finished)") : tr("(running)"));
}

void ScenarioBrowser::retranslate()
{
    const Language language = m_session.language();
    const QString running = m_session.world() ? m_session.scenarioPath() : QString();
    m_bundledHeader->setText(tr("Bundled lessons"));
    m_diskHeader->setText(tr("Files from disk"));
    m_diskHeader->setHidden(m_diskItems.isEmpty());
    const QList<ScenarioCatalog::Entry> bundled = ScenarioCatalog::bundled();
    for (int i = 0; i < m_bundledItems.size() && i < bundled.size(); ++i) {
        QListWidgetItem *item = m_bundledItems[i];
        QString text = bundled[i].title.in(language);
        if (item->data(PathRole).toString() == running)
            text = QStringLiteral("▶ ") + text;
        item->setText(text);
        item->setToolTip(bundled[i].name);
    }
    for (QListWidgetItem *item : std::as_const(m_diskItems)) {
        const QString path = item->data(PathRole).toString();
        QString text = QFileInfo(path).fileName();
        if (path == running)
            text = QStringLiteral("▶ ") + text;
        item->setText(text);
    }

    if (m_statusText)
        m_status->setStatus((m_statusGood ? QStringLiteral("✔ ") : QStringLiteral("⚠ ")) + m_statusText());
    m_openFile->setText(tr("Open file…"));
    m_openFile->setToolTip(tr("Add a scenario file (JSON) from disk to the list and check it."));
    m_open->setText(tr("Open"));
    m_open->setToolTip(tr("Start this lesson from the beginning. A file with problems is not started."));
    m_reload->setText(tr("Reload"));
    m_reload->setToolTip(tr("Read the running lesson's file again (after editing it) and start it from the beginning."));
    m_reload->setEnabled(m_session.world() != nullptr);
    m_validate->setText(tr("Validate"));
    m_validate->setToolTip(tr("Check the file against the scenario format and list every problem with its line."));

    const QString path = selectedPath();
    if (path.isEmpty()) {
        m_title->setText(tr("Choose a lesson"));
        m_file->clear();
        m_notes->setPlainText(tr("Pick a lesson in the list above to read the lecturer's notes, then press Open."));
        return;
    }
    m_file->setText(path.startsWith(QLatin1Char(':')) ? tr("Bundled lesson: %1").arg(QFileInfo(path).fileName())
                                                      : tr("File: %1").arg(path));
    if (m_selected) {
        m_title->setText(path == running ? runningTitle() : m_selected->title.in(language));
        const QString notes = lessonNotes(*m_selected, language);
        m_notes->setPlainText(notes.isEmpty() ? tr("This lesson has no notes.") : notes);
    } else {
        m_title->setText(QFileInfo(path).fileName());
        m_notes->setPlainText(tr("This file has problems and cannot be opened. Press Validate to list them."));
    }
}

} // namespace mf::gui
