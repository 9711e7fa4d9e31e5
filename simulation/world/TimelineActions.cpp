// The scenario's timeline in action: users sending (through their user agent) and injecting mail,
// checking their mailboxes over POP3/POP3S/IMAP/IMAPS, links and servers going down and up, aliases changing.
#include "World.h"

#include "MessageComposer.h"
#include "NodeIds.h"
#include "WireThread.h"
#include "imap/ImapClient.h"
#include "imap/ImapServer.h"
#include "pop3/Pop3Client.h"
#include "pop3/Pop3Server.h"

#include <QJsonArray>

namespace mf {

namespace {

QString pairKey(const QString &a, const QString &b)
{
    return a < b ? a + QLatin1Char('|') + b : b + QLatin1Char('|') + a;
}

} // namespace

void World::scheduleTimeline()
{
    for (int i = 0; i < m_scenario.timeline.size(); ++i) {
        const ActionSpec &action = m_scenario.timeline[i];
        // A send is done once per world, even when a restarted run replays the timeline.
        const QString origin = action.kind == ActionSpec::Kind::Send ? timelineOrigin(i, action) : QString();
        m_scheduler.scheduleAt(action.atMs, [this, action, origin] {
            if (origin.isEmpty())
                runAction(action);
            else
                send(action, origin);
        }, QStringLiteral("timeline line %1").arg(action.line));
    }
}

void World::runAction(const ActionSpec &a)
{
    switch (a.kind) {
    case ActionSpec::Kind::Send: send(a); break;
    case ActionSpec::Kind::Inject: inject(a); break;
    case ActionSpec::Kind::Fetch: fetch(a); break;
    case ActionSpec::Kind::LinkState: setLinkState(a.between.value(0), a.between.value(1), a.up); break;
    case ActionSpec::Kind::ServerState: setServerState(a.host, a.up); break;
    case ActionSpec::Kind::SetAlias: setAlias(a.alias); break;
    }
}

QString World::send(const ActionSpec &a, const QString &origin)
{
    DomainHost *d = domain(addressDomain(a.from));
    if (!d)
        return {};
    if (alreadySent(*d, origin))
        return {};
    const QString flow = newFlow();
    QString fromName;
    for (const UserSpec &u : d->spec.users)
        if (u.address == a.from)
            fromName = u.displayName;
    OutgoingMail mail;
    mail.fromAddress = a.from;
    mail.fromName = fromName;
    mail.to = a.to;
    mail.cc = a.cc;
    mail.subject = a.subject;
    mail.body = a.body;
    mail.date = wallTime();
    mail.messageId = QStringLiteral("%1.%2@%3").arg(flow).arg(m_epoch.toSecsSinceEpoch()).arg(d->spec.name).toUtf8();
    mail.flowId = flow.toUtf8();
    QStringList attachmentNames;
    for (const AttachmentSpec &file : a.attachments) {
        mail.attachments.append({file.fileName, file.mimeType, file.content});
        attachmentNames << file.fileName;
    }
    const QByteArray data = composeMessage(mail);
    EventFields sent{{QStringLiteral("action"), QStringLiteral("send")},
                     {QStringLiteral("message"), flow},
                     {QStringLiteral("from"), a.from},
                     {QStringLiteral("to"), QJsonArray::fromStringList(a.to + a.cc + a.bcc)},
                     {QStringLiteral("subject"), a.subject}};
    if (!attachmentNames.isEmpty())
        sent.insert(QStringLiteral("attachments"), QJsonArray::fromStringList(attachmentNames));
    record(EventKind::Action, sent);
    const QStringList recipients = a.to + a.cc + a.bcc;
    if (a.password)
        m_submitPasswords.insert(flow, *a.password);
    noteMessage(flow, node::user(d->spec.name), a.from, recipients, data);
    hop(flow, node::user(d->spec.name), node::ua(d->spec.name), EventReason::UserWrites,
        {{QStringLiteral("author"), a.from}});
    then([this, d, flow, a, recipients, data, origin] {
        // The spool takes it once it is written (the clock waits for that), then its next pass sends it.
        const QString activity = activityId(QStringLiteral("spool-commit"));
        m_stepper->beginActivity(activity);
        d->outbox->enqueue(flow, a.from, recipients, data, m_scheduler.now(), origin, nullptr,
                           [this, d, activity](const std::optional<QList<qint64>> &) {
                               scheduleOutbox(*d, m_scheduler.now());
                               m_stepper->endActivity(activity);
                           });
        hop(flow, node::ua(d->spec.name), node::spool(d->spec.name), EventReason::UaToSpool);
    });
    return flow;
}

void World::inject(const ActionSpec &a)
{
    DomainHost *target = nullptr;
    DomainHost::MxServer *mx = nullptr;
    for (auto &d : m_domains) {
        if (auto *m = d->mxServer(a.host)) {
            target = d.get();
            mx = m;
        }
    }
    if (!target || !mx)
        return;
    const QString flow = newFlow();
    OutgoingMail mail;
    mail.fromAddress = a.from;
    mail.to = a.to;
    mail.subject = a.subject;
    mail.body = a.body;
    mail.date = wallTime();
    mail.messageId = QStringLiteral("%1.%2@injected.invalid").arg(flow).arg(m_epoch.toSecsSinceEpoch()).toUtf8();
    mail.flowId = flow.toUtf8();
    SmtpOutgoingMessage message{a.from.toUtf8(), {}, composeMessage(mail)};
    for (const QString &r : a.to)
        message.recipients << r.toUtf8();
    expectRelay(flow, message.data, a.to);
    record(EventKind::Action, {{QStringLiteral("action"), QStringLiteral("inject")},
                                      {QStringLiteral("message"), flow},
                                      {QStringLiteral("host"), a.host},
                                      {QStringLiteral("from"), a.from},
                                      {QStringLiteral("to"), QJsonArray::fromStringList(a.to)}});
    noteMessage(flow, QStringLiteral("outsider"), a.from, a.to, message.data);
    hop(flow, QStringLiteral("outsider"), node::internet(), EventReason::InjectDirect, {{QStringLiteral("host"), a.host}});
    expectArrival(flow, node::internet(), EventReason::InjectAccepted, {{QStringLiteral("host"), a.host}});
    SmtpClient *client = newSmtpClient();
    const QString activity = activityId(QStringLiteral("inject"));
    m_stepper->beginActivity(activity);
    watchClientFailures(client, activity);
    connect(client, &SmtpClient::finished, this, whenSteppable<QList<SmtpSendResult>>([this, client, activity, flow](const QList<SmtpSendResult> &results) {
        const SmtpSendResult r = results.value(0);
        note(EventReason::OutsiderResult, {{QStringLiteral("message"), flow},
                                           {QStringLiteral("outcome"), QString::fromLatin1(SmtpSendResult::outcomeName(r.outcome))},
                                           {QStringLiteral("reply"), QString::fromUtf8(r.finalReply.lines.join(' '))}});
        finishSmtpClient(client);
        m_stepper->endActivity(activity);
    }));
    SmtpClient::Target t;
    t.host = mx->spec.address.toString();
    t.port = m_relayPort;
    t.tls = SmtpClient::TlsMode::None;
    t.tlsConfiguration = clientTls();
    SmtpClientConfig config;
    config.clientHost = "outsider.invalid";
    config.useStartTls = false;
    sendWith(client, t, config, {message});
}

void World::fetch(const ActionSpec &a)
{
    DomainHost *d = domain(addressDomain(a.user));
    if (!d)
        return;
    const QString password = a.password.value_or(d->spec.passwordOf(a.user));
    record(EventKind::Action, {{QStringLiteral("action"), QStringLiteral("fetch")},
                                      {QStringLiteral("user"), a.user},
                                      {QStringLiteral("protocol"), a.protocol},
                                      {QStringLiteral("device"), a.device},
                                      {QStringLiteral("keep"), a.keep}});
    const QString activity = activityId(QStringLiteral("fetch"));
    m_stepper->beginActivity(activity);
    m_fetching.insert(a.user.toLower(), Fetching{a.protocol, a.device});
    if (a.protocol.startsWith(QLatin1String("pop3"))) {
        Pop3ClientOptions options;
        options.login = a.user.toUtf8();
        options.password = password.toUtf8();
        options.security = a.protocol == QLatin1String("pop3s") ? Pop3ClientOptions::Security::ImplicitTls
                                                                : Pop3ClientOptions::Security::None;
        options.leaveOnServer = a.keep;
        auto *client = new Pop3Client(this);
        connect(client, &Pop3Client::sessionEvent, this, [this, activity](const SessionEvent &e) { recordClientFailure(activity, e); });
        connect(client, &Pop3Client::finished, this, whenSteppable<Pop3FetchResult>([this, client, activity, a](const Pop3FetchResult &result) {
            QStringList flows;
            for (const Pop3RetrievedMessage &m : result.messages) {
                flows << deliveredFlow(a.user, m.bytes);
            }
            EventFields retrieved{{QStringLiteral("user"), a.user},
                                  {QStringLiteral("protocol"), a.protocol},
                                  {QStringLiteral("device"), a.device},
                                  {QStringLiteral("count"), int(result.messages.size())},
                                  {QStringLiteral("deleted"), int(result.deletedUidls.size())},
                                  {QStringLiteral("ok"), result.ok},
                                  {QStringLiteral("error"), QString::fromUtf8(result.error)}};
            client->deleteLater();
            m_stepper->endActivity(activity); // the connection is over; its hops were recorded as it ran
            recordRetrieval(a, retrieved, {},
                            result.ok ? std::optional(pop3ClientView(a, result, flows)) : std::nullopt);
        }));
        const quint16 port = a.protocol == QLatin1String("pop3s") ? d->pop3->implicitTlsPort() : d->pop3->port();
        client->fetch(d->spec.address.toString(), port, options, clientTls(), d->spec.name);
        return;
    }
    fetchWithImap(*d, a, password, activity);
}

void World::recordRetrieval(const ActionSpec &a, const EventFields &retrieved, std::function<void()> done,
                            std::optional<QList<ClientMessage>> clientView)
{
    // The hops to the user agent were recorded while RETR or FETCH carried each message
    // (WorldNarration.cpp); one whose connection ended right after its data reaches the UA now.
    for (auto it = m_accessSessions.begin(); it != m_accessSessions.end();) {
        if (it->account == a.user.toLower()) {
            deliveredToUserAgent(it.key());
            it = m_accessSessions.erase(it);
        } else {
            ++it;
        }
    }
    // The client's new content takes effect with the retrieved event (recorded next).
    if (clientView)
        m_clientMail.record(a.user, a.device, m_log.size(), *clientView);
    record(EventKind::Retrieved, retrieved);
    if (clientView)
        emit clientMailChanged(a.user, a.device);
    if (done)
        done();
    m_fetching.remove(a.user.toLower());
}

void World::fetchWithImap(DomainHost &d, const ActionSpec &a, const QString &password, const QString &activity)
{
    // Each device remembers the UIDs it already has (valid while UIDVALIDITY stays), fetches the new
    // ones, then marks them \Seen: reading on one device shows as read on every other.
    const QString deviceKey = a.user + QLatin1Char('|') + a.device;
    ImapClientOptions options;
    options.login = a.user.toUtf8();
    options.password = password.toUtf8();
    options.security = a.protocol == QLatin1String("imaps") ? ImapClientOptions::Security::ImplicitTls
                                                            : ImapClientOptions::Security::None;
    const auto mailbox = d.mailboxes->mailbox(a.user, QStringLiteral("INBOX"));
    options.knownUidValidity = mailbox ? mailbox->uidValidity : 0;
    options.knownUids = m_deviceUids.value(deviceKey);
    auto *client = new ImapClient(this);
    connect(client, &ImapClient::sessionEvent, this, [this, activity](const SessionEvent &e) { recordClientFailure(activity, e); });
    DomainHost *host = &d;
    connect(client, &ImapClient::finished, this, whenSteppable<ImapClientResult>([=, this](const ImapClientResult &result) {
        client->deleteLater();
        QList<ImapClientOptions::FlagChange> markSeen;
        for (const ImapClientMessage &m : result.messages) {
            m_deviceUids[deviceKey].insert(m.uid);
            if (!m.flags.contains("\\Seen"))
                markSeen << ImapClientOptions::FlagChange{m.uid, true, {"\\Seen"}};
        }
        const EventFields retrieved{{QStringLiteral("user"), a.user},
                                    {QStringLiteral("protocol"), a.protocol},
                                    {QStringLiteral("device"), a.device},
                                    {QStringLiteral("count"), int(result.messages.size())},
                                    {QStringLiteral("deleted"), 0},
                                    {QStringLiteral("ok"), result.ok},
                                    {QStringLiteral("error"), QString::fromUtf8(result.error)}};
        m_stepper->endActivity(activity); // the connection is over; its hops were recorded as it ran
        const auto view = result.ok ? std::optional(imapClientView(a, result)) : std::nullopt;
        if (markSeen.isEmpty() || !result.ok || !a.openNewMessages) {
            recordRetrieval(a, retrieved, {}, view);
            return;
        }
        // Then the user opens the new messages: a second, short session stores \\Seen.
        recordRetrieval(a, retrieved, [=, this] {
            ImapClientOptions store = options;
            store.knownUids = m_deviceUids.value(deviceKey);
            store.fetchBodies = false;
            store.storeFlags = markSeen;
            const QString reading = activityId(QStringLiteral("imap-store"));
            m_stepper->beginActivity(reading);
            auto *marker = new ImapClient(this);
            connect(marker, &ImapClient::sessionEvent, this, [this, reading](const SessionEvent &e) { recordClientFailure(reading, e); });
            connect(marker, &ImapClient::finished, this, [this, marker, reading](const ImapClientResult &) {
                marker->deleteLater();
                m_stepper->endActivity(reading);
            });
            const quint16 port = a.protocol == QLatin1String("imaps") ? host->imap->implicitTlsPort() : host->imap->port();
            marker->run(host->spec.address.toString(), port, store, clientTls(), host->spec.name);
        }, view);
    }));
    const quint16 port = a.protocol == QLatin1String("imaps") ? d.imap->implicitTlsPort() : d.imap->port();
    client->run(d.spec.address.toString(), port, options, clientTls(), d.spec.name);
}

void World::setLinkState(const QString &a, const QString &b, bool up)
{
    if (up)
        m_downLinks.remove(pairKey(a, b));
    else
        m_downLinks.insert(pairKey(a, b));
    record(EventKind::Action, {{QStringLiteral("action"), QStringLiteral("link")},
                                      {QStringLiteral("node"), node::internet()},
                                      {QStringLiteral("between"), QJsonArray{a, b}},
                                      {QStringLiteral("state"), up ? QStringLiteral("up") : QStringLiteral("down")}});
}

bool World::linkUp(const QString &a, const QString &b) const
{
    return !m_downLinks.contains(pairKey(a, b));
}

void World::setServerState(const QString &host, bool up)
{
    for (auto &d : m_domains) {
        DomainHost::MxServer *m = d->mxServer(host);
        if (!m)
            continue;
        if (up && !m->up)
            m_wire->run([this, m] { m->relay->listen(m->spec.address, m_relayPort); });
        else if (!up && m->up)
            m_wire->run([m] { m->relay->close(); });
        m->up = up;
        record(EventKind::Action, {{QStringLiteral("action"), QStringLiteral("server")},
                                          {QStringLiteral("node"), node::mtaServer(host)},
                                          {QStringLiteral("state"), up ? QStringLiteral("up") : QStringLiteral("down")}});
    }
}

void World::setAlias(const AliasSpec &alias)
{
    DomainHost *d = domain(addressDomain(alias.address));
    if (!d)
        return;
    d->aliases->setAlias(alias.address, alias.members, alias.owner);
    record(EventKind::Action, {{QStringLiteral("action"), QStringLiteral("alias")},
                               {QStringLiteral("node"), node::database(d->spec.name)},
                               {QStringLiteral("address"), alias.address},
                               {QStringLiteral("members"), QJsonArray::fromStringList(alias.members)}});
}

} // namespace mf
