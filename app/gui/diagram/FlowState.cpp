#include "FlowState.h"

#include "events/StepUnits.h"

#include "DiagramTopology.h"
#include "world/NodeIds.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace mf::gui {

namespace {

bool isActiveQueueState(const QString &state)
{
    return state == QLatin1String("queued") || state == QLatin1String("active") || state == QLatin1String("deferred");
}

bool isSmtp(const QString &proto)
{
    return proto == QLatin1String("smtp") || proto == QLatin1String("submission") || proto == QLatin1String("smtps");
}

bool isImap(const QString &proto)
{
    return proto.startsWith(QLatin1String("imap"));
}

// "id 0x7f9f, flags none, question b.example. IN MX, edns ..." -> "b.example. IN MX"
QString dnsField(const QString &text, QLatin1String name)
{
    const qsizetype at = text.indexOf(name);
    if (at < 0)
        return {};
    const qsizetype start = at + name.size();
    qsizetype end = text.size();
    for (QLatin1String stop : {QLatin1String(", additional"), QLatin1String(", authority"), QLatin1String(", edns"),
                               QLatin1String(", answers")}) {
        const qsizetype s = text.indexOf(stop, start);
        if (s >= 0)
            end = qMin(end, s);
    }
    if (name == QLatin1String("question ")) {
        const qsizetype comma = text.indexOf(QLatin1Char(','), start);
        if (comma >= 0)
            end = qMin(end, comma);
    }
    return text.mid(start, end - start).trimmed();
}

// "b.example. 300 IN MX 10 mx.b.example." -> "b.example MX 10 mx.b.example"
QString compactRecords(QString records)
{
    static const QRegularExpression ttlClass(QStringLiteral("\\s\\d+\\sIN\\s"));
    static const QRegularExpression trailingDot(QStringLiteral("\\.(?=\\s|,|$)"));
    records.replace(ttlClass, QStringLiteral(" "));
    records.replace(trailingDot, QString());
    return records;
}

} // namespace

FlowState::FlowState(const DiagramTopology *topology) : m_topology(topology) {}

QString FlowState::linkKey(const QString &a, const QString &b)
{
    return a < b ? a + QLatin1Char('|') + b : b + QLatin1Char('|') + a;
}

QString FlowState::parentFlow(const QString &flow)
{
    const qsizetype dot = flow.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? QString() : flow.left(dot);
}

void FlowState::clear()
{
    m_lastEvent = -1;
    m_lastStep = -1;
    m_lastMtaArrival.clear();
    m_time = 0;
    m_envelopes.clear();
    m_nodes.clear();
    m_connections.clear();
    m_queueEntries.clear();
    m_locked.clear();
    m_travelled.clear();
    m_storedOnArrival.clear();
    m_downLinks.clear();
    m_refusal = Refusal();
    m_notSent = Refusal();
    m_deviceViews.clear();
    m_seenOnServer.clear();
    m_lastDeviceOf.clear();
    m_arrivals = 0;
    m_arrivalOrder.clear();
    m_lastArrival.clear();
    m_changes = Changes();
    m_changes.links = true;
}

void FlowState::rebuild(const QList<SimEvent> &events, int upTo)
{
    clear();
    const int last = qMin(upTo, int(events.size()) - 1);
    for (int i = 0; i <= last; ++i)
        apply(i, events.at(i));
}

const FlowState::Envelope *FlowState::envelope(const QString &flow) const
{
    const auto it = m_envelopes.constFind(flow);
    return it == m_envelopes.cend() ? nullptr : &*it;
}

QStringList FlowState::envelopesAt(const QString &nodeId) const
{
    QList<QPair<int, QString>> here;
    for (const Envelope &e : m_envelopes)
        if (!e.split && e.at == nodeId)
            here.append({m_arrivalOrder.value(e.flow), e.flow});
    std::sort(here.begin(), here.end());
    QStringList out;
    out.reserve(here.size());
    for (const auto &p : std::as_const(here))
        out << p.second;
    return out;
}

QList<const FlowState::Connection *> FlowState::openConnections() const
{
    QList<const Connection *> out;
    for (const Connection &c : m_connections)
        if (c.open)
            out << &c;
    std::sort(out.begin(), out.end(), [](const Connection *a, const Connection *b) { return a->lastEvent < b->lastEvent; });
    return out;
}

