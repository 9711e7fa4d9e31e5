#pragma once

#include "IoGate.h"
#include "ProtocolSession.h"
#include "SessionEvent.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>
#include <memory>

namespace mf {

// The thin adapter between one sans-I/O ProtocolSession and one QSslSocket: the only place that reads and
// writes the network. It moves bytes both ways, performs the TLS handshakes the session asks for
// (STARTTLS/STLS, or implicit TLS from the first byte), runs the session's per-command timeout, and
// re-emits the session's events, plus TLS events of its own.
class SessionConnection : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of both. The socket may be unconnected (client) or already accepted (server).
    SessionConnection(std::unique_ptr<ProtocolSession> session, QSslSocket *socket, QObject *parent = nullptr);
    ~SessionConnection() override;

    // Server side: `socket` is accepted; with implicitTls the handshake was already started or done.
    // With `refuse` the server is full: the session sends its refusal instead of the greeting (after the
    // handshake on an implicit-TLS port, where the client expects TLS first) and the connection closes.
    void startServer(const QSslConfiguration &tls, bool implicitTls, bool refuse = false);
    bool isRefused() const { return m_refused; }
    // Client side: connect, and with implicitTls do the handshake before the session sees a byte.
    // The certificate is verified against `tls`'s CA certificates for `verifyName`.
    void connectToHost(const QString &host, quint16 port, const QSslConfiguration &tls, bool implicitTls,
                       const QString &verifyName = {});

    ProtocolSession *session() const { return m_session.get(); }
    QSslSocket *socket() const { return m_socket; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    QHostAddress localAddress() const { return m_localAddress; }
    quint16 localPort() const { return m_localPort; }
    bool isFinished() const { return m_finished; }
    // Why the first TLS handshake or certificate check failed, empty when none did. The session cannot
    // see this itself; a client reports it as the reason its conversation ended.
    QByteArray tlsFailure() const { return m_tlsFailure; }

    // Flushes what the session produced and dispatches its events. Call after completing an asynchronous
    // step on the session from outside (for example "message committed").
    void pump();
    // Closes now, without the protocol's goodbye.
    void abort();
    // From now on, received data reaches the session one CRLF line at a time, and only while `gate` is
    // open (stepping command by command). Null removes the gate.
    void setGate(IoGate *gate);
    // Re-emits bytes a WireTap saw crossing the network for this connection as a Kind::Wire event. The
    // bytes themselves flow regardless of the gate (a TLS handshake must not stall), but while the gate is
    // closed their reports wait, so nothing is recorded while the lecturer has paused the world.
    void reportWire(Direction dir, const QByteArray &bytes);

signals:
    void event(const mf::SessionEvent &event);
    // After the events of one step of the session (what it did with the bytes just read, say) were
    // emitted: a listener gathering them can hand them on now, in one piece.
    void stepReported();
    // Bytes as they cross the wire (after TLS, the ciphertext is not visible here: counts only).
    void bytesTransferred(mf::Direction dir, qint64 count);
    void finished();

private:
    void onReadyRead();
    void onEncrypted();
    void onDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void onSslErrors(const QList<QSslError> &errors);
    void onTimeout();
    void beginTls();
    void emitTlsEvent(SessionEvent::Kind kind, const QByteArray &text);
    void finish();
    void deliverHeld();
    void startSession();
    void restartTimer(int ms);

    std::unique_ptr<ProtocolSession> m_session;
    QPointer<QSslSocket> m_socket;
    QPointer<IoGate> m_gate;
    QByteArray m_held; // received, not yet given to the session (gated)
    QList<SessionEvent> m_heldWire; // wire and TLS reports waiting for the gate to open
    QSslConfiguration m_tls;
    QString m_verifyName;
    QTimer m_timer;
    // The session's timeout the timer was last started with (-1: the timer is timing something else, a
    // connection or a handshake), and the session's inputProgress() then.
    int m_timerMs = -1;
    quint64 m_timerProgress = 0;
    QHostAddress m_peerAddress;
    QHostAddress m_localAddress;
    quint16 m_peerPort = 0;
    quint16 m_localPort = 0;
    bool m_implicitTls = false;
    bool m_sessionStarted = false;
    bool m_pumpWhenOpen = false;  // the session produced output while the gate was closed
    bool m_startWhenOpen = false; // accepted while the gate was closed: start the session when it opens
    bool m_handshaking = false;
    bool m_closeAfterFlush = false;
    bool m_finished = false;
    bool m_refused = false;
    QByteArray m_tlsFailure;
    bool m_pumping = false;
};

} // namespace mf
