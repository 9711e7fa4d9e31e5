#include "CommandLine.h"

#include "RunCommand.h"
#include "ScenarioCommands.h"
#include "ServeCommand.h"
#include "gui/MainWindow.h"
#include "gui/i18n/LanguageSwitcher.h"
#include "gui/i18n/ViewMenuAdditions.h"
#include "scenario/ScenarioCatalog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace mf::cli {

namespace {

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

const char *const kUsage =
    "Commands:\n"
    "  (none) [--lang en|id] [--lesson NAME]\n"
    "                         open the GUI on the default scenario (or NAME, a bundled name or a file)\n"
    "  run SCENARIO           run a scenario headless and print its transcript\n"
    "  serve [SCENARIO]       start the world's servers for real clients until SIGINT/SIGTERM\n"
    "  validate FILE          check a scenario file\n"
    "  scenarios              list the bundled scenarios\n";

} // namespace

int main(int argc, char **argv)
{
    QString command;
    if (argc > 1 && argv[1][0] != '-')
        command = QString::fromLocal8Bit(argv[1]);

    // No command: the GUI when there is a display, else the default lesson headless (as `mailflow run`).
    const bool hasDisplay = !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
                            || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    const bool gui = command.isEmpty() && hasDisplay;
    std::unique_ptr<QCoreApplication> app;
    if (gui)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mailflow"));
    QCoreApplication::setOrganizationName(QStringLiteral("MailFlow"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAILFLOW_VERSION));
    // The installed desktop entry (packaging/): Wayland shells take the window's icon and name from it.
    if (gui)
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.mailflow.MailFlow"));

    // Subcommands parse their own options.
    const QStringList arguments = QCoreApplication::arguments();
    if (command == QLatin1String("validate"))
        return validateCommand(arguments);
    if (command == QLatin1String("scenarios"))
        return scenariosCommand(arguments);
    if (command == QLatin1String("serve"))
        return serveCommand(arguments);
    if (command == QLatin1String("run") || (command.isEmpty() && !gui && arguments.size() == 1))
        return runCommand(command.isEmpty() ? QStringList{arguments.value(0), QStringLiteral("run")} : arguments);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("MailFlow: watch one email travel through a real mail system.\n")
                                     + QString::fromLatin1(kUsage));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("run, serve, validate or scenarios"));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QStringLiteral("the GUI's language this time: en or id (default: the one chosen in "
                                                 "View > Language, else the system's)"),
                                  QStringLiteral("LANG"));
    parser.addOption(lang);
    const QCommandLineOption lesson(QStringLiteral("lesson"),
                                    QStringLiteral("the lesson the GUI opens: a bundled name (see `mailflow scenarios`) "
                                                   "or a scenario file"),
                                    QStringLiteral("NAME"));
    parser.addOption(lesson);
    if (!parser.parse(arguments)) {
        err() << parser.errorText() << "\n";
        return BadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(Ok);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    const QString langCode = parser.value(lang);
    if (parser.isSet(lang) && langCode != QLatin1String("en") && langCode != QLatin1String("id")) {
        err() << "mailflow: --lang must be en or id\n";
        return BadInput;
    }
    if (command.isEmpty() && !gui) { // no display: the default lesson headless, in the chosen language
        QStringList run{arguments.value(0), QStringLiteral("run")};
        if (parser.isSet(lang))
            run << QStringLiteral("--lang") << langCode;
        if (parser.isSet(lesson))
            run << parser.value(lesson);
        return runCommand(run);
    }
    if (command.isEmpty()) {
        gui::MainWindow window;
        if (parser.isSet(lang)) {
            if (auto *view = window.findChild<gui::ViewMenuAdditions *>())
                view->languageSwitcher().setLanguage(languageFromCode(langCode), false);
        }
        window.show();
        const QString path = parser.isSet(lesson) ? ScenarioCatalog::resolve(parser.value(lesson))
                                                  : ScenarioCatalog::defaultScenarioPath();
        if (!window.openScenario(path) && parser.isSet(lesson))
            window.openScenario(ScenarioCatalog::defaultScenarioPath());
        return QApplication::exec();
    }
    err() << "mailflow: unknown command '" << command << "'\n" << kUsage;
    return BadInput;
}

} // namespace mf::cli
