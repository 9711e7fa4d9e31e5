#pragma once

#include <QHash>
#include <QHostAddress>

namespace mf {

// How many connections one server takes at a time (all its ports together: POP3 and POP3S, IMAP and
// IMAPS), and what it does when accepting fails. A connection past a limit is answered with the
// protocol's own refusal and closed (ProtocolSession::refuse): SMTP `421 4.7.0` (RFC 5321 §3.8, §4.2.2),
// IMAP `* BYE` (RFC 3501 §7.1.5), POP3 `-ERR [SYS/TEMP]` (RFC 3206 §4). The defaults are Postfix's:
// default_process_limit 100 (smtpd processes per service) and smtpd_client_connection_count_limit 50.
struct ConnectionLimits {
    // Connections open at once, from everyone; 0 means no limit.
    int maxConnections = 100;
    // Connections open at once from one client address; 0 means no limit. On loopback every outside
    // client shares 127.0.0.1, so this stays generous.
    int maxConnectionsPerAddress = 50;
    // When accept() fails for want of resources (EMFILE, ENFILE, ENOBUFS), Qt pauses the port. It resumes
    // after this delay, or as soon as one of the server's connections closes, so a port never stays shut.
    int acceptRetryMs = 1000;
};

// Counts the open connections of one server against its ConnectionLimits. Shared by the server's
// listening ports; lives in the server's thread.
class ConnectionLimiter
{
public:
    enum class Verdict { Admitted, TooManyConnections, TooManyFromAddress };

    explicit ConnectionLimiter(ConnectionLimits limits = {}) : m_limits(limits) {}

    // Counts the connection when it is admitted; a refused one is not counted (it closes at once).
    Verdict admit(const QHostAddress &peer)
    {
        if (m_limits.maxConnections > 0 && m_total >= m_limits.maxConnections)
            return Verdict::TooManyConnections;
        int &fromPeer = m_byAddress[key(peer)];
        if (m_limits.maxConnectionsPerAddress > 0 && fromPeer >= m_limits.maxConnectionsPerAddress) {
            if (fromPeer == 0)
                m_byAddress.remove(key(peer));
            return Verdict::TooManyFromAddress;
        }
        ++fromPeer;
        ++m_total;
        return Verdict::Admitted;
    }
    // An admitted connection closed.
    void release(const QHostAddress &peer)
    {
        const QString k = key(peer);
        auto it = m_byAddress.find(k);
        if (it != m_byAddress.end() && --*it <= 0)
            m_byAddress.erase(it);
        if (m_total > 0)
            --m_total;
    }
    int total() const { return m_total; }
    int from(const QHostAddress &peer) const { return m_byAddress.value(key(peer)); }
    const ConnectionLimits &limits() const { return m_limits; }
    void setLimits(const ConnectionLimits &limits) { m_limits = limits; }

private:
    // An IPv4 client reaching a dual-stack socket appears as ::ffff:a.b.c.d; count it as a.b.c.d.
    static QString key(const QHostAddress &peer)
    {
        bool v4 = false;
        const quint32 a = peer.toIPv4Address(&v4);
        return v4 ? QHostAddress(a).toString() : peer.toString();
    }

    ConnectionLimits m_limits;
    QHash<QString, int> m_byAddress;
    int m_total = 0;
};

} // namespace mf
