#include "ScenarioBrowser.h"

#include "gui/WorldSession.h"
#include "scenario/ScenarioCatalog.h"
#include "world/World.h"

#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mf::gui {

namespace {

constexpr int PathRole = Qt::UserRole + 1;

enum ProblemColumn { LineColumn, FieldColumn, MessageColumn };

} // namespace

ScenarioBrowser::ScenarioBrowser(WorldSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("scenarioBrowser"));
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("lessons"));
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setIndentation(8);
    m_list->setWordWrap(true);
    m_openFile = new QPushButton(this);
    m_openFile->setObjectName(QStringLiteral("openFile"));

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("title"));
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    m_file = new QLabel(this);
    m_file->setStyleSheet(QStringLiteral("color: palette(mid);"));
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
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_problems = new QTreeWidget(this);
    m_problems->setObjectName(QStringLiteral("problems"));
    m_problems->setRootIsDecorated(false);
    m_problems->setWordWrap(true);
    m_problems->setColumnCount(3);
    m_problems->header()->setSectionResizeMode(LineColumn, QHeaderView::ResizeToContents);
    m_problems->header()->setSectionResizeMode(FieldColumn, QHeaderView::ResizeToContents);
    m_problems->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
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
    detailLayout->addWidget(m_problems, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(listBox);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    fillList();
    connect(m_list, &QTreeWidget::currentItemChanged, this, &ScenarioBrowser::showSelected);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        if (!item->data(0, PathRole).toString().isEmpty())
            openSelected();
    });
    connect(m_openFile, &QPushButton::clicked, this, &ScenarioBrowser::chooseFile);
    connect(m_open, &QPushButton::clicked, this, [this] { openSelected(); });
    connect(m_reload, &QPushButton::clicked, this, [this] { reloadRunning(); });
    connect(m_validate, &QPushButton::clicked, this, [this] { validateSelected(); });
    connect(&m_session, &WorldSession::worldChanged, this, &ScenarioBrowser::markRunning);
    connect(&m_session, &WorldSession::languageChanged, this, [this] { retranslate(); });

    retranslate();
    if (QTreeWidgetItem *running = itemFor(m_session.scenarioPath()))
        m_list->setCurrentItem(running);
    else if (m_bundledGroup->childCount())
        m_list->setCurrentItem(m_bundledGroup->child(0));
}

void ScenarioBrowser::fillList()
{
    m_bundledGroup = new QTreeWidgetItem(m_list);
    m_bundledGroup->setFlags(Qt::ItemIsEnabled);
    m_diskGroup = new QTreeWidgetItem(m_list);
    m_diskGroup->setFlags(Qt::ItemIsEnabled);
    for (QTreeWidgetItem *group : {m_bundledGroup, m_diskGroup}) {
        QFont f = group->font(0);
        f.setBold(true);
        group->setFont(0, f);
        group->setForeground(0, QColor(0x555555));
    }
    for (const ScenarioCatalog::Entry &e : ScenarioCatalog::bundled()) {
        auto *item = new QTreeWidgetItem(m_bundledGroup);
        item->setData(0, PathRole, e.path);
        item->setData(0, Qt::UserRole, e.name);
    }
    m_list->expandAll();
}

QTreeWidgetItem *ScenarioBrowser::itemFor(const QString &path) const
{
    if (path.isEmpty())
        return nullptr;
    for (QTreeWidgetItem *group : {m_bundledGroup, m_diskGroup})
        for (int i = 0; i < group->childCount(); ++i)
            if (group->child(i)->data(0, PathRole).toString() == path)
                return group->child(i);
    return nullptr;
}

QStringList ScenarioBrowser::lessonPaths() const
{
    QStringList out;
    for (QTreeWidgetItem *group : {m_bundledGroup, m_diskGroup})
        for (int i = 0; i < group->childCount(); ++i)
            out << group->child(i)->data(0, PathRole).toString();
    return out;
}

void ScenarioBrowser::select(const QString &path)
{
    QTreeWidgetItem *item = itemFor(path);
    if (!item) {
        item = new QTreeWidgetItem(m_diskGroup);
        item->setData(0, PathRole, path);
        item->setToolTip(0, path);
        m_diskFiles << path;
        m_diskGroup->setHidden(false);
        m_list->expandAll();
    }
    if (m_list->currentItem() == item)
        showSelected();
    else
        m_list->setCurrentItem(item);
    retranslate();
}

QString ScenarioBrowser::selectedPath() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, PathRole).toString() : QString();
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
    m_status->clear();
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
    const Scenario &s = *loaded.scenario;
    int users = 0;
    for (const DomainSpec &d : s.domains)
        users += int(d.users.size());
    showStatus(tr("No problems found: %1 domain(s), %2 user(s), %3 timeline action(s), %4 expectation(s).")
                   .arg(s.domains.size())
                   .arg(users)
                   .arg(s.timeline.size())
                   .arg(s.expectations.size()),
               true);
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
    showStatus(tr("Lesson started. Press Play (Space) or step with Right."), true);
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

