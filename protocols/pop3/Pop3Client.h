#pragma once

#include "Pop3ClientSession.h"
#include "core/SessionEvent.h"

#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

namespace mf {

class SessionConnection;

// Runs one Pop3ClientSession over a socket: connect (POP3S handshakes first, STLS upgrades later, both
// verified against the CA certificates in `tls`), retrieve, and report the result once.
class Pop3Client : public QObject
{
    Q_OBJECT
public:
    explicit Pop3Client(QObject *parent = nullptr);
    ~Pop3Client() override;

    // `verifyName` is the name the server certificate must carry (defaults to `host`).
    void fetch(const QString &host, quint16 port, const Pop3ClientOptions &options, const QSslConfiguration &tls,
               const QString &verifyName = {});
    bool isRunning() const { return !m_connection.isNull(); }

signals:
    void sessionEvent(const mf::SessionEvent &event);
    void finished(const mf::Pop3FetchResult &result);

private:
    QPointer<SessionConnection> m_connection;
};

} // namespace mf
