#include "DnsResolver.h"

#include <QNetworkProxy>
#include <QNetworkDatagram>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>

namespace mf {

DnsLookupJob::DnsLookupJob(DnsResolver *resolver, const QByteArray &name, quint16 type)
    : QObject(resolver), m_resolver(resolver),
      m_query(name, type, resolver->nextId(), resolver->options().recursionDesired, resolver->options().useEdns)
{
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
}

DnsLookupJob::~DnsLookupJob() = default;

void DnsLookupJob::start()
{
    m_udp = new QUdpSocket(this);
    m_udp->setProxy(QNetworkProxy::NoProxy); // loopback: never ask the system proxy configuration (libproxy)
    // Toward a loopback server, listen on loopback only; the port is ephemeral (RFC 5452 §9.2).
    const QHostAddress server = m_resolver->server();
    const bool v6 = server.protocol() == QAbstractSocket::IPv6Protocol;
    const QHostAddress local = server.isLoopback()
        ? QHostAddress(v6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost)
        : QHostAddress(v6 ? QHostAddress::AnyIPv6 : QHostAddress::AnyIPv4);
    if (!m_udp->bind(local, 0)) {
        const QString why = QStringLiteral("cannot open a UDP socket: ") + m_udp->errorString();
        QTimer::singleShot(0, this, [this, why] { finish(m_query.failure(why)); });
        return;
    }
    connect(m_udp, &QUdpSocket::readyRead, this, &DnsLookupJob::readUdp);
    connect(m_timer, &QTimer::timeout, this, &DnsLookupJob::udpTimedOut);
    sendUdp();
}

void DnsLookupJob::abort()
{
    m_done = true;
    m_timer->stop();
    if (m_udp)
        m_udp->close();
    if (m_tcp)
        m_tcp->abort();
    deleteLater();
}

void DnsLookupJob::emitEvent(DnsEvent::Kind kind, DnsTransport transport, const QString &text, const QByteArray &wire)
{
    DnsEvent e;
    e.kind = kind;
    e.transport = transport;
    e.peer = m_resolver->server();
    e.peerPort = m_resolver->port();
    e.text = text;
    e.wire = wire;
    emit m_resolver->dnsEvent(e);
}

void DnsLookupJob::sendUdp()
{
    ++m_attempt;
    const QByteArray wire = m_query.wire();
    emitEvent(DnsEvent::Kind::Query, DnsTransport::Udp, m_query.message().describe(), wire);
    m_udp->writeDatagram(wire, m_resolver->server(), m_resolver->port());
    m_timer->start(m_resolver->options().timeoutMs);
}

void DnsLookupJob::readUdp()
{
    while (!m_done && m_udp && m_udp->hasPendingDatagrams()) {
        const QNetworkDatagram d = m_udp->receiveDatagram();
        if (d.senderPort() != m_resolver->port() || !d.senderAddress().isEqual(m_resolver->server(), QHostAddress::TolerantConversion)) {
            emitEvent(DnsEvent::Kind::Ignored, DnsTransport::Udp,
                      QStringLiteral("packet from %1:%2, not from the server").arg(d.senderAddress().toString()).arg(d.senderPort()),
                      d.data());
            continue;
        }
        const DnsQuery::Match m = m_query.match(d.data());
        if (!m.accepted) {
            emitEvent(DnsEvent::Kind::Ignored, DnsTransport::Udp, m.reason, d.data());
            continue;
        }
        emitEvent(DnsEvent::Kind::Answer, DnsTransport::Udp, m.answer->describe(), d.data());
        if (m.answer->header.tc) {
            startTcp();
            return;
        }
        finish(m_query.classify(*m.answer));
        return;
    }
}

void DnsLookupJob::udpTimedOut()
{
    if (m_done || m_tcp)
        return;
    const int attempts = std::max(1, m_resolver->options().attempts);
    emitEvent(DnsEvent::Kind::Timeout, DnsTransport::Udp,
              QStringLiteral("no answer to id 0x%1 within %2 ms (attempt %3 of %4)")
                  .arg(m_query.id(), 4, 16, QLatin1Char('0'))
                  .arg(m_resolver->options().timeoutMs)
                  .arg(m_attempt)
                  .arg(attempts),
              {});
    if (m_attempt < attempts) {
        sendUdp();
        return;
    }
    finish(m_query.failure(QStringLiteral("no answer after %1 attempts").arg(m_attempt)));
}

void DnsLookupJob::startTcp()
{
    if (m_udp)
        m_udp->close();
    m_timer->stop();
    m_timer->disconnect();
    connect(m_timer, &QTimer::timeout, this, [this] {
        emitEvent(DnsEvent::Kind::Timeout, DnsTransport::Tcp,
                  QStringLiteral("no TCP answer within %1 ms").arg(m_resolver->options().timeoutMs), {});
        tcpFailed(QStringLiteral("no answer over TCP"));
    });
    m_tcp = new QTcpSocket(this);
    m_tcp->setProxy(QNetworkProxy::NoProxy);
    connect(m_tcp, &QTcpSocket::connected, this, [this] {
        const QByteArray wire = m_query.wire();
        emitEvent(DnsEvent::Kind::Query, DnsTransport::Tcp, m_query.message().describe(), wire);
        QByteArray framed;
        framed.append(char(wire.size() >> 8)).append(char(wire.size() & 0xff)).append(wire);
        m_tcp->write(framed);
    });
    connect(m_tcp, &QTcpSocket::readyRead, this, &DnsLookupJob::readTcp);
    connect(m_tcp, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        tcpFailed(QStringLiteral("TCP: ") + m_tcp->errorString());
    });
    m_timer->start(m_resolver->options().timeoutMs);
    m_tcp->connectToHost(m_resolver->server(), m_resolver->port());
}