bool FlowState::isLocked(const QString &a, const QString &b) const
{
    return m_locked.contains(linkKey(a, b));
}

FlowState::Changes FlowState::takeChanges()
{
    Changes c = std::move(m_changes);
    m_changes = Changes();
    return c;
}

QString FlowState::domainOfNode(const QString &nodeId) const
{
    if (m_topology) {
        if (const auto *n = m_topology->node(nodeId); n && !n->domain.isEmpty())
            return n->domain;
    }
    const QString host = nodeId.section(QLatin1Char('@'), 1);
    // An MX host "mx.b.example" belongs to "b.example" when the topology does not say otherwise.
    return DiagramTopology::kindOf(nodeId) == QLatin1String("mta-server") && host.count(QLatin1Char('.')) > 1
        ? host.section(QLatin1Char('.'), 1)
        : host;
}

void FlowState::apply(int index, const SimEvent &event)
{
    m_lastEvent = index;
    m_time = event.t;
    const EventKind kind = event.kind;
    if (isCommandStep(event))
        m_lastStep = index;
    if (kind == EventKind::Hop) {
        applyHop(index, event);
    } else if (kind == EventKind::Line) {
        applyLine(index, event);
    } else if (kind == EventKind::Queue) {
        applyQueue(event);
    } else if (kind == EventKind::Tls) {
        applyTls(event);
    } else if (kind == EventKind::Dns) {
        applyDns(index, event);
    } else if (kind == EventKind::Delivered) {
        const QString node = event.field(QStringLiteral("node")).toString();
        const QString flow = event.field(QStringLiteral("message")).toString();
        // Counted already when its envelope arrived (applyHop); the delivered row confirms it.
        if (!m_storedOnArrival.remove(flow + QLatin1Char('|') + node))
            ++m_nodes[node].messages;
        m_changes.nodes.insert(node);
        if (auto it = m_envelopes.find(flow); it != m_envelopes.end()) {
            it->delivered = true;
            if (event.field(QStringLiteral("dsn")).toBool())
                it->bounce = true;
            m_changes.envelopes.insert(flow);
        }
    } else if (kind == EventKind::Note && event.reason == EventReason::SeenStored) {
        // \Seen lives on the server (RFC 3501 §2.3.2): the device that stored it shows the message read,
        // and every device that fetches it afterwards does too.
        const QString flow = event.field(QStringLiteral("message")).toString();
        m_seenOnServer.insert(flow);
        const QString device = m_lastDeviceOf.value(event.field(QStringLiteral("account")).toString());
        if (!device.isEmpty() && m_deviceViews.contains(device)) {
            m_deviceViews[device][flow] = true;
            m_changes.nodes.insert(device);
        }
    } else if (kind == EventKind::Expunged) {
        // The badge drops when the message really leaves the mailbox: at POP3's QUIT, not at its DELE.
        const QString node = event.field(QStringLiteral("node")).toString();
        NodeState &n = m_nodes[node];
        n.messages = qMax(0, n.messages - 1);
        m_changes.nodes.insert(node);
    } else if (kind == EventKind::Bounced || kind == EventKind::Error) {
        const QString flow = event.field(QStringLiteral("message")).toString();
        if (auto it = m_envelopes.find(flow); it != m_envelopes.end()) {
            (kind == EventKind::Bounced ? it->bounce : it->failed) = true;
            m_changes.envelopes.insert(flow);
        }
        if (isFailedConnection(event)) {
            m_refusal = Refusal{QStringLiteral("mta-server@") + event.field(QStringLiteral("host")).toString(),
                                event.field(QStringLiteral("text")).toString(), index};
            m_changes.links = true;
            m_changes.nodes.insert(m_refusal.node);
        }
        // A connection that failed is over.
        if (kind == EventKind::Error) {
            if (auto c = m_connections.find(event.field(QStringLiteral("conn")).toString()); c != m_connections.end())
                closeConnection(*c);
        }
    } else if (kind == EventKind::Action) {
        applyAction(event);
    }
}

