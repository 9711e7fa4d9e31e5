#pragma once

#include <QString>

namespace mf {

// The languages MailFlow explains itself in (DESIGN.md: English and Bahasa Indonesia).
enum class Language { English, Indonesian };

// "en" / "id" (also "en_US", "id_ID"...); nullopt-like fallback: English for anything else.
Language languageFromCode(const QString &code);
QString languageCode(Language language);
// The system's language when it is one of ours, else English.
Language systemLanguage();

// A short text in both languages. Tables of these are compiled in, so a headless run can explain itself
// in either language without translation files.
struct BilingualText {
    const char *english;
    const char *indonesian;
    QString in(Language language) const
    {
        return QString::fromUtf8(language == Language::Indonesian ? indonesian : english);
    }
};

} // namespace mf
