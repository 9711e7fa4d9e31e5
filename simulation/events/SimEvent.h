#pragma once

#include "EventFields.h"
#include "EventKind.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace mf {

// One thing that happened in the world, at a simulated time. `kind` is one of DESIGN.md's event kinds
// (hop, line, db, dns, queue, delivered, bounced, retrieved, tls, error) plus `action` (a timeline step)
// and `note`; `reason` says why a hop or note happened; its fields are that kind's and that reason's
// parameters (a hop: message, from, to and, for RelayToMx, host and preference; a line: conn, proto,
// dir, text, explain; ...). docs/EVENTS.md lists them all. No event carries a sentence in one language:
// narration/EventNarrator renders them.
//
// The fields are kept in two parts: `fields`, this event's own, and `common`, fields it has in common
// with other events (every line of a connection shares its connection, protocol and, mostly, its
// explanations): the common part is shared, one reference per event instead of a copy of its strings.
// Read fields through field() or allFields(), which see both.
struct SimEvent {
    qint64 t = 0;      // simulated milliseconds since the world started
    EventKind kind = EventKind::Note;
    EventReason reason = EventReason::None;
    EventFields fields;
    EventFields common;

    SimEvent() = default;
    SimEvent(qint64 time, EventKind eventKind, EventFields ownFields = {}, EventFields commonFields = {})
        : t(time), kind(eventKind), fields(std::move(ownFields)), common(std::move(commonFields))
    {
    }
    SimEvent(qint64 time, EventKind eventKind, EventReason why, EventFields ownFields)
        : t(time), kind(eventKind), reason(why), fields(std::move(ownFields))
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

    // A field as text: numbers in decimal, arrays joined with ", ".
    QString text(QStringView key) const;
    QString text(const char *key) const { return text(QString::fromLatin1(key)); }

    // {"t": ..., "kind": ..., "reason": ..., <fields>}: one line of the JSON-lines export.
    QJsonObject toJson() const;
    static SimEvent fromJson(const QJsonObject &object);
};

} // namespace mf

Q_DECLARE_METATYPE(mf::SimEvent)
// The log holds hundreds of thousands of events: growing it moves them with memcpy instead of copying.
Q_DECLARE_TYPEINFO(mf::SimEvent, Q_RELOCATABLE_TYPE);
