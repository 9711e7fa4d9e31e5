#include "DiagramTopology.h"

#include "scenario/Scenario.h"
#include "world/NodeIds.h"

#include <QSet>

namespace mf::gui {

namespace {

// Grid columns. The Internet gets a little more room on both sides: it is the lesson's turning point.
// A reader with two devices: how far below the first device the second one and the reader stand.
constexpr double kSecondDeviceRow = 1.6;
constexpr double kSenderColumns[] = {0, 1, 2, 3, 4, 5}; // user, ua, spool, alias expander, MTA client, MTA server
// From the sending MTA server to the Internet, and from the Internet to the receiving MTA servers (then
// alias expander, mailboxes, spool, ua with the user under it), in columns.
constexpr double kInternetGap = 1.45;
// Presenting: just enough for the Internet's wide cloud and a padlock on the link into it.
constexpr double kCompactInternetGap = 1.25;

QString peopleOf(const DomainSpec &d)
{
    QStringList names;
    for (const UserSpec &u : d.users) {
        // The list owner and postmaster are bookkeeping addresses, not people a student follows.
        const QString local = u.address.section(QLatin1Char('@'), 0, 0);
        if (local.startsWith(QLatin1String("owner-")) || local == QLatin1String("postmaster"))
            continue;
        names << (u.displayName.isEmpty() ? local : u.displayName);
    }
    if (names.size() > 3)
        return names.mid(0, 2).join(QStringLiteral(", ")) + QStringLiteral(", …");
    return names.join(QStringLiteral(", "));
}

QList<MxSpec> mxHostsOf(const DomainSpec &d)
{
    if (!d.mx.isEmpty())
        return d.mx;
    if (d.nullMx)
        return {};
    return {MxSpec{d.name, 0, d.address}}; // the implicit MX rule: the domain itself (RFC 5321 §5.1)
}

// Between two receiving lanes, in rows.
constexpr double kLaneGap = 0.3;
// Presenting, the badges are larger: the lower lane's MTA server ("1 queued · SMTP") and the DNS server
// beside it ("6 questions") stand at about the same height and would touch.
constexpr double kCompactLaneGap = 0.45;

} // namespace

QString DiagramTopology::deviceNodeId(const QString &uaId, const QString &device)
{
    return uaId + QLatin1Char('/') + device;
}

QString DiagramTopology::deviceUa(const QString &uaId, const QString &device) const
{
    if (device.isEmpty())
        return uaId;
    const QString id = deviceNodeId(uaId, device);
    return contains(id) ? id : uaId;
}

QString DiagramTopology::kindOf(const QString &nodeId)
{
    const qsizetype at = nodeId.indexOf(QLatin1Char('@'));
    return at < 0 ? nodeId : nodeId.left(at);
}

const DiagramTopology::Node *DiagramTopology::node(const QString &id) const
{
    const auto it = m_index.constFind(id);
    return it == m_index.cend() ? nullptr : &m_nodes.at(*it);
}

void DiagramTopology::updateExtent(const QPointF &cell)
{
    if (m_nodes.size() == 1) {
        m_firstRow = m_lastRow = cell.y();
    }
    m_columns = qMax(m_columns, cell.x() + 1);
    m_firstRow = qMin(m_firstRow, cell.y());
    m_lastRow = qMax(m_lastRow, cell.y());
}

void DiagramTopology::add(Node node)
{
    if (m_index.contains(node.id))
        return;
    m_index.insert(node.id, int(m_nodes.size()));
    m_nodes << node;
    updateExtent(node.cell);
}

void DiagramTopology::addEdge(const QString &from, const QString &to, bool dashed, bool twoWay)
{
    if (m_index.contains(from) && m_index.contains(to))
        m_edges << Edge{from, to, dashed, twoWay};
}

const DiagramTopology::Node &DiagramTopology::addExtraNode(const QString &id)
{
    if (const Node *existing = node(id))
        return *existing;
    const Node *dns = node(node::dns());
    const double row = (dns ? dns->cell.y() : m_lastRow) + 1 + m_extraCount++;
    add(Node{id, QStringLiteral("other"), QString(), QString(), false, Side::Middle, QPointF(m_internetColumn, row), QString()});
    return m_nodes.last();
}

DiagramTopology DiagramTopology::fromScenario(const Scenario &scenario, Spacing spacing)
{
    DiagramTopology t;
    if (scenario.domains.isEmpty())
        return t;
    const double gap = spacing == Spacing::Compact ? kCompactInternetGap : kInternetGap;
    const double internetColumn = kSenderColumns[5] + gap;
    const double receiverFirstColumn = internetColumn + gap;
    t.m_internetColumn = internetColumn;

    QSet<QString> sendingDomains;
    for (const ActionSpec &a : scenario.timeline) {
        if (a.kind == ActionSpec::Kind::Send)
            sendingDomains.insert(addressDomain(a.from));
    }
    const DomainSpec *sender = scenario.domain(scenario.sendingDomain());
    if (!sender)
        sender = &scenario.domains.first();

    // Receiving lanes, top to bottom; each is as tall as its MX list (at least two rows, for the database).
    QList<const DomainSpec *> receivers;
    for (const DomainSpec &d : scenario.domains)
        if (&d != sender)
            receivers << &d;
    // A user who reads mail on two or more devices (IMAP keeps them in sync): one UA per device.
    QHash<QString, QStringList> devicesOf; // domain -> devices, in the order the lesson uses them
    for (const ActionSpec &act : scenario.timeline) {
        if (act.kind != ActionSpec::Kind::Fetch || act.device.isEmpty())
            continue;
        QStringList &devices = devicesOf[addressDomain(act.user)];
        if (!devices.contains(act.device))
            devices << act.device;
    }

    QList<double> laneRows;
    double row = 0;
    for (const DomainSpec *d : receivers) {
        laneRows << row;
        // Plus a gap, so the two-line labels of one lane's lower row stay clear of the next lane's title.
        const double deviceRows = devicesOf.value(d->name).size() >= 2 ? 1 + kSecondDeviceRow : 0;
        row += qMax(double(qMax<qsizetype>(2, mxHostsOf(*d).size())), deviceRows)
               + (spacing == Spacing::Compact ? kCompactLaneGap : kLaneGap);
    }
    const double senderRow = receivers.isEmpty() ? 0 : (laneRows.first() + laneRows.last()) / 2.0;

    // The sender's lane: the seed's path left to right, the database under the alias expander, the
    // mailboxes (where bounces and local mail land) under the spool, and the POP3/IMAP server the user
    // reads them through under the UA (the sending spool is an outgoing queue and serves no POP3).
    const QString a = sender->name;
    const QString people = peopleOf(*sender);
    auto put = [&t](const QString &id, const QString &kind, const QString &domain, const QString &detail, Side side,
                    double col, double r, bool backup = false) {
        t.add(Node{id, kind, domain, detail, backup, side, QPointF(col, r), QString()});
    };
    put(node::user(a), QStringLiteral("user"), a, people, Side::Sender, kSenderColumns[0], senderRow);
    put(node::ua(a), QStringLiteral("ua"), a, a, Side::Sender, kSenderColumns[1], senderRow);
    put(node::spool(a), QStringLiteral("spool"), a, a, Side::Sender, kSenderColumns[2], senderRow);
    put(node::aliasExpander(a), QStringLiteral("alias-expander"), a, a, Side::Sender, kSenderColumns[3], senderRow);
    // Presenting, the alias expander's name takes three lines at the projector's size: the database
    // moves from under it to under the next node, so the lookup goes down and the path comes back up.
    const double databaseShift = spacing == Spacing::Compact ? 1 : 0;
    put(node::database(a), QStringLiteral("database"), a, a, Side::Sender, kSenderColumns[3] + databaseShift, senderRow + 1);
    put(node::mailboxes(a), QStringLiteral("mailboxes"), a, a, Side::Sender, kSenderColumns[2], senderRow + 1);
    put(node::accessServer(a), QStringLiteral("access-server"), a, a, Side::Sender, kSenderColumns[1], senderRow + 1);
    put(node::mtaClient(a), QStringLiteral("mta-client"), a, a, Side::Sender, kSenderColumns[4], senderRow);
    const QList<MxSpec> senderMx = mxHostsOf(*sender);
    for (qsizetype i = 0; i < senderMx.size(); ++i) {
        put(node::mtaServer(senderMx[i].host), QStringLiteral("mta-server"), a, senderMx[i].host, Side::Sender,
            kSenderColumns[5], senderRow + double(i), i > 0);
    }

    put(node::internet(), QStringLiteral("internet"), QString(), QString(), Side::Middle, internetColumn, senderRow);
    put(node::dns(), QStringLiteral("dns"), QString(), QString(), Side::Middle, internetColumn, senderRow + 1);

    for (qsizetype lane = 0; lane < receivers.size(); ++lane) {
        const DomainSpec &d = *receivers[lane];
        const QString b = d.name;
        const double r = laneRows[lane];
        const QStringList devices = devicesOf.value(b);
        double col = receiverFirstColumn;
        const QList<MxSpec> mx = mxHostsOf(d);
        for (qsizetype i = 0; i < mx.size(); ++i)
            put(node::mtaServer(mx[i].host), QStringLiteral("mta-server"), b, mx[i].host, Side::Receiver, col, r + double(i), i > 0);
        put(node::aliasExpander(b), QStringLiteral("alias-expander"), b, b, Side::Receiver, col + 1, r);
        put(node::database(b), QStringLiteral("database"), b, b, Side::Receiver, col + 1 + databaseShift, r + 1);
        put(node::mailboxes(b), QStringLiteral("mailboxes"), b, b, Side::Receiver, col + 2, r);
        put(node::spool(b), QStringLiteral("spool"), b, b, Side::Receiver, col + 3, r);
        if (devices.size() >= 2) {
            // Two devices (the mail client has a laptop and a phone): the first right of the spool, the
            // second under the spool, and the reader under the first, between the two; the lane stays as
            // narrow as a one-device lane. Where the domain's MTA client stands under the spool, the
            // second device goes under the first and the reader right of them.
            // The second row stands lower, so the spool's name keeps its third line above a device badge.
            const bool sends = sendingDomains.contains(b);
            const QPointF cells[] = {QPointF(col + 4, r),
                                     sends ? QPointF(col + 4, r + 1) : QPointF(col + 3, r + kSecondDeviceRow)};
            for (qsizetype i = 0; i < 2; ++i)
                t.add(Node{i == 0 ? node::ua(b) : deviceNodeId(node::ua(b), devices[i]), QStringLiteral("ua"), b,
                           devices[i], false, Side::Receiver, cells[i], devices[i]});
            put(node::user(b), QStringLiteral("user"), b, peopleOf(d), Side::Receiver, sends ? col + 5 : col + 4,
                sends ? r + 0.5 : r + kSecondDeviceRow);
        } else {
            put(node::ua(b), QStringLiteral("ua"), b, b, Side::Receiver, col + 4, r);
            // The reader sits under their user agent: the path ends at the UA, and the picture stays narrow.
            put(node::user(b), QStringLiteral("user"), b, peopleOf(d), Side::Receiver, col + 4, r + 1);
        }
        if (sendingDomains.contains(b))
            put(node::mtaClient(b), QStringLiteral("mta-client"), b, b, Side::Receiver, col + 3, r + 1);
    }

    // The seed's path as edges. Other hops (a bounce coming home, a forward) get an edge when they happen.
    t.addEdge(node::user(a), node::ua(a));
    t.addEdge(node::ua(a), node::spool(a));
    t.addEdge(node::spool(a), node::aliasExpander(a));
    t.addEdge(node::aliasExpander(a), node::database(a));
    t.addEdge(node::database(a), node::mtaClient(a));
    // Retrieval on the sending side (Alice reading a bounce): the mailboxes, the POP3/IMAP server, the UA.
    t.addEdge(node::mailboxes(a), node::accessServer(a));
    t.addEdge(node::accessServer(a), node::ua(a), false, true);
    if (!senderMx.isEmpty())
        t.addEdge(node::mtaClient(a), node::mtaServer(senderMx.first().host));
    for (const MxSpec &m : senderMx)
        t.addEdge(node::mtaServer(m.host), node::internet());
    t.addEdge(node::internet(), node::dns(), true);
    for (const DomainSpec *d : receivers) {
        const QString b = d->name;
        for (const MxSpec &m : mxHostsOf(*d)) {
            t.addEdge(node::internet(), node::mtaServer(m.host));
            t.addEdge(node::mtaServer(m.host), node::aliasExpander(b));
        }
        t.addEdge(node::aliasExpander(b), node::database(b));
        t.addEdge(node::database(b), node::mailboxes(b));
        t.addEdge(node::mailboxes(b), node::spool(b));
        // The spool before User B's agent, here the POP3/IMAP server: the UA asks, the message comes back.
        t.addEdge(node::spool(b), node::ua(b), false, true);
        t.addEdge(node::ua(b), node::user(b));
        const QStringList devices = devicesOf.value(b);
        for (qsizetype i = 1; i < devices.size() && devices.size() >= 2; ++i) {
            t.addEdge(node::spool(b), deviceNodeId(node::ua(b), devices[i]), false, true);
            t.addEdge(deviceNodeId(node::ua(b), devices[i]), node::user(b));
        }
    }
    return t;
}

} // namespace mf::gui
