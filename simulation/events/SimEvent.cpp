#include "SimEvent.h"

namespace mf {

QJsonObject SimEvent::allFields() const
{
    if (common.isEmpty())
        return fields;
    QJsonObject all = common;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        all.insert(it.key(), it.value());
    return all;
}

QJsonObject SimEvent::toJson() const
{
    QJsonObject o = allFields();
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
