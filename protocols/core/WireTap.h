#pragma once

#include "SessionEvent.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <functional>
#include <memory>

namespace mf {

class WireCapture;

// A loopback TCP relay that stands between a client and a server port and reports every chunk of bytes
// it passes on, as a network observer would capture them: the plaintext dialogue before STARTTLS, only
// TLS records after it (and from the first byte on implicit-TLS ports). It never decrypts; what it
// reports is exactly what crossed the socket.
//
// The relay's connection to the server is bound to the client's own address, so the server still sees
// the real client address (Received: headers and relay rules are unchanged); only the port differs.
class WireTap : public QObject
{
    Q_OBJECT
public:
    using Sink = std::function<void(Direction dir, const QByteArray &bytes)>;

    // Takes ownership of `outside` (an accepted, connected socket) and connects to `target`:`port`.
    WireTap(QTcpSocket *outside, const QHostAddress &target, quint16 port, QObject *parent = nullptr);
    ~WireTap() override;

    // The local port of the relay's connection to the server: the peer port the server sees. Known at once
    // when the tap could bind to the client's address, else 0 until innerPortKnown().
    quint16 innerPort() const;
    // Where chunks go. Chunks relayed before a sink is set are kept and handed over first, in order.
    void setSink(Sink sink);
    bool isFinished() const { return m_finished; }
    // From now on the connection is also recorded in `capture` (for a packet capture) as one TCP stream
    // between the client and the port it connected to; `service` names that port's protocol.
    void recordInto(std::shared_ptr<WireCapture> capture, const QString &service);

signals:
    // The relay's connection to the server is up (innerPort() is known from then on at the latest).
    void innerPortKnown(quint16 port);
    // Both sides are closed; the tap deletes itself afterwards.
    void finished();

private:
    void relay(QTcpSocket *from, QTcpSocket *to, Direction dir);
    void report(Direction dir, const QByteArray &bytes);
    void closeBoth();
    void checkFinished();
    void recordClose(Direction dir);

    QPointer<QTcpSocket> m_outside;
    QPointer<QTcpSocket> m_inside;
    QByteArray m_pendingToInside; // client bytes that arrived before the inner connection was up
    QList<QPair<Direction, QByteArray>> m_backlog;
    Sink m_sink;
    bool m_insideConnected = false;
    bool m_finished = false;
    std::shared_ptr<WireCapture> m_capture;
    int m_stream = -1;
    bool m_closeRecorded[2] = {false, false};
};

} // namespace mf
