#pragma once

#include <atomic>
#include "ClientMail.h"
#include "DomainHost.h"
#include "MessageHistory.h"
#include "events/EventLog.h"
#include "events/SimScheduler.h"
#include "events/Stepper.h"
#include "explain/ConversationExplainer.h"
#include "scenario/Scenario.h"
#include "smtp/SmtpClient.h"
#include "tls/LocalCa.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSslConfiguration>
#include <memory>
#include <optional>
#include <vector>

namespace mf {

class DnsServer;
class WireCapture;
class DnsZoneTable;
class DnsResolver;
class MxResolver;
struct SmtpSendResult;
struct Pop3FetchResult;
struct ImapClientResult;

struct WorldOptions {
    QString dataDirectory;        // the world's state (SQLite files); reused when it exists (restart)
    bool ephemeralPorts = true;   // false: MailFlow's well-known ports (serve), true: any free ones (run)
    Language language = Language::English;
    // Servers hand their sessions one line at a time and stop while the Stepper is paused, so a
    // lecturer can step command by command (the GUI); off for headless runs and serve.
    // In this mode the servers also sit behind a WireTap and the log gets `wire` events: the bytes a
    // network observer would see (the GUI's eavesdropper view).
    bool gateConnections = false;
    // When set, every connection to the world's servers and every DNS datagram is recorded here for a
    // packet capture (pcap/PcapngExport): the servers sit behind a WireTap even without gateConnections.
    std::shared_ptr<WireCapture> capture;
    // How much history stays in memory: everything by default (run, the GUI); serve bounds it with
    // EventRetention::serve(), keeps the older events in <dataDirectory>/events.jsonl, records only the
    // first lines of each transfer's data and keeps no message snapshots (docs/LIMITS.md).
    EventRetention retention;
};

// The world of a scenario: every domain's nodes running for real (SMTP, POP3, IMAP, DNS on loopback),
// the timeline of actions, and the event log everything is recorded in. The Stepper decides when the
// next hop may happen; simulated time fast-forwards when nothing is in flight.
class World : public QObject
{
    Q_OBJECT
public:
    struct ExpectationResult {
        ExpectationSpec spec;
        bool held = false;
        QString detail; // what was expected and what happened, in plain words (English)
        int actual = 0;  // what happened: the count seen (or the hop count)
        QStringList actualPath; // for a path expectation
    };

    World(Scenario scenario, WorldOptions options, QObject *parent = nullptr);
    ~World() override;

    // Creates the CA, stores and servers, publishes the DNS zones, resumes spools left by an earlier
    // run and schedules the timeline. The Stepper is paused; call stepper().run() (or step).
    bool start(QString *error);
    void stop();

    const Scenario &scenario() const { return m_scenario; }
    EventLog &log() { return m_log; }
    const EventLog &log() const { return m_log; }
    SimScheduler &scheduler() { return m_scheduler; }
    Stepper &stepper() { return *m_stepper; }
    LocalCa &ca() { return m_ca; }
    // What the network saw, for a packet capture; null unless WorldOptions::capture was set.
    std::shared_ptr<WireCapture> capture() const { return m_options.capture; }
    Language language() const { return m_options.language; }
    void setLanguage(Language language) { m_options.language = language; }

    // DESIGN.md's endpoints JSON: {"ca", "dns", "domains": {...}, "users": [...]}.
    QJsonObject endpoints() const;
    QList<DomainHost *> domains() const;
    DomainHost *domain(const QString &name) const;

