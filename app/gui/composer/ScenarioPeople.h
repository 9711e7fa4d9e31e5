#pragma once

#include "scenario/Scenario.h"

#include <QList>
#include <QString>

namespace mf::gui {

// Who is who in a lesson, for the composer and the mail client: the users and aliases of every domain,
// the sending side (User A) and the receiving side (User B).
struct Person {
    QString address;
    QString name;        // display name; for an alias, its members
    bool isAlias = false;
};

struct ScenarioPeople {
    QList<Person> users;   // sending side first, then the other domains
    QList<Person> aliases;
    QString sendingDomain;
    QString userA;         // the first timeline send's author, else the sending side's first user
    QString userB;         // the first timeline fetch's user, else the first user of another domain

    static ScenarioPeople of(const Scenario &scenario);
};

} // namespace mf::gui
