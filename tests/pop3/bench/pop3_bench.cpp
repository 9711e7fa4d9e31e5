// mailflow-pop3-bench: POP3 retrieval figures, MailFlow beside Dovecot on the same maildrop, same run.
// Not a test (not run by ctest).
//
//   mailflow-pop3-bench [--messages N] [--size BYTES] [--window W] [--logins L] [--no-dovecot] [--no-transcript]
//
// Fills a maildrop with N messages (10,000 by default) in MailFlow's MailboxStore and, with the same bytes,
// in a Maildir served by a private Dovecot. Then, for each server: login-to-STAT latency (connect, greeting,
// USER, PASS, STAT answered; L times, median and p95), and RETR throughput (all N messages over one
// connection, W RETR commands in flight thanks to PIPELINING), in messages/s and MB/s.
// MailFlow runs in this process on its own thread, with the same Pop3Server and UserDirectory (PBKDF2) as
// `mailflow serve`; the load generator is the same plain socket code for both servers.
#include "PrivateDovecot.h"
#include "pop3/Pop3Server.h"
#include "store/MailboxStore.h"
#include "store/UserDirectory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <future>

using namespace mf;

namespace {

const QByteArray kLogin = "bob@b.example";
const QByteArray kPassword = "bench-secret";

QByteArray makeMessage(int size)
{
    QByteArray m = "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: benchmark message\r\n"
                   "Message-ID: <bench@a.example>\r\n\r\n";
    int line = 0;
    while (m.size() < size - 80) {
        // Every 10th line starts with a dot, so byte-stuffing is part of the work.
        m += (line % 10 == 0 ? "." : "") + QByteArray(70, char('a' + line % 26)) + "\r\n";
        ++line;
    }
    return m;
}

// MailFlow's POP3 server on its own thread: the store's SQLite connection lives in that thread too.
class MailFlowThread : public QThread
{
public:
    MailFlowThread(QString path, int messages, QByteArray message, bool transcript)
        : m_path(std::move(path)), m_messages(messages), m_message(std::move(message)), m_transcript(transcript) {}
    std::future<quint16> port() { return m_port.get_future(); }

protected:
    void run() override
    {
        MailboxStore store(m_path);
        QList<DeliveryTarget> targets(m_messages, DeliveryTarget{QString::fromLatin1(kLogin), QStringLiteral("INBOX")});
        store.deliverToAll(targets, m_message, QDateTime::currentDateTimeUtc()); // one transaction
        UserDirectory users;
        users.addUser(QString::fromLatin1(kLogin), kPassword);
        Pop3ServerConfig config;
        config.recordMessageLines = m_transcript;
        Pop3Server server(store, users, config);
        server.listen(QHostAddress::LocalHost, 0, QSslConfiguration());
        m_port.set_value(server.port());
        exec();
    }

private:
    QString m_path;
    int m_messages;
    QByteArray m_message;
    bool m_transcript;
    std::promise<quint16> m_port;
};

// A blocking POP3 conversation for measuring.
class Pop3Probe
{
public:
    bool connectAndLogin(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        return m_socket.waitForConnected(10000) && readLine().startsWith("+OK") && command("USER " + kLogin)
            && command("PASS " + kPassword);
    }
    bool command(const QByteArray &line)
    {
        m_socket.write(line + "\r\n");
        return readLine().startsWith("+OK");
    }
    QByteArray lastLine() const { return m_last; }

    // Sends RETR 1..count keeping `window` commands in flight; returns the octets received, or -1.
    qint64 retrieveAll(int count, int window)
    {
        int sent = 0;
        int done = 0;
        qint64 octets = 0;
        QByteArray tail;
        while (done < count) {
            QByteArray burst;
            while (sent < count && sent - done < window)
                burst += "RETR " + QByteArray::number(++sent) + "\r\n";
            if (!burst.isEmpty())
                m_socket.write(burst);
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(30000))
                return -1;
            const QByteArray chunk = m_socket.readAll();
            octets += chunk.size();
            // Every RETR answer ends with CRLF "." CRLF, which byte-stuffing keeps out of the text.
            const QByteArray scan = tail + chunk;
            for (qsizetype at = scan.indexOf("\r\n.\r\n"); at >= 0; at = scan.indexOf("\r\n.\r\n", at + 5))
                ++done;
            tail = scan.right(4);
        }
        return octets;
    }
    // Waits for QUIT's answer: the server releases the maildrop lock before sending it.
    void quit()
    {
        command("QUIT");
        m_socket.disconnectFromHost();
    }

private:
    QByteArray readLine()
    {
        while (!m_socket.canReadLine()) {
            if (!m_socket.waitForReadyRead(30000))
                return {};
        }
        m_last = m_socket.readLine().trimmed();
        return m_last;
    }
    QTcpSocket m_socket;
    QByteArray m_last;
};

struct Figures {
    QString name;
    bool ok = false;
    double loginMedianMs = 0;
    double loginP95Ms = 0;
    double retrPerSecond = 0;
    double megabytesPerSecond = 0;
};

