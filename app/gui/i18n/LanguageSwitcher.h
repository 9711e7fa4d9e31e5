#pragma once

#include "explain/Language.h"

#include <QObject>
#include <memory>

class QTranslator;

namespace mf::gui {

class WorldSession;

// Switches the whole GUI between English and Bahasa Indonesia while it runs: installs (or removes) the
// translators for MailFlow's own strings and for Qt's dialogs, so QApplication sends LanguageChange and
// every widget's changeEvent retranslates; tells the session so data-driven text (explanations, lesson
// notes) follows. The choice is remembered in QSettings ("language").
class LanguageSwitcher : public QObject
{
    Q_OBJECT
public:
    explicit LanguageSwitcher(WorldSession &session, QObject *parent = nullptr);
    ~LanguageSwitcher() override;

    Language language() const { return m_language; }
    // `remember` = false for a one-off choice (the --lang command-line option).
    void setLanguage(Language language, bool remember = true);

    // The remembered choice, else the system locale's language (Indonesian when QLocale is id).
    static Language initialLanguage();
    static QString settingsKey() { return QStringLiteral("language"); }

signals:
    void languageChanged(mf::Language language);

private:
    void removeTranslators();

    WorldSession &m_session;
    Language m_language = Language::English;
    std::unique_ptr<QTranslator> m_mailflow;
    std::unique_ptr<QTranslator> m_qt;
};

} // namespace mf::gui
