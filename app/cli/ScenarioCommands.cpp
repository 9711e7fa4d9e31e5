#include "ScenarioCommands.h"

#include "CommandLine.h"
#include "explain/Language.h"
#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace mf::cli {

int validateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Check scenario files against the schema (scenarios/README.md)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("validate"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("scenario files or bundled names"), QStringLiteral("FILE..."));
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << "\n";
        return BadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(Ok);
    const QStringList files = parser.positionalArguments().mid(1);
    if (files.isEmpty()) {
        err << "mailflow validate: name at least one scenario file\n";
        return BadInput;
    }
    int status = Ok;
    for (const QString &f : files) {
        const QString path = ScenarioCatalog::resolve(f);
        const auto result = ScenarioLoader::loadFile(path.isEmpty() ? f : path);
        if (result.ok()) {
            out << f << ": ok (" << result.scenario->title.english << ")\n";
            continue;
        }
        status = BadInput;
        for (const ScenarioError &e : result.errors) {
            ScenarioError shown = e;
            shown.file = f;
            err << shown.toString() << "\n";
        }
    }
    return status;
}

int scenariosCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("scenarios"), QStringLiteral("the command"));
    QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Language of the titles: en or id."), QStringLiteral("LANG"));
    parser.addOption(lang);
    if (!parser.parse(arguments)) {
        QTextStream(stderr) << parser.errorText() << "\n";
        return BadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(Ok);
    const Language language = parser.isSet(lang) ? languageFromCode(parser.value(lang)) : systemLanguage();
    QTextStream out(stdout);
    for (const auto &e : ScenarioCatalog::bundled())
        out << e.name.leftJustified(28) << ' ' << e.title.in(language) << "\n";
    return Ok;
}

} // namespace mf::cli
