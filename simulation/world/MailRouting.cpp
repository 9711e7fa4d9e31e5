// How mail moves through the world: the UA's spool, the alias expander, the MTA client's submission,
// the MTA queue, MX lookup and relay across the Internet, local delivery into mailboxes, and bounces.
#include "World.h"

#include "CrashPoints.h"
#include "MessageComposer.h"
#include "NodeIds.h"
#include "WireThread.h"
#include "dns/MxResolver.h"
#include "smtp/SmtpClient.h"
#include "store/FileSync.h"

#include <QJsonArray>
#include <QTimer>

namespace mf {

namespace {

// RFC 5321 §6.3: "a relay SHOULD ... reject a message when the number of Received headers exceeds a
// threshold" (at least 100 recommended; Postfix uses 50).
constexpr int kMaxReceived = 100;

QString replyText(const SmtpReply &r)
{
    return QString::number(r.code) + QLatin1Char(' ') + QString::fromUtf8(r.lines.join(' '));
}

} // namespace

void World::scheduleOutbox(DomainHost &d, qint64 atMs)
{
    DomainHost *host = &d;
    m_scheduler.scheduleAt(atMs, [this, host] { processOutbox(*host); }, QStringLiteral("spool@") + d.spec.name);
}

void World::scheduleMtaQueue(DomainHost &d, qint64 atMs)
{
    DomainHost *host = &d;
    m_scheduler.scheduleAt(atMs, [this, host] { processMtaQueue(*host); }, QStringLiteral("mta-queue@") + d.spec.name);
}

// Like Postfix's process limits: a bounded number of entries per pass, several messages per submission
// connection (one sender's AUTH session carries up to kMessagesPerConnection of their messages), so a
// spool of thousands never opens thousands of connections at once.
constexpr int kOutboxBatch = 1024;
constexpr int kMessagesPerConnection = 128;
constexpr int kMtaQueueBatch = 512;
constexpr int kMaxSubmissionConnections = 32;
constexpr int kMaxRelayConnections = 16;

void World::processOutbox(DomainHost &d)
{
    if (d.submissionsInFlight >= kMaxSubmissionConnections) {
        d.outboxPassWanted = true; // when one of them finishes
        return;
    }
    // One AUTH session per sender and password (a student may have typed a wrong one for one message).
    QMap<std::pair<QString, QString>, QList<Spool::Entry>> bySender;
    for (const Spool::Entry &entry : d.outbox->takeDue(m_scheduler.now(), kOutboxBatch)) {
        QList<Spool::Entry> &list = bySender[{entry.sender, m_submitPasswords.value(entry.flow, d.spec.passwordOf(entry.sender))}];
        list << entry;
        if (list.size() == kMessagesPerConnection) {
            submitFromOutbox(d, list);
            list.clear();
        }
    }
    for (const QList<Spool::Entry> &rest : std::as_const(bySender))
        if (!rest.isEmpty())
            submitFromOutbox(d, rest);
    if (d.outbox->hasQueued())
        scheduleOutbox(d, m_scheduler.now()); // the next pass, once this one's connections are done
    else if (const qint64 next = d.outbox->nextRetryMs(); next >= 0)
        scheduleOutbox(d, next);
}

void World::submitFromOutbox(DomainHost &d, const QList<Spool::Entry> &batch)
{
    const QString domain = d.spec.name;
    DomainHost *host = &d;
    ++d.submissionsInFlight; // until its connection is done
    // The sender side's alias expander asks its database about every recipient (the seed's step 3).
    // One hop per step: every stage records the same hop for all messages of the batch, then schedules the next.
    for (const Spool::Entry &entry : batch)
        hop(entry.flow, node::spool(domain), node::aliasExpander(domain), EventReason::AliasCheckOutgoing);
    then([this, host, batch, domain] {
        QList<QStringList> resolved;
        for (const Spool::Entry &entry : batch) {
            QStringList recipients;
            for (const QString &r : entry.pendingRecipients()) {
                const auto expansion = host->aliases->expand(r, entry.sender);
                for (const auto &l : expansion.lookups) {
                    record(EventKind::Db, {{QStringLiteral("node"), node::database(domain)},
                                                  {QStringLiteral("message"), entry.flow},
                                                  {QStringLiteral("query"), l.query},
                                                  {QStringLiteral("result"), l.members.isEmpty() ? QStringLiteral("no alias") : l.members.join(QStringLiteral(", "))},
                                                  {QStringLiteral("members"), QJsonArray::fromStringList(l.members)}});
                }
                if (expansion.targets.isEmpty())
                    recipients << r; // a loop: the MTA will bounce it with the reason
                for (const auto &t : expansion.targets)
                    if (!recipients.contains(t.address))
                        recipients << t.address;
            }
            noteMessage(entry.flow, node::aliasExpander(domain), entry.sender, recipients, entry.data);
            hop(entry.flow, node::aliasExpander(domain), node::database(domain), EventReason::AliasLookup);
            resolved << recipients;
        }
        then([this, host, batch, domain, resolved] {
            for (const Spool::Entry &entry : batch)
                hop(entry.flow, node::database(domain), node::mtaClient(domain), EventReason::AddressesResolved);
            then([this, host, batch, resolved] { submitToOwnMta(*host, batch, resolved); });
        });
    });
}

// One submission connection for the batch: one sender's AUTH session carries all of its messages.
void World::submitToOwnMta(DomainHost &d, const QList<Spool::Entry> &batch, const QList<QStringList> &resolved)
{
    const QString domain = d.spec.name;
    const QString sender = batch.value(0).sender;
    QList<SmtpOutgoingMessage> messages;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const Spool::Entry &entry = batch[i];
        const QStringList recipients = resolved.value(i);
        SmtpOutgoingMessage message{entry.sender.toUtf8(), {}, entry.data};
        for (const QString &r : recipients)
            message.recipients << r.toUtf8();
        messages << message;
        expectRelay(entry.flow, entry.data, recipients);
    }
    const QString password = m_submitPasswords.value(batch.value(0).flow, d.spec.passwordOf(sender));
    const DomainHost::MxServer &own = d.mx.front();
    for (const Spool::Entry &entry : batch)
        expectArrival(entry.flow, node::mtaClient(domain), EventReason::Submission, {{QStringLiteral("host"), own.spec.host}});