void DnsLookupJob::readTcp()
{
    m_tcpBuffer.append(m_tcp->readAll());
    while (!m_done && m_tcpBuffer.size() >= 2) {
        const int length = (uchar(m_tcpBuffer[0]) << 8) | uchar(m_tcpBuffer[1]);
        if (m_tcpBuffer.size() < 2 + length)
            return;
        const QByteArray packet = m_tcpBuffer.mid(2, length);
        m_tcpBuffer.remove(0, 2 + length);
        const DnsQuery::Match m = m_query.match(packet);
        if (!m.accepted) {
            emitEvent(DnsEvent::Kind::Ignored, DnsTransport::Tcp, m.reason, packet);
            continue;
        }
        emitEvent(DnsEvent::Kind::Answer, DnsTransport::Tcp, m.answer->describe(), packet);
        finish(m_query.classify(*m.answer));
    }
}

void DnsLookupJob::tcpFailed(const QString &why)
{
    if (!m_done)
        finish(m_query.failure(why));
}

void DnsLookupJob::finish(const DnsLookupResult &result)
{
    if (m_done)
        return;
    m_done = true;
    m_timer->stop();
    if (m_udp)
        m_udp->close();
    if (m_tcp) {
        m_tcp->disconnect(this);
        m_tcp->abort();
    }
    emit finished(result);
    deleteLater();
}

DnsResolver::DnsResolver(const QHostAddress &server, quint16 port, QObject *parent)
    : DnsResolver(server, port, Options{}, parent)
{
}

DnsResolver::DnsResolver(const QHostAddress &server, quint16 port, Options options, QObject *parent)
    : QObject(parent), m_server(server), m_port(port), m_options(options)
{
}

void DnsResolver::setServer(const QHostAddress &server, quint16 port)
{
    m_server = server;
    m_port = port;
}

quint16 DnsResolver::nextId()
{
    if (m_ids)
        return m_ids();
    return quint16(QRandomGenerator::system()->bounded(0x10000));
}

DnsLookupJob *DnsResolver::lookup(const QByteArray &name, quint16 type)
{
    auto *job = new DnsLookupJob(this, name, type);
    job->start();
    return job;
}

void DnsResolver::lookup(const QByteArray &name, quint16 type, QObject *context,
                         std::function<void(const DnsLookupResult &)> done)
{
    DnsLookupJob *job = lookup(name, type);
    connect(job, &DnsLookupJob::finished, context, [done = std::move(done)](const DnsLookupResult &r) { done(r); });
}

} // namespace mf
