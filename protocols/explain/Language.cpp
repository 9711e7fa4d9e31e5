#include "Language.h"

#include <QLocale>

namespace mf {

Language languageFromCode(const QString &code)
{
    return code.startsWith(QLatin1String("id"), Qt::CaseInsensitive) ? Language::Indonesian : Language::English;
}

QString languageCode(Language language)
{
    return language == Language::Indonesian ? QStringLiteral("id") : QStringLiteral("en");
}

Language systemLanguage()
{
    return QLocale::system().language() == QLocale::Indonesian ? Language::Indonesian : Language::English;
}

} // namespace mf