    SmtpClient *client = newSmtpClient();
    const QString activity = activityId(QStringLiteral("submit"));
    m_stepper->beginActivity(activity);
    watchClientFailures(client, activity);
    QList<qint64> ids;
    QStringList flows, senders;
    for (const Spool::Entry &entry : batch) {
        ids << entry.id;
        flows << entry.flow;
        senders << entry.sender;
    }
    DomainHost *host = &d;
    connect(client, &SmtpClient::finished, this, whenSteppable<QList<SmtpSendResult>>([this, client, activity, ids, flows, senders, host](const QList<SmtpSendResult> &results) {
        for (int i = 0; i < ids.size(); ++i) {
            const qint64 id = ids[i];
            const SmtpSendResult r = results.value(i);
            if (!r.isTemporary() && i < results.size())
                m_submitPasswords.remove(flows[i]); // done with it: sent, or refused for good (535: nothing is sent)
            if (r.isDelivered()) {
                crashPoint("submission-accepted");
                for (const QByteArray &a : r.accepted)
                    host->outbox->setRecipientState(id, QString::fromUtf8(a), Spool::RecipientState::Delivered, replyText(r.finalReply));
                for (const auto &f : r.rejected)
                    host->outbox->setRecipientState(id, QString::fromUtf8(f.address), Spool::RecipientState::Failed, replyText(f.reply));
                host->outbox->markDelivered(id);
            } else if (r.isTemporary() || i >= results.size()) {
                const QString why = r.errorText.isEmpty() ? replyText(r.finalReply) : QString::fromUtf8(r.errorText);
                if (host->outbox->markDeferred(id, why, m_scheduler.now()))
                    scheduleOutbox(*host, host->outbox->entryHeader(id)->nextAttemptMs);
            } else {
                const QString why = r.errorText.isEmpty() ? replyText(r.finalReply) : QString::fromUtf8(r.errorText);
                host->outbox->markBounced(id, why);
                m_arrivals.remove(flows[i]); // it never reaches the MTA server
                // Refused for good while the sender is still connected: no bounce, the refusal goes back to
                // the user agent, which tells its user (RFC 5321 §6.1 bounces only what a server accepted).
                // The server's own words when a reply decided it; the client's when it refused before sending.
                const QString reply = r.finalReply.isPermanent() ? replyText(r.finalReply) : why;
                hop(flows[i], node::mtaClient(host->spec.name), node::ua(host->spec.name), EventReason::SubmissionRefused,
                    {{QStringLiteral("host"), host->submissionHost()}, {QStringLiteral("reply"), reply},
                     {QStringLiteral("author"), senders.value(i)}});
            }
        }
        finishSmtpClient(client);
        m_stepper->endActivity(activity);
        --host->submissionsInFlight;
        if (host->outboxPassWanted) {
            host->outboxPassWanted = false;
            scheduleOutbox(*host, m_scheduler.now());
        }
    }));
    SmtpClient::Target t;
    t.host = own.spec.address.toString();
    t.port = own.submissionPort;
    t.tls = SmtpClient::TlsMode::StartTls;
    t.tlsConfiguration = clientTls();
    t.verifyName = d.submissionHost();
    SmtpClientConfig config;
    config.clientHost = QByteArray("ua.") + domain.toUtf8();
    config.username = sender.toUtf8();
    config.password = password.toUtf8();
    config.requireTls = true;
    sendWith(client, t, config, messages);
}

void World::commitAccepted(DomainHost &d, const QString &serverHost, const smtp::SmtpMessage &message,
                           std::function<void(const smtp::CommitResult &)> done)
{
    QStringList recipients;
    for (const QByteArray &r : message.recipients)
        recipients << QString::fromUtf8(r);
    const QString flow = flowFor(message.data, recipients.value(0));
    const QString by = receivedByHost(message.data);
    noteMessage(flow, node::mtaServer(d.mxServer(by) ? by : serverHost), QString::fromUtf8(message.mailFrom), recipients,
                message.data);
    // Group commit: every message accepted in this pass of the event loop (by any of the concurrent
    // sessions) is committed in one transaction, one fsync, before any of them gets its 250.
    d.pendingCommits.push_back({Spool::NewEntry{flow, QString::fromUtf8(message.mailFrom), recipients, message.data, {}},
                                std::move(done)});
    if (d.pendingCommits.size() == 1) {
        DomainHost *host = &d;
        QTimer::singleShot(0, this, [this, host] { flushCommits(*host); });
    }
}

