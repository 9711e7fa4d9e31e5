// A standalone POP3/POP3S server over a MailboxStore for the interop tests with real clients (poplib,
// curl, fetchmail, openssl s_client), so the POP3 part is testable without `mailflow serve`.
//
//   mailflow-pop3-testserver --data DIR --endpoints FILE [--user ACCOUNT:PASSWORD]... [--deliver ACCOUNT:FILE]...
//                            [--require-tls] [--auth-delay-ms N]
// Writes {"ca": ..., "pop3": "127.0.0.1:port", "pop3s": "127.0.0.1:port"} to FILE once listening, and runs
// until killed.
#include "TestCredentials.h"
#include "pop3/Pop3Server.h"
#include "store/MailboxStore.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>

using namespace mf;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{"data", "data folder", "dir"},
                       {"endpoints", "endpoints JSON file", "file"},
                       {"user", "account:password", "user"},
                       {"deliver", "account:message-file", "delivery"},
                       {"require-tls", "refuse plaintext passwords before STLS"},
                       {"auth-delay-ms", "failed login delay", "ms", "500"},
                       {"max-connections", "connections at once, POP3 and POP3S together (0: none)", "n"},
                       {"max-connections-per-address", "connections at once from one address (0: none)", "n"},
                       {"idle-timeout-ms", "autologout timer", "ms"}});
    parser.process(app);
    const QString data = parser.value("data");
    QDir().mkpath(data);

    LocalCa ca(LocalCa::defaultDirectory());
    if (!ca.ensure()) {
        std::fprintf(stderr, "CA: %s\n", qPrintable(ca.errorString()));
        return 1;
    }
    const QSslConfiguration tls = tls::serverConfiguration(ca.serverCredentials("localhost", {}, {QHostAddress::LocalHost}));

    TestCredentials credentials;
    for (const QString &user : parser.values("user")) {
        const qsizetype colon = user.indexOf(':');
        credentials.add(user.left(colon).toUtf8(), user.mid(colon + 1).toUtf8());
    }
    MailboxStore store(data + "/mail.sqlite");
    if (!store.isOpen()) {
        std::fprintf(stderr, "store: %s\n", qPrintable(store.lastError()));
        return 1;
    }
    for (const QString &delivery : parser.values("deliver")) {
        const qsizetype colon = delivery.indexOf(':');
        QFile f(delivery.mid(colon + 1));
        if (!f.open(QIODevice::ReadOnly) || !store.deliver(delivery.left(colon), "INBOX", f.readAll(),
                                                            QDateTime::currentDateTimeUtc())) {
            std::fprintf(stderr, "cannot deliver %s\n", qPrintable(delivery));
            return 1;
        }
    }

    Pop3ServerConfig config;
    config.requireTlsForPlaintextAuth = parser.isSet("require-tls");
    config.authFailureDelayMs = parser.value("auth-delay-ms").toInt();
    if (parser.isSet("max-connections"))
        config.connectionLimits.maxConnections = parser.value("max-connections").toInt();
    if (parser.isSet("max-connections-per-address"))
        config.connectionLimits.maxConnectionsPerAddress = parser.value("max-connections-per-address").toInt();
    if (parser.isSet("idle-timeout-ms"))
        config.idleTimeoutMs = parser.value("idle-timeout-ms").toInt();
    Pop3Server server(store, credentials, config);
    server.setHostName("localhost");
    if (!server.listen(QHostAddress::LocalHost, 0, tls) || !server.listenImplicitTls(QHostAddress::LocalHost, 0, tls)) {
        std::fprintf(stderr, "listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QObject::connect(&server, &Pop3Server::sessionEvent, [](quint64 id, const QString &protocol, const SessionEvent &e) {
        if (e.kind == SessionEvent::Kind::Line)
            std::fprintf(stderr, "[%s %llu] %c: %s\n", qPrintable(protocol), static_cast<unsigned long long>(id),
                         directionLetter(e.dir), e.text.constData());
        else
            std::fprintf(stderr, "[%s %llu] (%d) %s\n", qPrintable(protocol), static_cast<unsigned long long>(id),
                         int(e.kind), e.text.constData());
    });

    QJsonObject endpoints{{"ca", ca.caCertificatePath()},
                          {"pop3", QString("127.0.0.1:%1").arg(server.port())},
                          {"pop3s", QString("127.0.0.1:%1").arg(server.implicitTlsPort())},
                          {"store", store.path()}};
    QSaveFile out(parser.value("endpoints"));
    if (!out.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "cannot write endpoints\n");
        return 1;
    }
    out.write(QJsonDocument(endpoints).toJson());
    out.commit();
    return app.exec();
}
