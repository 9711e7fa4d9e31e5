#pragma once

#include <QByteArray>
#include <QFont>
#include <QList>
#include <QPair>
#include <QObject>
#include <QPointer>
#include <QPalette>

class QWidget;

class QDockWidget;

namespace mf::gui {

// Presentation mode for a projector: the application font 1.5 times larger and a high-contrast palette
// (black on white, strong highlight colours), applied and reverted while the app runs. The flow diagram
// (objectName "flowDiagram") is told through its setPresentation(bool) slot when it has one. The choice is
// remembered in QSettings ("presentation"); qApp's property "presentation" tells other panels.
class PresentationMode : public QObject
{
    Q_OBJECT
public:
    // `window` is searched for the flow diagram.
    explicit PresentationMode(QWidget *window);
    ~PresentationMode() override;

    static constexpr double kFontScale = 1.5;
    static QPalette highContrastPalette();
    static bool remembered();
    // Whether the mode is on now (qApp's property "presentation"), for panels that size their type by it.
    static bool isActive();
    static QString settingsKey() { return QStringLiteral("presentation"); }

    bool isOn() const { return m_on; }
    void setOn(bool on, bool remember = true);

signals:
    void toggled(bool on);

private:
    void tellDiagram();
    void restoreNormalLook(bool docks);
    static QFont scaled(const QFont &font);

    QWidget *m_window;
    bool m_on = false;
    QFont m_normalFont;
    QPalette m_normalPalette;
    QList<QPair<QByteArray, QFont>> m_normalClassFonts;
    QList<QPointer<QDockWidget>> m_foldedDocks; // the panels that were open before presenting
};

} // namespace mf::gui
