#include "smtp/SmtpServer.h"
#include "smtp/SmtpServerSession.h"
#include "tls/LocalCa.h"
#include "tls/TlsConfig.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>

using namespace mf;
using namespace mf::smtp;

namespace {

// Commits after a real delay on the event loop, so the 250 must be flushed by the server's pump.
class DelayedSink : public SmtpMessageSink
{
public:
    void commit(const SmtpMessage &message, Done done) override
    {
        messages.append(message);
        const QByteArray id = "D" + QByteArray::number(messages.size());
        QTimer::singleShot(50, [done, id] { done(CommitResult::accepted(id)); });
    }
    QList<SmtpMessage> messages;
};

class AcceptAll : public SmtpRecipientPolicy
{
public:
    Decision check(const QByteArray &, bool) const override { return Decision::Accept; }
};

QByteArray readUntil(QAbstractSocket &socket, const QByteArray &marker)
{
    QByteArray got;
    QElapsedTimer timer;
    timer.start();
    // The server lives in this thread: wait by running the event loop, never by blocking.
    QSignalSpy readable(&socket, &QIODevice::readyRead);
    while (!got.contains(marker) && timer.elapsed() < 20000) {
        if (!socket.bytesAvailable())
            readable.wait(200);
        got += socket.readAll();
    }
    return got;
}

} // namespace

class TestSmtpServer : public QObject
{
    Q_OBJECT
private slots:
    void pipelinedClientGetsRepliesAfterAsyncCommit()
    {
        QTemporaryDir dir;
        LocalCa ca(dir.path());
        QVERIFY(ca.ensure());
        const auto tls = tls::serverConfiguration(ca.serverCredentials("mx.a.example", {}, {QHostAddress::LocalHost}));
        DelayedSink sink;
        AcceptAll policy;
        SmtpServer server("smtp", SmtpServerConfig::forMode(SmtpServerConfig::Mode::Relay, "mx.a.example"), tls, sink,
                          policy, nullptr);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy opened(&server, &SmtpServer::connectionOpened);
        QSignalSpy events(&server, &SmtpServer::sessionEvent);
        QSignalSpy closed(&server, &SmtpServer::connectionClosed);

        QTcpSocket client;
        QSignalSpy connected(&client, &QTcpSocket::connected);
        client.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(connected.wait(10000));
        QVERIFY(readUntil(client, "\r\n").startsWith("220 mx.a.example ESMTP MailFlow"));
        // Two transactions and QUIT in one packet: the second waits while the first commits.
        client.write("EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n");
        QVERIFY(readUntil(client, "354 ").endsWith("354 End data with <CR><LF>.<CR><LF>\r\n"));
        client.write("one\r\n.\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<z@y.example>\r\nDATA\r\n");
        const QByteArray second = readUntil(client, "354 ");
        QCOMPARE(second, QByteArray("250 2.0.0 Ok: queued as D1\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"
                                    "354 End data with <CR><LF>.<CR><LF>\r\n"));
        client.write("two\r\n.\r\nQUIT\r\n");
        QCOMPARE(readUntil(client, "221 "), QByteArray("250 2.0.0 Ok: queued as D2\r\n221 2.0.0 Bye\r\n"));
        QTRY_COMPARE(closed.size(), 1);

        QCOMPARE(sink.messages.size(), 2);
        QVERIFY(sink.messages[0].data.startsWith("Received: from c.example ([127.0.0.1])\r\n\tby mx.a.example"));
        QCOMPARE(opened.size(), 1);
        const quint64 id = opened[0][0].toULongLong();
        QCOMPARE(opened[0][1].toString(), QString("smtp"));
        QVERIFY(events.size() > 10);
        for (const auto &e : events) {
            QCOMPARE(e[0].toULongLong(), id);
            QCOMPARE(e[1].toString(), QString("smtp"));
        }
        const auto first = events[0][2].value<SessionEvent>();
        QCOMPARE(first.text, QByteArray("220 mx.a.example ESMTP MailFlow"));
        QCOMPARE(first.dir, Direction::Server);
        QCOMPARE(closed[0][0].toULongLong(), id);
    }

