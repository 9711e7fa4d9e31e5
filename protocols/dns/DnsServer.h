#pragma once

#include "DnsAuthority.h"
#include "DnsEvent.h"

#include <QHostAddress>
#include <QObject>
#include <memory>

class QTcpServer;
class QTcpSocket;
class QUdpSocket;

namespace mf {

class WireCapture;

// Serves a DnsAuthority over UDP and TCP (RFC 1035 §4.2) on one address and port. TCP connections carry
// 2-octet length-prefixed messages, several per connection (RFC 7766 §6.2.1), and close after an idle
// period. The authority stays editable while serving (e.g. the SERVFAIL knob).
class DnsServer : public QObject
{
    Q_OBJECT
public:
    struct Limits {
        int tcpIdleTimeoutMs = 10000;  // RFC 7766 §6.2.3 suggests seconds, not minutes
        int maxTcpConnections = 64;
    };

    explicit DnsServer(QObject *parent = nullptr) : DnsServer(Limits{}, parent) {}
    explicit DnsServer(Limits limits, QObject *parent = nullptr);
    ~DnsServer() override;

    DnsAuthority &authority() { return m_authority; }
    const DnsAuthority &authority() const { return m_authority; }

    // Binds UDP and TCP to the same port; port 0 picks a free one for both.
    bool listen(const QHostAddress &address, quint16 port);
    void close();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    QString errorString() const { return m_error; }
    int tcpConnectionCount() const { return m_tcpConnections; }
    // Every UDP query and answer is also recorded in `capture` (for a packet capture). Queries over TCP
    // (after a truncated answer) are not.
    void setCapture(std::shared_ptr<WireCapture> capture) { m_capture = std::move(capture); }

signals:
    // Every query received and every answer sent (also malformed queries, as Kind::Ignored or FORMERR).
    void dnsEvent(const mf::DnsEvent &event);

private:
    bool bindBoth(const QHostAddress &address, quint16 port);
    void readDatagrams();
    void acceptTcp();
    void serveTcp(QTcpSocket *socket);
    QByteArray process(QByteArrayView query, DnsTransport transport, const QHostAddress &peer, quint16 peerPort);

    Limits m_limits;
    DnsAuthority m_authority;
    QUdpSocket *m_udp = nullptr;
    QTcpServer *m_tcp = nullptr;
    int m_tcpConnections = 0;
    QString m_error;
    std::shared_ptr<WireCapture> m_capture;
};

} // namespace mf
