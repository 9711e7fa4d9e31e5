#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace mf {

// One message as a user's mail client (one device) holds it after a check.
struct ClientMessage {
    QString flow;        // the flow id of the delivered copy ("m1", "m1.2")
    QString protocol;    // how it was retrieved: pop3, pop3s, imap, imaps
    quint32 uid = 0;     // IMAP UID (0 for POP3)
    QByteArray uidl;     // POP3 UIDL (empty for IMAP)
    QByteArray bytes;    // the whole message as retrieved
    bool seen = false;   // IMAP: the server's \Seen flag as last known; POP3: read on this device only
    bool onServer = true; // still in the server's mailbox after the check (POP3 without "leave" deletes)
};

// What every (user, device) mail client holds, as a history of snapshots keyed by the event index at
// which it took effect, so a view can show the client as it was at the event log's cursor.
class ClientMailboxes
{
public:
    // The client's content from event `eventIndex` on.
    void record(const QString &user, const QString &device, int eventIndex, QList<ClientMessage> messages);
    // The content at event `eventIndex` (the latest snapshot at or before it); empty before the first.
    QList<ClientMessage> at(const QString &user, const QString &device, int eventIndex) const;
    QList<ClientMessage> latest(const QString &user, const QString &device) const;
    // The devices this user has checked mail from, in the order they first did.
    QStringList devices(const QString &user) const;

private:
    struct Snapshot {
        int eventIndex = 0;
        QList<ClientMessage> messages;
    };
    static QString key(const QString &user, const QString &device);
    QHash<QString, QList<Snapshot>> m_snapshots;
    QHash<QString, QStringList> m_devices;
};

} // namespace mf
