#pragma once

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QMenu;

namespace mf::gui {

class LessonEndCard;

class CaptionStrip;
class ControlBar;
class WorldSession;

// The classroom window: the flow diagram in the middle, the controls on top, and dock panels around it
// (transcript, inspectors, composer, User B's mail client, scenario browser, charts). Every panel only
// listens to the WorldSession and calls its public API.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    WorldSession &session() const { return *m_session; }
    ControlBar *controls() const { return m_controls; }
    // Loads a scenario, showing any problem in a dialog; the previous lesson keeps running on failure.
    bool openScenario(const QString &path);
    // The dock with this object name ("transcript", "message", "node", "composer", "mailclient",
    // "scenarios", "charts"), or nullptr.
    QDockWidget *dock(const QString &name) const;

protected:
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    // Fills: the panel scrolls by itself (the transcript's table). Scrolls: wrapped in a scroll area.
    enum class PanelFit { Scrolls, Fills };
    QDockWidget *addPanel(const QString &name, QWidget *panel, Qt::DockWidgetArea area,
                          PanelFit fit = PanelFit::Scrolls);
    void buildMenus();
    void installDiagram();
    void installTranscript();
    void installInspectors();
    void installComposer();
    void installMailClient();
    void installScenarioBrowser();
    void installCharts();
    void arrangeDefaultLayout();
public:
    // View > Reset layout: every panel back in its place and size, none floating or hidden.
    void resetLayout();
    QAction *resetLayoutAction() const { return m_resetLayoutAction; }
    LessonEndCard *endCard() const { return m_endCard; }
private:
    void retranslate();
    void refreshStatus();

    WorldSession *m_session = nullptr;
    ControlBar *m_controls = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_exportMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_panelsMenu = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_resetLayoutAction = nullptr;
    LessonEndCard *m_endCard = nullptr;
    QLabel *m_status = nullptr;
    CaptionStrip *m_caption = nullptr;
};

} // namespace mf::gui
