#include "SimEvent.h"

namespace mf {

QJsonObject SimEvent::toJson() const
{
    QJsonObject o = fields;
    o.insert(QStringLiteral("t"), t);
    o.insert(QStringLiteral("kind"), kind);
    return o;
}

SimEvent SimEvent::fromJson(const QJsonObject &object)
{
    SimEvent e;
    e.t = object.value(QStringLiteral("t")).toInteger();
    e.kind = object.value(QStringLiteral("kind")).toString();
    e.fields = object;
    e.fields.remove(QStringLiteral("t"));
    e.fields.remove(QStringLiteral("kind"));
    return e;
}

} // namespace mf
