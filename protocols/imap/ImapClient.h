#pragma once

#include "ImapClientSession.h"
#include "core/SessionEvent.h"

#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

namespace mf {

class SessionConnection;

// Runs one ImapClientSession over a socket: connect (IMAPS handshakes first, STARTTLS upgrades later, both
// verified against the CA certificates in `tls`), do the job in the options, and report the result once.
class ImapClient : public QObject
{
    Q_OBJECT
public:
    explicit ImapClient(QObject *parent = nullptr);
    ~ImapClient() override;

    // `verifyName` is the name the server certificate must carry (defaults to `host`).
    void run(const QString &host, quint16 port, const ImapClientOptions &options, const QSslConfiguration &tls,
             const QString &verifyName = {});
    bool isRunning() const { return !m_connection.isNull(); }
    bool isIdling() const;
    // Ends IDLE: the session sends DONE, then LOGOUT, then finished() is emitted.
    void stopIdle();

signals:
    void sessionEvent(const mf::SessionEvent &event);
    // The session entered IDLE (the server accepted it).
    void idling();
    // While idling: one untagged response pushed by the server ("4 EXISTS", "2 EXPUNGE", ...).
    void idleUpdate(const QByteArray &response);
    void finished(const mf::ImapClientResult &result);

private:
    QPointer<SessionConnection> m_connection;
};

} // namespace mf
