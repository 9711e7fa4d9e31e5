#pragma once

#include <functional>
#include "scenario/ScenarioLoader.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTextBrowser;

namespace mf {
class World;
}

namespace mf::gui {

class StatusLine;

class WorldSession;

// "Lessons": the bundled scenarios and files opened from disk, with each lesson's title and the
// lecturer's notes in the current language. Open starts the chosen lesson, Reload starts the running
// one again from its file, Validate checks a file; every problem is listed with its line and field.
// A file that does not load shows its problems here and the running lesson keeps going.
class ScenarioBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioBrowser(WorldSession &session, QWidget *parent = nullptr);

    // The lessons listed (bundled and from disk), as paths.
    QStringList lessonPaths() const;
    // Selects the lesson with this path (adding it under "From disk" when new) and shows its notes.
    void select(const QString &path);
    QString selectedPath() const;
    // Opens the selected lesson; false when it has problems (listed) or cannot start.
    bool openSelected();
    bool reloadRunning();
    // Validates the selected file and lists its problems; true when it has none.
    bool validateSelected();

    QString titleText() const;
    QString notesText() const;
    QString statusText() const;
    struct Problem {
        int line = 0;
        QString field;
        QString message;
    };
    QList<Problem> problems() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fillList();
    void showSelected();
    void chooseFile();
    void markRunning();
    void showProblems(const QString &file, const QList<ScenarioError> &errors);
    void showStartFailure(const QStringList &errors);
    void addProblem(int line, const QString &field, const QString &message);
    // `text` is called again when the language changes, so the status line follows it.
    void showStatus(std::function<QString()> text, bool good);
    // "<title> (running)" or "<title> (finished)" for the lesson that runs, in the current language.
    QString runningTitle() const;
    QListWidgetItem *itemFor(const QString &path) const;

    WorldSession &m_session;
    QListWidgetItem *m_bundledHeader = nullptr;
    QListWidgetItem *m_diskHeader = nullptr;
    QList<QListWidgetItem *> m_bundledItems;
    QList<QListWidgetItem *> m_diskItems;
    QListWidget *m_list = nullptr;
    QPushButton *m_openFile = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_file = nullptr;
    QTextBrowser *m_notes = nullptr;
    QPushButton *m_open = nullptr, *m_reload = nullptr, *m_validate = nullptr;
    StatusLine *m_status = nullptr;
    std::function<QString()> m_statusText;
    bool m_statusGood = true;
    QListWidget *m_problems = nullptr;
    QString m_shownRunning; // the running lesson the list last followed
    // The selected file as loaded (for its title and notes); empty when it has problems.
    std::optional<Scenario> m_selected;
    QList<ScenarioError> m_selectedErrors;
};

} // namespace mf::gui