void FlowState::applyHop(int index, const SimEvent &event)
{
    const QString flow = event.field(QStringLiteral("message")).toString();
    QString from = event.field(QStringLiteral("from")).toString();
    QString to = event.field(QStringLiteral("to")).toString();
    if (flow.isEmpty())
        return;
    // A lesson with two devices draws a UA for each: the hop goes to the device that reads.
    if (const QString device = event.field(QStringLiteral("device")).toString(); !device.isEmpty() && m_topology) {
        const DiagramTopology::Node *ua = m_topology->node(to);
        const QString deviceUa = m_topology->deviceUa(to, device);
        if (deviceUa != to || (ua && ua->kind == QLatin1String("ua") && ua->device == device)) {
            to = deviceUa;
            m_deviceViews[to][flow] = m_seenOnServer.contains(flow);
            m_lastDeviceOf.insert(event.field(QStringLiteral("user")).toString(), to);
            m_changes.nodes.insert(to);
        }
    }
    if (DiagramTopology::kindOf(to) == QLatin1String("mta-server"))
        m_lastMtaArrival = to;
    // The message is in the mailbox when its envelope arrives there (the world records this hop once
    // the copy is on disk): the badge counts it at once, as the class sees the envelope land.
    if (event.reason == EventReason::StoredInMailbox) {
        ++m_nodes[to].messages;
        m_storedOnArrival.insert(flow + QLatin1Char('|') + to);
        m_changes.nodes.insert(to);
    }

    if (m_refusal.event >= 0) {
        m_changes.nodes.insert(m_refusal.node);
        m_refusal = Refusal();
        m_changes.links = true;
    }
    if (m_notSent.event >= 0) {
        m_changes.nodes.insert(m_notSent.node);
        m_notSent = Refusal();
    }
    // A DNS exchange belongs to the hop it prepared: the next hop ends it.
    if (auto dns = m_connections.find(QStringLiteral("dns")); dns != m_connections.end() && dns->open)
        closeConnection(*dns);

    auto it = m_envelopes.find(flow);
    if (it == m_envelopes.end()) {
        Envelope e;
        e.flow = flow;
        e.parent = parentFlow(flow);
        // An MTA server "hopping" to itself composes a delivery status notification (RFC 3464).
        e.bounce = from == to && DiagramTopology::kindOf(from) == QLatin1String("mta-server");
        if (auto parent = m_envelopes.find(e.parent); parent != m_envelopes.end()) {
            if (parent->bounce)
                e.bounce = true;
            if (!e.bounce || parent->bounce) {
                // A copy: the parent split into several envelopes.
                parent->split = true;
                parent->fannedOut = true;
                e.fannedOut = true;
                m_changes.envelopes.insert(parent->flow);
            }
        }
        e.path << from;
        it = m_envelopes.insert(flow, e);
    } else {
        it->split = false;
        if (it->path.isEmpty() || it->path.last() != from)
            it->path << from;
    }
    Envelope &e = *it;
    if (const QString account = event.field(QStringLiteral("account")).toString(); !account.isEmpty())
        e.recipient = account;
    e.from = from;
    e.to = to;
    e.at = to;
    if (from != to)
        e.path << to;
    e.lastHopEvent = index;
    if (event.reason == EventReason::SubmissionRefused) {
        e.failed = true;
        m_notSent = Refusal{to, event.field(QStringLiteral("reply")).toString(), index};
        m_changes.nodes.insert(to);
    }
    e.deferred = false;
    e.nextRetryMs = -1;
    m_arrivalOrder.insert(flow, ++m_arrivals);
    m_lastArrival.insert(to, {from, flow});
    m_changes.envelopes.insert(flow);
    if (from != to && !m_travelled.contains(from + QLatin1Char('|') + to)) {
        m_travelled.insert(from + QLatin1Char('|') + to);
        m_changes.links = true;
    }
}

