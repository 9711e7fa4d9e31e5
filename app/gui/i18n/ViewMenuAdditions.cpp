#include "ViewMenuAdditions.h"

#include "LanguageSwitcher.h"
#include "PresentationMode.h"
#include "gui/WorldSession.h"

#include <QAction>
#include <QActionGroup>
#include <QEvent>
#include <QMenu>

namespace mf::gui {

ViewMenuAdditions::ViewMenuAdditions(QWidget *window, QMenu *viewMenu, WorldSession &session)
    : QObject(window), m_viewMenu(viewMenu), m_switcher(new LanguageSwitcher(session, this)),
      m_presentation(new PresentationMode(window))
{
    setObjectName(QStringLiteral("viewMenuAdditions"));
    m_viewMenu->addSeparator();
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("languageMenu"));
    auto *group = new QActionGroup(this);
    group->setExclusive(true);
    // Each language is named in itself, so a student who cannot read the current one still finds theirs.
    m_english = m_languageMenu->addAction(QStringLiteral("English"));
    m_english->setObjectName(QStringLiteral("languageEnglish"));
    m_indonesian = m_languageMenu->addAction(QStringLiteral("Bahasa Indonesia"));
    m_indonesian->setObjectName(QStringLiteral("languageIndonesian"));
    for (QAction *a : {m_english, m_indonesian}) {
        a->setCheckable(true);
        group->addAction(a);
    }
    connect(m_english, &QAction::triggered, this, [this] { m_switcher->setLanguage(Language::English); });
    connect(m_indonesian, &QAction::triggered, this, [this] { m_switcher->setLanguage(Language::Indonesian); });
    connect(m_switcher, &LanguageSwitcher::languageChanged, this, &ViewMenuAdditions::showLanguage);

    m_presentationAction = m_viewMenu->addAction(QString());
    m_presentationAction->setObjectName(QStringLiteral("presentationMode"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(Qt::Key_F5);
    m_presentationAction->setShortcutContext(Qt::WindowShortcut);
    window->addAction(m_presentationAction); // the shortcut works while the menu bar is hidden too
    connect(m_presentationAction, &QAction::toggled, this, [this](bool on) { m_presentation->setOn(on); });
    connect(m_presentation, &PresentationMode::toggled, m_presentationAction, &QAction::setChecked);

    // Off: each step jumps straight to its state (a slow projector, a remote desktop, a student who
    // wants the result).
    m_animationsAction = m_viewMenu->addAction(QString());
    m_animationsAction->setObjectName(QStringLiteral("animations"));
    m_animationsAction->setCheckable(true);
    m_animationsAction->setChecked(session.isAnimated());
    connect(m_animationsAction, &QAction::toggled, &session, &WorldSession::setAnimated);
    connect(&session, &WorldSession::animatedChanged, m_animationsAction, &QAction::setChecked);

    m_viewMenu->installEventFilter(this);
    retranslate();
    m_switcher->setLanguage(LanguageSwitcher::initialLanguage(), false);
    showLanguage();
    if (PresentationMode::remembered())
        m_presentation->setOn(true, false);
}

bool ViewMenuAdditions::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewMenu && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void ViewMenuAdditions::retranslate()
{
    m_languageMenu->setTitle(tr("&Language"));
    m_english->setToolTip(tr("Show MailFlow in English"));
    m_indonesian->setToolTip(tr("Show MailFlow in Bahasa Indonesia"));
    m_presentationAction->setText(tr("&Presentation mode"));
    m_presentationAction->setToolTip(tr("Large text and strong contrast for a projector (F5)"));
    m_animationsAction->setText(tr("&Animations"));
    m_animationsAction->setToolTip(tr("Envelopes travel and lines stay a moment; off, each step jumps straight to its state"));
}

void ViewMenuAdditions::showLanguage()
{
    const bool indonesian = m_switcher->language() == Language::Indonesian;
    m_indonesian->setChecked(indonesian);
    m_english->setChecked(!indonesian);
}

} // namespace mf::gui
