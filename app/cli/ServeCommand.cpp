#include "ServeCommand.h"

#include "CommandLine.h"
#include "IdleMemory.h"
#include "narration/EventNarrator.h"
#include "scenario/ScenarioCatalog.h"
#include "scenario/ScenarioLoader.h"
#include "world/World.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace mf::cli {

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

// SIGINT/SIGTERM are turned into a byte on a socket pair, read by the event loop (the handler itself may
// only call async-signal-safe functions such as write()).
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[0], &byte, 1);
}

bool installSignalHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return false;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &action, nullptr) == 0 && ::sigaction(SIGTERM, &action, nullptr) == 0;
}

// Without a scenario: one domain, a.example, with two users, for pointing real clients at.
Scenario builtInWorld()
{
    Scenario s;
    s.fileName = QStringLiteral("(built in)");
    s.title = {QStringLiteral("MailFlow serve: a.example with alice and bob"),
               QStringLiteral("MailFlow serve: a.example dengan alice dan bob")};
    DomainSpec a;
    a.name = QStringLiteral("a.example");
    a.address = QHostAddress(QStringLiteral("127.0.0.2"));
    a.mx << MxSpec{QStringLiteral("mx.a.example"), 10, a.address};
    a.users << UserSpec{QStringLiteral("alice@a.example"), QStringLiteral("alice-secret"), QStringLiteral("Alice")}
            << UserSpec{QStringLiteral("bob@a.example"), QStringLiteral("bob-secret"), QStringLiteral("Bob")};
    s.domains << a;
    return s;
}

const char *security(const QString &service)
{
    if (service == QLatin1String("smtp"))
        return "MX (port 25's role): STARTTLS offered; local mail only, no relaying";
    if (service == QLatin1String("submission"))
        return "STARTTLS, then AUTH before MAIL";
    if (service == QLatin1String("smtps"))
        return "implicit TLS, then AUTH before MAIL";
    if (service == QLatin1String("pop3"))
        return "plain, STLS offered; USER/PASS, AUTH PLAIN";
    if (service == QLatin1String("pop3s"))
        return "implicit TLS; USER/PASS, AUTH PLAIN";
    if (service == QLatin1String("imap"))
        return "plain, STARTTLS offered; LOGIN, AUTHENTICATE PLAIN";
    if (service == QLatin1String("imaps"))
        return "implicit TLS; LOGIN, AUTHENTICATE PLAIN";
    return "";
}

QString domainOf(const QString &address)
{
    return address.section(QLatin1Char('@'), -1).toLower();
}

// The sender submits at the submission port of their own domain; the recipient reads at the POP3S and
// IMAPS ports of theirs: each server accepts only its own domain's users. The recipient is preferably in
// another domain, so the hints show mail crossing the Internet as the lesson does.
void printTryHints(const QJsonObject &e)
{
    const QJsonObject domains = e.value(QStringLiteral("domains")).toObject();
    const QJsonArray users = e.value(QStringLiteral("users")).toArray();
    auto service = [&](const QString &address, const char *name) {
        return domains.value(domainOf(address)).toObject().value(QLatin1String(name)).toString();
    };
    QJsonObject sender;
    for (const QJsonValue &u : users) {
        if (!service(u[QStringLiteral("address")].toString(), "submission").isEmpty()) {
            sender = u.toObject();
            break;
        }
    }
    if (sender.isEmpty())
        return;
    const QString from = sender.value(QStringLiteral("address")).toString();
    QJsonObject recipient;
    for (const bool otherDomain : {true, false}) {
        for (const QJsonValue &u : users) {
            const QString to = u[QStringLiteral("address")].toString();
            if (to != from && (domainOf(to) != domainOf(from)) == otherDomain && !service(to, "pop3s").isEmpty()) {
                recipient = u.toObject();
                break;
            }
        }
        if (!recipient.isEmpty())
            break;
    }
    if (recipient.isEmpty())
        recipient = sender; // a world of one user writes to itself
    const QString to = recipient.value(QStringLiteral("address")).toString();
    const QString login = [&](const QJsonObject &u) {
        return u.value(QStringLiteral("login")).toString() + QLatin1Char(':') + u.value(QStringLiteral("password")).toString();
    }(recipient);
    const QString ca = e.value(QStringLiteral("ca")).toString();
    const QString dns = e.value(QStringLiteral("dns")).toString();
    const QString submission = service(from, "submission");
    out() << "\nTry (" << from << " writes to " << to << "; each logs in at their own domain's servers):\n"
          << "  dig @" << dns.section(QLatin1Char(':'), 0, 0) << " -p " << dns.section(QLatin1Char(':'), 1)
          << " " << domainOf(to) << " MX\n"
          << "  swaks --server " << submission << " -tls --tls-verify --tls-ca-path " << ca << " -a PLAIN -au "
          << sender.value(QStringLiteral("login")).toString() << " -ap " << sender.value(QStringLiteral("password")).toString()
          << " --from " << from << " --to " << to << "\n"
          << "  openssl s_client -starttls smtp -connect " << submission << " -CAfile " << ca << " -verify_return_error\n"
          << "  curl pop3s://" << service(to, "pop3s") << "/1 --cacert " << ca << " --user " << login << "\n"
          << "  curl 'imaps://" << service(to, "imaps") << "/INBOX;MAILINDEX=1' --cacert " << ca << " --user " << login << "\n";
}

