#pragma once

#include "explain/Language.h"

#include <QObject>

class QAction;
class QMenu;
class QWidget;

namespace mf {
class EventLog;
}

namespace mf::gui {

class WorldSession;

// File > Export > Event log as JSON lines…: every recorded event, one JSON object per line, exactly as
// `mailflow run --format json` prints them.
class EventLogExport : public QObject
{
    Q_OBJECT
public:
    EventLogExport(QWidget *window, QMenu *exportMenu, WorldSession &session);

    QAction *action() const { return m_action; }
    // Writes the whole log to `path` (atomically); false and a readable `error` on failure.
    static bool write(const EventLog &log, const QString &path, Language language, QString *error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void exportToFile();
    void retranslate();

    QWidget *m_window;
    QMenu *m_menu;
    WorldSession &m_session;
    QAction *m_action = nullptr;
};

} // namespace mf::gui