    // Actions (the timeline's, and the GUI's composer and mail client).
    // A non-empty `origin` (the timeline's "timeline:<index>:<digest>") makes the send idempotent: when
    // the UA's spool already holds a message from that origin (an earlier run of this world put it there
    // before being killed), nothing is sent again.
    QString send(const ActionSpec &action, const QString &origin = {});
    void inject(const ActionSpec &action);
    void fetch(const ActionSpec &action);
    // `clientView`: what the user's mail client on that device holds after this check (nullopt: unchanged).
    void recordRetrieval(const ActionSpec &action, const EventFields &retrieved, std::function<void()> done,
                         std::optional<QList<ClientMessage>> clientView = std::nullopt);
    void fetchWithImap(DomainHost &d, const ActionSpec &action, const QString &password, const QString &activity);
    void setLinkState(const QString &domainA, const QString &domainB, bool up);
    void setServerState(const QString &host, bool up);
    void setAlias(const AliasSpec &alias);

    // What each user's mail client holds after its checks, per device, as of any event (ClientActions.cpp).
    const ClientMailboxes &clientMail() const { return m_clientMail; }
    // The user opens `message` on `device`: the client shows it read from now on. Over IMAP a short
    // session stores \Seen on the server (UID STORE, RFC 3501 §6.4.6), so the user's other devices see
    // it read at their next check; POP3 has no flags, only this device knows. Recorded as an "action"
    // event ("read"). False when that device does not hold the message.
    bool markRead(const QString &user, const QString &device, const ClientMessage &message);

    QList<ExpectationResult> checkExpectations() const;
    // The node ids the message for `recipient` visited, in order (from hop events).
    QStringList pathTo(const QString &recipient) const;

    // What a message looked like along its way (for the GUI's message inspector): a snapshot of its
    // envelope and bytes at every hop and wherever a node changed it, kept in memory.
    QList<MessageSnapshot> messageSnapshots(const QString &flow) const { return m_history.snapshots(flow); }
    // The message as it was when the log's event `eventIndex` happened; nothing before it existed.
    std::optional<MessageSnapshot> messageAt(const QString &flow, int eventIndex) const { return m_history.at(flow, eventIndex); }
    // Every flow with a snapshot, in the order they appeared.
    QStringList messageFlows() const { return m_history.flows(); }

    // The DNS server's zone data: an SQLite table (DnsZoneTable) the authority reads on every query, so
    // an edit (e.g. through a QSqlTableModel on this connection) changes the next answer.
    QSqlDatabase dnsDatabase() const;
    static QString dnsTableName();

signals:
    // Emitted for every event appended to the log.
    void recorded(int index);
    // A user's mail client on `device` changed (a check finished, a message was opened).
    void clientMailChanged(const QString &user, const QString &device);

private:
    struct Flow {
        QString id;
        QString parent;
        QString root;
    };

    bool setUpDomain(const DomainSpec &spec, QString *error);
    // The client's view after a check (ClientActions.cpp).
    QList<ClientMessage> pop3ClientView(const ActionSpec &action, const Pop3FetchResult &result, const QStringList &flows) const;
    QList<ClientMessage> imapClientView(const ActionSpec &action, const ImapClientResult &result) const;
    QString deliveredFlow(const QString &account, const QByteArray &message) const;
    bool bindServers(QString *error);
    bool startDns(QString *error);
    void scheduleTimeline();
    // Timeline progress across restarts (TimelineProgress.cpp).
    static QString timelineOrigin(int index, const ActionSpec &action);
    bool alreadySent(DomainHost &d, const QString &origin);
    void runAction(const ActionSpec &action);

