#include "Pop3Client.h"

#include "core/ClientOutcome.h"

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
    connect(connection, &SessionConnection::event, this, &Pop3Client::sessionEvent);
    connect(connection, &SessionConnection::finished, this, [this, connection] {
        auto *session = static_cast<Pop3ClientSession *>(connection->session());
        Pop3FetchResult result = session->result();
        settleClientOutcome(result, session->finished(), *connection, "QUIT");
        connection->deleteLater();
        emit finished(result);
    });
    connection->connectToHost(host, port, tls, options.security == Pop3ClientOptions::Security::ImplicitTls,
                              verifyName);
}

} // namespace mf
