#pragma once

#include "DomainHost.h"
#include "events/EventLog.h"
#include "events/SimScheduler.h"
#include "events/Stepper.h"
#include "explain/ConversationExplainer.h"
#include "scenario/Scenario.h"
#include "tls/LocalCa.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <memory>
#include <vector>

namespace mf {

class DnsServer;
class DnsResolver;
class MxResolver;
struct SmtpSendResult;

struct WorldOptions {
    QString dataDirectory;        // the world's state (SQLite files); reused when it exists (restart)
    bool ephemeralPorts = true;   // false: MailFlow's well-known ports (serve), true: any free ones (run)
    Language language = Language::English;
    // Servers hand their sessions one line at a time and stop while the Stepper is paused, so a
    // lecturer can step command by command (the GUI); off for headless runs and serve.
    // In this mode the servers also sit behind a WireTap and the log gets `wire` events: the bytes a
    // network observer would see (the GUI's eavesdropper view).
    bool gateConnections = false;
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
        QString detail; // what was expected and what happened, in plain words
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
    void recordRetrieval(DomainHost &d, const ActionSpec &action, const QStringList &flows, const QJsonObject &retrieved,
                         std::function<void()> done);
    void fetchWithImap(DomainHost &d, const ActionSpec &action, const QString &password, const QString &activity);
    void setLinkState(const QString &domainA, const QString &domainB, bool up);
    void setServerState(const QString &host, bool up);
    void setAlias(const AliasSpec &alias);

    QList<ExpectationResult> checkExpectations() const;
    // The node ids the message for `recipient` visited, in order (from hop events).
    QStringList pathTo(const QString &recipient) const;

signals:
    // Emitted for every event appended to the log.
    void recorded(int index);

private:
    struct Flow {
        QString id;
        QString parent;
        QString root;
    };

    bool setUpDomain(const DomainSpec &spec, QString *error);
    bool bindServers(QString *error);
    bool startDns(QString *error);
    void scheduleTimeline();
    // Timeline progress across restarts (TimelineProgress.cpp).
    static QString timelineOrigin(int index, const ActionSpec &action);
    bool alreadySent(DomainHost &d, const QString &origin);
    void runAction(const ActionSpec &action);

    // Recording.
    void record(const QString &kind, QJsonObject fields);
    void hop(const QString &flow, const QString &from, const QString &to, const QString &note = {});
    void then(std::function<void()> next);
    void watchServer(QObject *server, const QString &hostLabel);
    void onServerLine(const QString &conn, const QString &proto, const SessionEvent &event);
    void recordClientFailure(const QString &what, const SessionEvent &event);

    // Routing (MailRouting.cpp).
    void scheduleOutbox(DomainHost &d, qint64 atMs);
    void scheduleMtaQueue(DomainHost &d, qint64 atMs);
    void processOutbox(DomainHost &d);
    void processMtaQueue(DomainHost &d);
    void submitFromOutbox(DomainHost &d, const QList<Spool::Entry> &batch);
    void submitToOwnMta(DomainHost &d, const QList<Spool::Entry> &batch, const QList<QStringList> &recipients);
    void routeEntry(DomainHost &d, const Spool::Entry &entry);
    void deliverLocally(DomainHost &d, const Spool::Entry &entry, const QString &flow, const QStringList &recipients);
    void storeInMailboxes(DomainHost &d, const Spool::Entry &entry, const QString &flow,
                          const QList<AliasDatabase::Target> &targets, const QStringList &expanded,
                          const QList<QPair<QString, QString>> &unresolvable, QList<struct FailedRecipient> &failed);
    void relayToDomain(DomainHost &d, const Spool::Entry &entry, const QString &flow, const QString &domain,
                       const QStringList &recipients);
    void finishEntry(DomainHost &d, qint64 entryId);
    void relayFinished(DomainHost &d, qint64 entryId, const QString &activity);
    void bounce(DomainHost &d, const Spool::Entry &entry, const QList<struct FailedRecipient> &failed);
    void commitAccepted(DomainHost &d, const QString &serverHost, const struct smtp::SmtpMessage &message,
                        std::function<void(const struct smtp::CommitResult &)> done);
    void flushCommits(DomainHost &d);
    QString flowFor(const QByteArray &data, const QString &recipient);
    QString acceptingHost(DomainHost &d, const Spool::Entry &entry) const;
    static QString deliveryKey(const QByteArray &data, const QString &account);
    QString newFlow(const QString &parent = {});
    void expectRelay(const QString &flow, const QByteArray &data, const QStringList &recipients);
    bool linkUp(const QString &a, const QString &b) const;
    QDateTime wallTime() const;
    QSslConfiguration clientTls() const;
    QString activityId(const QString &what);

    Scenario m_scenario;
    WorldOptions m_options;
    LocalCa m_ca;
    EventLog m_log;
    SimScheduler m_scheduler;
    std::unique_ptr<Stepper> m_stepper;
    std::vector<std::unique_ptr<DomainHost>> m_domains;
    std::unique_ptr<DnsServer> m_dns;
    std::unique_ptr<DnsResolver> m_resolver;
    std::unique_ptr<MxResolver> m_mxResolver;
    quint16 m_relayPort = 0;
    QDateTime m_epoch;
    QHash<QString, Flow> m_flows;
    QHash<QString, QString> m_expectedRelays;        // "rootflow|rcpt" -> flow
    QHash<QString, QString> m_deliveredFlows;        // "account|rootflow" -> flow of the delivered copy
    // Per connection, one explainer per language: every line event carries both explanations, so the GUI
    // can switch language for lines already recorded.
    struct LineExplainers {
        ConversationExplainer english;
        ConversationExplainer indonesian;
    };
    QHash<QString, std::shared_ptr<LineExplainers>> m_explainers;
    QHash<QString, QSet<quint32>> m_deviceUids;      // "user|device" -> IMAP UIDs that device has
    QSet<QString> m_downLinks;                       // "a.example|b.example", sorted pair
    QHash<qint64, int> m_relaysInFlight;             // MTA-queue entry -> relays not finished yet
    QHash<QString, QString> m_queueHosts;            // "domain|flow" -> the MX host that accepted it
    QHash<qint64, QString> m_lastErrors;             // MTA-queue entry -> why its last attempt failed
    int m_flowCounter = 0;
    int m_activityCounter = 0;
    bool m_started = false;
};

} // namespace mf
