#pragma once

#include <atomic>
#include <memory>
#include <QDateTime>
#include <functional>
#include "core/CredentialChecker.h"
#include "core/SessionEvent.h"
#include "core/SessionListener.h"
#include "core/WireCapture.h"
#include "SmtpMessage.h"
#include "SmtpRecipientPolicy.h"
#include "SmtpServerConfig.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QString>

namespace mf::smtp {

// A session event and the connection it came from.
struct ConnectionEvent {
    quint64 connectionId = 0;
    SessionEvent event;
};

// One listening SMTP endpoint (MX, submission or SMTPS): a SessionListener whose sessions are
// SmtpServerSessions sharing one sink, recipient policy and credential checker. Every connection's
// transcript is re-emitted with a connection id and the endpoint's protocol name.
class SmtpServer : public QObject
{
    Q_OBJECT
public:
    // `protocolName` labels transcripts: "smtp", "submission" or "smtps". The collaborators must outlive
    // the server; `credentials` may be null when AUTH is not offered.
    SmtpServer(QString protocolName, SmtpServerConfig config, const QSslConfiguration &tls, SmtpMessageSink &sink,
               const SmtpRecipientPolicy &policy, const CredentialChecker *credentials, QObject *parent = nullptr);

    bool listen(const QHostAddress &address, quint16 port);
    void close();
    QHostAddress address() const { return m_listener->address(); }
    quint16 port() const { return m_listener->port(); }
    QString errorString() const { return m_listener->errorString(); }
    QString protocolName() const { return m_protocol; }
    const SmtpServerConfig &config() const { return m_config; }
    int connectionCount() const { return m_listener->connectionCount(); }
    // Step-by-command: new connections hand their sessions one line at a time while `gate` is open.
    void setGate(IoGate *gate) { m_listener->setGate(gate); }
    // The time written into Received: fields (a simulated world gives its own clock); the system's by
    // default. Called from the thread the server runs in.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    // Connection numbers from a counter shared by one world's servers (so a new world starts again at
    // #1); unique in the process by default.
    void setConnectionCounter(std::shared_ptr<std::atomic<quint64>> counter) { m_connectionCounter = std::move(counter); }
    // Before listen(): clients pass through a WireTap and sessionEvent() also carries Kind::Wire events.
    void setWireTap(bool on) { m_listener->setWireTap(on); }
    // Before listen(): every connection is recorded in `capture` for a packet capture.
    void setCapture(std::shared_ptr<WireCapture> capture) { m_listener->setCapture(std::move(capture), m_protocol); }

signals:
    // A client connected: its address and port as this server's socket sees them (behind a wire tap the
    // address is the client's, the port the tap's), and the address and port it connected to.
    void connectionOpened(quint64 connectionId, const QString &protocol, const QHostAddress &peer, quint16 peerPort,
                          const QHostAddress &server, quint16 serverPort);
    void sessionEvent(quint64 connectionId, const QString &protocol, const mf::SessionEvent &event);
    // The same events gathered: everything the sessions reported while the server's thread was busy,
    // in order, emitted once it is done. For a listener in another thread, one queued call per batch
    // (a message's whole content, say) instead of one per line.
    void sessionEvents(const QString &protocol, const QList<mf::smtp::ConnectionEvent> &events);
    void connectionClosed(quint64 connectionId, const QString &protocol);
    // A connection past config().connectionLimits got 421 4.7.0; accept() failed and the port paused (it
    // resumes by itself).
    void connectionRefused(const QHostAddress &peer, const QString &reason);
    void acceptFailed(const QString &reason);

private:
    std::function<QDateTime()> m_clock = [] { return QDateTime::currentDateTime(); };
    std::shared_ptr<std::atomic<quint64>> m_connectionCounter;
    void onConnection(SessionConnection *connection);
    void gather(quint64 connectionId, const SessionEvent &event);
    void emitGathered();

    QString m_protocol;
    SmtpServerConfig m_config;
    SmtpMessageSink &m_sink;
    const SmtpRecipientPolicy &m_policy;
    const CredentialChecker *m_credentials;
    SessionListener *m_listener;
    quint64 m_nextId = 1;
    QList<ConnectionEvent> m_gathered;
    bool m_emitPosted = false;
};

} // namespace mf::smtp

Q_DECLARE_METATYPE(mf::smtp::ConnectionEvent)
