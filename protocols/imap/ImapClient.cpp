#include "ImapClient.h"

#include "core/SessionConnection.h"

namespace mf {

ImapClient::ImapClient(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<mf::ImapClientResult>();
    qRegisterMetaType<mf::SessionEvent>();
}

ImapClient::~ImapClient() = default;

bool ImapClient::isIdling() const
{
    return m_connection
        && static_cast<ImapClientSession *>(m_connection->session())->state() == ImapClientSession::State::Idling;
}

void ImapClient::stopIdle()
{
    if (!m_connection)
        return;
    static_cast<ImapClientSession *>(m_connection->session())->stopIdle();
    m_connection->pump();
}

void ImapClient::run(const QString &host, quint16 port, const ImapClientOptions &options, const QSslConfiguration &tls,
                     const QString &verifyName)
{
    auto session = std::make_unique<ImapClientSession>(options);
    auto *connection = new SessionConnection(std::move(session), new QSslSocket, this);
    m_connection = connection;
    auto tlsFailure = std::make_shared<QByteArray>();
    connect(connection, &SessionConnection::event, this, [this, tlsFailure](const SessionEvent &e) {
        if (e.kind == SessionEvent::Kind::TlsFailed && tlsFailure->isEmpty())
            *tlsFailure = e.text;
        emit sessionEvent(e);
        if (e.kind == SessionEvent::Kind::Notice && e.text.startsWith("IDLE update: "))
            emit idleUpdate(e.text.mid(13));
        else if (e.kind == SessionEvent::Kind::Notice && e.text.startsWith("idling"))
            emit idling();
    });
    connect(connection, &SessionConnection::finished, this, [this, connection, tlsFailure] {
        auto *session = static_cast<ImapClientSession *>(connection->session());
        ImapClientResult result = session->result();
        if (!session->finished())
            result.ok = false;
        if (!result.ok && !tlsFailure->isEmpty())
            result.error = "TLS failed: " + *tlsFailure;
        else if (!result.ok && result.error.isEmpty())
            result.error = "the connection ended before LOGOUT";
        connection->deleteLater();
        emit finished(result);
    });
    connection->connectToHost(host, port, tls, options.security == ImapClientOptions::Security::ImplicitTls,
                              verifyName);
}

} // namespace mf