    // Recording.
    // `common`: fields shared with other events (SimEvent::common).
    void record(EventKind kind, EventFields fields, const EventFields &common = {});
    // A note: something the lesson should see that is not a hop; `why` and its parameters (`fields`).
    void note(EventReason why, EventFields fields);
    // One step of a message along its path: `why` it happens and that reason's parameters.
    void hop(const QString &flow, const QString &from, const QString &to, EventReason why, EventFields params = {});
    // The message `flow` changed at `node` (content or envelope): a snapshot for the inspectors.
    void noteMessage(const QString &flow, const QString &node, const QString &mailFrom, const QStringList &rcptTo,
                     const QByteArray &data);
    void then(std::function<void()> next);
    // Wraps a client's completion handler: while the Stepper is paused, the consequences of I/O that
    // was still in flight (queue updates, the next hop) wait for the next step instead of appearing
    // while the lecturer looks at a paused world.
    template <typename... Args, typename F>
    auto whenSteppable(F handler)
    {
        return [this, handler](const Args &...args) {
            if (m_stepper->isPaused())
                m_scheduler.scheduleIn(0, [handler, args...] { handler(args...); }, QStringLiteral("client finished"));
            else
                handler(args...);
        };
    }
    void watchServer(QObject *server, const QString &hostLabel);
    // Runs `work` in the world's thread: now when called there, else queued behind what that thread has
    // already been sent (the lines of the session that calls).
    void inWorldThread(std::function<void()> work);
    // SMTP clients live in the wire thread: made there, sending from there, deleted there.
    SmtpClient *newSmtpClient();
    void sendWith(SmtpClient *client, const SmtpClient::Target &target, const SmtpClientConfig &config,
                  const QList<SmtpOutgoingMessage> &messages);
    void finishSmtpClient(SmtpClient *client);
    void onServerLine(const QString &conn, const QString &proto, const SessionEvent &event);
    // The story as it happens on the wire (WorldNarration.cpp): a message enters an MTA server at that
    // server's 250 to the end of DATA (RFC 5321 §6.1), reaches a user agent while RETR or FETCH carries
    // it, and leaves a POP3 mailbox at QUIT's UPDATE state (RFC 1939 §6).
    void expectArrival(const QString &flow, const QString &from, EventReason why, EventFields params);
    void onServerNotice(const QString &conn, const QString &proto, const QByteArray &text);
    // Before a server line of `conn` is recorded: a client command after RETR/FETCH data means the user
    // agent has the whole message.
    void beforeServerLine(const QString &conn, const SessionEvent &event);
    // After it: the 250 that followed a commit notice hands the message to that server.
    void afterServerLine(const QString &conn, const SessionEvent &event);
    void acknowledgeCommit(const QString &key, const QString &host);
    void deliveredToUserAgent(const QString &conn);
    // The node a domain's mail is read through: the seed's spool before User B's agent on a receiving
    // domain, the access server (POP3/IMAP) on the sending one, whose spool is its outgoing queue.
    QString accessNode(const QString &domain) const;
    void recordClientFailure(const QString &what, const SessionEvent &event, const QString &host = {});
    // `host`: the mail server the client connects to, named in its error events (a refused connection).
    void watchClientFailures(SmtpClient *client, const QString &activity, const QString &host = {});

    // Routing (MailRouting.cpp).
    void scheduleOutbox(DomainHost &d, qint64 atMs);
    void scheduleMtaQueue(DomainHost &d, qint64 atMs);
    void processOutbox(DomainHost &d);
    void processMtaQueue(DomainHost &d);
    void submitFromOutbox(DomainHost &d, const QList<Spool::Entry> &batch);
    void submitToOwnMta(DomainHost &d, const QList<Spool::Entry> &batch, const QList<QStringList> &recipients);
    // One message (queue entry) to relay to the recipients of one remote domain.
    struct RelayItem {
        Spool::Entry entry;
        QString flow;
        QStringList recipients;
        QString mta; // the node that relays it
    };
    // One message (queue entry) to deliver to local recipients, and what its alias expansion gave.
    struct LocalItem {
        Spool::Entry entry;
        QString flow;
        QStringList recipients;
        QString mta; // the node that accepted it
    };
    struct Expansion {
        QList<AliasDatabase::Target> targets;
        QStringList expanded;                        // recipients that expanded
        QList<QPair<QString, QString>> unresolvable; // recipient, why
        QList<struct FailedRecipient> failed;
    };
    void routeEntry(DomainHost &d, const Spool::Entry &entry, QMap<QString, QList<RelayItem>> &relays,
                    QList<LocalItem> &locals);
    void deliverLocally(DomainHost &d, const QList<LocalItem> &items);
    // Stores the copies, records their delivery, and once they are on disk updates the queue (recipients
    // delivered or failed, bounces, forwards) and calls `settled`.
    void storeInMailboxes(DomainHost &d, const QList<LocalItem> &items, QList<Expansion> expansions,
                          std::function<void()> settled);
    // The queue's side of a local delivery, once the copies are on disk (`durable`) or could not be made
    // so: forwards, bounces, recipients delivered or failed.
    void settleLocalDelivery(DomainHost &d, const QList<LocalItem> &items, const QList<Expansion> &expansions,
                             const QList<QMap<QString, QStringList>> &forwards, const QList<bool> &mailboxError,
                             bool durable);

