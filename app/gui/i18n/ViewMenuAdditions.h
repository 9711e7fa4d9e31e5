#pragma once

#include <QObject>

class QAction;
class QActionGroup;
class QMenu;
class QWidget;

namespace mf::gui {

class LanguageSwitcher;
class PresentationMode;
class WorldSession;

// View > Language (English / Bahasa Indonesia, exclusive) and View > Presentation mode (F5). Creates the
// LanguageSwitcher and the PresentationMode, applies the remembered (or system) language and mode, and
// retranslates its own menu entries when the language changes. Find it as
// window->findChild<ViewMenuAdditions *>().
class ViewMenuAdditions : public QObject
{
    Q_OBJECT
public:
    ViewMenuAdditions(QWidget *window, QMenu *viewMenu, WorldSession &session);

    LanguageSwitcher &languageSwitcher() const { return *m_switcher; }
    PresentationMode &presentationMode() const { return *m_presentation; }
    QAction *englishAction() const { return m_english; }
    QAction *indonesianAction() const { return m_indonesian; }
    QAction *presentationAction() const { return m_presentationAction; }
    QAction *animationsAction() const { return m_animationsAction; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void showLanguage();

    QMenu *m_viewMenu;
    LanguageSwitcher *m_switcher;
    PresentationMode *m_presentation;
    QMenu *m_languageMenu = nullptr;
    QAction *m_english = nullptr;
    QAction *m_indonesian = nullptr;
    QAction *m_animationsAction = nullptr;
    QAction *m_presentationAction = nullptr;
};

} // namespace mf::gui