void World::flushCommits(DomainHost &d)
{
    std::vector<DomainHost::PendingCommit> pending;
    pending.swap(d.pendingCommits);
    QList<Spool::NewEntry> entries;
    for (const auto &p : pending)
        entries << p.entry;
    for (const auto &p : pending) {
        const QString by = receivedByHost(p.entry.data);
        if (d.mxServer(by))
            m_queueHosts.insert(d.spec.name + QLatin1Char('|') + p.entry.flow, by);
    }
    // The 250s wait for the disk (RFC 5321 §6.1); meanwhile the world goes on.
    auto waiting = std::make_shared<std::vector<DomainHost::PendingCommit>>(std::move(pending));
    DomainHost *host = &d;
    d.mtaQueue->enqueueAll(entries, m_scheduler.now(), [this, host, waiting](const std::optional<QList<qint64>> &ids) {
        if (!ids) {
            for (const auto &p : *waiting)
                p.done(smtp::CommitResult::failed(451, "4.3.0", "Error: queue file write error"));
            return;
        }
        crashPoint("queue-committed");
        QStringList keys;
        for (size_t i = 0; i < waiting->size(); ++i) {
            keys << host->spec.name + QLatin1Char('#') + QString::number(ids->value(qsizetype(i)));
            m_committedFlows.insert(keys.last(), (*waiting)[i].entry.flow);
        }
        for (size_t i = 0; i < waiting->size(); ++i)
            (*waiting)[i].done(smtp::CommitResult::accepted(QByteArray::number(ids->value(qsizetype(i)))));
        // The message moves on once its 250 is in the log (World::afterServerLine routes it then). The
        // 250s come from the wire thread: a call through it arrives behind them, and finds only the
        // messages whose session died before its 250 (or, in a paused world, whose 250 the gate holds).
        m_wire->call([this, host, keys] {
            QMetaObject::invokeMethod(this, [this, host, keys] {
                for (const QString &key : keys)
                    if (m_committedFlows.contains(key) && !m_stepper->isPaused())
                        acknowledgeCommit(key, QString());
                scheduleMtaQueue(*host, m_scheduler.now());
            }, Qt::QueuedConnection);
        });
    });
}

QString World::acceptingHost(DomainHost &d, const Spool::Entry &entry) const
{
    // The MX that accepted the message wrote its name in the newest Received: field (RFC 5321 §4.4);
    // with a backup MX that is not the primary. Messages the world queued itself (bounces) have none.
    const QString by = receivedByHost(entry.data);
    return d.mxServer(by) ? by : d.primaryHost();
}

QString World::flowRoot(const QByteArray &data)
{
    const QString tagged = QString::fromUtf8(headerValue(data, "X-MailFlow-Flow"));
    return tagged.isEmpty() ? outsideMessageRoot(data) : tagged;
}

QString World::relayKey(const QByteArray &data, const QString &recipient, bool arriving)
{
    const QString tagged = QString::fromUtf8(headerValue(data, "X-MailFlow-Flow"));
    if (!tagged.isEmpty())
        return tagged + QLatin1Char('|') + recipient.toLower();
    // Outside mail: the same bytes may come again from the client (a script sending one file twice);
    // the relay of it carries one Received: field more than the copy the sending MTA queued.
    const int hops = receivedCount(data) + (arriving ? 0 : 1);
    return outsideMessageRoot(data) + QLatin1Char('#') + QString::number(hops) + QLatin1Char('|') + recipient.toLower();
}

QString World::flowFor(const QByteArray &data, const QString &recipient)
{
    const QString root = QString::fromUtf8(headerValue(data, "X-MailFlow-Flow"));
    const QString key = relayKey(data, recipient, true);
    if (root.isEmpty()) {
        // A message from a client outside the simulation (serve mode): a new flow, unless this is the
        // relay of one this world sent on (that expectation serves once: a later message gets its own).
        const QString expected = m_expectedRelays.take(key);
        return expected.isEmpty() ? newFlow() : expected;
    }
    if (m_expectedRelays.contains(key))
        return m_expectedRelays.value(key);
    // A message this world sent before a restart: it keeps its flow id.
    if (!m_flows.contains(root))
        m_flows.insert(root, Flow{root, {}, root});
    return root;
}

void World::expectRelay(const QString &flow, const QByteArray &data, const QStringList &recipients)
{
    for (const QString &r : recipients)
        m_expectedRelays.insert(relayKey(data, r, false), flow);
}

void World::processMtaQueue(DomainHost &d)
{
    if (d.relaysInFlight >= kMaxRelayConnections) {
        d.queuePassWanted = true; // when one of them finishes
        return;
    }
    // Messages for the same remote domain taken in this pass share relay connections.
    // Local deliveries of the pass are stored together (one mailbox commit for the batch).
    QMap<QString, QList<RelayItem>> relays;
    QList<LocalItem> locals;
    for (const Spool::Entry &entry : d.mtaQueue->takeDue(m_scheduler.now(), kMtaQueueBatch))
        routeEntry(d, entry, relays, locals);
    if (!locals.isEmpty())
        deliverLocally(d, locals);
    for (auto it = relays.cbegin(); it != relays.cend(); ++it)
        relayToDomain(d, it.key(), it.value());
    if (d.mtaQueue->hasQueued())
        scheduleMtaQueue(d, m_scheduler.now());
    else if (const qint64 next = d.mtaQueue->nextRetryMs(); next >= 0)
        scheduleMtaQueue(d, next);
}

