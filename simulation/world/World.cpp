#include "World.h"

#include "explain/DnsExplanations.h"

#include "NodeIds.h"
#include "dns/DnsResolver.h"
#include "dns/DnsServer.h"
#include "dns/DnsZoneTable.h"
#include "dns/MxResolver.h"
#include "imap/ImapServer.h"
#include "pop3/Pop3Server.h"
#include "smtp/SmtpClient.h"
#include "tls/TlsConfig.h"
#include "MtaSink.h"
#include "WireThread.h"
#include "store/FileSync.h"

#include <memory>
#include <utility>

#include <QDir>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTcpServer>

namespace mf {

using namespace Qt::StringLiterals;

namespace {

// Well-known MailFlow ports for `serve` (unprivileged stand-ins for 25, 587, 465, 110, 995, 143, 993, 53).
constexpr quint16 kRelayPort = 2525;
constexpr quint16 kSubmissionPort = 2587;
constexpr quint16 kSmtpsPort = 2465;
constexpr quint16 kPop3Port = 2110;
constexpr quint16 kPop3sPort = 2995;
constexpr quint16 kImapPort = 2143;
constexpr quint16 kImapsPort = 2993;
constexpr quint16 kDnsPort = 2053;

// Distinct sets of shared line fields one connection keeps (World::onServerLine).
constexpr qsizetype kMaxCommonSetsPerConnection = 256;

QString hostPort(const QHostAddress &a, quint16 p)
{
    return a.toString() + QLatin1Char(':') + QString::number(p);
}

} // namespace

DomainHost::MxServer *DomainHost::mxServer(const QString &host)
{
    for (MxServer &m : mx)
        if (m.spec.host == host)
            return &m;
    return nullptr;
}

World::World(Scenario scenario, WorldOptions options, QObject *parent)
    : QObject(parent), m_scenario(std::move(scenario)), m_options(std::move(options)),
      m_ca(LocalCa::defaultDirectory())
{
    m_stepper = std::make_unique<Stepper>(m_scheduler, m_log);
    connect(&m_log, &EventLog::appended, this, &World::recorded);
    connect(&m_log, &EventLog::appended, this, [this] { m_clockMirror->store(m_scheduler.now(), std::memory_order_relaxed); });
    m_epoch = QDateTime::currentDateTimeUtc();
}

World::~World()
{
    stop();
    if (!m_wire)
        return;
    // What lives in the wire thread ends there: SMTP servers with their connections, the clients still
    // sending, the servers' view of the alias table. Then the thread ends.
    m_wire->run([this] {
        for (auto &d : m_domains) {
            d->mx.clear();
            d->wireRules.reset();
            d->wireAliases.reset();
        }
        qDeleteAll(m_smtpClients);
        m_smtpClients.clear();
    });
    m_wire->shutDown();
}

void World::stop()
{
    auto closeSmtp = [this] {
        for (auto &d : m_domains) {
            for (auto &m : d->mx) {
                for (auto *s : {m.relay.get(), m.submission.get(), m.smtps.get()})
                    if (s)
                        s->close();
            }
        }
    };
    if (m_wire)
        m_wire->run(closeSmtp);
    for (auto &d : m_domains) {
        if (d->pop3)
            d->pop3->close();
        if (d->imap)
            d->imap->close();
    }
    if (m_dns)
        m_dns->close();
}

QDateTime World::wallTime() const
{
    return m_epoch.addMSecs(m_scheduler.now());
}

QSslConfiguration World::clientTls() const
{
    return tls::clientConfiguration(m_ca.caCertificate());
}

QString World::activityId(const QString &what)
{
    return what + QLatin1Char('#') + QString::number(++m_activityCounter);
}

QList<DomainHost *> World::domains() const
{
    QList<DomainHost *> out;
    for (const auto &d : m_domains)
        out << d.get();
    return out;
}

DomainHost *World::domain(const QString &name) const
{
    for (const auto &d : m_domains)
        if (d->spec.name == name.toLower())
            return d.get();
    return nullptr;
}

bool World::start(QString *error)
{
    // Stepping by command gates every server line through the Stepper in this thread.
    m_wire = std::make_unique<WireThread>(!m_options.gateConnections);
    m_fileSync = std::make_unique<FileSync>();
    if (!m_ca.ensure()) {
        *error = QStringLiteral("cannot set up the local CA: %1").arg(m_ca.errorString());
        return false;
    }
    if (!QDir().mkpath(m_options.dataDirectory)) {
        *error = QStringLiteral("cannot create %1").arg(m_options.dataDirectory);
        return false;
    }
    if (m_options.retention.bounded()) {
        auto archive = std::make_unique<EventArchive>(m_options.dataDirectory + QStringLiteral("/events.jsonl"),
                                                      m_options.retention.archiveFileBytes);
        if (!archive->open(error))
            return false;
        m_log.setRetention(m_options.retention, std::move(archive));
        m_history.setKeepsSnapshots(false); // the inspectors that show them are the GUI's
    }
    for (const DomainSpec &spec : m_scenario.domains)
        if (!setUpDomain(spec, error))
            return false;
    if (!startDns(error) || !bindServers(error))
        return false;
    m_started = true;
    note(EventReason::WorldStarted, {{QStringLiteral("title"), m_scenario.title.in(m_options.language)}});
    // An earlier run of this world may have been killed: what was accepted is still queued.
    for (auto &d : m_domains) {
        // The summary first, then every waiting entry's own event.
        const int waiting = d->outbox->waitingCount() + d->mtaQueue->waitingCount();
        if (waiting > 0) {
            record(EventKind::Queue, {{QStringLiteral("node"), node::spool(d->spec.name)},
                                             {QStringLiteral("state"), QStringLiteral("resumed")},
                                             {QStringLiteral("count"), waiting}});
        }
        d->outbox->resume();
        d->mtaQueue->resume();
        // Messages queued before a restart keep their flow ids; new ones are numbered above them.
        m_flowCounter = qMax(m_flowCounter, qMax(d->outbox->highestRootFlowNumber(), d->mtaQueue->highestRootFlowNumber()));
        scheduleOutbox(*d, 0);
        scheduleMtaQueue(*d, 0);
    }
    scheduleTimeline();
    return true;
}

bool World::setUpDomain(const DomainSpec &spec, QString *error)
{
    auto d = std::make_unique<DomainHost>();
    d->spec = spec;
    const QString dir = m_options.dataDirectory + QLatin1Char('/') + spec.name;
    QDir().mkpath(dir);
    d->users.addDomain(spec.name);
    for (const UserSpec &u : spec.users)
        d->users.addUser(u.address, u.password.toUtf8());
    const QString prefix = QStringLiteral("world-%1-%2-").arg(quintptr(this)).arg(spec.name);
    d->aliases = std::make_unique<AliasDatabase>(dir + QStringLiteral("/aliases.sqlite"), prefix + QStringLiteral("aliases"));
    d->outbox = std::make_unique<Spool>(dir + QStringLiteral("/spool.sqlite"), prefix + QStringLiteral("spool"), spec.retry);
    d->mtaQueue = std::make_unique<Spool>(dir + QStringLiteral("/mta-queue.sqlite"), prefix + QStringLiteral("queue"), spec.retry);
    QString e;
    if (!d->aliases->open(&e) || !d->outbox->open(&e) || !d->mtaQueue->open(&e)) {
        *error = QStringLiteral("%1: cannot open its databases: %2").arg(spec.name, e);
        return false;
    }
    // The UA's spool is written only by the UA, whose sends the timeline replays after a restart: it
    // need not wait for the disk. The MTA queue's commits precede a 250 and do.
    d->outbox->setDurableEnqueue(false);
    d->mailboxes = std::make_unique<MailboxStore>(dir + QStringLiteral("/mailboxes.sqlite"));
    if (!d->mailboxes->isOpen()) {
        *error = QStringLiteral("%1: cannot open its mailboxes: %2").arg(spec.name, d->mailboxes->lastError());
        return false;
    }
    // The duplicate filter's keys outlive any retry of the message: twice the longest queue lifetime.
    d->mailboxes->setDeliveryKeyRetention(2 * spec.retry.maximalLifetimeMs);
    for (const UserSpec &u : spec.users)
        d->mailboxes->ensureAccount(u.address);
    // The scenario's aliases replace whatever an earlier run left.
    for (const QString &a : d->aliases->aliasAddresses())
        d->aliases->setAlias(a, {});
    for (const AliasSpec &a : spec.aliases)
        d->aliases->setAlias(a.address, a.members, a.owner);
    d->rules = std::make_unique<RecipientRules>(d->users, *d->aliases);

    DomainHost *host = d.get();
    for (Spool *spool : {d->outbox.get(), d->mtaQueue.get()}) {
        // What the queue's writer finishes (an entry becoming due, a 250 after its commit) waits, like any
        // other I/O that ends while the lecturer has paused the world, for the next step.
        spool->setCompletionRunner([this](std::function<void()> work) {
            if (m_stepper->isPaused())
                m_scheduler.scheduleIn(0, std::move(work), QStringLiteral("queue write finished"));
            else
                work();
        });
        const bool isOutbox = spool == d->outbox.get();
        connect(spool, &Spool::changed, this, [this, host, isOutbox](const Spool::Entry &entry) {
            EventFields f;
            f.insert(QStringLiteral("attempts"), entry.attempts);
            f.insert(QStringLiteral("error"), entry.lastError);
            f.insert(QStringLiteral("id"), entry.id);
            f.insert(QStringLiteral("message"), entry.flow);
            f.insert(QStringLiteral("next_retry"), entry.state == Spool::State::Deferred ? entry.nextAttemptMs : -1);
            f.insert(QStringLiteral("node"), isOutbox ? node::spool(host->spec.name)
                                         : node::mtaServer(m_queueHosts.value(host->spec.name + QLatin1Char('|') + entry.flow, host->primaryHost())));
            f.insert(QStringLiteral("queue"), isOutbox ? QStringLiteral("spool") : QStringLiteral("mta-queue"));
            f.insert(QStringLiteral("state"), Spool::stateName(entry.state));
            record(EventKind::Queue, std::move(f));
        });
    }

    d->sink = std::make_unique<MtaSink>(*m_wire, this, [this, host](const smtp::SmtpMessage &message, MtaSink::Done done) {
        commitAccepted(*host, host->primaryHost(), message, std::move(done));
    });
    m_domains.push_back(std::move(d));
    return true;
}

bool World::startDns(QString *error)
{
    m_dns = std::make_unique<DnsServer>();
    m_dns->setCapture(m_options.capture);
    // The zones live in an SQLite table the authority reads on every query: an edit changes the next answer.
    m_dnsFile = std::make_unique<SqliteFile>(m_options.dataDirectory + QStringLiteral("/dns.sqlite"),
                                             QStringLiteral("world-%1-dns").arg(quintptr(this)));
    QString dbError;
    if (!m_dnsFile->open(SqliteFile::Sync::Normal, &dbError)) {
        *error = QStringLiteral("cannot open the DNS zone database: %1").arg(dbError);
        return false;
    }
    m_dnsZones = std::make_unique<DnsZoneTable>(m_dnsFile->db());
    if (!m_dnsZones->create(&dbError)) {
        *error = QStringLiteral("cannot create the DNS zone table: %1").arg(dbError);
        return false;
    }
    // Listening first: the zones name this server (its address is known once it listens).
    const QHostAddress dnsAddress(QStringLiteral("127.0.0.53"));
    const quint16 port = m_options.ephemeralPorts ? 0 : kDnsPort;
    if (!m_dns->listen(dnsAddress, port) && !m_dns->listen(QHostAddress::LocalHost, port)) {
        *error = QStringLiteral("cannot start the DNS server: %1").arg(m_dns->errorString());
        return false;
    }
    QList<DnsZone> zones;
    for (const auto &d : m_domains) {
        DnsZone zone(d->spec.name.toUtf8());
        zone.addAddress(d->spec.name.toUtf8(), d->spec.address);
        // The zone's name server is the world's DNS server: NS at the apex names the SOA's MNAME
        // ("ns.<domain>"), which gets the server's address (RFC 1034 §4.2.1; RFC 1035 §3.3.13).
        const QByteArray nameServer = zone.soa().mname;
        zone.addNs(d->spec.name.toUtf8(), nameServer);
        zone.addAddress(nameServer, m_dns->address());
        if (d->spec.nullMx)
            zone.addNullMx(d->spec.name.toUtf8());
        QStringList named;
        for (const MxSpec &m : d->spec.mx) {
            zone.addMx(d->spec.name.toUtf8(), quint16(m.preference), m.host.toUtf8());
            // MX hosts named inside this zone get their address records here.
            if (m.host.endsWith(QLatin1Char('.') + d->spec.name) && !named.contains(m.host)) {
                zone.addAddress(m.host.toUtf8(), m.address);
                named << m.host;
            }
        }
        // The names the other services greet with (DomainHost), so a client can look up what it is told.
        if (d->hasSubmission() && !named.contains(d->submissionHost()))
            zone.addAddress(d->submissionHost().toUtf8(), d->submissionAddress());
        for (const QString &access : {d->pop3Host(), d->imapHost()})
            if (!named.contains(access))
                zone.addAddress(access.toUtf8(), d->spec.address);
        zones << zone;
    }
    // The scenario's zones replace whatever an earlier run left.
    if (!m_dnsZones->replaceAll(zones, &dbError)) {
        *error = QStringLiteral("cannot write the DNS zones: %1").arg(dbError);
        return false;
    }
    DnsZoneTable *table = m_dnsZones.get();
    m_dns->authority().setZoneSource([table] { return table->zones(); });
    connect(m_dns.get(), &DnsServer::dnsEvent, this, [this](const DnsEvent &e) {
        EventFields fields{{QStringLiteral("node"), node::dns()},
                           {QStringLiteral("event"), dnsEventKindName(e.kind)},
                           {QStringLiteral("transport"), e.transport == DnsTransport::Udp ? QStringLiteral("udp") : QStringLiteral("tcp")},
                           {QStringLiteral("peer"), hostPort(e.peer, e.peerPort)},
                           {QStringLiteral("text"), e.text}};
        // Both languages are kept so the GUI can switch language for events already recorded.
        const Explanation english = explainDnsEvent(e, Language::English);
        if (!english.isEmpty()) {
            const Explanation indonesian = explainDnsEvent(e, Language::Indonesian);
            fields.insert(QStringLiteral("explain"), (m_options.language == Language::Indonesian ? indonesian : english).combined());
            fields.insert(QStringLiteral("explain_en"), english.combined());
            fields.insert(QStringLiteral("explain_id"), indonesian.combined());
        }
        record(EventKind::Dns, fields);
    });
    m_resolver = std::make_unique<DnsResolver>(m_dns->address(), m_dns->port());
    m_mxResolver = std::make_unique<MxResolver>(m_resolver.get(), MxResolver::Config{});
    return true;
}

bool World::bindServers(QString *error)
{
    // Every MX host listens on the same relay port on its own loopback address: DNS gives addresses,
    // the port is the world's "25".
    QList<QHostAddress> mxAddresses;
    for (const auto &d : m_domains) {
        if (d->spec.mx.isEmpty() && !d->spec.nullMx)
            mxAddresses << d->spec.address;
        for (const MxSpec &m : d->spec.mx)
            mxAddresses << m.address;
    }
    auto allFree = [&](quint16 port) {
        std::vector<std::unique_ptr<QTcpServer>> probes;
        for (const QHostAddress &a : mxAddresses) {
            auto probe = std::make_unique<QTcpServer>();
            if (!probe->listen(a, port))
                return false;
            probes.push_back(std::move(probe));
        }
        return true;
    };
    if (!m_options.ephemeralPorts) {
        m_relayPort = kRelayPort;
    } else {
        for (int attempt = 0; attempt < 50 && m_relayPort == 0; ++attempt) {
            const auto candidate = quint16(QRandomGenerator::global()->bounded(20000, 60000));
            if (allFree(candidate))
                m_relayPort = candidate;
        }
    }

    for (auto &d : m_domains) {
        QList<MxSpec> hosts = d->spec.mx;
        if (hosts.isEmpty() && !d->spec.nullMx)
            hosts << MxSpec{d->spec.name, 0, d->spec.address}; // implicit MX: the domain's own address
        // RCPT checks run in the servers' thread; an SQLite connection serves one thread, so a servers'
        // thread of their own reads the alias table through its own connection (edits show in both).
        const RecipientRules *serverRules = d->rules.get();
        if (m_wire->isSeparate()) {
            QString aliasError;
            DomainHost *host = d.get();
            m_wire->run([&] {
                host->wireAliases = std::make_unique<AliasDatabase>(
                    m_options.dataDirectory + QLatin1Char('/') + host->spec.name + QStringLiteral("/aliases.sqlite"),
                    QStringLiteral("world-%1-%2-aliases-wire").arg(quintptr(this)).arg(host->spec.name));
                if (host->wireAliases->open(&aliasError))
                    host->wireRules = std::make_unique<RecipientRules>(host->users, *host->wireAliases);
            });
            if (!host->wireRules) {
                *error = QStringLiteral("%1: cannot open its alias database: %2").arg(host->spec.name, aliasError);
                return false;
            }
            serverRules = host->wireRules.get();
        }
        bool first = true;
        for (const MxSpec &m : hosts) {
            DomainHost::MxServer server;
            server.spec = m;
            const auto creds = m_ca.serverCredentials(m.host, {d->spec.name}, {m.address, d->spec.address});
            const QSslConfiguration tls = tls::serverConfiguration(creds);
            // Submission and SMTPS greet as the domain's submission host, with a certificate of that name.
            QSslConfiguration submissionTls;
            if (first)
                submissionTls = tls::serverConfiguration(m_ca.serverCredentials(
                    d->submissionHost(), {d->spec.name}, {d->submissionAddress(), d->spec.address}));
            auto make = [&](const QString &proto, smtp::SmtpServerConfig::Mode mode) {
                const bool relay = mode == smtp::SmtpServerConfig::Mode::Relay;
                auto config = smtp::SmtpServerConfig::forMode(mode, (relay ? m.host : d->submissionHost()).toUtf8());
                config.maxMessageSize = d->spec.servers.maxMessageSize;
                if (mode != smtp::SmtpServerConfig::Mode::Relay)
                    config.requireAuth = d->spec.servers.submissionRequiresAuth;
                auto s = std::make_unique<smtp::SmtpServer>(proto, config, relay ? tls : submissionTls, *d->sink,
                                                             *serverRules, &d->users);
                if (m_options.gateConnections) {
                    s->setGate(m_stepper.get());
                    s->setWireTap(true);
                }
                s->setCapture(m_options.capture);
                watchServer(s.get(), m.host);
                s->setConnectionCounter(m_smtpConnections);
                // Received: fields carry the world's time, so the trail's dates follow the Time column.
                s->setClock([mirror = m_clockMirror, epoch = m_epoch] {
                    return epoch.addMSecs(mirror->load(std::memory_order_relaxed)).toLocalTime();
                });
                m_wire->adopt(s.get());
                return s;
            };
            // Servers listen in the thread they live in; the world keeps the ports they got.
            QString listenError;
            auto listen = [this, &listenError](smtp::SmtpServer &server, const QHostAddress &address, quint16 port) {
                quint16 bound = 0;
                m_wire->run([&] {
                    bound = server.listen(address, port) ? server.port() : 0;
                    listenError = server.errorString();
                });
                return bound;
            };
            server.relay = make(QStringLiteral("smtp"), smtp::SmtpServerConfig::Mode::Relay);
            if (!listen(*server.relay, m.address, m_relayPort)) {
                *error = QStringLiteral("%1: cannot listen on %2: %3").arg(m.host, hostPort(m.address, m_relayPort), listenError);
                return false;
            }
            if (first) {
                server.submission = make(QStringLiteral("submission"), smtp::SmtpServerConfig::Mode::Submission);
                server.smtps = make(QStringLiteral("smtps"), smtp::SmtpServerConfig::Mode::ImplicitTlsSubmission);
                server.submissionPort = listen(*server.submission, m.address, m_options.ephemeralPorts ? 0 : kSubmissionPort);
                server.smtpsPort = listen(*server.smtps, m.address, m_options.ephemeralPorts ? 0 : kSmtpsPort);
                if (!server.submissionPort || !server.smtpsPort) {
                    *error = QStringLiteral("%1: cannot listen for submissions on %2: %3").arg(m.host, m.address.toString(), listenError);
                    return false;
                }
            }
            first = false;
            d->mx.push_back(std::move(server));
        }

        // The access server: POP3 (STLS) and POP3S for the user agents.
        Pop3ServerConfig popConfig;
        popConfig.requireTlsForPlaintextAuth = d->spec.servers.pop3RequiresTls;
        d->pop3 = std::make_unique<Pop3Server>(*d->mailboxes, d->users, popConfig);
        d->pop3->setHostName(d->pop3Host().toUtf8());
        if (m_options.gateConnections) {
            d->pop3->setGate(m_stepper.get());
            d->pop3->setWireTap(true);
        }
        d->pop3->setCapture(m_options.capture);
        // Each access protocol has its own certificate named after its host; the domain's name is in both,
        // for clients configured with the bare domain.
        const QSslConfiguration popTls = tls::serverConfiguration(
            m_ca.serverCredentials(d->pop3Host(), {d->spec.name}, {d->spec.address}));
        const QSslConfiguration imapTls = tls::serverConfiguration(
            m_ca.serverCredentials(d->imapHost(), {d->spec.name}, {d->spec.address}));
        const quint16 p3 = m_options.ephemeralPorts ? 0 : kPop3Port;
        const quint16 p3s = m_options.ephemeralPorts ? 0 : kPop3sPort;
        if (!d->pop3->listen(d->spec.address, p3, popTls) || !d->pop3->listenImplicitTls(d->spec.address, p3s, popTls)) {
            *error = QStringLiteral("%1: cannot start POP3: %2").arg(d->spec.name, d->pop3->errorString());
            return false;
        }
        watchServer(d->pop3.get(), d->spec.name);

        // IMAP with STARTTLS, and IMAPS, on the same mailboxes: what stays on the server stays in sync.
        ImapServerConfig imapConfig;
        imapConfig.hostName = d->imapHost().toUtf8();
        imapConfig.loginDisabledWithoutTls = d->spec.servers.imapLoginDisabled;
        imapConfig.clock = [this] { return wallTime(); };
        d->imap = std::make_unique<ImapServer>(*d->mailboxes, d->users, imapConfig);
        if (m_options.gateConnections) {
            d->imap->setGate(m_stepper.get());
            d->imap->setWireTap(true);
        }
        d->imap->setCapture(m_options.capture);
        const quint16 i4 = m_options.ephemeralPorts ? 0 : kImapPort;
        const quint16 i4s = m_options.ephemeralPorts ? 0 : kImapsPort;
        if (!d->imap->listen(d->spec.address, i4, imapTls) || !d->imap->listenImplicitTls(d->spec.address, i4s, imapTls)) {
            *error = QStringLiteral("%1: cannot start IMAP: %2").arg(d->spec.name, d->imap->errorString());
            return false;
        }
        watchServer(d->imap.get(), d->spec.name);
    }
    return true;
}

void World::watchServer(QObject *server, const QString &hostLabel)
{
    // Every protocol server in the world re-emits its sessions' events the same way; a connection is
    // named "<protocol>/<host>#<id>" in the log.
    auto onEvent = [this, hostLabel](quint64 id, const QString &proto, const SessionEvent &e) {
        onServerLine(QStringLiteral("%1/%2#%3").arg(proto, hostLabel).arg(id), proto, e);
    };
    // Where each connection came from and went to (queued from the wire thread: before its lines).
    auto onOpened = [this, hostLabel](quint64 id, const QString &proto, const QHostAddress &peer, quint16 peerPort,
                                      const QHostAddress &address, quint16 port) {
        onConnectionOpened(QStringLiteral("%1/%2#%3").arg(proto, hostLabel).arg(id), proto, peer, peerPort, address, port);
    };
    auto onClosed = [this, hostLabel](quint64 id, const QString &proto) {
        onConnectionClosed(QStringLiteral("%1/%2#%3").arg(proto, hostLabel).arg(id), proto);
    };
    if (auto *smtp = qobject_cast<smtp::SmtpServer *>(server)) {
        connect(smtp, &smtp::SmtpServer::connectionOpened, this, onOpened);
        connect(smtp, &smtp::SmtpServer::connectionClosed, this, onClosed);
        if (m_wire->isSeparate()) {
            // From the wire thread: one queued call per batch of lines, not one per line.
            connect(smtp, &smtp::SmtpServer::sessionEvents, this,
                    [onEvent](const QString &proto, const QList<smtp::ConnectionEvent> &events) {
                        for (const smtp::ConnectionEvent &e : events)
                            onEvent(e.connectionId, proto, e.event);
                    });
        } else {
            connect(smtp, &smtp::SmtpServer::sessionEvent, this, onEvent);
        }
    } else if (auto *access = qobject_cast<AccessServer *>(server)) {
        connect(access, &AccessServer::connectionOpened, this, onOpened);
        connect(access, &AccessServer::connectionClosed, this, onClosed);
        connect(access, &AccessServer::sessionEvent, this, onEvent);
    }
}

World::LineExplainers &World::explainersFor(const QString &conn, const QString &proto)
{
    auto &explainers = m_explainers[conn];
    if (!explainers) {
        const auto protocol = ConversationExplainer::protocolFromName(proto);
        const bool submission = ConversationExplainer::isSubmissionName(proto);
        explainers = std::make_shared<LineExplainers>(LineExplainers{{protocol, Language::English, submission},
                                                                     {protocol, Language::Indonesian, submission},
                                                                     {},
                                                                     {},
                                                                     {}});
    }
    return *explainers;
}

void World::onConnectionOpened(const QString &conn, const QString &proto, const QHostAddress &peer, quint16 peerPort,
                               const QHostAddress &server, quint16 serverPort)
{
    LineExplainers &explainers = explainersFor(conn, proto);
    explainers.client = hostPort(peer, peerPort);
    explainers.server = hostPort(server, serverPort);
}

void World::onConnectionClosed(const QString &conn, const QString &proto)
{
    if (const auto explainers = m_explainers.take(conn))
        recordDataNotKept(conn, proto, *explainers);
    // Its message, if committed, moves on without its 250 (commitAccepted looks for such messages).
    m_commitNotices.remove(conn);
    // A message on its way to the timeline's user agent reaches it when the retrieval is recorded.
    if (auto it = m_accessSessions.find(conn); it != m_accessSessions.end() && it->carrying.isEmpty())
        m_accessSessions.erase(it);
}

bool World::keepsLine(const QString &conn, const QString &proto, LineExplainers &explainers, const SessionEvent &e)
{
    const qint64 budget = m_options.retention.dataBytesPerTransfer;
    if (budget <= 0)
        return true;
    if (!explainers.english.lastLineWasData()) {
        recordDataNotKept(conn, proto, explainers);
        explainers.dataRecorded = 0;
        return true;
    }
    const qint64 octets = e.text.size() + 2; // with its CRLF
    if (explainers.dataLinesSkipped == 0 && explainers.dataRecorded + octets <= budget) {
        explainers.dataRecorded += octets;
        return true;
    }
    ++explainers.dataLinesSkipped;
    explainers.dataOctetsSkipped += octets;
    explainers.dataDir = e.dir;
    return false;
}

void World::recordDataNotKept(const QString &conn, const QString &proto, LineExplainers &explainers)
{
    if (explainers.dataLinesSkipped == 0)
        return;
    note(EventReason::DataNotKept, {{QStringLiteral("conn"), conn},
                                    {QStringLiteral("proto"), proto},
                                    {QStringLiteral("dir"), QString(QLatin1Char(directionLetter(explainers.dataDir)))},
                                    {QStringLiteral("lines"), explainers.dataLinesSkipped},
                                    {QStringLiteral("octets"), explainers.dataOctetsSkipped}});
    explainers.dataLinesSkipped = 0;
    explainers.dataOctetsSkipped = 0;
}

void World::onServerLine(const QString &conn, const QString &proto, const SessionEvent &e)
{
    switch (e.kind) {
    case SessionEvent::Kind::Notice:
        onServerNotice(conn, proto, e.text);
        break;
    case SessionEvent::Kind::Line: {
        beforeServerLine(conn, e);
        LineExplainers &explainers = explainersFor(conn, proto);
        const QString english = explainers.english.explain(e.dir, e.text).combined();
        const QString indonesian = explainers.indonesian.explain(e.dir, e.text).combined();
        if (!keepsLine(conn, proto, explainers, e)) {
            m_scheduler.advanceTo(m_scheduler.now() + m_scenario.lineLatencyMs);
            afterServerLine(conn, e);
            break;
        }
        // A connection's lines share a few sets of the other fields (every line of a message's content
        // has the same explanation): each set is built once and shared by its events (SimEvent::common).
        const QString key = QString(QLatin1Char(directionLetter(e.dir)))
                            + QLatin1Char(m_options.language == Language::Indonesian ? 'i' : 'e') + english + indonesian;
        // The sets are a cache for sharing: a connection whose lines keep giving new explanations (header
        // fields of every name) starts it afresh rather than growing it for as long as it stays open.
        if (explainers.common.size() >= kMaxCommonSetsPerConnection && !explainers.common.contains(key))
            explainers.common.clear();
        EventFields &common = explainers.common[key];
        if (common.isEmpty()) {
            common = {{QStringLiteral("conn"), conn},
                      {QStringLiteral("proto"), proto},
                      {QStringLiteral("dir"), QString(QLatin1Char(directionLetter(e.dir)))},
                      {QStringLiteral("explain"), m_options.language == Language::Indonesian ? indonesian : english},
                      {QStringLiteral("explain_en"), english},
                      {QStringLiteral("explain_id"), indonesian}};
            if (!explainers.client.isEmpty()) {
                common.insert(QStringLiteral("client"), explainers.client);
                common.insert(QStringLiteral("server"), explainers.server);
            }
        }
        EventFields own;
        own.insert(QStringLiteral("text"), QString::fromUtf8(e.text));
        record(EventKind::Line, std::move(own), common);
        // Each line takes the link's latency: a conversation takes simulated time, as on a real network.
        m_scheduler.advanceTo(m_scheduler.now() + m_scenario.lineLatencyMs);
        afterServerLine(conn, e);
        break;
    }
    case SessionEvent::Kind::Wire:
        // What a network observer sees (only behind a WireTap, see WorldOptions::gateConnections).
        record(EventKind::Wire, {{QStringLiteral("conn"), conn},
                                        {QStringLiteral("proto"), proto},
                                        {QStringLiteral("dir"), QString(QLatin1Char(directionLetter(e.dir)))},
                                        {QStringLiteral("size"), e.text.size()},
                                        {QStringLiteral("bytes"), QString::fromLatin1(e.text.toBase64())}});
        break;
    case SessionEvent::Kind::TlsEstablished:
    case SessionEvent::Kind::TlsFailed: {
        EventFields fields{{QStringLiteral("conn"), conn},
                           {QStringLiteral("proto"), proto},
                           {QStringLiteral("ok"), e.kind == SessionEvent::Kind::TlsEstablished},
                           {QStringLiteral("text"), QString::fromUtf8(e.text)}};
        // Looked up, not made: a report held behind the GUI's gate may come after the connection closed.
        if (const auto explainers = m_explainers.value(conn); explainers && !explainers->client.isEmpty()) {
            fields.insert(QStringLiteral("client"), explainers->client);
            fields.insert(QStringLiteral("server"), explainers->server);
        }
        record(EventKind::Tls, std::move(fields));
        break;
    }
    case SessionEvent::Kind::Error:
        record(EventKind::Error, {{QStringLiteral("conn"), conn}, {QStringLiteral("text"), QString::fromUtf8(e.text)}});
        break;
    default:
        break;
    }
}

void World::watchClientFailures(SmtpClient *client, const QString &activity, const QString &host)
{
    // Looked at where the client runs: only failures cross over to the world's thread, not every line.
    // Only the first failure names the host: "connection lost" after "Connection refused" says no more.
    auto named = std::make_shared<bool>(false);
    connect(client, &SmtpClient::event, client, [this, activity, host, named](const SessionEvent &e) {
        if (e.kind == SessionEvent::Kind::TlsFailed || e.kind == SessionEvent::Kind::Error) {
            const QString about = e.kind == SessionEvent::Kind::Error && !std::exchange(*named, true) ? host : QString();
            inWorldThread([this, activity, about, e] { recordClientFailure(activity, e, about); });
        }
    });
}

void World::recordClientFailure(const QString &what, const SessionEvent &e, const QString &host)
{
    if (e.kind == SessionEvent::Kind::TlsFailed || e.kind == SessionEvent::Kind::Error) {
        EventFields fields{{QStringLiteral("conn"), what}, {QStringLiteral("ok"), false}, {QStringLiteral("text"), QString::fromUtf8(e.text)}};
        if (!host.isEmpty())
            fields.insert(QStringLiteral("host"), host);
        record(e.kind == SessionEvent::Kind::TlsFailed ? EventKind::Tls : EventKind::Error, std::move(fields));
    }
}

void World::record(EventKind kind, EventFields fields, const EventFields &common)
{
    m_log.append(SimEvent{m_scheduler.now(), kind, std::move(fields), common});
}

void World::note(EventReason why, EventFields fields)
{
    m_log.append(SimEvent{m_scheduler.now(), EventKind::Note, why, std::move(fields)});
}

void World::hop(const QString &flow, const QString &from, const QString &to, EventReason why, EventFields params)
{
    params.insert(QStringLiteral("from"), from);
    params.insert(QStringLiteral("message"), flow);
    params.insert(QStringLiteral("to"), to);
    m_history.arrive(flow, m_log.size(), to);
    m_log.append(SimEvent{m_scheduler.now(), EventKind::Hop, why, std::move(params)});
}

void World::noteMessage(const QString &flow, const QString &node, const QString &mailFrom, const QStringList &rcptTo,
                        const QByteArray &data)
{
    m_history.setContent(flow, m_log.size(), node, mailFrom, rcptTo, data);
}

void World::then(std::function<void()> next)
{
    // Each hop is its own scheduled step, so stepping hop by hop shows one hop at a time; handing the
    // message to the next program takes the scenario's hop latency.
    m_scheduler.scheduleIn(m_scenario.hopLatencyMs, std::move(next), QStringLiteral("next hop"));
}

QString World::newFlow(const QString &parent)
{
    Flow f;
    f.parent = parent;
    if (parent.isEmpty()) {
        f.id = QStringLiteral("m%1").arg(++m_flowCounter);
        f.root = f.id;
    } else {
        int n = 1;
        while (m_flows.contains(parent + QLatin1Char('.') + QString::number(n)))
            ++n;
        f.id = parent + QLatin1Char('.') + QString::number(n);
        f.root = m_flows.value(parent).root.isEmpty() ? parent : m_flows.value(parent).root;
    }
    m_flows.insert(f.id, f);
    m_history.addFlow(f.id, f.parent);
    return f.id;
}

QSqlDatabase World::dnsDatabase() const
{
    return m_dnsFile ? m_dnsFile->db() : QSqlDatabase();
}

QString World::dnsTableName()
{
    return DnsZoneTable::tableName();
}

void World::inWorldThread(std::function<void()> work)
{
    if (QThread::currentThread() == thread())
        work();
    else
        QMetaObject::invokeMethod(this, std::move(work), Qt::QueuedConnection);
}

SmtpClient *World::newSmtpClient()
{
    auto *client = new SmtpClient;
    m_wire->adopt(client);
    m_smtpClients.insert(client);
    return client;
}

void World::sendWith(SmtpClient *client, const SmtpClient::Target &target, const SmtpClientConfig &config,
                     const QList<SmtpOutgoingMessage> &messages)
{
    m_wire->call([client, target, config, messages] { client->send(target, config, messages); });
}

void World::finishSmtpClient(SmtpClient *client)
{
    m_smtpClients.remove(client);
    client->deleteLater(); // in the thread it lives in
}

QJsonObject World::endpoints() const
{
    QJsonObject domains;
    QJsonArray users;
    for (const auto &d : m_domains) {
        QJsonObject e;
        if (!d->mx.empty()) {
            const auto &m = d->mx.front();
            e.insert(QStringLiteral("smtp"), hostPort(m.spec.address, m_relayPort));
            if (m.submission)
                e.insert(QStringLiteral("submission"), hostPort(m.spec.address, m.submissionPort));
            if (m.smtps)
                e.insert(QStringLiteral("smtps"), hostPort(m.spec.address, m.smtpsPort));
            QJsonArray mxs;
            for (const auto &x : d->mx)
                mxs.append(QJsonObject{{QStringLiteral("host"), x.spec.host},
                                       {QStringLiteral("preference"), x.spec.preference},
                                       {QStringLiteral("smtp"), hostPort(x.spec.address, m_relayPort)}});
            e.insert(QStringLiteral("mx"), mxs);
        }
        if (d->pop3) {
            e.insert(QStringLiteral("pop3"), hostPort(d->spec.address, d->pop3->port()));
            e.insert(QStringLiteral("pop3s"), hostPort(d->spec.address, d->pop3->implicitTlsPort()));
        }
        if (d->imap) {
            e.insert(QStringLiteral("imap"), hostPort(d->spec.address, d->imap->port()));
            e.insert(QStringLiteral("imaps"), hostPort(d->spec.address, d->imap->implicitTlsPort()));
        }
        domains.insert(d->spec.name, e);
        for (const UserSpec &u : d->spec.users)
            users.append(QJsonObject{{QStringLiteral("address"), u.address},
                                     {QStringLiteral("login"), u.address},
                                     {QStringLiteral("password"), u.password}});
    }
    return {{QStringLiteral("ca"), m_ca.caCertificatePath()},
            {QStringLiteral("dns"), m_dns ? hostPort(m_dns->address(), m_dns->port()) : QString()},
            {QStringLiteral("domains"), domains},
            {QStringLiteral("users"), users}};
}

} // namespace mf