void FlowState::applyQueue(const SimEvent &event)
{
    const QString node = event.field(QStringLiteral("node")).toString();
    const QString state = event.field(QStringLiteral("state")).toString();
    const QString flow = event.field(QStringLiteral("message")).toString();
    if (state == QLatin1String("resumed"))
        return; // the entries' own events follow
    const QString key = event.field(QStringLiteral("queue")).toString() + QLatin1Char('|') + domainOfNode(node) + QLatin1Char('|')
                        + QString::number(event.field(QStringLiteral("id")).toInteger());
    QueueEntry &entry = m_queueEntries[key];
    // Take the entry's old contribution off, then add the new one.
    if (!entry.node.isEmpty() && isActiveQueueState(entry.state)) {
        NodeState &old = m_nodes[entry.node];
        --old.queued;
        if (entry.state == QLatin1String("deferred"))
            --old.deferred;
        m_changes.nodes.insert(entry.node);
    }
    entry.node = node;
    entry.state = state;
    if (isActiveQueueState(state)) {
        NodeState &n = m_nodes[node];
        ++n.queued;
        if (state == QLatin1String("deferred"))
            ++n.deferred;
    }
    m_changes.nodes.insert(node);

    auto it = m_envelopes.find(flow);
    if (it == m_envelopes.end())
        return;
    Envelope &e = *it;
    e.attempts = event.field(QStringLiteral("attempts")).toInt();
    if (state == QLatin1String("deferred")) {
        // The message waits in this node's queue for its next attempt.
        e.deferred = true;
        e.nextRetryMs = qint64(event.field(QStringLiteral("next_retry")).toDouble(-1));
        if (e.at != node) {
            e.at = node;
            m_arrivalOrder.insert(flow, ++m_arrivals);
        }
    } else if (e.deferred) {
        e.deferred = false;
        e.nextRetryMs = -1;
    }
    m_changes.envelopes.insert(flow);
}

FlowState::Connection &FlowState::connectionFor(const QString &id, const QString &proto, int index)
{
    auto it = m_connections.find(id);
    if (it != m_connections.end() && it->open)
        return *it;
    Connection c;
    c.id = id;
    c.proto = proto;
    const QString host = id.section(QLatin1Char('/'), 1).section(QLatin1Char('#'), 0, 0);
    if (isSmtp(proto)) {
        c.server = node::mtaServer(host);
        if (proto == QLatin1String("smtp")) {
            // Relay: the client is whoever brought the last message to this server (the Internet, an outsider).
            const auto arrived = m_lastArrival.constFind(c.server);
            c.client = arrived != m_lastArrival.cend() ? arrived->first : node::internet();
        } else {
            c.client = node::mtaClient(domainOfNode(c.server));
        }
    } else if (proto == QLatin1String("dns")) {
        // The MTA that is routing a message asks (the last MTA server a message arrived at).
        c.client = m_lastMtaArrival.isEmpty() ? node::internet() : m_lastMtaArrival;
        c.server = node::dns();
    } else {
        // POP3 and IMAP: the user agent talks to the access server, which reads the mailboxes.
        c.client = node::ua(host);
        c.server = host.compare(m_senderDomain, Qt::CaseInsensitive) == 0 ? node::accessServer(host) : node::spool(host);
    }
    c.firstEvent = index;
    c.lastEvent = index;
    it = m_connections.insert(id, c);
    ++m_nodes[c.server].openConnections;
    m_changes.nodes.insert(c.server);
    m_changes.connections.insert(id);
    return *it;
}

void FlowState::closeConnection(Connection &c)
{
    if (!c.open)
        return;
    c.open = false;
    NodeState &n = m_nodes[c.server];
    n.openConnections = qMax(0, n.openConnections - 1);
    if (c.tls)
        n.tlsConnections = qMax(0, n.tlsConnections - 1);
    m_changes.nodes.insert(c.server);
    m_changes.connections.insert(c.id);
}

void FlowState::applyLine(int index, const SimEvent &event)
{
    const QString id = event.field(QStringLiteral("conn")).toString();
    const QString proto = event.field(QStringLiteral("proto")).toString();
    const bool fromClient = event.field(QStringLiteral("dir")).toString() == QLatin1String("C");
    const QString text = event.field(QStringLiteral("text")).toString();
    Connection &c = connectionFor(id, proto, index);
    c.lastEvent = index;
    m_changes.connections.insert(id);
    if (fromClient) {
        c.command = text;
        c.commandEvent = index;
        if (!c.inData) {
            // A new command: the previous reply is not its answer.
            c.reply.clear();
            c.replyEvent = -1;
        }
        if (c.inData) {
            if (text == QLatin1String("."))
                c.inData = false;
            return;
        }
        const QString upper = text.trimmed().toUpper();
        if (upper == QLatin1String("QUIT") || (isImap(proto) && upper.endsWith(QLatin1String(" LOGOUT"))))
            c.closing = true;
        return;
    }
    c.reply = text;
    c.replyEvent = index;
    if (isSmtp(proto)) {
        if (text.startsWith(QLatin1String("354")))
            c.inData = true;
        // 221 after QUIT, or 421: the server closes the connection (RFC 5321 §4.2, §3.8).
        if ((c.closing && text.startsWith(QLatin1String("221"))) || text.startsWith(QLatin1String("421")))
            closeConnection(c);
    } else if (isImap(proto)) {
        if (c.closing && !text.startsWith(QLatin1Char('*')))
            closeConnection(c);
    } else if (c.closing && (text.startsWith(QLatin1String("+OK")) || text.startsWith(QLatin1String("-ERR")))) {
        closeConnection(c);
    }
}