void World::routeEntry(DomainHost &d, const Spool::Entry &entry, QMap<QString, QList<RelayItem>> &relays,
                       QList<LocalItem> &locals)
{
    m_lastErrors.remove(entryKey(d, entry.id));
    QList<FailedRecipient> failed;
    if (receivedCount(entry.data) > kMaxReceived) {
        for (const QString &r : entry.pendingRecipients())
            failed << FailedRecipient{r, "5.4.6", QStringLiteral("X-MailFlow; mail forwarding loop: more than %1 Received: headers").arg(kMaxReceived), {}};
        bounce(d, entry, failed);
        for (const QString &r : entry.pendingRecipients())
            d.mtaQueue->setRecipientState(entry.id, r, Spool::RecipientState::Failed, QStringLiteral("5.4.6 routing loop"));
        finishEntry(d, entry.id);
        return;
    }
    // Group the recipients still pending by destination: this domain, or each remote domain.
    QStringList local;
    QMap<QString, QStringList> remote;
    for (const QString &r : entry.pendingRecipients()) {
        const QString dom = addressDomain(r);
        if (d.users.servesDomain(dom.toUtf8()))
            local << r;
        else
            remote[dom] << r;
    }
    const int groups = (local.isEmpty() ? 0 : 1) + int(remote.size());
    // One message to several destinations splits into copies, each with its own path.
    auto flowForGroup = [&](void) { return groups > 1 ? newFlow(entry.flow) : entry.flow; };
    if (!local.isEmpty()) {
        ++m_relaysInFlight[entryKey(d, entry.id)]; // a branch of this entry in flight: finishEntry waits for it
        locals << LocalItem{entry, flowForGroup(), local, node::mtaServer(acceptingHost(d, entry))};
    }
    for (auto it = remote.cbegin(); it != remote.cend(); ++it) {
        const QString flow = flowForGroup();
        ++m_relaysInFlight[entryKey(d, entry.id)]; // finishEntry waits for the relay
        for (const QString &r : it.value())
            m_expectedRelays.insert(relayKey(entry.data, r, false), flow);
        relays[it.key()] << RelayItem{entry, flow, it.value(), node::mtaServer(acceptingHost(d, entry))};
    }
    finishEntry(d, entry.id);
}

QString World::deliveryKey(const DomainHost &d, const Spool::Entry &entry, const QString &account)
{
    // One message (its Message-ID) lands once in one account, however often it arrives. A message
    // without one (a client outside the world may send that) is known by its queue entry: a retry of the
    // same entry after a crash still finds its copy.
    const QByteArray messageId = headerValue(entry.data, "Message-ID");
    if (messageId.isEmpty())
        return account.toLower() + QStringLiteral("|queue:") + entryKey(d, entry.id);
    return account.toLower() + QLatin1Char('|') + QString::fromUtf8(messageId);
}

// Final delivery of a batch of queue entries: every stage records its hop for all of them, then the
// next stage is scheduled (one hop per step); the mailbox copies are committed together.
void World::deliverLocally(DomainHost &d, const QList<LocalItem> &items)
{
    const QString domain = d.spec.name;
    DomainHost *host = &d;
    for (const LocalItem &item : items) {
        noteMessage(item.flow, item.mta, item.entry.sender, item.recipients, item.entry.data);
        hop(item.flow, item.mta, node::aliasExpander(domain), EventReason::AliasCheckIncoming);
    }
    then([this, host, items, domain] {
        // Nothing is marked in the queue here: storeInMailboxes marks each recipient only after its commit.
        QList<Expansion> expansions;
        for (const LocalItem &item : items) {
            Expansion x;
            for (const QString &r : item.recipients) {
                const auto expansion = host->aliases->expand(r, item.entry.sender);
                for (const auto &l : expansion.lookups) {
                    record(EventKind::Db, {{QStringLiteral("node"), node::database(domain)},
                                                  {QStringLiteral("message"), item.flow},
                                                  {QStringLiteral("query"), l.query},
                                                  {QStringLiteral("result"), l.members.isEmpty() ? QStringLiteral("no alias") : l.members.join(QStringLiteral(", "))},
                                                  {QStringLiteral("members"), QJsonArray::fromStringList(l.members)}});
                }
                if (!expansion.error.isEmpty()) {
                    x.failed << FailedRecipient{r, expansion.error.left(5).toUtf8(), QStringLiteral("X-MailFlow; ") + expansion.error, {}};
                    x.unresolvable << qMakePair(r, expansion.error);
                    continue;
                }
                x.targets << expansion.targets;
                x.expanded << r;
            }
            hop(item.flow, node::aliasExpander(domain), node::database(domain), EventReason::AliasLookup);
            expansions << x;
        }
        then([this, host, items, expansions]() mutable {
            storeInMailboxes(*host, items, expansions, [this, host, items] {
                for (const LocalItem &item : items) {
                    if (--m_relaysInFlight[entryKey(*host, item.entry.id)] <= 0)
                        m_relaysInFlight.remove(entryKey(*host, item.entry.id));
                    finishEntry(*host, item.entry.id);
                }
            });
        });
    });
}

