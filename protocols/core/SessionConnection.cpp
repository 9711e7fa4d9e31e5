#include "SessionConnection.h"

#include <QNetworkProxy>
#include <QSslCipher>
#include <utility>

namespace mf {

SessionConnection::SessionConnection(std::unique_ptr<ProtocolSession> session, QSslSocket *socket,
                                     QObject *parent)
    : QObject(parent), m_session(std::move(session)), m_socket(socket)
{
    m_socket->setParent(this);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SessionConnection::onTimeout);
    connect(m_socket, &QSslSocket::readyRead, this, &SessionConnection::onReadyRead);
    connect(m_socket, &QSslSocket::encrypted, this, &SessionConnection::onEncrypted);
    connect(m_socket, &QSslSocket::disconnected, this, &SessionConnection::onDisconnected);
    connect(m_socket, &QSslSocket::errorOccurred, this, &SessionConnection::onSocketError);
    connect(m_socket, &QSslSocket::sslErrors, this, &SessionConnection::onSslErrors);
    connect(m_socket, &QSslSocket::bytesWritten, this, [this](qint64 n) {
        emit bytesTransferred(m_session->role() == ProtocolSession::Role::Server ? Direction::Server
                                                                                  : Direction::Client, n);
    });
}

SessionConnection::~SessionConnection() = default;