void FlowState::applyTls(const SimEvent &event)
{
    auto it = m_connections.find(event.field(QStringLiteral("conn")).toString());
    if (it == m_connections.end()) {
        // Implicit TLS (POP3S, IMAPS, SMTPS) shakes hands before the first line: open the connection now.
        const QString id = event.field(QStringLiteral("conn")).toString();
        if (!id.contains(QLatin1Char('/')))
            return; // a client's own failure report ("relay#3"): the server side reports the rest
        it = m_connections.find(connectionFor(id, event.field(QStringLiteral("proto")).toString(), m_lastEvent).id);
    }
    Connection &c = *it;
    m_changes.connections.insert(c.id);
    if (!event.field(QStringLiteral("ok")).toBool()) {
        closeConnection(c);
        return;
    }
    if (!c.tls && c.open) {
        c.tls = true;
        ++m_nodes[c.server].tlsConnections;
        m_changes.nodes.insert(c.server);
    }
    lock(c.client, c.server);
    if (c.client == node::internet()) {
        // A relay across the Internet: the leg into the Internet is the same encrypted connection. The
        // message is still at the Internet (it enters the server at the 250 to its DATA); it came from the
        // node before the Internet on its path.
        for (const Envelope &e : std::as_const(m_envelopes)) {
            if (e.at != node::internet())
                continue;
            const qsizetype at = e.path.lastIndexOf(node::internet());
            if (at > 0)
                lock(e.path.at(at - 1), node::internet());
        }
    }
}

void FlowState::lock(const QString &a, const QString &b)
{
    const QString key = linkKey(a, b);
    if (!m_locked.contains(key)) {
        m_locked.insert(key);
        m_changes.links = true;
    }
}

void FlowState::applyDns(int index, const SimEvent &event)
{
    const QString text = event.field(QStringLiteral("text")).toString();
    const bool query = event.field(QStringLiteral("event")).toString() == QLatin1String("query");
    Connection &c = connectionFor(QStringLiteral("dns"), QStringLiteral("dns"), index);
    c.lastEvent = index;
    m_changes.connections.insert(c.id);
    const QString question = compactRecords(dnsField(text, QLatin1String("question ")));
    if (query) {
        ++m_nodes[node::dns()].dnsQueries;
        m_changes.nodes.insert(node::dns());
        c.command = question + QStringLiteral(" ?");
        c.commandEvent = index;
        c.reply.clear();
        c.replyEvent = -1;
        return;
    }
    QString answer = compactRecords(dnsField(text, QLatin1String("answers: ")));
    if (answer.isEmpty()) {
        static const QRegularExpression status(QStringLiteral("status (\\w+)"));
        const auto m = status.match(text);
        answer = m.hasMatch() ? m.captured(1) : text.left(40);
        if (answer == QLatin1String("NOERROR"))
            answer = question + QStringLiteral(": none");
    }
    c.reply = answer;
    c.replyEvent = index;
}

void FlowState::applyAction(const SimEvent &event)
{
    const QString action = event.field(QStringLiteral("action")).toString();
    const bool down = event.field(QStringLiteral("state")).toString() == QLatin1String("down");
    if (action == QLatin1String("server")) {
        const QString node = event.field(QStringLiteral("node")).toString();
        m_nodes[node].down = down;
        m_changes.nodes.insert(node);
    } else if (action == QLatin1String("link")) {
        const QJsonArray between = event.field(QStringLiteral("between")).toArray();
        const QString key = linkKey(between.at(0).toString(), between.at(1).toString());
        if (down)
            m_downLinks.insert(key);
        else
            m_downLinks.remove(key);
        m_changes.links = true;
        m_changes.nodes.insert(node::internet());
    }
}

} // namespace mf::gui