    // What the sessions report is also handed on in batches (one per step of a session), in order and
    // complete, and a step's batch comes before anything the step left for later (the sink's commit).
    void eventsAreHandedOnInBatchesAsEachStepEnds()
    {
        QTemporaryDir dir;
        LocalCa ca(dir.path());
        QVERIFY(ca.ensure());
        const auto tls = tls::serverConfiguration(ca.serverCredentials("mx.a.example", {}, {QHostAddress::LocalHost}));
        QList<QList<ConnectionEvent>> batches;
        int batchesWhenCommitRan = -1;
        class LaterSink : public SmtpMessageSink
        {
        public:
            std::function<void()> onCommit;
            void commit(const SmtpMessage &, Done done) override
            {
                QTimer::singleShot(0, [this, done] {
                    onCommit();
                    done(CommitResult::accepted("L1"));
                });
            }
        } sink;
        AcceptAll policy;
        SmtpServer server("smtp", SmtpServerConfig::forMode(SmtpServerConfig::Mode::Relay, "mx.a.example"), tls, sink,
                          policy, nullptr);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy single(&server, &SmtpServer::sessionEvent);
        connect(&server, &SmtpServer::sessionEvents, this, [&](const QString &protocol, const QList<ConnectionEvent> &events) {
            QCOMPARE(protocol, QString("smtp"));
            batches.append(events);
        });
        sink.onCommit = [&] { batchesWhenCommitRan = int(batches.size()); };

        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(readUntil(client, "\r\n").startsWith("220 "));
        client.write("EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n");
        QVERIFY(readUntil(client, "354 ").contains("354 "));
        client.write("Subject: one\r\n\r\nline 1\r\nline 2\r\n.\r\nQUIT\r\n");
        QVERIFY(readUntil(client, "221 ").contains("250 2.0.0 Ok: queued as L1\r\n221 "));
        QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);

        // The batches hold the same events as the one-by-one signal, in the same order.
        QList<QByteArray> fromBatches;
        for (const auto &batch : std::as_const(batches))
            for (const ConnectionEvent &e : batch)
                fromBatches << e.event.text;
        QList<QByteArray> oneByOne;
        for (const auto &e : std::as_const(single))
            oneByOne << e[2].value<SessionEvent>().text;
        QCOMPARE(fromBatches, oneByOne);
        // The message's lines came in one batch, handed on before the commit ran.
        int contentBatch = -1;
        for (int i = 0; i < batches.size(); ++i) {
            QList<QByteArray> texts;
            for (const ConnectionEvent &e : batches[i])
                texts << e.event.text;
            if (texts.contains("line 1")) {
                QVERIFY(texts.contains("line 2") && texts.contains("."));
                contentBatch = i;
            }
        }
        QVERIFY(contentBatch >= 0);
        QVERIFY(batchesWhenCommitRan > contentBatch);
    }

    void implicitTlsEndpoint()
    {
        QTemporaryDir dir;
        LocalCa ca(dir.path());
        QVERIFY(ca.ensure());
        const auto tls = tls::serverConfiguration(ca.serverCredentials("localhost", {}, {QHostAddress::LocalHost}));
        DelayedSink sink;
        AcceptAll policy;
        SmtpServer server("smtps", SmtpServerConfig::forMode(SmtpServerConfig::Mode::ImplicitTlsSubmission, "localhost"),
                          tls, sink, policy, nullptr);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSslSocket client;
        client.setSslConfiguration(tls::clientConfiguration(ca.caCertificate()));
        QSignalSpy encrypted(&client, &QSslSocket::encrypted);
        client.connectToHostEncrypted("localhost", server.port());
        QVERIFY2(encrypted.wait(10000), qPrintable(client.errorString()));
        QVERIFY(readUntil(client, "\r\n").startsWith("220 localhost ESMTP MailFlow"));
        client.write("EHLO c.example\r\n");
        const QByteArray ehlo = readUntil(client, "250 8BITMIME\r\n");
        QVERIFY(ehlo.contains("250-AUTH PLAIN LOGIN\r\n"));
        QVERIFY(!ehlo.contains("STARTTLS"));
    }
};

QTEST_GUILESS_MAIN(TestSmtpServer)
#include "tst_smtpserver.moc"
