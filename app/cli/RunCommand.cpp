#include "RunCommand.h"

#include "CaptureOutput.h"
#include "CommandLine.h"
#include "labels/LessonNotes.h"
#include "narration/EventNarrator.h"
#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"
#include "world/World.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>

namespace mf::cli {

int runCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run a scenario headless to its end and check its expectations."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("a scenario file or bundled name (default: the seed's basic lesson)"),
                                 QStringLiteral("[SCENARIO]"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("text (default) or json (one event per line)"), QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("language of the explanations: en or id"), QStringLiteral("LANG"));
    const QCommandLineOption state(QStringLiteral("state"), QStringLiteral("keep the world's files in DIR (a restart on the same DIR resumes)"), QStringLiteral("DIR"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("give up after SECONDS of real time (default 120)"), QStringLiteral("SECONDS"), QStringLiteral("120"));
    const QCommandLineOption pcap(QStringLiteral("pcap"), QStringLiteral("write what crossed the network (TCP connections, DNS datagrams) to FILE as a pcapng packet capture"), QStringLiteral("FILE"));
    const QCommandLineOption keyLog(QStringLiteral("tls-keylog"), QStringLiteral("write the TLS session secrets to FILE (NSS key log format) so Wireshark can decrypt the capture; the file holds the session keys"), QStringLiteral("FILE"));
    parser.addOptions({format, lang, state, timeout, pcap, keyLog});
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << "mailflow run: " << parser.errorText() << "\n";
        return BadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(Ok);
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json")) {
        err << "mailflow run: --format must be text or json\n";
        return BadInput;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 2) {
        err << "mailflow run: one scenario at a time\n";
        return BadInput;
    }
    const QString requested = positional.value(1, ScenarioCatalog::defaultScenarioPath());
    const QString path = ScenarioCatalog::resolve(requested);
    if (path.isEmpty()) {
        err << "mailflow run: no scenario file or bundled lesson named '" << requested << "' (see `mailflow scenarios`)\n";
        return BadInput;
    }
    const auto loaded = ScenarioLoader::loadFile(path);
    if (!loaded.ok()) {
        for (const ScenarioError &e : loaded.errors)
            err << e.toString() << "\n";
        return BadInput;
    }

    QTemporaryDir temporary;
    WorldOptions options;
    options.dataDirectory = parser.isSet(state) ? parser.value(state) : temporary.path();
    options.ephemeralPorts = true;
    options.language = parser.isSet(lang) ? languageFromCode(parser.value(lang)) : systemLanguage();
    const CaptureRequest capture{parser.value(pcap), parser.value(keyLog)};
    if (!prepareCapture(capture, options, err))
        return BadInput;
    World world(*loaded.scenario, options);
    const bool json = fmt == QLatin1String("json");
    QObject::connect(&world, &World::recorded, &world, [&](int index) {
        const SimEvent &e = world.log().at(index);
        if (json)
            out << narration::jsonLine(e, options.language) << "\n";
        else
            out << narration::textLine(e, options.language, true) << "\n";
        out.flush();
    });
    if (!json) {
        out << "== " << loaded.scenario->title.in(options.language) << "\n";
        // The notes name nodes with the GUI's labels ({node:ID}): the app's translation words them.
        QTranslator labels;
        if (options.language == Language::Indonesian && labels.load(QStringLiteral(":/i18n/mailflow_id.qm")))
            QCoreApplication::installTranslator(&labels);
        const QString notes = lessonNotes(*loaded.scenario, options.language);
        QCoreApplication::removeTranslator(&labels);
        if (!notes.isEmpty())
            out << notes << "\n";
        out << "\n";
    }
    QString error;
    if (!world.start(&error)) {
        err << "mailflow run: " << error << "\n";
        return BadInput;
    }

    int status = Ok;
    bool timedOut = false;
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, [&] {
        timedOut = true;
        QCoreApplication::exit(ExpectationFailed);
    });
    guard.start(parser.value(timeout).toInt() * 1000);
    QObject::connect(&world.stepper(), &Stepper::finished, [&] { QCoreApplication::exit(Ok); });
    world.stepper().run();
    QCoreApplication::exec();
    if (timedOut)
        err << "mailflow run: gave up after " << parser.value(timeout) << " s of real time; the world was still busy\n";

    const auto results = world.checkExpectations();
    if (!json)
        out << "\n== expectations\n";
    for (const auto &r : results) {
        if (!r.held)
            status = ExpectationFailed;
        if (json) {
            out << QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("expectation")},
                                             {QStringLiteral("t"), world.scheduler().now()},
                                             {QStringLiteral("held"), r.held},
                                             {QStringLiteral("line"), r.spec.line},
                                             {QStringLiteral("detail"), r.detail}})
                       .toJson(QJsonDocument::Compact)
                << "\n";
        } else {
            out << (r.held ? "  ok      " : "  FAILED  ") << narration::expectationText(r.spec, r.actual, r.actualPath, options.language)
                << "  (" << QFileInfo(path).fileName() << ":" << r.spec.line << ")\n";
        }
    }
    if (!json)
        out << (status == Ok ? "\nAll expectations hold.\n" : "\nSome expectations failed.\n");
    world.stop();
    if (capture.wanted() && !finishCapture(capture, world, loaded.scenario->title.in(Language::English), err))
        return BadInput;
    return timedOut ? ExpectationFailed : status;
}

} // namespace mf::cli
