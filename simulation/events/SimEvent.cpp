#include "SimEvent.h"

namespace mf {

QJsonObject SimEvent::toJson() const
{
    QJsonObject o = allFields();
    o.insert(QStringLiteral("t"), t);
    o.insert(QStringLiteral("kind"), kind);
    return o;
}

SimEvent SimEvent::fromJson(const QJsonObject &object)
{
    QJsonObject fields = object;
    fields.remove(QStringLiteral("t"));
    fields.remove(QStringLiteral("kind"));
    return SimEvent(object.value(QStringLiteral("t")).toInteger(), object.value(QStringLiteral("kind")).toString(),
                    EventFields(fields));
}

} // namespace mf
