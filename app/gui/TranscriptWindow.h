#pragma once

#include "world/World.h"

#include <QMainWindow>
#include <QTemporaryDir>
#include <memory>

class QComboBox;
class QLabel;
class QStandardItemModel;
class QTableView;
class QTextBrowser;

namespace mf::gui {

// The first MailFlow window: pick a lesson, run or step it, and read every hop and protocol line with
// its explanation as it happens. The animated diagram, inspectors and composer build on this.
class TranscriptWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit TranscriptWindow(QWidget *parent = nullptr);
    ~TranscriptWindow() override;

    bool loadScenario(const QString &path);
    World *world() const { return m_world.get(); }
    QStandardItemModel *transcriptModel() const { return m_model; }

private:
    void onRecorded(int index);
    void updateStatus();

    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<World> m_world;
    QComboBox *m_scenarios = nullptr;
    QTextBrowser *m_notes = nullptr;
    QTableView *m_view = nullptr;
    QStandardItemModel *m_model = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace mf::gui
