#pragma once

#include <QList>
#include <QString>

namespace mf {

// The description of a world's mail domains, as `mailflow serve` starts it. For now one built-in
// world (defaultWorld); scenario files will produce the same structure later.
struct UserConfig {
    QString address;  // "alice@a.example"
    QString password;
};

struct DomainConfig {
    QString name;      // "a.example"
    QString mailHost;  // the host name its servers announce and its certificate names: "mx.a.example"
    QList<UserConfig> users;
};

struct WorldConfig {
    QList<DomainConfig> domains;
};

// One domain, a.example, with alice (alice-secret) and bob (bob-secret).
WorldConfig defaultWorld();

} // namespace mf