void World::storeInMailboxes(DomainHost &d, const QList<LocalItem> &items, QList<Expansion> expansions,
                             std::function<void()> settled)
{
    const QString domain = d.spec.name;
    // Each queue recipient is marked done only after everything it expanded to is stored, forwarded or
    // bounced, so a crash in between leaves it pending and the retry repeats only what is missing (the
    // mailbox's delivery keys and the queue's origins make the repeats no-ops).
    struct Copy {
        qsizetype item;
        QString flow;
        QString address;
        QString account;
        QString key;
        QString sender; // the envelope sender of this copy (owner- for lists)
    };
    QList<Copy> copies;
    QList<MailboxStore::KeyedCopy> toStore;
    QList<QMap<QString, QStringList>> forwards(items.size()); // per item: sender -> external targets
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Spool::Entry &entry = items[i].entry;
        Expansion &x = expansions[i];
        const bool split = x.targets.size() > 1;
        for (const auto &t : std::as_const(x.targets)) {
            const QString copy = split ? newFlow(items[i].flow) : items[i].flow;
            if (!d.users.servesDomain(addressDomain(t.address).toUtf8())) {
                forwards[i][t.envelopeSender] << t.address;
                m_expectedRelays.insert(relayKey(entry.data, t.address, false), copy);
                continue;
            }
            if (!d.isLocalUser(t.address) && t.address.section(QLatin1Char('@'), 0, 0).compare(QLatin1String("postmaster"), Qt::CaseInsensitive) != 0) {
                x.failed << FailedRecipient{t.address, "5.1.1", QStringLiteral("X-MailFlow; 550 5.1.1 <%1>: mailbox unknown").arg(t.address), {}};
                continue;
            }
            const QString account = d.isLocalUser(t.address) ? t.address.toLower() : QStringLiteral("postmaster@") + domain;
            // Delivered-To loop check, then Return-Path and Delivered-To at final delivery (RFC 5321 §4.4).
            if (deliveredToValues(entry.data).contains(account.toUtf8())) {
                x.failed << FailedRecipient{t.address, "5.4.6", QStringLiteral("X-MailFlow; mail forwarding loop for %1").arg(account), {}};
                continue;
            }
            const QByteArray bytes = "Return-Path: <" + t.envelopeSender.toUtf8() + ">\r\n"
                                     "Delivered-To: " + account.toUtf8() + "\r\n" + entry.data;
            const QString key = deliveryKey(d, entry, account);
            copies << Copy{i, copy, t.address, account, key, t.envelopeSender};
            toStore << MailboxStore::KeyedCopy{key, account, QStringLiteral("INBOX"), bytes, wallTime()};
        }
    }
    // One transaction for every copy of the batch (group commit), visible at once; its fsync is made
    // beside the world (FileSync), and the queue hears of the delivery only once it is durable.
    const QList<MailboxStore::KeyedDelivery> stored = d.mailboxes->deliverOnceAll(toStore, MailboxStore::Durability::Later);
    QList<bool> mailboxError(items.size(), false);
    // What the lesson sees of each stored copy, recorded once the copy is durable (below).
    struct StoredCopy {
        QString flow;
        QString address;
        QString account;
        qint64 uid = 0;
        bool dsn = false;
    };
    QList<StoredCopy> durableCopies;
    for (qsizetype k = 0; k < copies.size(); ++k) {
        const Copy &c = copies[k];
        const Spool::Entry &entry = items[c.item].entry;
        const MailboxStore::KeyedDelivery &s = stored[k];
        if (s.duplicate) {
            // RFC 5321 §6.1: a crash between a commit and its bookkeeping can bring the same message
            // again; the mailbox already has it.
            note(EventReason::DuplicateSuppressed, {{QStringLiteral("message"), c.flow},
                                                    {QStringLiteral("node"), node::mailboxes(domain)},
                                                    {QStringLiteral("account"), c.account},
                                                    {QStringLiteral("key"), c.key.section(QLatin1Char('|'), 1)}});
            continue;
        }
        if (!s.uid) {
            // A temporary local problem: the recipient stays pending and the queue retries.
            mailboxError[c.item] = true;
            m_lastErrors.insert(entryKey(d, entry.id), QStringLiteral("4.3.0 mailbox write error: %1").arg(d.mailboxes->lastError()));
            continue;
        }
        crashPoint("mailbox-stored");
        m_deliveredFlows.insert(c.account + QLatin1Char('|') + flowRoot(entry.data), c.flow);
        m_mailboxFlows.insert(c.account.toLower() + QLatin1Char('|') + QString::number(*s.uid), c.flow);
        noteMessage(c.flow, node::database(domain), c.sender, {c.address}, toStore[k].bytes);
        durableCopies << StoredCopy{c.flow, c.address, c.account, qint64(*s.uid), entry.sender.isEmpty()};
    }
    // The clock waits for the disk like for any other I/O; a paused world hears of it at the next step.
    const QString activity = activityId(QStringLiteral("mailbox-sync"));
    m_stepper->beginActivity(activity);
    DomainHost *host = &d;
    m_fileSync->sync(d.mailboxes->walPath(), this,
                     whenSteppable<bool>([=, this](bool durable) {
                         // The message is in the mailbox once it survives a crash: only then does the
                         // lesson show it there (a failed sync retries the delivery; the repeat finds
                         // the copy by its delivery key).
                         for (const StoredCopy &c : durable ? durableCopies : QList<StoredCopy>()) {
                             hop(c.flow, node::database(domain), node::mailboxes(domain), EventReason::StoredInMailbox,
                                 {{QStringLiteral("account"), c.account}});
                             record(EventKind::Delivered, {{QStringLiteral("message"), c.flow},
                                                           {QStringLiteral("to"), c.address},
                                                           {QStringLiteral("mailbox"), c.account},
                                                           {QStringLiteral("uid"), c.uid},
                                                           {QStringLiteral("node"), node::mailboxes(domain)},
                                                           {QStringLiteral("dsn"), c.dsn}});
                             if (c.dsn)
                                 record(EventKind::Bounced, {{QStringLiteral("message"), c.flow}, {QStringLiteral("to"), c.address}});
                         }
                         settleLocalDelivery(*host, items, expansions, forwards, mailboxError, durable);
                         settled();
                         m_stepper->endActivity(activity);
                     }));
}

