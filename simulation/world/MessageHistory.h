#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace mf {

// One message (a flow) as it was at one moment: where it was, the SMTP envelope it travelled with and
// its bytes then. A copy taken at each hop, and whenever a node changed it (an MTA server prepends its
// Received: field when it accepts it; final delivery adds Return-Path and Delivered-To).
struct MessageSnapshot {
    int eventIndex = 0;     // valid from this event of the log on (the hop that brought it, or the next event)
    QString node;           // the node id it was at
    QString mailFrom;       // envelope reverse-path (MAIL FROM); empty for the null sender <>
    QStringList rcptTo;     // envelope forward-paths (RCPT TO) of this copy
    QByteArray data;        // RFC 5322 message as it was then
};

// Every flow's snapshots, in memory, in the order they were taken. A copy made by splitting a message
// (alias expansion, several destination domains, a bounce) starts from its parent's latest snapshot.
class MessageHistory
{
public:
    // False (serve): nothing is kept, and every question is answered with nothing.
    void setKeepsSnapshots(bool keep) { m_keep = keep; }
    void addFlow(const QString &flow, const QString &parent);
    // The message changed at `node` (new content or envelope): a snapshot valid from `eventIndex`.
    void setContent(const QString &flow, int eventIndex, const QString &node, const QString &mailFrom,
                    const QStringList &rcptTo, const QByteArray &data);
    // The message reached `node` unchanged (a hop): a copy of its latest snapshot, or of its parent's.
    void arrive(const QString &flow, int eventIndex, const QString &node);

    QList<MessageSnapshot> snapshots(const QString &flow) const { return m_snapshots.value(flow); }
    // The latest snapshot with eventIndex <= `eventIndex`, or nothing (not yet written at that moment).
    std::optional<MessageSnapshot> at(const QString &flow, int eventIndex) const;
    // Flows with at least one snapshot, in the order they first got one.
    QStringList flows() const { return m_order; }

private:
    std::optional<MessageSnapshot> latest(const QString &flow) const;
    void append(const QString &flow, MessageSnapshot snapshot);

    QHash<QString, QList<MessageSnapshot>> m_snapshots;
    QHash<QString, QString> m_parents;
    QStringList m_order;
    bool m_keep = true;
};

} // namespace mf
