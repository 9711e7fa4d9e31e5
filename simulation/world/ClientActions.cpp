// The users' mail clients as the GUI shows them: what each device holds after a check, and opening a
// message (which over IMAP stores \Seen on the server).
#include "World.h"

#include "MessageComposer.h"
#include "imap/ImapClient.h"
#include "imap/ImapServer.h"
#include "pop3/Pop3Client.h"

#include <algorithm>

namespace mf {

QString World::deliveredFlow(const QString &account, const QByteArray &message) const
{
    const QString tagged = QString::fromUtf8(headerValue(message, "X-MailFlow-Flow"));
    // Outside mail has no flow of its own to fall back on: only the copy this world delivered names one.
    return m_deliveredFlows.value(account + QLatin1Char('|') + flowRoot(message), tagged);
}

QList<ClientMessage> World::pop3ClientView(const ActionSpec &a, const Pop3FetchResult &result, const QStringList &flows) const
{
    // A POP3 client keeps what it downloaded; with "leave messages on server" it downloads the same
    // messages again at the next check and recognises them by their UIDL (RFC 1939 §7).
    QList<ClientMessage> view = m_clientMail.latest(a.user, a.device);
    for (ClientMessage &m : view)
        m.onServer = false;
    for (int i = 0; i < result.messages.size(); ++i) {
        const Pop3RetrievedMessage &r = result.messages[i];
        ClientMessage m;
        m.flow = flows.value(i);
        m.protocol = a.protocol;
        m.uidl = r.uidl;
        m.bytes = r.bytes;
        m.onServer = r.uidl.isEmpty() ? a.keep : !result.deletedUidls.contains(r.uidl);
        auto known = std::find_if(view.begin(), view.end(), [&](const ClientMessage &k) {
            return !r.uidl.isEmpty() && k.uidl == r.uidl;
        });
        if (known != view.end()) {
            m.seen = known->seen;
            *known = m;
        } else {
            view.append(m);
        }
    }
    return view;
}

QList<ClientMessage> World::imapClientView(const ActionSpec &a, const ImapClientResult &result) const
{
    // An IMAP client mirrors the server's mailbox: every message still there, with the server's flags.
    const QList<ClientMessage> before = m_clientMail.latest(a.user, a.device);
    QList<ClientMessage> view;
    for (auto it = result.mailboxFlags.cbegin(); it != result.mailboxFlags.cend(); ++it) {
        ClientMessage m;
        m.protocol = a.protocol;
        m.uid = it.key();
        m.seen = it->contains("\\Seen");
        bool found = false;
        for (const ImapClientMessage &fresh : result.messages) {
            if (fresh.uid == m.uid) {
                m.bytes = fresh.bytes;
                // The timeline's user opens every new message right away.
                m.seen = m.seen || a.openNewMessages;
                found = true;
            }
        }
        for (const ClientMessage &old : before) {
            if (!found && old.uid == m.uid)
                m.bytes = old.bytes;
        }
        if (m.bytes.isEmpty())
            continue; // known to an earlier session of this device under another UIDVALIDITY
        m.flow = deliveredFlow(a.user, m.bytes);
        view.append(m);
    }
    return view;
}

bool World::markRead(const QString &user, const QString &device, const ClientMessage &message)
{
    QList<ClientMessage> view = m_clientMail.latest(user, device);
    auto it = std::find_if(view.begin(), view.end(), [&](const ClientMessage &m) {
        return message.uid ? m.uid == message.uid : m.uidl == message.uidl && m.bytes == message.bytes;
    });
    if (it == view.end())
        return false;
    if (it->seen)
        return true;
    it->seen = true;
    const ClientMessage opened = *it;
    m_clientMail.record(user, device, m_log.size(), view);
    record(EventKind::Action, {{QStringLiteral("action"), QStringLiteral("read")},
                                      {QStringLiteral("message"), opened.flow},
                                      {QStringLiteral("user"), user},
                                      {QStringLiteral("device"), device},
                                      {QStringLiteral("protocol"), opened.protocol}});
    emit clientMailChanged(user, device);
    if (!opened.protocol.startsWith(QLatin1String("imap")))
        return true; // POP3 has no flags on the server: only this device knows

    DomainHost *d = domain(user.section(QLatin1Char('@'), 1));
    if (!d || !d->imap)
        return true;
    ImapClientOptions options;
    options.login = user.toUtf8();
    options.password = d->spec.passwordOf(user).toUtf8();
    options.security = opened.protocol == QLatin1String("imaps") ? ImapClientOptions::Security::ImplicitTls
                                                                 : ImapClientOptions::Security::None;
    const auto mailbox = d->mailboxes->mailbox(user, QStringLiteral("INBOX"));
    options.knownUidValidity = mailbox ? mailbox->uidValidity : 0;
    options.knownUids = m_deviceUids.value(user + QLatin1Char('|') + device);
    options.fetchBodies = false;
    options.storeFlags = {ImapClientOptions::FlagChange{opened.uid, true, {"\\Seen"}}};
    const QString activity = activityId(QStringLiteral("imap-store"));
    m_stepper->beginActivity(activity);
    auto *client = new ImapClient(this);
    connect(client, &ImapClient::sessionEvent, this, [this, activity](const SessionEvent &e) { recordClientFailure(activity, e); });
    connect(client, &ImapClient::finished, this, [this, client, activity](const ImapClientResult &) {
        client->deleteLater();
        m_stepper->endActivity(activity);
    });
    const quint16 port = opened.protocol == QLatin1String("imaps") ? d->imap->implicitTlsPort() : d->imap->port();
    client->run(d->spec.address.toString(), port, options, clientTls(), d->spec.name);
    return true;
}

} // namespace mf
