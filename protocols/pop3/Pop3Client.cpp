#include "Pop3Client.h"

#include "core/SessionConnection.h"

namespace mf {

Pop3Client::Pop3Client(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<mf::Pop3FetchResult>();
    qRegisterMetaType<mf::SessionEvent>();
}

Pop3Client::~Pop3Client() = default;

void Pop3Client::fetch(const QString &host, quint16 port, const Pop3ClientOptions &options,
                       const QSslConfiguration &tls, const QString &verifyName)
{
    auto session = std::make_unique<Pop3ClientSession>(options);
    auto *connection = new SessionConnection(std::move(session), new QSslSocket, this);
    m_connection = connection;
    auto tlsFailure = std::make_shared<QByteArray>();
    connect(connection, &SessionConnection::event, this, [this, tlsFailure](const SessionEvent &e) {
        if (e.kind == SessionEvent::Kind::TlsFailed && tlsFailure->isEmpty())
            *tlsFailure = e.text;
        emit sessionEvent(e);
    });
    connect(connection, &SessionConnection::finished, this, [this, connection, tlsFailure] {
        auto *session = static_cast<Pop3ClientSession *>(connection->session());
        Pop3FetchResult result = session->result();
        if (!session->finished())
            result.ok = false;
        if (!result.ok && !tlsFailure->isEmpty())
            result.error = "TLS failed: " + *tlsFailure;
        else if (!result.ok && result.error.isEmpty())
            result.error = "the connection ended before QUIT";
        connection->deleteLater();
        emit finished(result);
    });
    connection->connectToHost(host, port, tls, options.security == Pop3ClientOptions::Security::ImplicitTls,
                              verifyName);
}

} // namespace mf
