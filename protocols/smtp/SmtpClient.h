#pragma once

#include "SmtpClientSession.h"
#include "SmtpClientTypes.h"
#include "core/SessionEvent.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QString>

namespace mf {

class SessionConnection;

// Sends messages to one SMTP server over a real connection: an SmtpClientSession behind a
// SessionConnection. The server's certificate is verified against `tlsConfiguration`'s CA certificates
// (mf::tls::clientConfiguration(localCa.caCertificate())); a verification failure fails the send.
class SmtpClient : public QObject
{
    Q_OBJECT
public:
    enum class TlsMode : quint8 {
        None,     // plaintext; STARTTLS is not used even if offered
        StartTls, // STARTTLS is required (RFC 3207); no message goes out in plaintext
        Implicit, // TLS from the first byte (RFC 8314 submissions port 465)
    };
    struct Target {
        QString host;
        quint16 port = 25;
        TlsMode tls = TlsMode::StartTls;
        QSslConfiguration tlsConfiguration;
        QString verifyName; // the name the certificate must carry; empty: `host`
        // The address the connection comes from (bound with port 0 before connecting); null: the system's
        // choice (127.0.0.1 on loopback). A relaying MTA uses its own host's address, so the receiving
        // server's Received: line names it.
        QHostAddress localAddress;
    };

    explicit SmtpClient(QObject *parent = nullptr);
    ~SmtpClient() override;

    // Connects and sends; emits finished() exactly once, also when the connection fails.
    void send(const Target &target, SmtpClientConfig config, QList<SmtpOutgoingMessage> messages);
    // Closes the connection at once; pending messages fail as connection failures.
    void abort();

    bool isRunning() const { return m_running; }
    const QList<SmtpSendResult> &results() const { return m_results; }

signals:
    void event(const mf::SessionEvent &event);
    void finished(const QList<mf::SmtpSendResult> &results);

private:
    void onConnectionFinished();

    QPointer<SessionConnection> m_connection;
    SmtpClientSession *m_session = nullptr; // owned by m_connection
    QList<SmtpSendResult> m_results;
    bool m_running = false;
};

} // namespace mf
