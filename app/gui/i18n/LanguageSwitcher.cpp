#include "LanguageSwitcher.h"

#include "gui/WorldSession.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace mf::gui {

LanguageSwitcher::LanguageSwitcher(WorldSession &session, QObject *parent) : QObject(parent), m_session(session)
{
    m_language = m_session.language();
}

LanguageSwitcher::~LanguageSwitcher()
{
    removeTranslators();
}

Language LanguageSwitcher::initialLanguage()
{
    const QString remembered = QSettings().value(settingsKey()).toString();
    return remembered.isEmpty() ? systemLanguage() : languageFromCode(remembered);
}

void LanguageSwitcher::removeTranslators()
{
    // Each removal sends LanguageChange; widgets then show the source (English) strings.
    for (auto *translator : {&m_mailflow, &m_qt}) {
        if (*translator) {
            QCoreApplication::removeTranslator(translator->get());
            translator->reset();
        }
    }
}

void LanguageSwitcher::setLanguage(Language language, bool remember)
{
    if (remember)
        QSettings().setValue(settingsKey(), languageCode(language));
    const bool translatorsMatch = (language == Language::Indonesian) == bool(m_mailflow);
    if (language == m_language && translatorsMatch && m_session.language() == language)
        return;
    m_language = language;
    // The session first, so widgets retranslating on LanguageChange already see the new language.
    m_session.setLanguage(language);
    removeTranslators();
    QLocale::setDefault(language == Language::Indonesian ? QLocale(QLocale::Indonesian, QLocale::Indonesia)
                                                         : QLocale(QLocale::English, QLocale::UnitedStates));
    if (language == Language::Indonesian) {
        // Qt's own strings (dialog buttons, file dialogs): our bundled translation, else the system's.
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QStringLiteral(":/i18n/qtbase_id.qm"))
            || qt->load(QStringLiteral("qtbase_id"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt.get());
            m_qt = std::move(qt);
        }
        auto mailflow = std::make_unique<QTranslator>();
        if (mailflow->load(QStringLiteral(":/i18n/mailflow_id.qm"))) {
            QCoreApplication::installTranslator(mailflow.get());
            m_mailflow = std::move(mailflow);
        } else {
            qWarning("MailFlow: the Indonesian translation (:/i18n/mailflow_id.qm) is missing");
        }
    }
    emit languageChanged(language);
}

} // namespace mf::gui
