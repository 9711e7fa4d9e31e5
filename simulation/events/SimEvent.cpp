#include "SimEvent.h"

#include <QJsonArray>

namespace mf {

QString SimEvent::text(QStringView key) const
{
    const QJsonValue v = field(key);
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &x : v.toArray())
            parts << x.toString();
        return parts.join(QStringLiteral(", "));
    }
    if (v.isDouble())
        return QString::number(v.toInteger());
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

QJsonObject SimEvent::toJson() const
{
    QJsonObject o = allFields();
    o.insert(QStringLiteral("t"), t);
    o.insert(QStringLiteral("kind"), QString(kindName(kind)));
    if (reason != EventReason::None)
        o.insert(QStringLiteral("reason"), QString(reasonName(reason)));
    return o;
}

SimEvent SimEvent::fromJson(const QJsonObject &object)
{
    QJsonObject fields = object;
    fields.remove(QStringLiteral("t"));
    fields.remove(QStringLiteral("kind"));
    fields.remove(QStringLiteral("reason"));
    return SimEvent(object.value(QStringLiteral("t")).toInteger(),
                    kindFromName(object.value(QStringLiteral("kind")).toString()).value_or(EventKind::Note),
                    reasonFromName(object.value(QStringLiteral("reason")).toString()), EventFields(fields));
}

} // namespace mf
