#include "PresentationMode.h"

#include "gui/FontScaling.h"

#include <QApplication>
#include <QDockWidget>
#include <QMetaObject>
#include <QPointer>
#include <QSettings>
#include <QWidget>

namespace mf::gui {

PresentationMode::PresentationMode(QWidget *window) : QObject(window), m_window(window) {}

PresentationMode::~PresentationMode()
{
    if (m_on)
        restoreNormalLook(false); // the window's docks are being destroyed already
}

QFont PresentationMode::scaled(const QFont &font)
{
    return scaledFont(font, kFontScale);
}

void PresentationMode::restoreNormalLook(bool docks)
{
    qApp->setProperty("presentation", false);
    QApplication::setPalette(m_normalPalette);
    QApplication::setFont(m_normalFont);
    for (const auto &[widgetClass, normal] : std::as_const(m_normalClassFonts))
        QApplication::setFont(normal, widgetClass.constData());
    if (docks) {
        for (QDockWidget *dock : m_window->findChildren<QDockWidget *>())
            dock->setFont(QFont());
    }
}

bool PresentationMode::isActive()
{
    return qApp->property("presentation").toBool();
}

bool PresentationMode::remembered()
{
    return QSettings().value(settingsKey(), false).toBool();
}

QPalette PresentationMode::highContrastPalette()
{
    const QColor white(Qt::white);
    const QColor black(Qt::black);
    QPalette p(black, white); // window text, window
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::WindowText, black);
        p.setColor(group, QPalette::Window, white);
        p.setColor(group, QPalette::Base, white);
        p.setColor(group, QPalette::AlternateBase, QColor(0xEE, 0xEE, 0xEE));
        p.setColor(group, QPalette::Text, black);
        p.setColor(group, QPalette::BrightText, white);
        p.setColor(group, QPalette::Button, QColor(0xE6, 0xE6, 0xE6));
        p.setColor(group, QPalette::ButtonText, black);
        p.setColor(group, QPalette::Highlight, QColor(0x00, 0x3D, 0xC7));
        p.setColor(group, QPalette::HighlightedText, white);
        p.setColor(group, QPalette::ToolTipBase, QColor(0xFF, 0xFF, 0xC8));
        p.setColor(group, QPalette::ToolTipText, black);
        p.setColor(group, QPalette::Link, QColor(0x00, 0x00, 0xCC));
        p.setColor(group, QPalette::LinkVisited, QColor(0x66, 0x00, 0x99));
        p.setColor(group, QPalette::PlaceholderText, QColor(0x44, 0x44, 0x44));
        p.setColor(group, QPalette::Light, white);
        p.setColor(group, QPalette::Midlight, QColor(0xCC, 0xCC, 0xCC));
        p.setColor(group, QPalette::Mid, QColor(0x77, 0x77, 0x77));
        p.setColor(group, QPalette::Dark, QColor(0x33, 0x33, 0x33));
        p.setColor(group, QPalette::Shadow, black);
    }
    // Disabled text stays readable on a projector: dark grey, not pale grey.
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::Window, white);
    p.setColor(QPalette::Disabled, QPalette::Base, white);
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(0xE6, 0xE6, 0xE6));
    return p;
}

void PresentationMode::setOn(bool on, bool remember)
{
    if (remember)
        QSettings().setValue(settingsKey(), on);
    if (on == m_on)
        return;
    m_on = on;
    if (on) {
        m_normalFont = QApplication::font();
        m_normalPalette = QApplication::palette();
        const QFont large = scaled(m_normalFont);
        // Fonts Qt keeps per widget class (dock titles, tooltips, menus) are scaled too.
        m_normalClassFonts.clear();
        for (const char *widgetClass : {"QDockWidgetTitle", "QTipLabel", "QMenu", "QMenuBar", "QHeaderView"})
            m_normalClassFonts.append({widgetClass, QApplication::font(widgetClass)});
        qApp->setProperty("presentation", true);
        QApplication::setPalette(highContrastPalette());
        QApplication::setFont(large);
        for (const auto &[widgetClass, normal] : std::as_const(m_normalClassFonts))
            QApplication::setFont(scaled(normal), widgetClass.constData());
        // A dock widget paints its title in the font it was created with unless its own font differs
        // from the class font; an otherwise identical font with another style strategy makes it use the
        // large one.
        QFont dockFont = large;
        dockFont.setStyleStrategy(QFont::PreferAntialias);
        // The diagram gets the screen: the panels fold away (View > Panels brings one back) and the
        // caption strip under the diagram stays.
        m_foldedDocks.clear();
        for (QDockWidget *dock : m_window->findChildren<QDockWidget *>()) {
            dock->setFont(dockFont);
            // Visible to the window, not on screen: at start-up the remembered mode is applied before
            // the window is shown.
            if (dock->isVisibleTo(m_window)) {
                m_foldedDocks.append(dock);
                dock->hide();
            }
        }
    } else {
        restoreNormalLook(true);
        for (const QPointer<QDockWidget> &dock : std::as_const(m_foldedDocks))
            if (dock)
                dock->show();
        m_foldedDocks.clear();
    }
    tellDiagram();
    emit toggled(on);
}

void PresentationMode::tellDiagram()
{
    QObject *diagram = m_window->findChild<QObject *>(QStringLiteral("flowDiagram"));
    if (diagram && diagram->metaObject()->indexOfMethod("setPresentation(bool)") >= 0)
        QMetaObject::invokeMethod(diagram, "setPresentation", Q_ARG(bool, m_on));
}

} // namespace mf::gui