void World::settleLocalDelivery(DomainHost &d, const QList<LocalItem> &items, const QList<Expansion> &expansions,
                                const QList<QMap<QString, QStringList>> &forwards, const QList<bool> &mailboxError,
                                bool durable)
{
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Spool::Entry &entry = items[i].entry;
        const Expansion &x = expansions[i];
        // Forwarding to external addresses: a new queue entry per envelope sender, routed like any other.
        for (auto it = forwards[i].cbegin(); it != forwards[i].cend(); ++it) {
            const QString origin = QStringLiteral("forward:%1:%2").arg(entry.id).arg(it.key());
            queueDurably(d, items[i].flow, it.key(), it.value(), entry.data, origin);
        }
        bounce(d, entry, x.failed);
        for (const auto &[r, why] : std::as_const(x.unresolvable))
            d.mtaQueue->setRecipientState(entry.id, r, Spool::RecipientState::Failed, why);
        if (!durable) {
            // Stored but maybe not on disk: the recipients stay pending. FileSync keeps failing for this
            // mailbox file until a restart, which reads back what the disk holds; the delivery keys then
            // tell which copies really arrived.
            m_lastErrors.insert(entryKey(d, entry.id), QStringLiteral("4.3.0 mailbox sync error"));
        } else if (!mailboxError[i]) {
            for (const QString &r : std::as_const(x.expanded))
                d.mtaQueue->setRecipientState(entry.id, r, Spool::RecipientState::Delivered, QStringLiteral("expanded"));
        }
    }
}

// One relay connection carries up to this many messages for one destination domain (RFC 5321 §3.3: a
// session holds several mail transactions), as Postfix reuses an SMTP connection for the next delivery
// to the same destination: one TCP and TLS handshake for the batch instead of one per message (a
// handshake costs as much CPU as a few dozen transactions). Not more: each transaction waits for its
// commit at the receiver, and several connections in parallel let the receiver's group commit cover
// several messages with one fsync.
constexpr int kMessagesPerRelayConnection = 128;

void World::relayToDomain(DomainHost &d, const QString &domain, const QList<RelayItem> &all)
{
    for (qsizetype from = 0; from < all.size(); from += kMessagesPerRelayConnection)
        relayBatch(d, domain, all.mid(from, kMessagesPerRelayConnection));
}

