// mailflow-bench: load generators for MailFlow's servers. Not a test (not run by ctest).
//
//   mailflow-bench smtp [--target HOST:PORT]... [--no-mailflow] [--no-sink] [--messages N] [--connections C]
//                       [--size BYTES] [--recipients N] [--no-pipelining]
//
//   mailflow-bench imap [--messages N] [--size BYTES] [--no-dovecot]
//
// smtp: drives N messages from C concurrent connections into each target and prints accepted messages per
// second and latency percentiles, one row per target, all measured in the same run: MailFlow's own
// SmtpServer with its SQLite store (commit before 250), Postfix's smtp-sink on a free loopback port as
// the reference, and any --target given.
#include "BenchTargets.h"
#include "MailFlowSmtpTarget.h"
#include "SmtpLoad.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>
#include <memory>
#include <vector>

using namespace mf::bench;

namespace mf::bench {
int runImapBenchmark(const QStringList &arguments); // ImapBenchmark.cpp
}

namespace {

// Targets built into the program: MailFlow's own server (in-process, its own thread, SQLite store with
// commit-before-250) and, for reference, Postfix's smtp-sink. Another server is one more BenchTarget
// whose start() leaves it listening and whose host()/port() say where; runSmtpLoad(host, port, ...) does
// the rest.
void addBuiltInTargets(std::vector<std::unique_ptr<BenchTarget>> &targets, bool withMailFlow, bool withSink)
{
    if (withMailFlow)
        targets.push_back(std::make_unique<MailFlowSmtpTarget>());
    if (withSink)
        targets.push_back(std::make_unique<SmtpSinkTarget>());
}

int runSmtp(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("SMTP load: accepted messages/s and latency"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("smtp"), QStringLiteral("the SMTP benchmark"));
    const QCommandLineOption target(QStringLiteral("target"), QStringLiteral("An SMTP server to measure (repeatable)."),
                                    QStringLiteral("host:port"));
    const QCommandLineOption noSink(QStringLiteral("no-sink"), QStringLiteral("Do not measure Postfix's smtp-sink."));
    const QCommandLineOption noMailFlow(QStringLiteral("no-mailflow"),
                                        QStringLiteral("Do not measure MailFlow's SmtpServer with SQLite."));
    const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("Messages per target (5000)."),
                                      QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("Concurrent connections (16)."),
                                         QStringLiteral("C"), QStringLiteral("16"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Message size in octets (2048)."),
                                  QStringLiteral("bytes"), QStringLiteral("2048"));
    const QCommandLineOption recipients(QStringLiteral("recipients"), QStringLiteral("Recipients per message (1)."),
                                        QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption noPipelining(QStringLiteral("no-pipelining"),
                                          QStringLiteral("Do not batch MAIL/RCPT/DATA even when offered."));
    parser.addOptions({target, noSink, noMailFlow, messages, connections, size, recipients, noPipelining});
    parser.process(arguments);

    SmtpLoadOptions options;
    options.messages = qMax(1, parser.value(messages).toInt());
    options.connections = qMax(1, parser.value(connections).toInt());
    options.messageSize = qMax(200, parser.value(size).toInt());
    options.recipients = qMax(1, parser.value(recipients).toInt());
    options.pipelining = !parser.isSet(noPipelining);

    std::vector<std::unique_ptr<BenchTarget>> targets;
    addBuiltInTargets(targets, !parser.isSet(noMailFlow), !parser.isSet(noSink));
    for (const QString &spec : parser.values(target)) {
        const qsizetype colon = spec.lastIndexOf(QLatin1Char(':'));
        const quint16 port = colon > 0 ? quint16(spec.mid(colon + 1).toUInt()) : 0;
        if (port == 0) {
            std::fprintf(stderr, "bad --target %s: expected host:port\n", qPrintable(spec));
            return 2;
        }
        targets.push_back(std::make_unique<ExternalTarget>(spec.left(colon), port));
    }
    if (targets.empty()) {
        std::fprintf(stderr, "nothing to measure: give --target or drop --no-mailflow/--no-sink\n");
        return 2;
    }

    QTextStream out(stdout);
    out << "SMTP load: " << options.messages << " messages of " << options.messageSize << " octets, "
        << options.recipients << " recipient(s) each, " << options.connections << " connections, pipelining "
        << (options.pipelining ? "on" : "off") << "\n\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
               .arg(QStringLiteral("target"), -32).arg(QStringLiteral("accepted"), 9).arg(QStringLiteral("seconds"), 8)
               .arg(QStringLiteral("msg/s"), 8).arg(QStringLiteral("p50 ms"), 8).arg(QStringLiteral("p90 ms"), 8)
               .arg(QStringLiteral("p99 ms"), 8).arg(QStringLiteral("max ms"), 8);
    out.flush();
    int status = 0;
    QStringList notes;
    for (auto &t : targets) {
        QString error;
        if (!t->start(&error)) {
            out << QStringLiteral("%1 not measured: %2\n").arg(t->name(), -32).arg(error);
            status = 1;
            continue;
        }
        const SmtpLoadResult r = runSmtpLoad(t->host(), t->port(), options);
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                   .arg(t->name(), -32)
                   .arg(QStringLiteral("%1/%2").arg(r.accepted).arg(r.attempted), 9)
                   .arg(r.seconds, 8, 'f', 2)
                   .arg(r.messagesPerSecond(), 8, 'f', 0)
                   .arg(r.percentile(50), 8, 'f', 2)
                   .arg(r.percentile(90), 8, 'f', 2)
                   .arg(r.percentile(99), 8, 'f', 2)
                   .arg(r.latencyMs.isEmpty() ? 0.0 : r.latencyMs.last(), 8, 'f', 2);
        if (!t->note().isEmpty())
            notes << t->name() + QStringLiteral(": ") + t->note();
        if (!r.firstError.isEmpty())
            notes << t->name() + QStringLiteral(": first failure: ") + r.firstError;
        if (r.accepted != r.attempted)
            status = 1;
        out.flush();
    }
    if (!notes.isEmpty())
        out << '\n' << notes.join(QLatin1Char('\n')) << '\n';
    out << "\nlatency: from sending MAIL to receiving the reply to the end of data, per message.\n";
    return status;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mailflow-bench"));
    const QStringList args = QCoreApplication::arguments();
    if (args.size() >= 2 && args.at(1) == QLatin1String("smtp"))
        return runSmtp(args);
    if (args.size() >= 2 && args.at(1) == QLatin1String("imap"))
        return runImapBenchmark(args);
    std::fprintf(stderr, "usage: mailflow-bench smtp|imap [--help]\n");
    return 2;
}
