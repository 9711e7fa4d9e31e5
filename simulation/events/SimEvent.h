#pragma once

#include "EventFields.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace mf {

// One thing that happened in the world, at a simulated time. `kind` is one of DESIGN.md's event kinds
// (hop, line, db, dns, queue, delivered, bounced, retrieved, tls, error) plus `action` (a timeline step)
// and `note`; its fields are that kind's (a hop: message, from, to; a line: conn, proto, dir, text,
// explain; ...). docs/EVENTS.md lists them all.
//
// The fields are kept in two parts: `fields`, this event's own, and `common`, fields it has in common
// with other events (every line of a connection shares its connection, protocol and, mostly, its
// explanations): the common part is shared, one reference per event instead of a copy of its strings.
// Read fields through field() or allFields(), which see both.
struct SimEvent {
    qint64 t = 0;      // simulated milliseconds since the world started
    QString kind;
    EventFields fields;
    EventFields common;

    SimEvent() = default;
    SimEvent(qint64 time, QString eventKind, EventFields ownFields = {}, EventFields commonFields = {})
        : t(time), kind(std::move(eventKind)), fields(std::move(ownFields)), common(std::move(commonFields))
    {
    }

    // A field of this event (its own first, then the common part); undefined when it has none.
    QJsonValue field(QStringView key) const
    {
        const QJsonValue own = fields.value(key);
        return own.isUndefined() && !common.isEmpty() ? common.value(key) : own;
    }
    QJsonValue field(const QString &key) const { return field(QStringView(key)); }
    QJsonValue field(QLatin1StringView key) const { return field(QString(key)); }
    bool hasField(QStringView key) const { return fields.contains(key) || common.contains(key); }
    // Every field in one object (the common part, then this event's own over it).
    QJsonObject allFields() const { return fields.toJsonObject(common.toJsonObject()); }

    // {"t": ..., "kind": ..., <fields>}: one line of the JSON-lines export.
    QJsonObject toJson() const;
    static SimEvent fromJson(const QJsonObject &object);
};

} // namespace mf

Q_DECLARE_METATYPE(mf::SimEvent)
// The log holds hundreds of thousands of events: growing it moves them with memcpy instead of copying.
Q_DECLARE_TYPEINFO(mf::SimEvent, Q_RELOCATABLE_TYPE);
