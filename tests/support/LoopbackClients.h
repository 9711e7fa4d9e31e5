#pragma once

// Raw clients of a server living in the test's own thread, over loopback: every wait runs the event loop,
// never blocks. Shared by the connection-limit tests of the SMTP and IMAP servers, which open clients
// until a limit is reached, then check what a real client nobody here wrote makes of the refusal.
#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QProcess>
#include <QSignalSpy>
#include <QString>
#include <QTcpSocket>
#include <memory>

namespace mf::test {

// What `socket` reads until `marker` has come (all of it, the marker included), or until 20 s have passed.
inline QByteArray readUntil(QAbstractSocket &socket, const QByteArray &marker)
{
    QByteArray got;
    QElapsedTimer timer;
    timer.start();
    QSignalSpy readable(&socket, &QIODevice::readyRead);
    while (!got.contains(marker) && timer.elapsed() < 20000) {
        if (!socket.bytesAvailable())
            readable.wait(200);
        got += socket.readAll();
    }
    return got;
}

// A client connected to `port` on 127.0.0.1 from `from` (any 127.0.0.0/8 address works on Linux, so the
// limit per address can be reached from one machine; a null address leaves the choice to the system), that
// has read its first line into `firstLine`: the greeting, or the refusal past a connection limit.
inline std::unique_ptr<QTcpSocket> connectClient(quint16 port, const QHostAddress &from, QByteArray *firstLine)
{
    auto client = std::make_unique<QTcpSocket>();
    if (!from.isNull())
        client->bind(from, 0);
    client->connectToHost(QHostAddress::LocalHost, port);
    *firstLine = readUntil(*client, "\r\n");
    return client;
}

// Runs `script` with `python -c`, the port as its one argument, for at most 30 s; returns what it printed
// (standard output trimmed, then standard error).
inline QByteArray runPythonClient(const QString &python, const QString &script, quint16 port)
{
    QProcess p;
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(python, {QStringLiteral("-c"), script, QString::number(port)});
    finished.wait(30000); // runs the event loop: the server lives in this thread
    return p.readAllStandardOutput().trimmed() + p.readAllStandardError();
}

} // namespace mf::test
