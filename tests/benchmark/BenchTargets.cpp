#include "BenchTargets.h"

#include <QDeadlineTimer>
#include <QMetaObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <unistd.h>

namespace mf::bench {

ServerThreadTarget::ServerThreadTarget(const QString &threadName)
{
    m_thread.setObjectName(threadName);
}

ServerThreadTarget::~ServerThreadTarget()
{
    stopInThread({});
}

bool ServerThreadTarget::startInThread(QString *error, const std::function<quint16(QString *)> &create)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    runInThread([&] { m_port = create(error); });
    return m_port != 0;
}

void ServerThreadTarget::runInThread(const std::function<void()> &work) const
{
    if (m_context)
        QMetaObject::invokeMethod(m_context, work, Qt::BlockingQueuedConnection);
}

void ServerThreadTarget::stopInThread(const std::function<void()> &destroy)
{
    if (!m_context)
        return;
    if (destroy)
        runInThread(destroy);
    m_context->deleteLater();
    m_context = nullptr;
    m_thread.quit();
    m_thread.wait();
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool waitUntilListening(quint16 port, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        if (probe.waitForConnected(200))
            return true;
        if (probe.state() != QAbstractSocket::UnconnectedState)
            continue; // still connecting after 200 ms: try again
        QThread::msleep(50); // refused: the server is not up yet; poll again until the deadline
    }
    return false;
}

SmtpSinkTarget::~SmtpSinkTarget()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool SmtpSinkTarget::start(QString *error)
{
    const QString program = QStringLiteral("/usr/sbin/smtp-sink");
    m_port = freeLoopbackPort();
    QStringList args;
    if (geteuid() == 0)
        args << QStringLiteral("-u") << QStringLiteral("nobody"); // it refuses to run as root otherwise
    // backlog 256: all benchmark connections arrive at once
    args << QStringLiteral("127.0.0.1:%1").arg(m_port) << QStringLiteral("256");
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(program, args);
    if (!m_process.waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        return false;
    }
    if (!waitUntilListening(m_port, 10000)) {
        *error = QStringLiteral("%1 did not start listening on port %2").arg(program).arg(m_port);
        return false;
    }
    return true;
}

} // namespace mf::bench
