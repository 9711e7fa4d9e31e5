// mailflow-e2e-bench: the whole world end to end. Not a test (not run by ctest).
//
//   mailflow-e2e-bench [--messages N] [--alias-every K] [--runs N] [--state DIR]
//
// Builds a two-domain world (DNS, both MTAs, alias database, mailboxes), lets alice@a.example send N
// messages to bob@b.example (every K-th one to the list team@b.example = bob + carol instead), steps
// with speed 0 and prints messages/s from the first send to the last delivery, plus the wall-clock
// latency of each hop transition (from the event log's hop events of each message) as percentiles.
// Several runs (--runs), each with a fresh world: a shared machine's noise shows in their spread, and
// the median run is the figure. The reference, in the same invocation and the same number of runs: Postfix
// relaying to Postfix on this machine (PostfixRelayPair), the same messages from 16 submission connections
// (--no-postfix skips it).
#include "PostfixRelayPair.h"
#include "SmtpLoad.h"
#include "scenario/ScenarioLoader.h"
#include "world/World.h"

#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QMap>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <algorithm>
#include <map>

using namespace mf;

namespace {

QByteArray scenarioJson(int messages, int aliasEvery)
{
    QJsonArray timeline;
    for (int i = 0; i < messages; ++i) {
        const bool list = aliasEvery > 0 && i % aliasEvery == aliasEvery - 1;
        timeline.append(QJsonObject{
            {QStringLiteral("at"), 0},
            {QStringLiteral("send"), QJsonObject{{QStringLiteral("from"), QStringLiteral("alice@a.example")},
                                                 {QStringLiteral("to"), list ? QStringLiteral("team@b.example") : QStringLiteral("bob@b.example")},
                                                 {QStringLiteral("subject"), QStringLiteral("bench %1").arg(i)},
                                                 {QStringLiteral("body"), QStringLiteral("benchmark message %1\n").arg(i)}}}});
    }
    auto user = [](const char *address, const char *name) {
        return QJsonObject{{QStringLiteral("address"), QLatin1String(address)},
                           {QStringLiteral("password"), QStringLiteral("secret")},
                           {QStringLiteral("name"), QLatin1String(name)}};
    };
    const QJsonObject a{{QStringLiteral("name"), QStringLiteral("a.example")},
                        {QStringLiteral("address"), QStringLiteral("127.0.0.2")},
                        {QStringLiteral("mx"), QJsonArray{QJsonObject{{QStringLiteral("host"), QStringLiteral("mx.a.example")},
                                                                      {QStringLiteral("preference"), 10}}}},
                        {QStringLiteral("users"), QJsonArray{user("alice@a.example", "Alice")}}};
    const QJsonObject b{{QStringLiteral("name"), QStringLiteral("b.example")},
                        {QStringLiteral("address"), QStringLiteral("127.0.0.3")},
                        {QStringLiteral("mx"), QJsonArray{QJsonObject{{QStringLiteral("host"), QStringLiteral("mx.b.example")},
                                                                      {QStringLiteral("preference"), 10}}}},
                        {QStringLiteral("users"), QJsonArray{user("bob@b.example", "Bob"), user("carol@b.example", "Carol")}},
                        {QStringLiteral("aliases"), QJsonArray{QJsonObject{{QStringLiteral("address"), QStringLiteral("team@b.example")},
                                                                           {QStringLiteral("members"), QJsonArray{QStringLiteral("bob@b.example"), QStringLiteral("carol@b.example")}}}}}};
    const QJsonObject root{{QStringLiteral("version"), 1},
                           {QStringLiteral("title"), QStringLiteral("end-to-end benchmark")},
                           {QStringLiteral("world"), QJsonObject{{QStringLiteral("internet"), QJsonObject{{QStringLiteral("latency"), 0}}},
                                                                 {QStringLiteral("domains"), QJsonArray{a, b}}}},
                           {QStringLiteral("timeline"), timeline}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

double percentile(std::vector<double> &values, double p)
{
    if (values.empty())
        return 0;
    const size_t index = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    std::nth_element(values.begin(), values.begin() + qsizetype(index), values.end());
    return values[index];
}

// One run: a fresh world in `dataDirectory`, every message sent at once, timed from the first hop to the
// last delivery.
struct Run {
    bool started = false;
    QString error;
    int delivered = 0;
    double seconds = 0;
    std::map<QString, std::vector<double>> hopMs; // "from -> to" -> latencies
    std::vector<double> endToEndMs;
    QMap<QString, int> eventKinds;
    int events = 0;
};

Run runOnce(const Scenario &scenario, const QString &dataDirectory)
{
    Run run;
    WorldOptions options;
    options.dataDirectory = dataDirectory;
    World world(scenario, options);

    // Wall-clock time of every hop event, per message copy: the transition from the previous hop of the
    // same copy (or of the message it was split from) to this one is that hop's latency.
    QElapsedTimer clock;
    QHash<QString, qint64> lastHopNs;  // flow -> time of its last hop
    QHash<QString, qint64> firstHopNs; // root flow -> time of its first hop
    qint64 lastDeliveryNs = 0;
    QObject::connect(&world, &World::recorded, &world, [&](int index) {
        // Only hops and deliveries are timed: the other events cost the run nothing here.
        const SimEvent &e = world.log().at(index);
        const bool isHop = e.kind == EventKind::Hop;
        if (!isHop && e.kind != EventKind::Delivered)
            return;
        const qint64 now = clock.nsecsElapsed();
        const QString flow = e.field(QStringLiteral("message")).toString();
        const QString root = flow.section(QLatin1Char('.'), 0, 0);
        if (isHop) {
            qint64 previous = -1;
            for (QString f = flow; !f.isEmpty(); f = f.contains(QLatin1Char('.')) ? f.section(QLatin1Char('.'), 0, -2) : QString()) {
                if (lastHopNs.contains(f)) {
                    previous = lastHopNs.value(f);
                    break;
                }
            }
            if (previous >= 0) {
                const QString edge = e.field(QStringLiteral("from")).toString() + QStringLiteral(" -> ")
                                     + e.field(QStringLiteral("to")).toString();
                run.hopMs[edge].push_back(double(now - previous) / 1e6);
            }
            lastHopNs.insert(flow, now);
            if (!firstHopNs.contains(root))
                firstHopNs.insert(root, now);
        } else {
            ++run.delivered;
            lastDeliveryNs = now;
            run.endToEndMs.push_back(double(now - firstHopNs.value(root, now)) / 1e6);
        }
    });
    if (!world.start(&run.error))
        return run;
    run.started = true;
    world.stepper().setSpeed(0);
    QEventLoop loop;
    QObject::connect(&world.stepper(), &Stepper::finished, &loop, &QEventLoop::quit);
    clock.start();
    world.stepper().run();
    loop.exec();
    run.seconds = double(lastDeliveryNs) / 1e9;
    for (const SimEvent &e : world.log().events())
        ++run.eventKinds[QString(kindName(e.kind))];
    run.events = world.log().size();
    world.stop();
    return run;
}

// One reference run: fresh Postfix pair, the same recipients (every K-th to the list), timed from the first
// connection to the last file in b's Maildirs.
struct ReferenceRun {
    bool ok = false;
    QString error;
    int accepted = 0;
    int delivered = 0;
    double submittedSeconds = 0; // the last 250 to the submitted messages
    double seconds = 0;
};

ReferenceRun runPostfixOnce(int messages, int aliasEvery, int expectedDeliveries)
{
    ReferenceRun run;
    bench::PostfixRelayPair pair;
    if (!pair.start()) {
        run.error = pair.errorString();
        return run;
    }
    bench::SmtpLoadOptions load;
    load.messages = messages;
    load.messageSize = 600; // about the size of the world's composed messages
    load.mailFrom = "alice@a.example";
    load.recipientsOf = [aliasEvery](int i) {
        const bool list = aliasEvery > 0 && i % aliasEvery == aliasEvery - 1;
        return QList<QByteArray>{list ? QByteArrayLiteral("team@b.example") : QByteArrayLiteral("bob@b.example")};
    };
    load.startTls = true;
    load.tls = pair.clientTls();
    load.tlsName = QStringLiteral("mx.a.example");
    QElapsedTimer clock;
    clock.start();
    const bench::SmtpLoadResult submitted = bench::runSmtpLoad(QStringLiteral("127.0.0.1"), pair.submissionPort(), load);
    run.accepted = submitted.accepted;
    run.submittedSeconds = double(clock.nsecsElapsed()) / 1e9;
    if (submitted.accepted != messages) {
        run.error = QStringLiteral("Postfix accepted %1 of %2: %3").arg(submitted.accepted).arg(messages).arg(submitted.firstError);
        return run;
    }
    // Delivery is asynchronous: count the Maildir files until all are there (at most 10 minutes).
    QDeadlineTimer deadline(10 * 60 * 1000);
    while ((run.delivered = pair.delivered()) < expectedDeliveries && !deadline.hasExpired())
        QThread::msleep(5);
    run.seconds = double(clock.nsecsElapsed()) / 1e9;
    run.ok = run.delivered == expectedDeliveries;
    if (!run.ok)
        run.error = QStringLiteral("Postfix delivered %1 of %2 in 10 minutes").arg(run.delivered).arg(expectedDeliveries);
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("End-to-end MailFlow benchmark: submission to mailbox through both MTAs with DNS and aliases."));
    parser.addHelpOption();
    const QCommandLineOption messagesOption(QStringLiteral("messages"), QStringLiteral("Messages to send (10000)."), QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption aliasOption(QStringLiteral("alias-every"), QStringLiteral("Every K-th message goes to the list team@b.example (10; 0: none)."), QStringLiteral("K"), QStringLiteral("10"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs, each with a fresh world; the median run is shown in detail (3)."), QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption noPostfixOption(QStringLiteral("no-postfix"), QStringLiteral("Do not measure the Postfix-to-Postfix reference."));
    const QCommandLineOption stateOption(QStringLiteral("state"), QStringLiteral("Where the worlds' files go, one folder per run (default: a temporary directory)."), QStringLiteral("DIR"));
    parser.addOptions({messagesOption, aliasOption, runsOption, noPostfixOption, stateOption});
    parser.process(app);
    const int messages = qMax(1, parser.value(messagesOption).toInt());
    const int aliasEvery = qMax(0, parser.value(aliasOption).toInt());
    const int runs = qMax(1, parser.value(runsOption).toInt());
    QTextStream out(stdout);

    const auto loaded = ScenarioLoader::loadData(scenarioJson(messages, aliasEvery), QStringLiteral("e2e-bench.json"));
    if (!loaded.ok()) {
        for (const ScenarioError &e : loaded.errors)
            out << e.toString() << "\n";
        return 2;
    }
    QTemporaryDir temporary;
    const QString base = parser.isSet(stateOption) ? parser.value(stateOption) : temporary.path();
    const int expectedDeliveries = messages + (aliasEvery > 0 ? messages / aliasEvery : 0);
    out << "MailFlow end to end: " << messages << " messages from alice@a.example (submission, STARTTLS, AUTH) via mx.a.example,\n"
        << "DNS MX lookup and STARTTLS relay to mx.b.example, alias expansion (every " << aliasEvery
        << "th to team@b.example), SQLite commit before every 250, final delivery into SQLite mailboxes.\n"
        << "Target: 1,000 messages/s. Reference (below): Postfix relaying to Postfix in this same invocation.\n\n";
    out.flush();

    std::vector<Run> done;
    bool allDelivered = true;
    for (int i = 0; i < runs; ++i) {
        Run run = runOnce(*loaded.scenario, base + QStringLiteral("/run-%1").arg(i + 1));
        if (!run.started) {
            out << "cannot start the world: " << run.error << "\n";
            return 1;
        }
        allDelivered = allDelivered && run.delivered == expectedDeliveries;
        out << QStringLiteral("  run %1   %2 messages/s   (mailbox copies/s %3, %4 s, %5 of %6 deliveries)\n")
                   .arg(i + 1).arg(double(messages) / run.seconds, 7, 'f', 1).arg(double(run.delivered) / run.seconds, 0, 'f', 1)
                   .arg(run.seconds, 0, 'f', 2).arg(run.delivered).arg(expectedDeliveries);
        out.flush();
        done.push_back(std::move(run));
    }
    std::sort(done.begin(), done.end(), [](const Run &a, const Run &b) { return a.seconds < b.seconds; });
    Run &median = done[done.size() / 2];
    out << QStringLiteral("\n  messages/s          %1   (median of %2 runs; slowest %3, fastest %4)\n")
               .arg(double(messages) / median.seconds, 0, 'f', 1).arg(runs)
               .arg(double(messages) / done.back().seconds, 0, 'f', 1).arg(double(messages) / done.front().seconds, 0, 'f', 1);
    out << QStringLiteral("  wall time           %1 s (first send to last delivery, median run)\n\n").arg(median.seconds, 0, 'f', 2);
    out << QStringLiteral("  %1 %2 %3 %4 %5\n").arg(QStringLiteral("end to end / hop (wall ms, median run)"), -62)
               .arg(QStringLiteral("p50"), 9).arg(QStringLiteral("p90"), 9).arg(QStringLiteral("p99"), 9).arg(QStringLiteral("n"), 7);
    auto row = [&](const QString &name, std::vector<double> values) {
        const size_t n = values.size();
        out << QStringLiteral("  %1 %2 %3 %4 %5\n").arg(name, -62)
                   .arg(percentile(values, 50), 9, 'f', 2).arg(percentile(values, 90), 9, 'f', 2)
                   .arg(percentile(values, 99), 9, 'f', 2).arg(qulonglong(n), 7);
    };
    row(QStringLiteral("end to end (first hop to delivery)"), median.endToEndMs);
    for (auto &[edge, values] : median.hopMs)
        row(edge, values);
    out << QStringLiteral("\n  events recorded     %1 (%2 per message)\n").arg(median.events).arg(double(median.events) / messages, 0, 'f', 1);
    for (auto it = median.eventKinds.cbegin(); it != median.eventKinds.cend(); ++it)
        out << QStringLiteral("    %1 %2\n").arg(it.key(), -16).arg(double(it.value()) / messages, 0, 'f', 2);

    if (!parser.isSet(noPostfixOption)) {
        out << "\nReference: Postfix relaying to Postfix, same machine, same messages: 16 submission connections\n"
            << "to a (STARTTLS, no AUTH: Postfix has no SASL here), relay to b over verified STARTTLS (relayhost: no MX\n"
            << "lookup), alias expansion by virtual_alias_maps, delivery into Maildirs by virtual(8).\n\n";
        out.flush();
        if (const QString why = bench::PostfixRelayPair::missing(); !why.isEmpty()) {
            out << "  not measured: " << why << "\n";
        } else {
            std::vector<double> seconds;
            for (int i = 0; i < runs; ++i) {
                const ReferenceRun r = runPostfixOnce(messages, aliasEvery, expectedDeliveries);
                if (!r.ok) {
                    out << "  run " << (i + 1) << "   failed: " << r.error << "\n";
                    continue;
                }
                seconds.push_back(r.seconds);
                out << QStringLiteral("  run %1   %2 messages/s   (mailbox copies/s %3, %4 s, %5 of %6 deliveries; all submitted at %7 s)\n")
                           .arg(i + 1).arg(double(messages) / r.seconds, 7, 'f', 1).arg(double(r.delivered) / r.seconds, 0, 'f', 1)
                           .arg(r.seconds, 0, 'f', 2).arg(r.delivered).arg(expectedDeliveries).arg(r.submittedSeconds, 0, 'f', 2);
                out.flush();
            }
            if (!seconds.empty()) {
                std::sort(seconds.begin(), seconds.end());
                const double postfixRate = double(messages) / seconds[seconds.size() / 2];
                const double mailflowRate = double(messages) / median.seconds;
                out << QStringLiteral("\n  Postfix messages/s  %1   (median of %2 runs)\n").arg(postfixRate, 0, 'f', 1).arg(seconds.size());
                out << QStringLiteral("  MailFlow / Postfix  %1x\n").arg(mailflowRate / postfixRate, 0, 'f', 2);
            }
        }
    }
    return allDelivered ? 0 : 1;
}
