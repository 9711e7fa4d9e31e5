#include "ServeCommand.h"

#include "CommandLine.h"
#include "imap/ImapServer.h"
#include "pop3/Pop3Server.h"
#include "smtp/SmtpServer.h"
#include "store/LocalMailboxDelivery.h"
#include "store/LocalRecipientPolicy.h"
#include "store/MailboxStore.h"
#include "store/SqliteMessageStore.h"
#include "store/UserDirectory.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"
#include "world/WorldConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTextStream>

#include <csignal>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

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

// The loopback address servers bind to: 127.0.0.2 keeps them apart from anything on 127.0.0.1, but not
// every system routes all of 127/8, so fall back when it cannot be bound.
QHostAddress chooseBindAddress()
{
    QTcpServer probe;
    if (probe.listen(QHostAddress(QStringLiteral("127.0.0.2")), 0))
        return QHostAddress(QStringLiteral("127.0.0.2"));
    return QHostAddress(QHostAddress::LocalHost);
}

QString endpoint(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char(':') + QString::number(port);
}

struct ServedDomain {
    DomainConfig config;
    std::unique_ptr<UserDirectory> users;
    std::unique_ptr<LocalRecipientPolicy> policy;
    std::unique_ptr<SqliteMessageStore> store;
    std::unique_ptr<LocalMailboxDelivery> delivery;
    // Declared last: destroyed first, before the store and the directory the sessions use.
    std::vector<std::unique_ptr<smtp::SmtpServer>> servers;
    std::unique_ptr<Pop3Server> pop3; // POP3 (with STLS) and POP3S
    std::unique_ptr<ImapServer> imap; // IMAP (with STARTTLS) and IMAPS
};

struct EndpointSpec {
    const char *name;
    smtp::SmtpServerConfig::Mode mode;
    quint16 port;
    const char *security;
};

// Prints one session event of any server as "[protocol#connection] C: ..." (with --verbose).
void printEvent(quint64 id, const QString &protocol, const SessionEvent &e)
{
    const QString tag = QStringLiteral("[%1#%2] ").arg(protocol).arg(id);
    switch (e.kind) {
    case SessionEvent::Kind::Line:
        out() << tag << directionLetter(e.dir) << ": " << QString::fromUtf8(e.text) << "\n";
        break;
    case SessionEvent::Kind::TlsEstablished:
        out() << tag << "-- TLS established: " << QString::fromUtf8(e.text) << "\n";
        break;
    case SessionEvent::Kind::TlsFailed:
        out() << tag << "-- TLS failed: " << QString::fromUtf8(e.text) << "\n";
        break;
    case SessionEvent::Kind::StartTls:
        out() << tag << "-- starting TLS\n";
        break;
    case SessionEvent::Kind::Close:
        out() << tag << "-- closing\n";
        break;
    case SessionEvent::Kind::Notice:
    case SessionEvent::Kind::Error:
        out() << tag << "-- " << QString::fromUtf8(e.text) << "\n";
        break;
    }
    out().flush();
}

constexpr quint16 kPop3Port = 2110;  // 110 in real life
constexpr quint16 kPop3sPort = 2995; // 995 in real life
constexpr quint16 kImapPort = 2143;  // 143 in real life
constexpr quint16 kImapsPort = 2993; // 993 in real life

const EndpointSpec kSmtpEndpoints[] = {
    {"smtp", smtp::SmtpServerConfig::Mode::Relay, 2525, "plain, STARTTLS offered; no relaying"},
    {"submission", smtp::SmtpServerConfig::Mode::Submission, 2587, "STARTTLS, then AUTH before MAIL"},
    {"smtps", smtp::SmtpServerConfig::Mode::ImplicitTlsSubmission, 2465, "implicit TLS, then AUTH before MAIL"},
};

} // namespace

int serveCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Start the world's mail servers for real clients until "
                                                    "SIGINT/SIGTERM."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("serve"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("(not yet supported) a scenario file"),
                                 QStringLiteral("[SCENARIO]"));
    const QCommandLineOption ephemeral(QStringLiteral("ephemeral-ports"),
                                       QStringLiteral("bind port 0 (the system picks free ports)"));
    const QCommandLineOption endpointsFile(QStringLiteral("endpoints"),
                                           QStringLiteral("write the endpoints as JSON to FILE once listening"),
                                           QStringLiteral("FILE"));
    const QCommandLineOption verbose({QStringLiteral("verbose"), QStringLiteral("transcript")},
                                     QStringLiteral("print every protocol line as [connection] C:/S: ..."));
    parser.addOptions({ephemeral, endpointsFile, verbose});
    if (!parser.parse(arguments)) {
        err() << "mailflow serve: " << parser.errorText() << "\n";
        return BadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(Ok);
    if (parser.positionalArguments().size() > 1) {
        err() << "mailflow serve: scenarios are not supported yet; run without SCENARIO for the default world\n";
        return BadInput;
    }

    const QString caDirectory = LocalCa::defaultDirectory();
    const QString dataDirectory = QFileInfo(caDirectory).absolutePath();
    LocalCa ca(caDirectory);
    if (!ca.ensure()) {
        err() << "mailflow serve: cannot set up the local CA in " << caDirectory << ": " << ca.errorString() << "\n";
        return BadInput;
    }
    const QString storeDirectory = dataDirectory + QStringLiteral("/mailstore");
    if (!QDir().mkpath(storeDirectory)) {
        err() << "mailflow serve: cannot create " << storeDirectory << "\n";
        return BadInput;
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

    const bool transcript = parser.isSet(verbose);
    const QHostAddress bindAddress = chooseBindAddress();
    const WorldConfig world = defaultWorld();
    // Every user's mailboxes (INBOX and, for IMAP, the others), shared by the domains' servers.
    MailboxStore mailboxes(storeDirectory + QStringLiteral("/mailboxes.sqlite"));
    if (!mailboxes.isOpen()) {
        err() << "mailflow serve: cannot open " << mailboxes.path() << ": " << mailboxes.lastError() << "\n";
        return BadInput;
    }
    std::vector<std::unique_ptr<ServedDomain>> domains;
    QJsonObject domainsJson;
    QJsonArray usersJson;

    for (const DomainConfig &domainConfig : world.domains) {
        auto served = std::make_unique<ServedDomain>();
        served->config = domainConfig;
        served->users = std::make_unique<UserDirectory>();
        served->users->addDomain(domainConfig.name);
        for (const UserConfig &u : domainConfig.users) {
            served->users->addUser(u.address, u.password.toUtf8());
            usersJson.append(QJsonObject{{QStringLiteral("address"), u.address},
                                         {QStringLiteral("login"), u.address},
                                         {QStringLiteral("password"), u.password}});
        }
        served->policy = std::make_unique<LocalRecipientPolicy>(*served->users);
        served->store = std::make_unique<SqliteMessageStore>(storeDirectory + QLatin1Char('/') + domainConfig.name
                                                             + QStringLiteral(".sqlite"));
        if (!served->store->open()) {
            err() << "mailflow serve: cannot open " << served->store->path() << ": " << served->store->errorString()
                  << "\n";
            return BadInput;
        }
        const auto credentials = ca.serverCredentials(
            domainConfig.mailHost,
            {domainConfig.name, QStringLiteral("smtp.") + domainConfig.name, QStringLiteral("localhost")},
            {bindAddress, QHostAddress(QHostAddress::LocalHost)});
        if (credentials.certificate.isNull()) {
            err() << "mailflow serve: cannot issue a certificate for " << domainConfig.mailHost << ": "
                  << ca.errorString() << "\n";
            return BadInput;
        }
        const QSslConfiguration tls = tls::serverConfiguration(credentials);
        // SMTP-accepted mail for this domain's users lands in their INBOX before the 250.
        served->delivery = std::make_unique<LocalMailboxDelivery>(*served->store, mailboxes, *served->users);

        QJsonObject endpointsJson;
        for (const EndpointSpec &spec : kSmtpEndpoints) {
            const QString name = QString::fromLatin1(spec.name);
            auto server = std::make_unique<smtp::SmtpServer>(
                name, smtp::SmtpServerConfig::forMode(spec.mode, domainConfig.mailHost.toUtf8()), tls,
                *served->delivery, *served->policy, served->users.get());
            const quint16 port = parser.isSet(ephemeral) ? 0 : spec.port;
            if (!server->listen(bindAddress, port)) {
                err() << "mailflow serve: cannot listen on " << endpoint(bindAddress, port) << " for " << name
                      << " (" << domainConfig.name << "): " << server->errorString()
                      << "\n  Is another `mailflow serve` running? Use --ephemeral-ports to let the system pick ports.\n";
                return BadInput;
            }
            if (transcript)
                QObject::connect(server.get(), &smtp::SmtpServer::sessionEvent, qApp, printEvent);
            endpointsJson.insert(name, endpoint(server->address(), server->port()));
            served->servers.push_back(std::move(server));
        }

        // POP3 with STLS, and POP3S, reading the same mailboxes. Plaintext passwords stay allowed before
        // STLS so that lessons can show them on the wire (Pop3ServerConfig::requireTlsForPlaintextAuth).
        served->pop3 = std::make_unique<Pop3Server>(mailboxes, *served->users, Pop3ServerConfig{});
        served->pop3->setHostName(domainConfig.mailHost.toUtf8());
        const quint16 pop3Port = parser.isSet(ephemeral) ? 0 : kPop3Port;
        const quint16 pop3sPort = parser.isSet(ephemeral) ? 0 : kPop3sPort;
        if (!served->pop3->listen(bindAddress, pop3Port, tls)
            || !served->pop3->listenImplicitTls(bindAddress, pop3sPort, tls)) {
            err() << "mailflow serve: cannot listen for pop3/pop3s on " << bindAddress.toString() << " ports "
                  << pop3Port << '/' << pop3sPort << " (" << domainConfig.name << "): " << served->pop3->errorString()
                  << "\n  Is another `mailflow serve` running? Use --ephemeral-ports to let the system pick ports.\n";
            return BadInput;
        }
        if (transcript)
            QObject::connect(served->pop3.get(), &Pop3Server::sessionEvent, qApp, printEvent);
        endpointsJson.insert(QStringLiteral("pop3"), endpoint(bindAddress, served->pop3->port()));
        endpointsJson.insert(QStringLiteral("pop3s"), endpoint(bindAddress, served->pop3->implicitTlsPort()));

        // IMAP with STARTTLS, and IMAPS, on the same mailboxes (LOGIN stays allowed before STARTTLS so that
        // lessons can show it; ImapServerConfig::loginDisabledWithoutTls turns on LOGINDISABLED).
        ImapServerConfig imapConfig;
        imapConfig.hostName = domainConfig.mailHost.toUtf8();
        served->imap = std::make_unique<ImapServer>(mailboxes, *served->users, imapConfig);
        const quint16 imapPort = parser.isSet(ephemeral) ? 0 : kImapPort;
        const quint16 imapsPort = parser.isSet(ephemeral) ? 0 : kImapsPort;
        if (!served->imap->listen(bindAddress, imapPort, tls)
            || !served->imap->listenImplicitTls(bindAddress, imapsPort, tls)) {
            err() << "mailflow serve: cannot listen for imap/imaps on " << bindAddress.toString() << " ports "
                  << imapPort << '/' << imapsPort << " (" << domainConfig.name << "): " << served->imap->errorString()
                  << "\n  Is another `mailflow serve` running? Use --ephemeral-ports to let the system pick ports.\n";
            return BadInput;
        }
        if (transcript)
            QObject::connect(served->imap.get(), &ImapServer::sessionEvent, qApp, printEvent);
        endpointsJson.insert(QStringLiteral("imap"), endpoint(bindAddress, served->imap->port()));
        endpointsJson.insert(QStringLiteral("imaps"), endpoint(bindAddress, served->imap->implicitTlsPort()));

        domainsJson.insert(domainConfig.name, endpointsJson);
        domains.push_back(std::move(served));
    }

    // The table for people; the JSON (below) for programs.
    const QString caPath = ca.caCertificatePath();
    out() << "MailFlow is serving. Stop with Ctrl-C (SIGINT) or SIGTERM.\n\n";
    out() << "CA certificate (trust it in your client): " << caPath << "\n";
    out() << "Messages are stored in: " << storeDirectory << "\n\n";
    out() << QStringLiteral("%1 %2 %3 %4\n").arg(QStringLiteral("DOMAIN"), -12).arg(QStringLiteral("SERVICE"), -11)
                 .arg(QStringLiteral("ADDRESS"), -18).arg(QStringLiteral("SECURITY"));
    for (const auto &d : domains) {
        for (size_t i = 0; i < d->servers.size(); ++i) {
            const auto &s = d->servers[i];
            out() << QStringLiteral("%1 %2 %3 %4\n").arg(d->config.name, -12).arg(s->protocolName(), -11)
                         .arg(endpoint(s->address(), s->port()), -18).arg(QString::fromLatin1(kSmtpEndpoints[i].security));
        }
        out() << QStringLiteral("%1 %2 %3 %4\n").arg(d->config.name, -12).arg(QStringLiteral("pop3"), -11)
                     .arg(endpoint(d->pop3->address(), d->pop3->port()), -18)
                     .arg(QStringLiteral("plain, STLS offered; USER/PASS, AUTH PLAIN"));
        out() << QStringLiteral("%1 %2 %3 %4\n").arg(d->config.name, -12).arg(QStringLiteral("pop3s"), -11)
                     .arg(endpoint(d->pop3->address(), d->pop3->implicitTlsPort()), -18)
                     .arg(QStringLiteral("implicit TLS; USER/PASS, AUTH PLAIN"));
        out() << QStringLiteral("%1 %2 %3 %4\n").arg(d->config.name, -12).arg(QStringLiteral("imap"), -11)
                     .arg(endpoint(d->imap->address(), d->imap->port()), -18)
                     .arg(QStringLiteral("plain, STARTTLS offered; LOGIN, AUTHENTICATE PLAIN"));
        out() << QStringLiteral("%1 %2 %3 %4\n").arg(d->config.name, -12).arg(QStringLiteral("imaps"), -11)
                     .arg(endpoint(d->imap->address(), d->imap->implicitTlsPort()), -18)
                     .arg(QStringLiteral("implicit TLS; LOGIN, AUTHENTICATE PLAIN"));
    }
    out() << "\nUsers (login = address):\n";
    for (const auto &d : domains) {
        for (const UserConfig &u : d->config.users)
            out() << "  " << u.address << "  password " << u.password << "\n";
    }
    if (!domains.empty() && !domains.front()->config.users.isEmpty()) {
        const auto &d = *domains.front();
        const QString smtpAt = endpoint(d.servers[0]->address(), d.servers[0]->port());
        const QString subAt = endpoint(d.servers[1]->address(), d.servers[1]->port());
        const QString smtpsAt = endpoint(d.servers[2]->address(), d.servers[2]->port());
        const UserConfig &u = d.config.users.front();
        const QString other = d.config.users.size() > 1 ? d.config.users[1].address : u.address;
        out() << "\nTry:\n"
              << "  swaks --server " << smtpAt << " --from you@elsewhere.example --to " << u.address << "\n"
              << "  swaks --server " << subAt << " -tls --tls-verify --tls-ca-path " << caPath << " -a PLAIN -au "
              << u.address << " -ap " << u.password << " --from " << u.address << " --to " << other << "\n"
              << "  curl --url smtps://" << smtpsAt << " --cacert " << caPath << " --user " << u.address << ':'
              << u.password << " --mail-from " << u.address << " --mail-rcpt " << other << " --upload-file message.txt\n"
              << "  openssl s_client -starttls smtp -connect " << subAt << " -CAfile " << caPath
              << " -verify_return_error\n"
              << "  curl pop3s://" << endpoint(d.pop3->address(), d.pop3->implicitTlsPort()) << "/1 --cacert " << caPath
              << " --user " << other << ":" << (d.config.users.size() > 1 ? d.config.users[1].password : u.password)
              << "    (then -X UIDL, or -X 'TOP 1 0')\n"
              << "  openssl s_client -starttls pop3 -connect " << endpoint(d.pop3->address(), d.pop3->port())
              << " -CAfile " << caPath << " -verify_return_error -crlf\n"
              << "  curl imaps://" << endpoint(d.imap->address(), d.imap->implicitTlsPort()) << "/INBOX;UID=1 --cacert "
              << caPath << " --user " << other << ":" << (d.config.users.size() > 1 ? d.config.users[1].password : u.password)
              << "    (or -X 'UID SEARCH ALL', or -T message.txt to APPEND)\n";
    }
    out().flush();

    if (parser.isSet(endpointsFile)) {
        const QJsonObject root{{QStringLiteral("ca"), caPath},
                               {QStringLiteral("dns"), QString()},
                               {QStringLiteral("domains"), domainsJson},
                               {QStringLiteral("users"), usersJson}};
        // Written atomically once everything listens: whoever polls for the file may connect at once.
        QSaveFile file(parser.value(endpointsFile));
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 || !file.commit()) {
            err() << "mailflow serve: cannot write " << parser.value(endpointsFile) << ": " << file.errorString() << "\n";
            return BadInput;
        }
    }

    QCoreApplication::exec();

    for (const auto &d : domains) {
        for (const auto &s : d->servers)
            s->close();
        d->pop3->close();
        d->imap->close();
    }
    domains.clear(); // servers (and their connections) go first, then stores flush and close
    out() << "MailFlow stopped.\n";
    out().flush();
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    return Ok;
}

} // namespace mf::cli
