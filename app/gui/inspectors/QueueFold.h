#pragma once

#include <QList>
#include <QString>

namespace mf {
class EventLog;
struct SimEvent;
}

namespace mf::gui {

// A spool's queue as the `queue` events describe it up to some event: one row per queue entry with its
// latest state. Folded incrementally while the log grows, from scratch when the cursor goes back.
class QueueFold
{
public:
    struct Row {
        qint64 id = 0;
        QString message;    // flow id
        QString state;      // queued, active, deferred, delivered, bounced
        int attempts = 0;
        qint64 nextRetryMs = -1; // simulated ms, -1 when none
        QString error;
        qint64 changedMs = 0;
    };

    void setNode(const QString &nodeId);
    const QString &node() const { return m_node; }
    // Brings the fold to events 0..cursor of `log`; returns true when the rows changed.
    bool foldTo(const EventLog &log, int cursor);
    void clear();
    const QList<Row> &rows() const { return m_rows; }

private:
    bool apply(const SimEvent &event);

    QString m_node;
    QList<Row> m_rows;
    int m_foldedTo = -1;
};

} // namespace mf::gui
