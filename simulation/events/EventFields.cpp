#include "EventFields.h"

namespace mf {

EventFields::EventFields(const QJsonObject &object)
{
    m_fields.reserve(object.size());
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        m_fields.append({it.key(), it.value().toVariant()});
}

const EventFields::Field *EventFields::find(QStringView name) const
{
    for (const Field &f : m_fields)
        if (f.first == name)
            return &f;
    return nullptr;
}

void EventFields::insert(const QString &name, const QVariant &value)
{
    for (Field &f : m_fields) {
        if (f.first == name) {
            f.second = value;
            return;
        }
    }
    m_fields.append({name, value});
}

QJsonValue EventFields::value(QStringView name) const
{
    const Field *f = find(name);
    return f ? QJsonValue::fromVariant(f->second) : QJsonValue(QJsonValue::Undefined);
}

QJsonObject EventFields::toJsonObject(const QJsonObject &base) const
{
    QJsonObject object = base;
    for (const Field &f : m_fields)
        object.insert(f.first, QJsonValue::fromVariant(f.second));
    return object;
}

} // namespace mf
