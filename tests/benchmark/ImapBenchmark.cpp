// `mailflow-bench imap`: MailFlow's IMAP server beside Dovecot on the same 10,000-message mailbox, in one run.
#include "ImapLoad.h"
#include "ImapTargets.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <memory>
#include <vector>

namespace mf::bench {

int runImapBenchmark(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("IMAP: APPEND throughput, SELECT, UID FETCH and UID SEARCH times"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("imap"), QStringLiteral("the IMAP benchmark"));
    const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("Messages in the mailbox (10000)."),
                                      QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Message size in octets (2048)."),
                                  QStringLiteral("bytes"), QStringLiteral("2048"));
    const QCommandLineOption noDovecot(QStringLiteral("no-dovecot"), QStringLiteral("Do not measure Dovecot."));
    const QCommandLineOption searchRuns(QStringLiteral("search-runs"), QStringLiteral("Times UID SEARCH is run; the median is shown (5)."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({messages, size, noDovecot, searchRuns});
    parser.process(arguments);

    ImapLoadOptions options;
    options.messages = qMax(2, parser.value(messages).toInt());
    options.messageSize = qMax(400, parser.value(size).toInt());
    options.searchRuns = qMax(1, parser.value(searchRuns).toInt());

    std::vector<std::unique_ptr<BenchTarget>> targets;
    targets.push_back(std::make_unique<MailFlowImapTarget>());
    if (!parser.isSet(noDovecot))
        targets.push_back(std::make_unique<DovecotImapTarget>());

    QTextStream out(stdout);
    out << "IMAP: " << options.messages << " messages of about " << options.messageSize
        << " octets APPENDed one at a time on one connection, then on a new connection: SELECT INBOX,\n"
           "UID FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE) (twice: cold, then warm), UID SEARCH HEADER Message-ID\n"
           "(SEARCH ms: the median of " << options.searchRuns << " runs, min-max beside it).\n\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
               .arg(QStringLiteral("target"), -30).arg(QStringLiteral("APPEND/s"), 9).arg(QStringLiteral("SELECT ms"), 10)
               .arg(QStringLiteral("FETCH ms"), 9).arg(QStringLiteral("again ms"), 9).arg(QStringLiteral("SEARCH ms"), 10)
               .arg(QStringLiteral("min-max"), -14).arg(QStringLiteral("checks"));
    out.flush();
    int status = 0;
    QStringList notes;
    for (auto &t : targets) {
        QString error;
        if (!t->start(&error)) {
            out << QStringLiteral("%1 not measured: %2\n").arg(t->name(), -30).arg(error);
            status = 1;
            continue;
        }
        const ImapLoadResult r = runImapLoad(t->host(), t->port(), kImapBenchUser, kImapBenchPassword, options);
        const bool good = r.error.isEmpty() && r.appended == options.messages && r.fetched == options.messages && r.found == 1;
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                   .arg(t->name(), -30)
                   .arg(r.appendsPerSecond(), 9, 'f', 0)
                   .arg(r.selectMs, 10, 'f', 1)
                   .arg(r.fetchMs, 9, 'f', 1)
                   .arg(r.fetchAgainMs, 9, 'f', 1)
                   .arg(r.searchMs, 10, 'f', 1)
                   .arg(QStringLiteral("%1-%2").arg(r.searchMinMs, 0, 'f', 1).arg(r.searchMaxMs, 0, 'f', 1), -14)
                   .arg(good ? QStringLiteral("ok") : QStringLiteral("FAILED"));
        out.flush();
        if (!good) {
            status = 1;
            notes << t->name() + QStringLiteral(": appended %1, fetched %2, found %3; %4")
                                     .arg(r.appended).arg(r.fetched).arg(r.found).arg(r.error);
        }
        if (!t->note().isEmpty())
            notes << t->name() + QStringLiteral(": ") + t->note();
    }
    if (!notes.isEmpty())
        out << '\n' << notes.join(QLatin1Char('\n')) << '\n';
    return status;
}

} // namespace mf::bench