    void relayToDomain(DomainHost &d, const QString &domain, const QList<RelayItem> &items);
    void relayBatch(DomainHost &d, const QString &domain, const QList<RelayItem> &items);
    void relayResult(DomainHost &d, const RelayItem &item, const SmtpSendResult &result, const QString &mxHost,
                     const std::function<void(const RelayItem &)> &done,
                     const std::function<void(const RelayItem &, const QString &, bool, const QByteArray &)> &fail);
    static QString entryKey(const DomainHost &d, qint64 entryId) { return d.spec.name + QLatin1Char('#') + QString::number(entryId); }
    void finishEntry(DomainHost &d, qint64 entryId);
    void bounce(DomainHost &d, const Spool::Entry &entry, const QList<struct FailedRecipient> &failed);
    // A message the MTA queues itself (a bounce, a forward): due, and a queue pass scheduled, once on disk.
    void queueDurably(DomainHost &d, const QString &flow, const QString &sender, const QStringList &recipients,
                      const QByteArray &data, const QString &origin);
    void commitAccepted(DomainHost &d, const QString &serverHost, const struct smtp::SmtpMessage &message,
                        std::function<void(const struct smtp::CommitResult &)> done);
    void flushCommits(DomainHost &d);
    QString flowFor(const QByteArray &data, const QString &recipient);
    // The root a message's flows are kept under: its X-MailFlow-Flow, or outsideMessageRoot() for mail
    // from outside clients.
    static QString flowRoot(const QByteArray &data);
    // The m_expectedRelays key of `data` for `recipient`: as the sender queues it (`arriving` false) or
    // as it arrives at the next MTA (true).
    static QString relayKey(const QByteArray &data, const QString &recipient, bool arriving);
    QString acceptingHost(DomainHost &d, const Spool::Entry &entry) const;
    static QString deliveryKey(const DomainHost &d, const Spool::Entry &entry, const QString &account);
    QString newFlow(const QString &parent = {});
    void expectRelay(const QString &flow, const QByteArray &data, const QStringList &recipients);
    bool linkUp(const QString &a, const QString &b) const;
    QDateTime wallTime() const;
    QSslConfiguration clientTls() const;
    QString activityId(const QString &what);

