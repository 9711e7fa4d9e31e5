#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace mf {

// One thing that happened in the world, at a simulated time. `kind` is one of DESIGN.md's event kinds
// (hop, line, db, dns, queue, delivered, bounced, retrieved, tls, error) plus `action` (a timeline step)
// and `note`; `fields` holds that kind's fields (a hop: message, from, to; a line: conn, proto, dir,
// text, explain; ...).
struct SimEvent {
    qint64 t = 0;      // simulated milliseconds since the world started
    QString kind;
    QJsonObject fields;

    // {"t": ..., "kind": ..., <fields>}: one line of the JSON-lines export.
    QJsonObject toJson() const;
    static SimEvent fromJson(const QJsonObject &object);
};

} // namespace mf

Q_DECLARE_METATYPE(mf::SimEvent)