void ScenarioBrowser::showProblems(const QString &file, const QList<ScenarioError> &errors)
{
    m_problems->clear();
    for (const ScenarioError &e : errors) {
        auto *item = new QTreeWidgetItem(m_problems);
        item->setText(LineColumn, e.line > 0 ? QString::number(e.line) : QStringLiteral("–"));
        item->setText(FieldColumn, e.field);
        item->setText(MessageColumn, e.message);
        item->setToolTip(MessageColumn, e.toString());
        item->setTextAlignment(LineColumn, Qt::AlignRight | Qt::AlignTop);
    }
    m_problems->setVisible(true);
    const QString running = m_session.world() ? tr(" The running lesson goes on.") : QString();
    showStatus(tr("%n problem(s) in %1. Fix them in the file, then Validate again.", nullptr, int(errors.size()))
                   .arg(QFileInfo(file).fileName())
                   + running,
               false);
}

void ScenarioBrowser::showStartFailure(const QStringList &errors)
{
    m_problems->clear();
    for (const QString &e : errors) {
        auto *item = new QTreeWidgetItem(m_problems);
        item->setText(LineColumn, QStringLiteral("–"));
        item->setText(MessageColumn, e);
        item->setToolTip(MessageColumn, e);
    }
    m_problems->setVisible(true);
    showStatus(m_session.world() ? tr("The lesson could not start. The previous lesson keeps running.")
                                 : tr("The lesson could not start."),
               false);
}

void ScenarioBrowser::showStatus(const QString &text, bool good)
{
    m_status->setStyleSheet(good ? QStringLiteral("color: #1b5e20;") : QStringLiteral("color: #b00020; font-weight: bold;"));
    m_status->setText((good ? QStringLiteral("✔ ") : QStringLiteral("⚠ ")) + text);
}

void ScenarioBrowser::markRunning()
{
    const QString running = m_session.scenarioPath();
    for (QTreeWidgetItem *group : {m_bundledGroup, m_diskGroup}) {
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem *item = group->child(i);
            QFont f = item->font(0);
            f.setBold(item->data(0, PathRole).toString() == running && m_session.world());
            item->setFont(0, f);
        }
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
    for (int i = 0; i < m_problems->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_problems->topLevelItem(i);
        out.append({item->text(LineColumn).toInt(), item->text(FieldColumn), item->text(MessageColumn)});
    }
    return out;
}

void ScenarioBrowser::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ScenarioBrowser::retranslate()
{
    const Language language = m_session.language();
    const QString running = m_session.world() ? m_session.scenarioPath() : QString();
    m_bundledGroup->setText(0, tr("Bundled lessons"));
    m_diskGroup->setText(0, tr("Files from disk"));
    m_diskGroup->setHidden(m_diskGroup->childCount() == 0);
    const QList<ScenarioCatalog::Entry> bundled = ScenarioCatalog::bundled();
    for (int i = 0; i < m_bundledGroup->childCount() && i < bundled.size(); ++i) {
        QTreeWidgetItem *item = m_bundledGroup->child(i);
        QString text = bundled[i].title.in(language);
        if (item->data(0, PathRole).toString() == running)
            text = QStringLiteral("▶ ") + text;
        item->setText(0, text);
        item->setToolTip(0, bundled[i].name);
    }
    for (int i = 0; i < m_diskGroup->childCount(); ++i) {
        QTreeWidgetItem *item = m_diskGroup->child(i);
        const QString path = item->data(0, PathRole).toString();
        QString text = QFileInfo(path).fileName();
        if (path == running)
            text = QStringLiteral("▶ ") + text;
        item->setText(0, text);
    }

    m_openFile->setText(tr("Open file…"));
    m_openFile->setToolTip(tr("Add a scenario file (JSON) from disk to the list and check it."));
    m_open->setText(tr("Open"));
    m_open->setToolTip(tr("Start this lesson from the beginning. A file with problems is not started."));
    m_reload->setText(tr("Reload"));
    m_reload->setToolTip(tr("Read the running lesson's file again (after editing it) and start it from the beginning."));
    m_reload->setEnabled(m_session.world() != nullptr);
    m_validate->setText(tr("Validate"));
    m_validate->setToolTip(tr("Check the file against the scenario format and list every problem with its line."));
    m_problems->setHeaderLabels({tr("Line"), tr("Field"), tr("Problem")});

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
        QString title = m_selected->title.in(language);
        if (path == running)
            title += QLatin1Char(' ') + tr("(running)");
        m_title->setText(title);
        const QString notes = m_selected->notes.in(language);
        m_notes->setPlainText(notes.isEmpty() ? tr("This lesson has no notes.") : notes);
    } else {
        m_title->setText(QFileInfo(path).fileName());
        m_notes->setPlainText(tr("This file has %n problem(s). Press Validate to list them.", nullptr,
                                 int(m_selectedErrors.size())));
    }
}

} // namespace mf::gui