void World::relayBatch(DomainHost &d, const QString &domain, const QList<RelayItem> &items)
{
    for (const RelayItem &item : items)
        noteMessage(item.flow, item.mta, item.entry.sender, item.recipients, item.entry.data);
    DomainHost *host = &d;
    // The clock waits while real I/O is in flight (the activity), but runs during the Internet's latency.
    auto activity = std::make_shared<QString>(activityId(QStringLiteral("relay")));
    m_stepper->beginActivity(*activity);
    ++d.relaysInFlight;
    // Items still in flight: the activity ends when the last one is done.
    auto remaining = std::make_shared<qsizetype>(items.size());
    auto done = [this, host, activity, remaining](const RelayItem &item) {
        if (--m_relaysInFlight[entryKey(*host, item.entry.id)] <= 0)
            m_relaysInFlight.remove(entryKey(*host, item.entry.id));
        finishEntry(*host, item.entry.id);
        if (--*remaining == 0) {
            m_stepper->endActivity(*activity);
            --host->relaysInFlight;
            if (host->queuePassWanted) {
                host->queuePassWanted = false;
                scheduleMtaQueue(*host, m_scheduler.now());
            }
        }
    };
    auto fail = [this, host, done](const RelayItem &item, const QString &why, bool permanent, const QByteArray &status) {
        const qint64 id = item.entry.id;
        if (permanent) {
            QList<FailedRecipient> failed;
            for (const QString &r : item.recipients)
                failed << FailedRecipient{r, status, QStringLiteral("X-MailFlow; ") + why, {}};
            bounce(*host, item.entry, failed);
            for (const QString &r : item.recipients)
                host->mtaQueue->setRecipientState(id, r, Spool::RecipientState::Failed, why);
        } else {
            m_lastErrors.insert(entryKey(*host, id), why);
            note(EventReason::RelayNotDone, {{QStringLiteral("message"), item.entry.flow}, {QStringLiteral("error"), why}});
        }
        done(item);
    };

    m_mxResolver->resolve(domain.toUtf8(), this, [=, this](const MxResolution &resolution) {
        if (resolution.outcome != MxResolution::Outcome::Candidates) {
            const bool permanent = resolution.outcome == MxResolution::Outcome::PermanentFailure;
            const QByteArray status = resolution.enhancedStatus.isEmpty() ? QByteArray("5.1.2") : resolution.enhancedStatus;
            for (const RelayItem &item : items)
                fail(item, resolution.explanation, permanent, status);
            return;
        }
        if (!linkUp(host->spec.name, domain)) {
            for (const RelayItem &item : items) {
                hop(item.flow, item.mta, node::internet(), EventReason::LinkDown, {{QStringLiteral("domain"), domain}});
                fail(item, QStringLiteral("connect to %1: network unreachable (the Internet link between %2 and %3 is down)")
                               .arg(domain, host->spec.name, domain), false, {});
            }
            return;
        }
        for (const RelayItem &item : items)
            hop(item.flow, item.mta, node::internet(), EventReason::MxFound, {{QStringLiteral("domain"), domain}});
        // Try each candidate in order (RFC 5321 §5.1); a refused or timed-out connection moves on, with
        // the messages that connection did not get to deliver.
        auto candidates = std::make_shared<QList<MxCandidate>>();
        MxCandidateList list = resolution.candidates;
        while (auto c = list.next())
            candidates->append(*c);
        auto attempt = std::make_shared<std::function<void(int, QList<RelayItem>)>>();
        // The function refers to itself weakly (no ownership cycle); a pending connection's callback
        // holds it strongly until that connection finishes.
        const std::weak_ptr<std::function<void(int, QList<RelayItem>)>> weakAttempt = attempt;
        *attempt = [=, this](int index, const QList<RelayItem> &batch) {
            const auto self = weakAttempt.lock();
            if (index >= candidates->size()) {
                for (const RelayItem &item : batch)
                    fail(item, QStringLiteral("no MX of %1 accepted a connection").arg(domain), false, {});
                return;
            }
            const MxCandidate c = candidates->at(index);
            QList<SmtpOutgoingMessage> messages;
            for (const RelayItem &item : batch) {
                SmtpOutgoingMessage message{item.entry.sender.toUtf8(), {}, item.entry.data};
                for (const QString &r : item.recipients)
                    message.recipients << r.toUtf8();
                messages << message;
            }
            SmtpClient *client = newSmtpClient();
            watchClientFailures(client, *activity, QString::fromUtf8(c.host));
            connect(client, &SmtpClient::finished, this, whenSteppable<QList<SmtpSendResult>>([=, this](const QList<SmtpSendResult> &results) {
                finishSmtpClient(client);
                QList<RelayItem> unreached;
                for (qsizetype i = 0; i < batch.size(); ++i) {
                    const RelayItem &item = batch[i];
                    const SmtpSendResult r = results.value(i);
                    if ((r.outcome == SmtpSendResult::Outcome::ConnectionFailure || i >= results.size())
                        && index + 1 < candidates->size() && !r.isDelivered()) {
                        unreached << item;
                        continue;
                    }
                    relayResult(*host, item, r, QString::fromUtf8(c.host), done, fail);
                }
                if (!unreached.isEmpty()) {
                    for (const RelayItem &item : std::as_const(unreached)) {
                        note(EventReason::MxDidNotAnswer, {{QStringLiteral("message"), item.flow},
                                                           {QStringLiteral("host"), QString::fromUtf8(c.host)},
                                                           {QStringLiteral("error"), QString::fromUtf8(results.value(0).errorText)}});
                    }
                    (*self)(index + 1, unreached);
                }
            }));
            const QString target = QString::fromUtf8(c.host);
            for (const RelayItem &item : batch)
                expectArrival(item.flow, node::internet(), EventReason::RelayToMx,
                              {{QStringLiteral("host"), target}, {QStringLiteral("preference"), int(c.preference)}});
            SmtpClient::Target t;
            t.host = c.address.toString();
            t.port = m_relayPort;
            t.tls = SmtpClient::TlsMode::StartTls;
            t.tlsConfiguration = clientTls();
            t.verifyName = target;
            // The relay leaves from the sending MTA's own address, the one DNS gives its host name.
            t.localAddress = host->primaryAddress();
            SmtpClientConfig config;
            config.clientHost = host->primaryHost().toUtf8();
            config.requireTls = true;
            sendWith(client, t, config, messages);
        };
        // The envelope crosses the Internet: the connection starts after the link's latency.
        m_stepper->endActivity(*activity);
        m_scheduler.scheduleIn(m_scenario.internetLatencyMs, [this, attempt, activity, items] {
            m_stepper->beginActivity(*activity);
            (*attempt)(0, items);
        }, QStringLiteral("internet latency"));
    });
}

// What one relayed message's SMTP result means for its queue entry.
void World::relayResult(DomainHost &d, const RelayItem &item, const SmtpSendResult &r, const QString &mxHost,
                        const std::function<void(const RelayItem &)> &done,
                        const std::function<void(const RelayItem &, const QString &, bool, const QByteArray &)> &fail)
{
    const qint64 id = item.entry.id;
    if (r.isDelivered() || !r.rejected.isEmpty()) {
        if (r.isDelivered())
            crashPoint("relay-accepted");
        QList<FailedRecipient> failed;
        for (const QByteArray &a : r.accepted)
            d.mtaQueue->setRecipientState(id, QString::fromUtf8(a), Spool::RecipientState::Delivered, replyText(r.finalReply));
        for (const auto &f : r.rejected) {
            if (f.reply.code >= 500) {
                failed << FailedRecipient{QString::fromUtf8(f.address), f.reply.enhanced.isEmpty() ? QByteArray("5.0.0") : f.reply.enhanced,
                                          QStringLiteral("smtp; ") + replyText(f.reply), mxHost};
            }
        }
        // The DSN is queued before the recipients are marked failed: a crash in between
        // bounces again on restart, and the bounce's origin key keeps that to one DSN.
        bounce(d, item.entry, failed);
        for (const FailedRecipient &f : std::as_const(failed))
            d.mtaQueue->setRecipientState(id, f.address, Spool::RecipientState::Failed, f.diagnostic);
        if (r.isDelivered() || failed.size() == item.recipients.size()) {
            done(item);
            return;
        }
    }
    if (r.outcome == SmtpSendResult::Outcome::PermanentFailure) {
        const QString why = r.errorText.isEmpty() ? replyText(r.finalReply) : QString::fromUtf8(r.errorText);
        QList<FailedRecipient> failed;
        const auto current = d.mtaQueue->entryHeader(id);
        const QList<QString> pending = current ? current->pendingRecipients() : QList<QString>();
        for (const QString &rc : item.recipients) {
            if (pending.contains(rc)) {
                failed << FailedRecipient{rc, r.finalReply.enhanced.isEmpty() ? QByteArray("5.0.0") : r.finalReply.enhanced,
                                          QStringLiteral("smtp; ") + why, mxHost};
            }
        }
        bounce(d, item.entry, failed);
        for (const FailedRecipient &f : std::as_const(failed))
            d.mtaQueue->setRecipientState(id, f.address, Spool::RecipientState::Failed, why);
        done(item);
        return;
    }
    fail(item, r.errorText.isEmpty() ? replyText(r.finalReply) : QString::fromUtf8(r.errorText), false, {});
}