Figures measure(const QString &name, quint16 port, int messages, int window, int logins)
{
    Figures f{name};
    // Warm-up: Dovecot indexes a new Maildir on first access; MailFlow opens its store.
    {
        Pop3Probe warm;
        if (!warm.connectAndLogin(port) || !warm.command("STAT")) {
            std::fprintf(stderr, "%s: login failed (%s)\n", qPrintable(name), warm.lastLine().constData());
            return f;
        }
        std::fprintf(stderr, "%s: %s\n", qPrintable(name), warm.lastLine().constData());
        warm.quit();
    }
    QList<double> times;
    for (int i = 0; i < logins; ++i) {
        QElapsedTimer t;
        t.start();
        Pop3Probe probe;
        if (!probe.connectAndLogin(port) || !probe.command("STAT"))
            return f;
        times << t.nsecsElapsed() / 1e6;
        probe.quit();
    }
    std::sort(times.begin(), times.end());
    f.loginMedianMs = times[times.size() / 2];
    f.loginP95Ms = times[std::min<qsizetype>(times.size() - 1, qsizetype(times.size() * 0.95))];

    Pop3Probe probe;
    if (!probe.connectAndLogin(port))
        return f;
    QElapsedTimer t;
    t.start();
    const qint64 octets = probe.retrieveAll(messages, window);
    const double seconds = t.nsecsElapsed() / 1e9;
    if (octets < 0)
        return f;
    probe.quit();
    f.retrPerSecond = messages / seconds;
    f.megabytesPerSecond = octets / seconds / 1e6;
    f.ok = true;
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("POP3 retrieval: MailFlow beside Dovecot"));
    parser.addHelpOption();
    const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("Messages in the maildrop (10000)."),
                                      QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Message size in octets (2048)."),
                                  QStringLiteral("bytes"), QStringLiteral("2048"));
    const QCommandLineOption window(QStringLiteral("window"), QStringLiteral("RETR commands in flight (32)."),
                                    QStringLiteral("W"), QStringLiteral("32"));
    const QCommandLineOption logins(QStringLiteral("logins"), QStringLiteral("Login-to-STAT samples (20)."),
                                    QStringLiteral("L"), QStringLiteral("20"));
    const QCommandLineOption noDovecot(QStringLiteral("no-dovecot"), QStringLiteral("Do not measure Dovecot."));
    const QCommandLineOption noTranscript(QStringLiteral("no-transcript"),
                                          QStringLiteral("MailFlow records RETR text as one transcript line, not line by line."));
    parser.addOptions({messages, size, window, logins, noDovecot, noTranscript});
    parser.process(app);
    const int n = std::max(1, parser.value(messages).toInt());
    const int w = std::max(1, parser.value(window).toInt());
    const int l = std::max(1, parser.value(logins).toInt());
    const QByteArray message = makeMessage(std::max(200, parser.value(size).toInt()));

    QTemporaryDir dir;
    std::vector<Figures> results;

    std::fprintf(stderr, "filling MailFlow's store with %d messages of %lld octets...\n", n, qlonglong(message.size()));
    MailFlowThread mailflow(dir.filePath(QStringLiteral("mailboxes.sqlite")), n, message, !parser.isSet(noTranscript));
    auto portFuture = mailflow.port();
    mailflow.start();
    const quint16 mailflowPort = portFuture.get();
    results.push_back(measure(QStringLiteral("MailFlow Pop3Server"), mailflowPort, n, w, l));
    mailflow.quit();
    mailflow.wait();

    if (!parser.isSet(noDovecot)) {
        std::fprintf(stderr, "filling Dovecot's Maildir with the same %d messages...\n", n);
        testing::PrivateDovecot dovecot;
        testing::DovecotConfig config;
        config.protocol = "pop3";
        config.user = kLogin;
        config.password = kPassword;
        bool started = dovecot.prepare(config);
        for (int i = 0; started && i < n; ++i)
            started = dovecot.deliver(QStringLiteral("%1.M%2P1.bench").arg(1700000000 + i).arg(i), message,
                                      testing::PrivateDovecot::Folder::Cur);
        if (started && dovecot.start())
            results.push_back(measure(QStringLiteral("Dovecot pop3 (Maildir)"), dovecot.port(), n, w, l));
        else
            std::fprintf(stderr, "Dovecot could not be started: %s\n", qPrintable(dovecot.errorString()));
    }

    std::printf("POP3 retrieval, %d messages of %lld octets, %d RETR in flight, %d logins\n", n,
                qlonglong(message.size()), w, l);
    std::printf("%-26s %14s %14s %12s %10s\n", "server", "login->STAT", "(p95)", "RETR/s", "MB/s");
    for (const Figures &f : results) {
        if (!f.ok) {
            std::printf("%-26s failed\n", qPrintable(f.name));
            continue;
        }
        std::printf("%-26s %11.2f ms %11.2f ms %12.0f %10.1f\n", qPrintable(f.name), f.loginMedianMs, f.loginP95Ms,
                    f.retrPerSecond, f.megabytesPerSecond);
    }
    return std::all_of(results.begin(), results.end(), [](const Figures &f) { return f.ok; }) ? 0 : 1;
}
