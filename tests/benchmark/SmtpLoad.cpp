#include "SmtpLoad.h"

#include "core/SessionConnection.h"
#include "smtp/SmtpClientSession.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSslSocket>
#include <QTimer>
#include <algorithm>
#include <memory>
#include <vector>

namespace mf::bench {

double SmtpLoadResult::percentile(double p) const
{
    if (latencyMs.isEmpty())
        return 0;
    const qsizetype index = qBound<qsizetype>(0, qsizetype(p / 100.0 * latencyMs.size() + 0.5) - 1,
                                              latencyMs.size() - 1);
    return latencyMs[index];
}

namespace {

QByteArray makeContent(const QByteArray &from, int index, int size)
{
    QByteArray data = QByteArrayLiteral("From: ") + from + QByteArrayLiteral("\r\nTo: sink@sink.example\r\nSubject: load test ")
                      + QByteArray::number(index) + QByteArrayLiteral("\r\nMessage-ID: <bench.")
                      + QByteArray::number(index) + QByteArrayLiteral("@load.example>\r\n\r\n");
    const QByteArray line = QByteArrayLiteral("The quick brown fox jumps over the lazy dog; 0123456789 abcdefghij\r\n");
    while (data.size() + line.size() <= size)
        data += line;
    return data;
}

} // namespace

SmtpLoadResult runSmtpLoad(const QString &host, quint16 port, const SmtpLoadOptions &options)
{
    SmtpLoadResult result;
    result.attempted = options.messages;
    const int connections = qMax(1, qMin(options.connections, options.messages));

    SmtpClientConfig config;
    config.clientHost = "bench.load.example";
    config.useStartTls = options.startTls;
    config.usePipelining = options.pipelining;
    config.recordBodyLines = false;

    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    int running = 0;
    std::vector<std::unique_ptr<SessionConnection>> links;
    std::vector<qint64> started(size_t(connections), -1);

    for (int c = 0; c < connections; ++c) {
        QList<SmtpOutgoingMessage> share;
        for (int i = c; i < options.messages; i += connections) {
            QList<QByteArray> rcpts;
            if (options.recipientsOf) {
                rcpts = options.recipientsOf(i);
            } else {
                for (int r = 0; r < options.recipients; ++r)
                    rcpts << QByteArrayLiteral("sink") + QByteArray::number(r) + QByteArrayLiteral("@sink.example");
            }
            share.append({options.mailFrom, rcpts, makeContent(options.mailFrom, i, options.messageSize)});
        }
        auto session = std::make_unique<SmtpClientSession>(config, share);
        auto *raw = session.get();
        links.push_back(std::make_unique<SessionConnection>(std::move(session), new QSslSocket));
        SessionConnection *link = links.back().get();
        ++running;
        QObject::connect(link, &SessionConnection::event, link, [&, c](const SessionEvent &e) {
            if (e.kind == SessionEvent::Kind::Line && e.dir == Direction::Client && e.text.startsWith("MAIL FROM:")) {
                started[size_t(c)] = clock.nsecsElapsed();
            } else if (e.kind == SessionEvent::Kind::Notice && e.text.startsWith("message ")) {
                if (e.text.contains(": delivered") && started[size_t(c)] >= 0) {
                    result.latencyMs.append((clock.nsecsElapsed() - started[size_t(c)]) / 1e6);
                } else if (result.firstError.isEmpty() && !e.text.contains(": delivered")) {
                    result.firstError = QString::fromUtf8(e.text);
                }
                started[size_t(c)] = -1;
            } else if ((e.kind == SessionEvent::Kind::Error || e.kind == SessionEvent::Kind::TlsFailed)
                       && result.firstError.isEmpty()) {
                result.firstError = QString::fromUtf8(e.text);
            }
        });
        QObject::connect(link, &SessionConnection::finished, link, [&, raw] {
            for (const SmtpSendResult &r : raw->results())
                result.accepted += r.isDelivered() ? 1 : 0;
            if (--running == 0)
                loop.quit();
        });
        link->connectToHost(host, port, options.startTls ? options.tls : QSslConfiguration::defaultConfiguration(), false,
                            options.tlsName);
    }
    QTimer watchdog;
    watchdog.setSingleShot(true);
    QObject::connect(&watchdog, &QTimer::timeout, &loop, [&] {
        if (result.firstError.isEmpty())
            result.firstError = QStringLiteral("gave up after 15 minutes");
        loop.quit();
    });
    watchdog.start(15 * 60 * 1000);
    if (running > 0)
        loop.exec();
    result.seconds = clock.nsecsElapsed() / 1e9;
    std::sort(result.latencyMs.begin(), result.latencyMs.end());
    return result;
}

} // namespace mf::bench
