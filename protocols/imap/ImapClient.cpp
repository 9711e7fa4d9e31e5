#include "ImapClient.h"

#include "core/ClientOutcome.h"

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
    connect(connection, &SessionConnection::event, this, [this](const SessionEvent &e) {
        emit sessionEvent(e);
        if (e.kind == SessionEvent::Kind::Notice && e.text.startsWith("IDLE update: "))
            emit idleUpdate(e.text.mid(13));
        else if (e.kind == SessionEvent::Kind::Notice && e.text.startsWith("idling"))
            emit idling();
    });
    connect(connection, &SessionConnection::finished, this, [this, connection] {
        auto *session = static_cast<ImapClientSession *>(connection->session());
        ImapClientResult result = session->result();
        settleClientOutcome(result, session->finished(), *connection, "LOGOUT");
        connection->deleteLater();
        emit finished(result);
    });
    connection->connectToHost(host, port, tls, options.security == ImapClientOptions::Security::ImplicitTls,
                              verifyName);
}

} // namespace mf