void printTable(const World &world, const QString &dataDirectory)
{
    const QJsonObject e = world.endpoints();
    const QString ca = e.value(QStringLiteral("ca")).toString();
    out() << "MailFlow is serving \"" << world.scenario().title.in(world.language()) << "\".\n"
          << "Stop with Ctrl-C (SIGINT) or SIGTERM.\n\n"
          << "CA certificate (trust it in your client): " << ca << "\n"
          << "World state (SQLite): " << dataDirectory << "\n"
          << "Event log (older events, JSON lines): " << world.log().archive()->path() << "\n"
          << "DNS server: " << e.value(QStringLiteral("dns")).toString() << "\n\n";
    out() << QStringLiteral("%1 %2 %3 %4\n").arg(QStringLiteral("DOMAIN"), -12).arg(QStringLiteral("SERVICE"), -11)
                 .arg(QStringLiteral("ADDRESS"), -20).arg(QStringLiteral("SECURITY"));
    const QJsonObject domains = e.value(QStringLiteral("domains")).toObject();
    for (auto d = domains.begin(); d != domains.end(); ++d) {
        const QJsonObject services = d.value().toObject();
        for (const char *name : {"smtp", "submission", "smtps", "pop3", "pop3s", "imap", "imaps"}) {
            const QString service = QLatin1String(name);
            if (services.contains(service)) {
                out() << QStringLiteral("%1 %2 %3 %4\n").arg(d.key(), -12).arg(service, -11)
                             .arg(services.value(service).toString(), -20).arg(QLatin1String(security(service)));
            }
        }
        for (const QJsonValue &mx : services.value(QStringLiteral("mx")).toArray()) {
            const QJsonObject m = mx.toObject();
            out() << QStringLiteral("%1 %2 %3 %4\n").arg(d.key(), -12).arg(QStringLiteral("mx"), -11)
                         .arg(m.value(QStringLiteral("smtp")).toString(), -20)
                         .arg(QStringLiteral("MX %1 %2").arg(m.value(QStringLiteral("preference")).toInt())
                                  .arg(m.value(QStringLiteral("host")).toString()));
        }
    }
    out() << "\nUsers (login = address):\n";
    for (const QJsonValue &u : e.value(QStringLiteral("users")).toArray())
        out() << "  " << u[QStringLiteral("address")].toString() << "  password " << u[QStringLiteral("password")].toString() << "\n";

    printTryHints(e);
    out().flush();
}

} // namespace

int serveCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Start a world's mail servers (SMTP, submission, SMTPS, POP3, "
                                                    "POP3S, IMAP, IMAPS, DNS) for real clients until SIGINT/SIGTERM."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("serve"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("scenario"),
                                 QStringLiteral("a scenario file or bundled name; without it, a.example with alice and bob"),
                                 QStringLiteral("[SCENARIO]"));
    const QCommandLineOption ephemeral(QStringLiteral("ephemeral-ports"),
                                       QStringLiteral("let the system pick free ports instead of MailFlow's usual ones"));
    const QCommandLineOption endpointsFile(QStringLiteral("endpoints"),
                                           QStringLiteral("write the endpoints as JSON to FILE once listening"),
                                           QStringLiteral("FILE"));
    const QCommandLineOption verbose({QStringLiteral("verbose"), QStringLiteral("transcript")},
                                     QStringLiteral("print every event (protocol lines, hops, DNS) as it happens"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("language of the explanations: en or id"), QStringLiteral("LANG"));
    const QCommandLineOption state(QStringLiteral("state"), QStringLiteral("keep the world's files in DIR"), QStringLiteral("DIR"));
    parser.addOptions({ephemeral, endpointsFile, verbose, lang, state});
    if (!parser.parse(arguments)) {
        err() << "mailflow serve: " << parser.errorText() << "\n";
        return BadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(Ok);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 2) {
        err() << "mailflow serve: one scenario at a time\n";
        return BadInput;
    }

    Scenario scenario = builtInWorld();
    QString worldName = QStringLiteral("default");
    if (positional.size() == 2) {
        const QString path = ScenarioCatalog::resolve(positional[1]);
        if (path.isEmpty()) {
            err() << "mailflow serve: no scenario file or bundled lesson named '" << positional[1] << "'\n";
            return BadInput;
        }
        const auto loaded = ScenarioLoader::loadFile(path);
        if (!loaded.ok()) {
            for (const ScenarioError &e : loaded.errors)
                err() << e.toString() << "\n";
            return BadInput;
        }
        scenario = *loaded.scenario;
        worldName = QFileInfo(path).completeBaseName();
    }

    if (!installSignalHandlers()) {
        err() << "mailflow serve: cannot install signal handlers\n";
        return BadInput;
    }
    QSocketNotifier signalNotifier(g_signalPipe[1], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, qApp, [] {
        char byte;
        [[maybe_unused]] const ssize_t n = ::read(g_signalPipe[1], &byte, 1);
        QCoreApplication::quit();
    });

    WorldOptions options;
    options.dataDirectory = parser.isSet(state)
        ? parser.value(state)
        : QFileInfo(LocalCa::defaultDirectory()).absolutePath() + QStringLiteral("/serve/") + worldName;
    options.ephemeralPorts = parser.isSet(ephemeral);
    // A server that may run for a whole term keeps only recent history in memory (docs/LIMITS.md).
    options.retention = EventRetention::serve();
    options.language = parser.isSet(lang) ? languageFromCode(parser.value(lang)) : systemLanguage();
    auto world = std::make_unique<World>(scenario, options);
    if (parser.isSet(verbose)) {
        QObject::connect(world.get(), &World::recorded, qApp, [w = world.get()](int index) {
            out() << narration::textLine(w->log().at(index), w->language(), false) << "\n";
            out().flush();
        });
    }
    QString error;
    if (!world->start(&error)) {
        err() << "mailflow serve: " << error
              << "\n  Is another `mailflow serve` running? Use --ephemeral-ports to let the system pick ports.\n";
        return BadInput;
    }
    printTable(*world, options.dataDirectory);

    if (parser.isSet(endpointsFile)) {
        // Written atomically once everything listens: whoever polls for the file may connect at once.
        QSaveFile file(parser.value(endpointsFile));
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(world->endpoints()).toJson()) < 0 || !file.commit()) {
            err() << "mailflow serve: cannot write " << parser.value(endpointsFile) << ": " << file.errorString() << "\n";
            return BadInput;
        }
    }

    returnFreedMemoryWhileIdle(qApp);

    // The scenario's timeline plays too, at full speed; mail from real clients is routed as it arrives.
    world->stepper().run();
    QCoreApplication::exec();

    world->stop();
    world.reset(); // servers and their connections go first, then the stores close
    out() << "MailFlow stopped.\n";
    out().flush();
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    return Ok;
}

} // namespace mf::cli