void World::finishEntry(DomainHost &d, qint64 entryId)
{
    if (m_relaysInFlight.value(entryKey(d, entryId)) > 0)
        return; // the last relay of this entry to finish decides
    // An entry can be split over several deliveries that finish at different times: decide only when
    // none of them is pending any more.
    const auto entry = d.mtaQueue->entryHeader(entryId);
    if (!entry || entry->state != Spool::State::Active)
        return;
    const QList<QString> pending = entry->pendingRecipients();
    if (pending.isEmpty()) {
        bool anyDelivered = false;
        for (const auto &r : entry->recipients)
            anyDelivered = anyDelivered || r.state == Spool::RecipientState::Delivered;
        if (anyDelivered)
            d.mtaQueue->markDelivered(entryId);
        else
            d.mtaQueue->markBounced(entryId, entry->recipients.value(0).lastReply);
        return;
    }
    // Some recipients are still pending after a temporary failure: defer, and retry later.
    const QString why = m_lastErrors.value(entryKey(d, entryId), QStringLiteral("temporary failure"));
    if (d.mtaQueue->markDeferred(entryId, why, m_scheduler.now())) {
        scheduleMtaQueue(d, d.mtaQueue->entryHeader(entryId)->nextAttemptMs);
    } else {
        QList<FailedRecipient> failed;
        for (const QString &r : pending)
            failed << FailedRecipient{r, "4.4.7", QStringLiteral("X-MailFlow; delivery time expired"), {}};
        if (const auto full = d.mtaQueue->entry(entryId))
            bounce(d, *full, failed);
    }
}

void World::bounce(DomainHost &d, const Spool::Entry &entry, const QList<FailedRecipient> &failed)
{
    if (failed.isEmpty())
        return;
    for (const FailedRecipient &f : failed) {
        record(EventKind::Error, {{QStringLiteral("message"), entry.flow},
                                         {QStringLiteral("node"), node::mtaServer(d.primaryHost())},
                                         {QStringLiteral("text"), QStringLiteral("<%1>: %2").arg(f.address, f.diagnostic)}});
    }
    // Never bounce a bounce (RFC 5321 §4.5.5, §6.1): mail from <> that fails is only logged.
    if (entry.sender.isEmpty() || isDeliveryStatusNotification(entry.data)) {
        note(EventReason::BounceNotBounced, {{QStringLiteral("message"), entry.flow}});
        return;
    }
    // One DSN per queue entry and set of failed recipients, even when a restart repeats the failure.
    QStringList addresses;
    for (const FailedRecipient &f : failed)
        addresses << f.address.toLower();
    addresses.sort();
    const QString origin = QStringLiteral("bounce:%1:%2").arg(entry.id).arg(addresses.join(QLatin1Char(',')));
    if (d.mtaQueue->idForOrigin(origin) != 0) {
        note(EventReason::BounceAlreadyQueued, {{QStringLiteral("message"), entry.flow},
                                                {QStringLiteral("to"), addresses.join(QStringLiteral(", "))}});
        return;
    }
    const QString dsnFlow = newFlow(entry.flow);
    const QByteArray dsn = composeDeliveryStatusNotification(
        d.primaryHost(), entry.sender, failed, entry.data, m_epoch.addMSecs(entry.createdMs), wallTime(),
        QStringLiteral("%1.%2.%3@%4").arg(dsnFlow).arg(entry.id).arg(m_epoch.toMSecsSinceEpoch()).arg(d.primaryHost()).toUtf8());
    const QByteArray tagged = "X-MailFlow-Flow: " + dsnFlow.toUtf8() + "\r\n" + dsn;
    m_expectedRelays.insert(dsnFlow + QLatin1Char('|') + entry.sender.toLower(), dsnFlow);
    noteMessage(dsnFlow, node::mtaServer(d.primaryHost()), QString(), {entry.sender}, tagged);
    hop(dsnFlow, node::mtaServer(d.primaryHost()), node::mtaServer(d.primaryHost()),
        EventReason::BounceWritten, {{QStringLiteral("to"), entry.sender}});
    queueDurably(d, dsnFlow, QString(), {entry.sender}, tagged, origin);
}

void World::queueDurably(DomainHost &d, const QString &flow, const QString &sender, const QStringList &recipients,
                         const QByteArray &data, const QString &origin)
{
    // The message is queued once it is on disk: the clock waits for that like for any other I/O, and the
    // queue's next pass takes it.
    const QString activity = activityId(QStringLiteral("queue-commit"));
    m_stepper->beginActivity(activity);
    DomainHost *host = &d;
    d.mtaQueue->enqueue(flow, sender, recipients, data, m_scheduler.now(), origin, nullptr,
                        [this, host, activity](const std::optional<QList<qint64>> &) {
                            scheduleMtaQueue(*host, m_scheduler.now());
                            m_stepper->endActivity(activity);
                        });
}

} // namespace mf
