// When a message moves, recorded from what the servers say on the wire (DESIGN.md: the lesson is one
// story). The protocol sessions tell the world with notices ("message committed as 7", "RETR uid 3",
// "FETCH body uid 3", "EXPUNGE uid 3"); the hop is recorded next to the line that makes it true.

#include "World.h"

#include "NodeIds.h"

namespace mf {

namespace {

// "smtp/mx.b.example#2" -> "mx.b.example"
QString hostOfConnection(const QString &conn)
{
    return conn.section(QLatin1Char('/'), 1).section(QLatin1Char('#'), 0, 0);
}

bool isAccessProtocol(const QString &proto)
{
    return proto.startsWith(QLatin1String("pop3")) || proto.startsWith(QLatin1String("imap"));
}

} // namespace

QString World::accessNode(const QString &domain) const
{
    return domain.compare(m_scenario.sendingDomain(), Qt::CaseInsensitive) == 0 ? node::accessServer(domain)
                                                                                : node::spool(domain);
}

void World::expectArrival(const QString &flow, const QString &from, EventReason why, EventFields params)
{
    m_arrivals.insert(flow, Arrival{from, why, std::move(params)});
}

void World::onServerNotice(const QString &conn, const QString &proto, const QByteArray &text)
{
    static const QByteArray committed("message committed as ");
    if (text.startsWith(committed)) {
        const QString host = hostOfConnection(conn);
        for (const auto &d : m_domains) {
            if (d->mxServer(host)) {
                m_commitNotices.insert(conn, d->spec.name + QLatin1Char('#') + QString::fromUtf8(text.mid(committed.size())));
                break;
            }
        }
        return;
    }
    if (!isAccessProtocol(proto))
        return;
    static const QByteArray loggedIn("logged in as ");
    static const QByteArray locked("maildrop of ");
    AccessSession &session = m_accessSessions[conn];
    if (session.domain.isEmpty())
        session.domain = hostOfConnection(conn);
    if (text.startsWith(loggedIn)) {
        session.account = QString::fromUtf8(text.mid(loggedIn.size())).toLower();
    } else if (text.startsWith(locked) && text.endsWith(" locked")) {
        session.account = QString::fromUtf8(text.mid(locked.size(), text.size() - locked.size() - 7)).toLower();
    } else if (text.startsWith("RETR uid ") || text.startsWith("FETCH body uid ")) {
        const QString uid = QString::fromUtf8(text.mid(text.lastIndexOf(' ') + 1));
        const QString flow = m_mailboxFlows.value(session.account + QLatin1Char('|') + uid);
        // Only the timeline's own fetches are part of the story; a real client (serve) reads silently.
        if (flow.isEmpty() || !m_fetching.contains(session.account))
            return;
        deliveredToUserAgent(conn); // a pipelined second RETR: the first message is complete
        const Fetching &f = m_fetching.value(session.account);
        hop(flow, node::mailboxes(session.domain), accessNode(session.domain), EventReason::AccessServerReads,
            {{QStringLiteral("protocol"), f.protocol}});
        session.carrying = flow;
    } else if (text.startsWith("STORE uid ") && text.endsWith(" \\Seen")) {
        const QString uid = QString::fromUtf8(text.mid(10, text.size() - 10 - 6));
        const QString flow = m_mailboxFlows.value(session.account + QLatin1Char('|') + uid);
        if (!flow.isEmpty())
            note(EventReason::SeenStored, {{QStringLiteral("message"), flow},
                                           {QStringLiteral("node"), node::mailboxes(session.domain)},
                                           {QStringLiteral("account"), session.account},
                                           {QStringLiteral("uid"), uid.toLongLong()}});
    } else if (text.startsWith("EXPUNGE uid ")) {
        const QString uid = QString::fromUtf8(text.mid(12));
        record(EventKind::Expunged, {{QStringLiteral("node"), node::mailboxes(session.domain)},
                                     {QStringLiteral("mailbox"), session.account},
                                     {QStringLiteral("uid"), uid.toLongLong()},
                                     {QStringLiteral("message"), m_mailboxFlows.value(session.account + QLatin1Char('|') + uid)}});
    }
}

void World::deliveredToUserAgent(const QString &conn)
{
    auto it = m_accessSessions.find(conn);
    if (it == m_accessSessions.end() || it->carrying.isEmpty())
        return;
    const QString flow = std::exchange(it->carrying, QString());
    const Fetching f = m_fetching.value(it->account);
    const bool imap = f.protocol.startsWith(QLatin1String("imap"));
    hop(flow, accessNode(it->domain), node::ua(it->domain), imap ? EventReason::ImapRead : EventReason::Pop3Download,
        {{QStringLiteral("user"), it->account}, {QStringLiteral("protocol"), f.protocol}, {QStringLiteral("device"), f.device}});
}

void World::beforeServerLine(const QString &conn, const SessionEvent &event)
{
    // The user agent's next command shows it has the whole message: it reached the UA.
    if (event.dir == Direction::Client)
        deliveredToUserAgent(conn);
}

void World::afterServerLine(const QString &conn, const SessionEvent &event)
{
    if (event.dir != Direction::Server)
        return;
    if (const QString key = m_commitNotices.take(conn); !key.isEmpty())
        acknowledgeCommit(key, hostOfConnection(conn));
    // A retrieval session that says goodbye is over (external clients in serve open many).
    if (event.text.startsWith("+OK MailFlow POP3 server signing off") || event.text.startsWith("* BYE"))
        m_accessSessions.remove(conn);
}

void World::acknowledgeCommit(const QString &key, const QString &host)
{
    const QString flow = m_committedFlows.take(key);
    if (flow.isEmpty())
        return;
    // External clients (serve) register no arrival: their mail simply appears in the queue.
    if (auto it = m_arrivals.find(flow); it != m_arrivals.end()) {
        const Arrival a = *it;
        m_arrivals.erase(it);
        hop(flow, a.from, node::mtaServer(host.isEmpty() ? a.params.value(QStringLiteral("host")).toString() : host), a.why, a.params);
    }
    if (DomainHost *d = domain(key.section(QLatin1Char('#'), 0, 0)))
        scheduleMtaQueue(*d, m_scheduler.now());
}

} // namespace mf
