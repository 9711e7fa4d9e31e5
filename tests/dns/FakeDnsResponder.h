#pragma once

// A scripted UDP responder for resolver tests: it answers each query with whatever packets the test's
// function returns (wrong IDs, wrong questions, CNAME-only answers, silence...).
#include "dns/DnsMessage.h"

#include <QNetworkDatagram>
#include <QObject>
#include <QUdpSocket>
#include <functional>

namespace mf::test {

class FakeDnsResponder : public QObject
{
public:
    using Script = std::function<QList<QByteArray>(const DnsMessage &query)>;

    explicit FakeDnsResponder(Script script) : m_script(std::move(script))
    {
        m_socket.bind(QHostAddress("127.0.0.1"), 0);
        connect(&m_socket, &QUdpSocket::readyRead, this, [this] {
            while (m_socket.hasPendingDatagrams()) {
                const QNetworkDatagram d = m_socket.receiveDatagram();
                const DnsParseResult q = DnsMessage::parse(d.data());
                if (!q.message)
                    continue;
                ++queries;
                for (const QByteArray &packet : m_script(*q.message))
                    m_socket.writeDatagram(packet, d.senderAddress(), quint16(d.senderPort()));
            }
        });
    }

    quint16 port() const { return m_socket.localPort(); }
    int queries = 0;

    // The start of an answer to `query`: same ID and question, QR and AA set.
    static DnsMessage answerTo(const DnsMessage &query)
    {
        DnsMessage a;
        a.header.id = query.header.id;
        a.header.qr = true;
        a.header.aa = true;
        a.questions = query.questions;
        return a;
    }

private:
    Script m_script;
    QUdpSocket m_socket;
};

} // namespace mf::test
