#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QThread>
#include <functional>
#include <memory>

namespace mf::bench {

// Something the load is aimed at: started before the run, stopped after it.
class BenchTarget
{
public:
    virtual ~BenchTarget() = default;
    virtual QString name() const = 0;
    virtual QString note() const { return {}; }
    // Starts (or just checks) the server; false with *error when it cannot be used.
    virtual bool start(QString *error) = 0;
    virtual QString host() const = 0;
    virtual quint16 port() const = 0;
};

// An SMTP server someone else runs, given as host:port.
class ExternalTarget : public BenchTarget
{
public:
    ExternalTarget(QString host, quint16 port) : m_host(std::move(host)), m_port(port) {}
    QString name() const override { return QStringLiteral("%1:%2").arg(m_host).arg(m_port); }
    bool start(QString *) override { return true; }
    QString host() const override { return m_host; }
    quint16 port() const override { return m_port; }

private:
    QString m_host;
    quint16 m_port;
};

// Postfix's smtp-sink on a free loopback port: accepts everything and stores nothing, so it shows
// what the protocol exchange alone costs on this machine.
class SmtpSinkTarget : public BenchTarget
{
public:
    ~SmtpSinkTarget() override;
    QString name() const override { return QStringLiteral("Postfix smtp-sink"); }
    QString note() const override { return QStringLiteral("discards messages: no storage, no fsync"); }
    bool start(QString *error) override;
    QString host() const override { return QStringLiteral("127.0.0.1"); }
    quint16 port() const override { return m_port; }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

// A MailFlow server inside this process, in its own thread as a separate server process would be, so it does
// not share an event loop with the load. Its objects are created, used and deleted in that thread; its files
// live in a temporary folder.
class ServerThreadTarget : public BenchTarget
{
public:
    explicit ServerThreadTarget(const QString &threadName);
    ~ServerThreadTarget() override;
    QString host() const override { return QStringLiteral("127.0.0.1"); }
    quint16 port() const override { return m_port; }

protected:
    // Runs `create` in the server thread: it builds the server and returns its listening port, or 0 with *error.
    bool startInThread(QString *error, const std::function<quint16(QString *error)> &create);
    // Runs `work` in the server thread and waits for it; nothing when the thread never started.
    void runInThread(const std::function<void()> &work) const;
    // Deletes the server objects in their thread and stops it: call it first in the derived destructor.
    void stopInThread(const std::function<void()> &destroy);
    QString dataPath(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread
    quint16 m_port = 0;
};

// A free loopback TCP port (bound and released; the caller starts its server on it at once).
quint16 freeLoopbackPort();
// Waits until something accepts connections on 127.0.0.1:port, up to `timeoutMs`.
bool waitUntilListening(quint16 port, int timeoutMs);

} // namespace mf::bench
