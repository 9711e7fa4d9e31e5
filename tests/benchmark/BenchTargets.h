#pragma once

#include <QProcess>
#include <QString>
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

// A free loopback TCP port (bound and released; the caller starts its server on it at once).
quint16 freeLoopbackPort();
// Waits until something accepts connections on 127.0.0.1:port, up to `timeoutMs`.
bool waitUntilListening(quint16 port, int timeoutMs);

} // namespace mf::bench