void SessionConnection::startServer(const QSslConfiguration &tls, bool implicitTls, bool refuse)
{
    m_refused = refuse;
    m_tls = tls;
    m_implicitTls = implicitTls;
    m_peerAddress = m_socket->peerAddress();
    m_peerPort = m_socket->peerPort();
    m_localAddress = m_socket->localAddress();
    m_localPort = m_socket->localPort();
    if (implicitTls) {
        m_session->setImplicitTls();
        if (m_socket->isEncrypted()) {
            onEncrypted();
            return;
        }
        m_handshaking = true;
        if (m_socket->mode() == QSslSocket::UnencryptedMode) {
            m_socket->setSslConfiguration(m_tls);
            m_socket->startServerEncryption();
        }
        return;
    }
    if (m_gate && !m_gate->isOpen()) {
        // Paused: the greeting waits for the gate like every other line (deliverHeld starts it).
        m_startWhenOpen = true;
        return;
    }
    startSession();
    pump();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void SessionConnection::startSession()
{
    m_sessionStarted = true;
    if (m_refused)
        m_session->refuse();
    else
        m_session->start();
}

void SessionConnection::connectToHost(const QString &host, quint16 port, const QSslConfiguration &tls,
                                      bool implicitTls, const QString &verifyName)
{
    m_tls = tls;
    m_implicitTls = implicitTls;
    m_verifyName = verifyName.isEmpty() ? host : verifyName;
    // MailFlow's nodes talk over loopback: never ask the system's proxy configuration (libproxy) about
    // every connection.
    m_socket->setProxy(QNetworkProxy::NoProxy);
    connect(m_socket, &QSslSocket::connected, this, [this] {
        // Line-by-line protocols: Nagle's algorithm would hold a command back waiting for the delayed
        // ACK of the previous one (the server side sets this in SessionListener too).
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_peerAddress = m_socket->peerAddress();
        m_peerPort = m_socket->peerPort();
        m_localAddress = m_socket->localAddress();
        m_localPort = m_socket->localPort();
        if (!m_implicitTls) {
            m_sessionStarted = true;
            m_session->start();
            pump();
        }
    });
    if (implicitTls) {
        m_session->setImplicitTls();
        m_handshaking = true;
        m_socket->setSslConfiguration(m_tls);
        m_socket->setPeerVerifyName(m_verifyName);
        m_socket->connectToHostEncrypted(host, port, m_verifyName);
    } else {
        m_socket->connectToHost(host, port);
    }
    m_timer.start(30000); // connection establishment
    m_timerMs = -1;
}

void SessionConnection::pump()
{
    if (m_pumping || !m_socket)
        return;
    if (m_gate && !m_gate->isOpen() && m_sessionStarted) {
        // Paused: what the session has to say (a reply after an asynchronous commit, a greeting after an
        // implicit TLS handshake) waits for the gate like every received line, so nothing moves.
        m_pumpWhenOpen = true;
        return;
    }
    m_pumping = true;
    bool tlsRequested = false;
    bool closeRequested = false;
    const QByteArray out = m_session->takeOutgoing();
    if (!out.isEmpty())
        m_socket->write(out);
    for (const SessionEvent &e : m_session->takeEvents()) {
        if (e.kind == SessionEvent::Kind::StartTls)
            tlsRequested = true;
        else if (e.kind == SessionEvent::Kind::Close)
            closeRequested = true;
        emit event(e);
    }
    emit stepReported();
    m_pumping = false;
    if (m_finished)
        return;
    if (tlsRequested)
        beginTls();
    if (closeRequested) {
        m_timer.stop();
        m_closeAfterFlush = true;
        m_socket->disconnectFromHost(); // flushes pending output first
        return;
    }
    restartTimer(m_session->pendingTimeoutMs());
}

void SessionConnection::restartTimer(int ms)
{
    const quint64 progress = m_session->inputProgress();
    if (ms <= 0) {
        m_timer.stop();
    } else if (m_session->role() == ProtocolSession::Role::Client || !m_timer.isActive() || ms != m_timerMs
               || progress != m_timerProgress) {
        // A server's idle timer restarts only for a complete line (or literal), a new kind of wait, or
        // after it ran out: never for a partial line, so one byte every few seconds does not keep an idle
        // connection open (RFC 5321 §4.5.3.2.7 counts time waiting for a command, not for a byte).
        m_timer.start(ms);
    }
    m_timerMs = ms > 0 ? ms : -1;
    m_timerProgress = progress;
}

void SessionConnection::abort()
{
    if (m_socket)
        m_socket->abort();
    finish();
}

void SessionConnection::setGate(IoGate *gate)
{
    if (m_gate)
        disconnect(m_gate, nullptr, this, nullptr);
    m_gate = gate;
    if (m_gate)
        connect(m_gate, &IoGate::opened, this, &SessionConnection::deliverHeld);
}

void SessionConnection::reportWire(Direction dir, const QByteArray &bytes)
{
    m_heldWire.append(SessionEvent{SessionEvent::Kind::Wire, dir, bytes});
    if (!m_gate || m_gate->isOpen()) {
        for (const SessionEvent &e : std::exchange(m_heldWire, {}))
            emit event(e);
    }
}

void SessionConnection::deliverHeld()
{
    if (m_gate && m_gate->isOpen()) {
        for (const SessionEvent &e : std::exchange(m_heldWire, {}))
            emit event(e);
        if (std::exchange(m_pumpWhenOpen, false))
            pump();
        if (std::exchange(m_startWhenOpen, false) && m_socket && !m_finished) {
            startSession();
            pump();
            if (m_socket && m_socket->bytesAvailable() > 0)
                onReadyRead();
            return;
        }
    }
    qsizetype pos = 0;
    while (m_gate && m_gate->isOpen() && m_sessionStarted && !m_handshaking && !m_finished
           && !m_session->isClosing()) {
        const qsizetype crlf = m_held.indexOf("\r\n", pos);
        if (crlf < 0)
            break; // wait for the rest of the line
        m_session->feed(QByteArrayView(m_held).sliced(pos, crlf + 2 - pos));
        pos = crlf + 2;
        pump();
        if (m_handshaking)
            return; // beginTls() dropped what was held
    }
    m_held.remove(0, pos);
}

void SessionConnection::onReadyRead()
{
    if (!m_sessionStarted || m_handshaking)
        return; // handshake bytes are QSslSocket's business; the session starts after encrypted()
    if (m_gate) {
        const QByteArray chunk = m_socket->readAll();
        emit bytesTransferred(m_session->role() == ProtocolSession::Role::Server ? Direction::Client
                                                                                  : Direction::Server,
                              chunk.size());
        m_held += chunk;
        deliverHeld();
        return;
    }
    while (m_socket && m_socket->bytesAvailable() > 0 && !m_session->isClosing()) {
        const QByteArray chunk = m_socket->read(64 * 1024);
        emit bytesTransferred(m_session->role() == ProtocolSession::Role::Server ? Direction::Client
                                                                                  : Direction::Server,
                              chunk.size());
        m_session->feed(chunk);
        pump();
        if (m_handshaking)
            return; // anything after STARTTLS in the same read was discarded by the session
    }
}

void SessionConnection::beginTls()
{
    m_handshaking = true;
    m_held.clear(); // plaintext sent after STARTTLS is never carried into TLS (CVE-2011-0411)
    m_socket->setSslConfiguration(m_tls);
    if (m_session->role() == ProtocolSession::Role::Server) {
        m_socket->startServerEncryption();
    } else {
        m_socket->setPeerVerifyName(m_verifyName);
        m_socket->startClientEncryption();
    }
    m_timer.start(30000); // the handshake
    m_timerMs = -1;
}

void SessionConnection::onEncrypted()
{
    m_handshaking = false;
    const QSslCipher cipher = m_socket->sessionCipher();
    QByteArray text = cipher.protocolString().toLatin1() + ' ' + cipher.name().toLatin1();
    if (m_session->role() == ProtocolSession::Role::Client) {
        text += " certificate of " + m_verifyName.toUtf8() + " verified against the local CA ("
                + m_socket->peerCertificate().subjectDisplayName().toUtf8() + ')';
    }
    emitTlsEvent(SessionEvent::Kind::TlsEstablished, text);
    m_session->tlsEstablished();
    if (!m_sessionStarted)
        startSession();
    pump();
    if (m_socket && m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void SessionConnection::onDisconnected()
{
    if (!m_finished && !m_session->isClosing()) {
        m_session->connectionLost();
        pump();
    }
    finish();
}

void SessionConnection::onSocketError(QAbstractSocket::SocketError error)
{
    if (error == QAbstractSocket::RemoteHostClosedError && m_session->isClosing())
        return;
    if (m_handshaking) {
        emitTlsEvent(SessionEvent::Kind::TlsFailed, m_socket->errorString().toUtf8());
    } else if (error != QAbstractSocket::RemoteHostClosedError) {
        emitTlsEvent(SessionEvent::Kind::Error, m_socket->errorString().toUtf8());
    }
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        if (!m_session->isClosing()) {
            m_session->connectionLost();
            pump();
        }
        finish();
    }
}

void SessionConnection::onSslErrors(const QList<QSslError> &errors)
{
    // Never ignored: a certificate that does not chain to the local CA ends the connection.
    QByteArray text;
    for (const QSslError &e : errors)
        text += (text.isEmpty() ? "" : "; ") + e.errorString().toUtf8();
    emitTlsEvent(SessionEvent::Kind::TlsFailed, text);
}

void SessionConnection::onTimeout()
{
    if (m_finished)
        return;
    if (m_handshaking || !m_sessionStarted) {
        emitTlsEvent(SessionEvent::Kind::Error, "timed out waiting for the connection or TLS handshake");
        m_session->connectionLost();
        pump();
        abort();
        return;
    }
    m_session->timeout();
    pump();
}

void SessionConnection::emitTlsEvent(SessionEvent::Kind kind, const QByteArray &text)
{
    if (kind == SessionEvent::Kind::TlsFailed && m_tlsFailure.isEmpty())
        m_tlsFailure = text;
    const SessionEvent e{kind, m_session->role() == ProtocolSession::Role::Server ? Direction::Server : Direction::Client,
                         text};
    if (m_gate && !m_gate->isOpen()) {
        m_heldWire.append(e); // reported in order with the held wire bytes when the gate opens
        return;
    }
    emit event(e);
}

void SessionConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    emit finished();
}

} // namespace mf
