#include "WireTap.h"

#include "WireCapture.h"

#include <QNetworkProxy>

#include <utility>

namespace mf {

WireTap::WireTap(QTcpSocket *outside, const QHostAddress &target, quint16 port, QObject *parent)
    : QObject(parent), m_outside(outside), m_inside(new QTcpSocket(this))
{
    m_inside->setProxy(QNetworkProxy::NoProxy);
    m_outside->setParent(this);
    m_outside->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_outside, &QTcpSocket::readyRead, this, [this] { relay(m_outside, m_inside, Direction::Client); });
    connect(m_outside, &QTcpSocket::disconnected, this, [this] {
        relay(m_outside, m_inside, Direction::Client);
        recordClose(Direction::Client);
        if (m_inside && m_inside->state() != QAbstractSocket::UnconnectedState)
            m_inside->disconnectFromHost(); // flushes what is still to be written first
        checkFinished();
    });
    connect(m_inside, &QTcpSocket::connected, this, [this] {
        m_insideConnected = true;
        m_inside->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (!m_pendingToInside.isEmpty())
            m_inside->write(std::exchange(m_pendingToInside, {}));
        emit innerPortKnown(m_inside->localPort());
        if (m_outside && m_outside->state() != QAbstractSocket::ConnectedState)
            m_inside->disconnectFromHost();
    });
    connect(m_inside, &QTcpSocket::readyRead, this, [this] { relay(m_inside, m_outside, Direction::Server); });
    connect(m_inside, &QTcpSocket::disconnected, this, [this] {
        relay(m_inside, m_outside, Direction::Server); // what is still buffered
        recordClose(Direction::Server); // the tap closes the client's connection on the server's behalf
        if (m_outside && m_outside->state() != QAbstractSocket::UnconnectedState)
            m_outside->disconnectFromHost();
        checkFinished();
    });
    connect(m_inside, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (!m_insideConnected) // the server is not reachable: the client sees the connection drop
            closeBoth();
    });
    connect(m_outside, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) { checkFinished(); });

    // Same address family: present the client's own address to the server.
    const QHostAddress client = m_outside->peerAddress();
    if (client.protocol() == target.protocol())
        m_inside->bind(client, 0);
    m_inside->connectToHost(target, port);
}

WireTap::~WireTap() = default;

quint16 WireTap::innerPort() const
{
    return m_inside ? m_inside->localPort() : 0;
}

void WireTap::recordInto(std::shared_ptr<WireCapture> capture, const QString &service)
{
    if (!capture || !m_outside)
        return;
    m_capture = std::move(capture);
    // The connection a network observer sees: the client's to the public port (not the tap's own to the
    // server's private port).
    m_stream = m_capture->openStream({m_outside->peerAddress(), m_outside->peerPort()},
                                     {m_outside->localAddress(), m_outside->localPort()}, service);
}

void WireTap::recordClose(Direction dir)
{
    const int who = dir == Direction::Client ? 0 : 1;
    if (m_capture && !std::exchange(m_closeRecorded[who], true))
        m_capture->streamClosed(m_stream, dir);
}

void WireTap::setSink(Sink sink)
{
    m_sink = std::move(sink);
    for (const auto &[dir, bytes] : std::exchange(m_backlog, {}))
        m_sink(dir, bytes);
}

void WireTap::relay(QTcpSocket *from, QTcpSocket *to, Direction dir)
{
    if (!from)
        return;
    const QByteArray bytes = from->readAll();
    if (bytes.isEmpty())
        return;
    report(dir, bytes);
    if (!to)
        return;
    if (to == m_inside && !m_insideConnected)
        m_pendingToInside += bytes;
    else
        to->write(bytes);
}

void WireTap::report(Direction dir, const QByteArray &bytes)
{
    if (m_capture)
        m_capture->streamData(m_stream, dir, bytes);
    if (m_sink)
        m_sink(dir, bytes);
    else
        m_backlog.append({dir, bytes});
}

void WireTap::closeBoth()
{
    if (m_outside)
        m_outside->abort();
    if (m_inside)
        m_inside->abort();
    checkFinished();
}

void WireTap::checkFinished()
{
    const auto closed = [](const QTcpSocket *s) { return !s || s->state() == QAbstractSocket::UnconnectedState; };
    if (m_finished || !closed(m_outside) || !closed(m_inside))
        return;
    m_finished = true;
    recordClose(Direction::Client); // aborted: both ends are gone
    recordClose(Direction::Server);
    emit finished();
    deleteLater();
}

} // namespace mf
