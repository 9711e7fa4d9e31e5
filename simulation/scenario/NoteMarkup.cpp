#include "NoteMarkup.h"

#include "Scenario.h"

#include <QRegularExpression>

namespace mf::notes {

QList<NodeReference> nodeReferences(const QString &text)
{
    static const QRegularExpression reference(QStringLiteral(R"(\{node:([^{}\s]+)\})"));
    QList<NodeReference> out;
    for (auto it = reference.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out.append({m.captured(1), m.capturedStart(), m.capturedLength()});
    }
    return out;
}

QString render(const QString &text, const std::function<QString(const QString &nodeId)> &label)
{
    QString out;
    qsizetype from = 0;
    for (const NodeReference &r : nodeReferences(text)) {
        out += QStringView(text).mid(from, r.position - from);
        out += label(r.id);
        from = r.position + r.length;
    }
    out += QStringView(text).mid(from);
    return out;
}

QStringList nodeIds(const Scenario &scenario)
{
    // The ids of simulation/world/NodeIds.h, for every domain of the world.
    QStringList ids{QStringLiteral("internet"), QStringLiteral("dns@internet")};
    for (const DomainSpec &d : scenario.domains) {
        for (const char *kind : {"user", "ua", "spool", "alias-expander", "database", "mta-client", "mailboxes", "access-server"})
            ids << QString::fromLatin1(kind) + QLatin1Char('@') + d.name;
        if (d.mx.isEmpty())
            ids << QStringLiteral("mta-server@") + d.name; // the implicit MX rule: the domain itself
        for (const MxSpec &mx : d.mx)
            ids << QStringLiteral("mta-server@") + mx.host;
    }
    return ids;
}

} // namespace mf::notes
