#include "WorldConfig.h"

namespace mf {

WorldConfig defaultWorld()
{
    DomainConfig a;
    a.name = QStringLiteral("a.example");
    a.mailHost = QStringLiteral("mx.a.example");
    a.users = {{QStringLiteral("alice@a.example"), QStringLiteral("alice-secret")},
               {QStringLiteral("bob@a.example"), QStringLiteral("bob-secret")}};
    return WorldConfig{{a}};
}

} // namespace mf
