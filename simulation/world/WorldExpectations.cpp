// What a run shows afterwards: the path a recipient's copy took, and whether the scenario's
// expectations hold (`mailflow run`'s exit status).
#include "World.h"

#include <QSet>

namespace mf {

QStringList World::pathTo(const QString &recipient) const
{
    QString flow;
    for (const SimEvent &e : m_log.events()) {
        if (e.kind == EventKind::Delivered
            && e.field(QStringLiteral("to")).toString().compare(recipient, Qt::CaseInsensitive) == 0) {
            flow = e.field(QStringLiteral("message")).toString();
            break;
        }
    }
    if (flow.isEmpty())
        return {};
    QSet<QString> chain;
    for (QString f = flow; !f.isEmpty(); f = m_flows.value(f).parent)
        chain.insert(f);
    QStringList path;
    for (const SimEvent &e : m_log.events()) {
        if (e.kind != EventKind::Hop || !chain.contains(e.field(QStringLiteral("message")).toString()))
            continue;
        const QString from = e.field(QStringLiteral("from")).toString();
        const QString to = e.field(QStringLiteral("to")).toString();
        if (path.isEmpty())
            path << from;
        // A hop that starts from an earlier node is a new attempt from there (the next MX after a refused
        // connection): the failed attempt is not part of the path.
        if (from != path.last() && path.contains(from))
            path.resize(path.lastIndexOf(from) + 1);
        if (to != path.last())
            path << to;
    }
    return path;
}

QList<World::ExpectationResult> World::checkExpectations() const
{
    QList<ExpectationResult> out;
    auto countEvents = [this](EventKind kind, const std::function<bool(const QJsonObject &)> &match) {
        int n = 0;
        for (const SimEvent &e : m_log.events())
            if (e.kind == kind && match(e.allFields()))
                ++n;
        return n;
    };
    auto sameAddress = [](const QJsonValue &v, const QString &a) { return v.toString().compare(a, Qt::CaseInsensitive) == 0; };
    for (const ExpectationSpec &spec : m_scenario.expectations) {
        ExpectationResult r{spec, false, {}, 0, {}};
        switch (spec.kind) {
        case ExpectationSpec::Kind::Delivered: {
            const int n = countEvents(EventKind::Delivered, [&](const QJsonObject &f) {
                return sameAddress(f.value(QStringLiteral("to")), spec.address) && !f.value(QStringLiteral("dsn")).toBool();
            });
            r.held = n == spec.count;
            r.actual = n;
            r.detail = QStringLiteral("delivered to %1: expected %2, got %3").arg(spec.address).arg(spec.count).arg(n);
            break;
        }
        case ExpectationSpec::Kind::Bounced: {
            const int n = countEvents(EventKind::Bounced, [&](const QJsonObject &f) { return sameAddress(f.value(QStringLiteral("to")), spec.address); });
            r.held = n == spec.count;
            r.actual = n;
            r.detail = QStringLiteral("bounces delivered to %1: expected %2, got %3").arg(spec.address).arg(spec.count).arg(n);
            break;
        }
        case ExpectationSpec::Kind::Deferred: {
            const int n = countEvents(EventKind::Queue, [](const QJsonObject &f) { return f.value(QStringLiteral("state")).toString() == QLatin1String("deferred"); });
            r.held = n >= spec.count;
            r.actual = n;
            r.detail = QStringLiteral("deferrals: expected at least %1, got %2").arg(spec.count).arg(n);
            break;
        }
        case ExpectationSpec::Kind::Retrieved: {
            int n = 0;
            for (const SimEvent &e : m_log.events()) {
                if (e.kind == EventKind::Retrieved && sameAddress(e.field(QStringLiteral("user")), spec.address)
                    && (spec.protocol.isEmpty() || e.field(QStringLiteral("protocol")).toString() == spec.protocol))
                    n += e.field(QStringLiteral("count")).toInt();
            }
            r.held = n == spec.count;
            r.actual = n;
            r.detail = QStringLiteral("messages %1 retrieved%2: expected %3, got %4").arg(spec.address,
                spec.protocol.isEmpty() ? QString() : QStringLiteral(" with ") + spec.protocol).arg(spec.count).arg(n);
            break;
        }
        case ExpectationSpec::Kind::LeftOnServer: {
            DomainHost *d = domain(addressDomain(spec.address));
            const int n = d ? int(d->mailboxes->messages(spec.address, QStringLiteral("INBOX")).size()) : -1;
            r.held = n == spec.count;
            r.actual = n;
            r.detail = QStringLiteral("messages left in %1's mailbox: expected %2, got %3").arg(spec.address).arg(spec.count).arg(n);
            break;
        }
        case ExpectationSpec::Kind::Reply: {
            const QString prefix = QString::number(spec.code);
            const int n = countEvents(EventKind::Line, [&](const QJsonObject &f) {
                const QString proto = f.value(QStringLiteral("proto")).toString();
                const bool family = spec.protocol == QLatin1String("smtp")
                    ? (proto.startsWith(QLatin1String("smtp")) || proto == QLatin1String("submission"))
                    : proto.startsWith(spec.protocol);
                return family && f.value(QStringLiteral("dir")).toString() == QLatin1String("S")
                       && f.value(QStringLiteral("text")).toString().startsWith(prefix);
            });
            r.held = n > 0;
            r.actual = n;
            r.detail = QStringLiteral("%1 reply %2 seen %3 time(s)").arg(spec.protocol.toUpper()).arg(spec.code).arg(n);
            break;
        }
        case ExpectationSpec::Kind::HopCount: {
            const QStringList path = pathTo(spec.address);
            r.held = path.size() - 1 == spec.count;
            r.actual = qMax(0, int(path.size()) - 1);
            r.detail = QStringLiteral("hops to %1: expected %2, got %3").arg(spec.address).arg(spec.count).arg(qMax(0, int(path.size()) - 1));
            break;
        }
        case ExpectationSpec::Kind::Path: {
            const QStringList path = pathTo(spec.address);
            r.held = path == spec.path;
            r.actualPath = path;
            r.detail = QStringLiteral("path to %1:\n    expected %2\n    got      %3").arg(spec.address,
                spec.path.join(QStringLiteral(" -> ")), path.join(QStringLiteral(" -> ")));
            break;
        }
        }
        out << r;
    }
    return out;
}

} // namespace mf
