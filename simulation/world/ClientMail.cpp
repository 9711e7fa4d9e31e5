#include "ClientMail.h"

namespace mf {

QString ClientMailboxes::key(const QString &user, const QString &device)
{
    return user.toLower() + QLatin1Char('|') + device.toLower();
}

void ClientMailboxes::record(const QString &user, const QString &device, int eventIndex, QList<ClientMessage> messages)
{
    QList<Snapshot> &history = m_snapshots[key(user, device)];
    // Two changes at the same event: the later one wins.
    if (!history.isEmpty() && history.last().eventIndex >= eventIndex)
        history.last() = Snapshot{history.last().eventIndex, std::move(messages)};
    else
        history.append(Snapshot{eventIndex, std::move(messages)});
    QStringList &devices = m_devices[user.toLower()];
    if (!devices.contains(device.toLower()))
        devices.append(device.toLower());
}

QList<ClientMessage> ClientMailboxes::at(const QString &user, const QString &device, int eventIndex) const
{
    const auto it = m_snapshots.constFind(key(user, device));
    if (it == m_snapshots.cend())
        return {};
    for (auto s = it->crbegin(); s != it->crend(); ++s) {
        if (s->eventIndex <= eventIndex)
            return s->messages;
    }
    return {};
}

QList<ClientMessage> ClientMailboxes::latest(const QString &user, const QString &device) const
{
    const auto it = m_snapshots.constFind(key(user, device));
    return it == m_snapshots.cend() || it->isEmpty() ? QList<ClientMessage>() : it->last().messages;
}

QStringList ClientMailboxes::devices(const QString &user) const
{
    return m_devices.value(user.toLower());
}

} // namespace mf
