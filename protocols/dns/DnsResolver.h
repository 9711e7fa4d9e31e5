#pragma once

#include "DnsEvent.h"
#include "DnsQuery.h"

#include <QHostAddress>
#include <QObject>
#include <functional>
#include <memory>

class QTcpSocket;
class QTimer;
class QUdpSocket;

namespace mf {

class DnsResolver;

// One lookup in flight. Emits finished() exactly once, then deletes itself later.
class DnsLookupJob : public QObject
{
    Q_OBJECT
public:
    DnsLookupJob(DnsResolver *resolver, const QByteArray &name, quint16 type);
    ~DnsLookupJob() override;

    const DnsQuery &query() const { return m_query; }
    void start();
    // Stops without emitting finished().
    void abort();

signals:
    void finished(const mf::DnsLookupResult &result);

private:
    void sendUdp();
    void readUdp();
    void udpTimedOut();
    void startTcp();
    void readTcp();
    void tcpFailed(const QString &why);
    void finish(const DnsLookupResult &result);
    void emitEvent(DnsEvent::Kind kind, DnsTransport transport, const QString &text, const QByteArray &wire);

    DnsResolver *m_resolver;
    DnsQuery m_query;
    QUdpSocket *m_udp = nullptr;
    QTcpSocket *m_tcp = nullptr;
    QTimer *m_timer = nullptr;
    int m_attempt = 0;
    bool m_done = false;
    QByteArray m_tcpBuffer;
};

// Stub resolver for MailFlow's own DNS server on any address and port (Qt 6.4's QDnsLookup is limited to
// port 53). UDP first with a timeout and retries; over TCP when the answer comes back truncated
// (RFC 1035 §4.2.1, RFC 7766 §5).
class DnsResolver : public QObject
{
    Q_OBJECT
public:
    struct Options {
        int timeoutMs = 2000;       // per attempt
        int attempts = 2;           // UDP sends before giving up
        bool useEdns = true;        // advertise a 1232-octet UDP size in an OPT record
        bool recursionDesired = false;
    };
    using IdSource = std::function<quint16()>;

    DnsResolver(const QHostAddress &server, quint16 port, QObject *parent = nullptr);
    DnsResolver(const QHostAddress &server, quint16 port, Options options, QObject *parent = nullptr);

    QHostAddress server() const { return m_server; }
    quint16 port() const { return m_port; }
    void setServer(const QHostAddress &server, quint16 port);
    const Options &options() const { return m_options; }
    void setOptions(const Options &options) { m_options = options; }
    // Query IDs come from QRandomGenerator::system() unless a test injects its own source.
    void setIdSource(IdSource source) { m_ids = std::move(source); }

    // Starts a lookup; connect to the job's finished() signal. The job belongs to the resolver.
    DnsLookupJob *lookup(const QByteArray &name, quint16 type);
    // Convenience: runs `done` (in `context`'s thread, unless context is gone) with the result.
    void lookup(const QByteArray &name, quint16 type, QObject *context,
                std::function<void(const DnsLookupResult &)> done);

signals:
    // Every query sent and every answer received (and packets ignored, and timeouts).
    void dnsEvent(const mf::DnsEvent &event);

private:
    friend class DnsLookupJob;
    quint16 nextId();

    QHostAddress m_server;
    quint16 m_port;
    Options m_options;
    IdSource m_ids;
};

} // namespace mf
