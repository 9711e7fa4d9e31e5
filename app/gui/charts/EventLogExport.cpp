#include "EventLogExport.h"

#include "narration/EventNarrator.h"

#include "gui/WorldSession.h"

#include <QAction>
#include <QEvent>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>

namespace mf::gui {

EventLogExport::EventLogExport(QWidget *window, QMenu *exportMenu, WorldSession &session)
    : QObject(window), m_window(window), m_menu(exportMenu), m_session(session)
{
    setObjectName(QStringLiteral("eventLogExport"));
    m_action = m_menu->addAction(QString());
    m_action->setObjectName(QStringLiteral("exportEventLog"));
    connect(m_action, &QAction::triggered, this, &EventLogExport::exportToFile);
    auto enable = [this] { m_action->setEnabled(m_session.world() != nullptr); };
    connect(&m_session, &WorldSession::worldChanged, this, enable);
    enable();
    m_menu->installEventFilter(this);
    retranslate();
}

bool EventLogExport::write(const EventLog &log, const QString &path, Language language, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    // The same lines as `mailflow run --format json`: the one renderer's words in the GUI's language.
    for (const SimEvent &e : log.events()) {
        file.write(narration::jsonLine(e, language));
        file.write("\n", 1);
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void EventLogExport::exportToFile()
{
    World *world = m_session.world();
    if (!world)
        return;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export the event log"),
                                                      QStringLiteral("mailflow-events.jsonl"),
                                                      tr("JSON lines (*.jsonl *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!write(world->log(), path, m_session.language(), &error))
        QMessageBox::warning(m_window, tr("Export failed"), tr("Cannot write %1: %2").arg(path, error));
}

bool EventLogExport::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_menu && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void EventLogExport::retranslate()
{
    m_action->setText(tr("Event log as &JSON lines…"));
    m_action->setToolTip(tr("Save every event, one JSON object per line, as `mailflow run --format json` prints them"));
}

} // namespace mf::gui
