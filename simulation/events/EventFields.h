#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QVariant>
#include <initializer_list>
#include <utility>

namespace mf {

// The fields of one event, as (name, value) pairs in the order given. A run records hundreds of thousands
// of events, so building them must be cheap: names are string literals and values are shared
// (QString, numbers, bool, QJsonArray in a QVariant), where a QJsonObject copies every string into its
// own storage. Read by name; turned into JSON only when someone asks for the whole object (export).
class EventFields
{
public:
    using Field = std::pair<QString, QVariant>;

    EventFields() = default;
    EventFields(std::initializer_list<Field> fields) : m_fields(fields) {}
    // From JSON (events read back from a file, tests).
    explicit EventFields(const QJsonObject &object);

    // Adds the field, or replaces the value of one with that name.
    void insert(const QString &name, const QVariant &value);
    // The value of the field (undefined when there is none).
    QJsonValue value(QStringView name) const;
    bool contains(QStringView name) const { return find(name) != nullptr; }
    bool isEmpty() const { return m_fields.isEmpty(); }
    qsizetype size() const { return m_fields.size(); }
    const QList<Field> &fields() const { return m_fields; }
    // Every field, with `base`'s fields under them.
    QJsonObject toJsonObject(const QJsonObject &base = {}) const;

private:
    const Field *find(QStringView name) const;

    QList<Field> m_fields;
};

} // namespace mf
