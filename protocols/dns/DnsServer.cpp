#include "DnsServer.h"

#include "core/WireCapture.h"

#include <QNetworkProxy>
#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>

namespace mf {

DnsServer::DnsServer(Limits limits, QObject *parent) : QObject(parent), m_limits(limits)
{
}

DnsServer::~DnsServer()
{
    close();
}

bool DnsServer::listen(const QHostAddress &address, quint16 port)
{
    close();
    // With port 0 the UDP port is chosen first; TCP may find it taken, so try a few times.
    const int attempts = port == 0 ? 20 : 1;
    for (int i = 0; i < attempts; ++i)
        if (bindBoth(address, port))
            return true;
    return false;
}

bool DnsServer::bindBoth(const QHostAddress &address, quint16 port)
{
    close();
    m_udp = new QUdpSocket(this);
    m_udp->setProxy(QNetworkProxy::NoProxy); // loopback: never ask the system proxy configuration (libproxy)
    if (!m_udp->bind(address, port)) {
        m_error = QStringLiteral("UDP: ") + m_udp->errorString();
        close();
        return false;
    }
    m_tcp = new QTcpServer(this);
    m_tcp->setProxy(QNetworkProxy::NoProxy);
    m_tcp->setMaxPendingConnections(m_limits.maxTcpConnections);
    if (!m_tcp->listen(address, m_udp->localPort())) {
        m_error = QStringLiteral("TCP: ") + m_tcp->errorString();
        close();
        return false;
    }
    connect(m_udp, &QUdpSocket::readyRead, this, &DnsServer::readDatagrams);
    connect(m_tcp, &QTcpServer::newConnection, this, &DnsServer::acceptTcp);
    m_error.clear();
    return true;
}

void DnsServer::close()
{
    if (m_udp) {
        m_udp->close();
        m_udp->deleteLater();
        m_udp = nullptr;
    }
    if (m_tcp) {
        m_tcp->close();
        m_tcp->deleteLater();
        m_tcp = nullptr;
    }
}

bool DnsServer::isListening() const
{
    return m_udp && m_tcp && m_tcp->isListening();
}

QHostAddress DnsServer::address() const
{
    return m_udp ? m_udp->localAddress() : QHostAddress();
}

quint16 DnsServer::port() const
{
    return m_udp ? m_udp->localPort() : 0;
}

QByteArray DnsServer::process(QByteArrayView query, DnsTransport transport, const QHostAddress &peer,
                              quint16 peerPort)
{
    const DnsAuthority::Reply reply = m_authority.handle(query, transport);
    DnsEvent in;
    in.transport = transport;
    in.peer = peer;
    in.peerPort = peerPort;
    in.wire = query.toByteArray();
    if (reply.query) {
        in.kind = DnsEvent::Kind::Query;
        in.text = reply.query->describe();
    } else {
        in.kind = DnsEvent::Kind::Ignored;
        in.text = QStringLiteral("malformed query: ") + reply.queryError;
    }
    emit dnsEvent(in);
    if (reply.wire.isEmpty())
        return {};
    DnsEvent out = in;
    out.kind = DnsEvent::Kind::Answer;
    out.text = reply.answer->describe();
    out.wire = reply.wire;
    emit dnsEvent(out);
    return reply.wire;
}

void DnsServer::readDatagrams()
{
    while (m_udp && m_udp->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_udp->receiveDatagram();
        if (!datagram.isValid())
            continue;
        const QHostAddress peer = datagram.senderAddress();
        const quint16 peerPort = quint16(datagram.senderPort());
        const WireCapture::Endpoint client{peer, peerPort};
        const WireCapture::Endpoint server{m_udp->localAddress(), m_udp->localPort()};
        if (m_capture)
            m_capture->datagram(client, server, Direction::Client, QStringLiteral("dns"), datagram.data());
        const QByteArray answer = process(datagram.data(), DnsTransport::Udp, peer, peerPort);
        if (!answer.isEmpty() && m_udp && m_udp->writeDatagram(answer, peer, peerPort) == answer.size() && m_capture)
            m_capture->datagram(server, client, Direction::Server, QStringLiteral("dns"), answer);
    }
}

void DnsServer::acceptTcp()
{
    while (m_tcp && m_tcp->hasPendingConnections()) {
        QTcpSocket *socket = m_tcp->nextPendingConnection();
        if (m_tcpConnections >= m_limits.maxTcpConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_tcpConnections;
        auto *idle = new QTimer(socket);
        idle->setSingleShot(true);
        idle->setInterval(m_limits.tcpIdleTimeoutMs);
        connect(idle, &QTimer::timeout, socket, &QTcpSocket::disconnectFromHost);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serveTcp(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            --m_tcpConnections;
            socket->deleteLater();
        });
        idle->start();
        serveTcp(socket);
    }
}

void DnsServer::serveTcp(QTcpSocket *socket)
{
    if (auto *idle = socket->findChild<QTimer *>())
        idle->start();
    // RFC 1035 §4.2.2: each message is preceded by its length in two octets.
    while (socket->bytesAvailable() >= 2) {
        const QByteArray prefix = socket->peek(2);
        const int length = (uchar(prefix[0]) << 8) | uchar(prefix[1]);
        if (length == 0) {
            socket->disconnectFromHost();
            return;
        }
        if (socket->bytesAvailable() < 2 + length)
            return;
        socket->skip(2);
        const QByteArray query = socket->read(length);
        const QByteArray answer = process(query, DnsTransport::Tcp, socket->peerAddress(), socket->peerPort());
        if (answer.isEmpty())
            continue;
        QByteArray framed;
        framed.append(char(answer.size() >> 8)).append(char(answer.size() & 0xff)).append(answer);
        socket->write(framed);
    }
}

} // namespace mf
