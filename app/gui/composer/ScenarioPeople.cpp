#include "ScenarioPeople.h"

namespace mf::gui {

ScenarioPeople ScenarioPeople::of(const Scenario &scenario)
{
    ScenarioPeople out;
    for (const ActionSpec &a : scenario.timeline) {
        if (a.kind == ActionSpec::Kind::Send && out.userA.isEmpty())
            out.userA = a.from;
        if (a.kind == ActionSpec::Kind::Fetch && out.userB.isEmpty())
            out.userB = a.user;
    }
    if (const DomainSpec *d = scenario.domainOfAddress(out.userA))
        out.sendingDomain = d->name;
    else if (!scenario.domains.isEmpty())
        out.sendingDomain = scenario.domains.first().name;

    QList<const DomainSpec *> ordered;
    for (const DomainSpec &d : scenario.domains)
        if (d.name == out.sendingDomain)
            ordered.prepend(&d);
        else
            ordered.append(&d);
    for (const DomainSpec *d : ordered) {
        for (const UserSpec &u : d->users)
            out.users.append({u.address, u.displayName, false});
        for (const AliasSpec &a : d->aliases)
            out.aliases.append({a.address, a.members.join(QStringLiteral(", ")), true});
    }
    if (out.userA.isEmpty() && !out.users.isEmpty())
        out.userA = out.users.first().address;
    if (out.userB.isEmpty()) {
        for (const Person &p : std::as_const(out.users)) {
            if (p.address.section(QLatin1Char('@'), 1) != out.sendingDomain) {
                out.userB = p.address;
                break;
            }
        }
    }
    if (out.userB.isEmpty() && !out.users.isEmpty())
        out.userB = out.users.last().address;
    return out;
}

} // namespace mf::gui