    Scenario m_scenario;
    WorldOptions m_options;
    LocalCa m_ca;
    std::unique_ptr<class WireThread> m_wire;
    std::unique_ptr<class FileSync> m_fileSync; // makes mailbox deliveries durable beside the world
    QSet<SmtpClient *> m_smtpClients; // the SMTP clients still sending (they live in the wire thread)
    EventLog m_log;
    SimScheduler m_scheduler;
    std::unique_ptr<Stepper> m_stepper;
    std::vector<std::unique_ptr<DomainHost>> m_domains;
    std::unique_ptr<SqliteFile> m_dnsFile;
    std::unique_ptr<DnsZoneTable> m_dnsZones;
    std::unique_ptr<DnsServer> m_dns;
    std::unique_ptr<DnsResolver> m_resolver;
    std::unique_ptr<MxResolver> m_mxResolver;
    quint16 m_relayPort = 0;
    QDateTime m_epoch;
    // The simulated clock as the SMTP servers in the wire thread read it for their Received: fields.
    std::shared_ptr<std::atomic<qint64>> m_clockMirror = std::make_shared<std::atomic<qint64>>(0);
    // This world's SMTP connection numbers: a Reset starts again at #1.
    std::shared_ptr<std::atomic<quint64>> m_smtpConnections = std::make_shared<std::atomic<quint64>>(0);
    QHash<QString, Flow> m_flows;
    MessageHistory m_history;
    QHash<QString, QString> m_expectedRelays;        // relayKey() -> flow
    QHash<QString, QString> m_deliveredFlows;        // "account|rootflow" -> flow of the delivered copy
    QHash<QString, QString> m_mailboxFlows;          // "account|uid" -> flow of the copy stored there
    struct Arrival {
        QString from;
        EventReason why = EventReason::None;
        EventFields params;
    };
    QHash<QString, Arrival> m_arrivals;              // flow -> its hop into the MTA server that takes it next
    QHash<QString, QString> m_committedFlows;        // "domain#queue id" -> flow, until the 250 is recorded
    QHash<QString, QString> m_commitNotices;         // conn -> "domain#queue id" whose 250 is the next line
    struct AccessSession {
        QString domain;
        QString account;
        QString carrying; // the flow whose text is on its way to the user agent
    };
    QHash<QString, AccessSession> m_accessSessions;  // POP3/IMAP conn -> what it is serving
    struct Fetching {
        QString protocol;
        QString device;
    };
    QHash<QString, Fetching> m_fetching;             // account -> the timeline's fetch now running
    // Per connection, one explainer per language: every line event carries both explanations, so the GUI
    // can switch language for lines already recorded.
    struct LineExplainers {
        ConversationExplainer english;
        ConversationExplainer indonesian;
        QHash<QString, EventFields> common; // direction, language, explanations -> the line events' common fields
        QString client; // "address:port" of the client as the server saw it (empty when not known)
        QString server; // "address:port" the client connected to
        // A bounded log records a transfer's data up to EventRetention::dataBytesPerTransfer and counts the rest.
        qint64 dataRecorded = 0;
        qint64 dataLinesSkipped = 0;
        qint64 dataOctetsSkipped = 0;
        Direction dataDir = Direction::Client;
    };
    LineExplainers &explainersFor(const QString &conn, const QString &proto);
    void onConnectionOpened(const QString &conn, const QString &proto, const QHostAddress &peer, quint16 peerPort,
                            const QHostAddress &server, quint16 serverPort);
    // A connection's state goes with it: its explainers, a commit notice whose 250 was never sent, an
    // access session that carries nothing to a user agent (serve sees thousands of connections).
    void onConnectionClosed(const QString &conn, const QString &proto);
    // Whether a line is recorded under the data bound; a line that is not data first records the note
    // for the data skipped before it.
    bool keepsLine(const QString &conn, const QString &proto, LineExplainers &explainers, const SessionEvent &event);
    void recordDataNotKept(const QString &conn, const QString &proto, LineExplainers &explainers);
    QHash<QString, std::shared_ptr<LineExplainers>> m_explainers;
    QHash<QString, QSet<quint32>> m_deviceUids;      // "user|device" -> IMAP UIDs that device has
    ClientMailboxes m_clientMail;
    QSet<QString> m_downLinks;                       // "a.example|b.example", sorted pair
    // Keyed by entryKey(): queue entry ids are per domain, so two domains both have an entry 1.
    QHash<QString, int> m_relaysInFlight;            // MTA-queue entry -> relays not finished yet
    QHash<QString, QString> m_queueHosts;            // "domain|flow" -> the MX host that accepted it
    QHash<QString, QString> m_lastErrors;            // MTA-queue entry -> why its last attempt failed
    QHash<QString, QString> m_submitPasswords;       // spool flow -> the password its UA typed (else the lesson's)
    int m_flowCounter = 0;
    int m_activityCounter = 0;
    bool m_started = false;
};

} // namespace mf
