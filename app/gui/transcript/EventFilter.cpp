#include "EventFilter.h"

namespace mf::gui {

namespace {

QString family(const QString &proto)
{
    if (proto == QLatin1String("smtp") || proto == QLatin1String("submission") || proto == QLatin1String("smtps")
        || proto == QLatin1String("submissions"))
        return QStringLiteral("smtp");
    if (proto.startsWith(QLatin1String("pop3")))
        return QStringLiteral("pop3");
    if (proto.startsWith(QLatin1String("imap")))
        return QStringLiteral("imap");
    return {};
}

} // namespace

QStringList EventFilter::protocols()
{
    return {QStringLiteral("smtp"), QStringLiteral("pop3"), QStringLiteral("imap"), QStringLiteral("dns"),
            QStringLiteral("tls")};
}

QString EventFilter::protocolOf(const SimEvent &e)
{
    if (e.kind == EventKind::Dns)
        return QStringLiteral("dns");
    if (e.kind == EventKind::Tls || e.kind == EventKind::Wire)
        return QStringLiteral("tls");
    // A line, or an error on a connection: its protocol, else the one its connection is named after.
    QString proto = e.text(u"proto");
    if (proto.isEmpty())
        proto = e.text(u"conn").section(QLatin1Char('/'), 0, 0);
    return family(proto);
}

QStringList EventFilter::serverNodes(const QString &conn)
{
    const QString proto = conn.section(QLatin1Char('/'), 0, 0);
    const QString host = conn.section(QLatin1Char('/'), 1).section(QLatin1Char('#'), 0, 0);
    if (host.isEmpty())
        return {};
    const QString f = family(proto);
    if (f == QLatin1String("smtp"))
        return {QStringLiteral("mta-server@") + host};
    if (!f.isEmpty())
        return {QStringLiteral("access-server@") + host, QStringLiteral("spool@") + host};
    return {};
}

QStringList EventFilter::nodesOf(const SimEvent &e)
{
    QStringList nodes;
    if (e.kind == EventKind::Hop) {
        nodes << e.text(u"from") << e.text(u"to");
    } else if (const QString node = e.text(u"node"); !node.isEmpty()) {
        nodes << node;
    }
    if (const QString conn = e.text(u"conn"); !conn.isEmpty())
        nodes << serverNodes(conn);
    return nodes;
}

bool EventFilter::accepts(const SimEvent &e) const
{
    if (!protocol.isEmpty() && protocolOf(e) != protocol)
        return false;
    if (!node.isEmpty() && !nodesOf(e).contains(node))
        return false;
    if (!message.isEmpty()) {
        const QString flow = e.text(u"message");
        if (flow != message && !flow.startsWith(message + QLatin1Char('.')))
            return false;
    }
    return true;
}

} // namespace mf::gui
