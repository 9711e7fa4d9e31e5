#pragma once

#include <optional>
#include "explain/Language.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace mf {

// The domain part of user@domain, lower-cased (domains compare case-insensitively, RFC 5321 §2.4).
inline QString addressDomain(const QString &address)
{
    return address.section(QLatin1Char('@'), 1).toLower();
}

// A scenario file, loaded and validated (format: scenarios/README.md). Plain data: the world is built
// from it, the timeline drives it, the expectations judge the run.
struct LocalizedText {
    QString english;
    QString indonesian;
    QString in(Language language) const
    {
        return language == Language::Indonesian && !indonesian.isEmpty() ? indonesian : english;
    }
};

struct UserSpec {
    QString address; // "alice@a.example"; its local part is the mailbox name
    QString password;
    QString displayName;
};

struct AliasSpec {
    QString address;     // "team@b.example"
    QStringList members; // local users, other aliases, or external addresses (forwarding)
    QString owner;       // list owner: becomes the envelope sender of expanded copies (RFC 5321 §3.9.2)
};

struct MxSpec {
    QString host;   // "mx1.b.example"
    int preference = 10;
    QHostAddress address;
};

struct ServerOptions {
    bool submissionRequiresAuth = true;
    bool pop3RequiresTls = false;      // USER/PASS refused before STLS when true
    bool imapLoginDisabled = false;    // LOGINDISABLED before STARTTLS when true
    qint64 maxMessageSize = 10 * 1024 * 1024;
};

struct RetryPolicy {
    qint64 minimalBackoffMs = 300'000;     // Postfix minimal_backoff_time
    qint64 maximalBackoffMs = 4'000'000;   // Postfix maximal_backoff_time
    qint64 maximalLifetimeMs = 5LL * 24 * 3600 * 1000; // maximal_queue_lifetime
};

struct DomainSpec {
    QString name;
    QHostAddress address;  // loopback address shared by the domain's hosts (UA, spool, access server)
    QList<MxSpec> mx;      // empty: the implicit MX rule applies (RFC 5321 §5.1)
    bool nullMx = false;   // publish "MX 0 ." (RFC 7505)
    QList<UserSpec> users;
    QList<AliasSpec> aliases;
    ServerOptions servers;
    RetryPolicy retry;
    int line = 0;

    // The password of the user `address` of this domain; empty when there is no such user.
    QString passwordOf(const QString &address) const;
};

// A file attached to a mail the user writes (the GUI's composer; not part of the scenario format).
struct AttachmentSpec {
    QString fileName;    // "notes.pdf", as the recipient will see it
    QByteArray mimeType; // "application/pdf"; empty: application/octet-stream
    QByteArray content;
};

struct ActionSpec {
    enum class Kind { Send, Inject, Fetch, LinkState, ServerState, SetAlias };
    Kind kind = Kind::Send;
    qint64 atMs = 0;
    int line = 0;
    // send (from a user's UA), inject (an unauthenticated SMTP client talking straight to `host`)
    QString from;
    QStringList to, cc, bcc;
    QString subject, body;
    QList<AttachmentSpec> attachments; // send only
    // fetch
    QString user;
    QString protocol; // pop3, pop3s, imap, imaps
    bool keep = false;
    QString device;
    // fetch, send: the password the client logs in with (fetch) or the UA submits with (send: SMTP AUTH);
    // the user's own from the world when absent. The GUI's mail client and composer let a student type a
    // wrong one to see the server refuse it.
    std::optional<QString> password;
    // IMAP: the user opens every new message right after the check (STORE \Seen). The GUI's mail client
    // turns this off and marks a message read when the student opens it (World::markRead).
    bool openNewMessages = true;
    // link / server
    QStringList between; // two domain names
    QString host;
    bool up = true;
    // alias
    AliasSpec alias;
};

struct ExpectationSpec {
    enum class Kind { Delivered, Bounced, Deferred, Retrieved, LeftOnServer, Reply, HopCount, Path };
    Kind kind = Kind::Delivered;
    int line = 0;
    QString address;     // delivered.to, bounced.to, retrieved.user, left_on_server.user
    int count = 1;       // how many (or at least, for deferred)
    QString protocol;    // reply.proto / retrieved.protocol
    int code = 0;        // reply.code
    QStringList path;    // path.nodes: node ids the message visits in order
    QString description; // human text of the expectation, for reports
};

struct Scenario {
    QString fileName;
    int version = 1;
    LocalizedText title;
    LocalizedText notes;
    qint64 internetLatencyMs = 50;
    // Simulated time a message spends in each hand-over between programs on one host, and each protocol
    // line on a link (world.latency), so the Time column and the Received: dates read as one journey.
    qint64 hopLatencyMs = 5;
    qint64 lineLatencyMs = 1;
    QList<DomainSpec> domains;
    QList<ActionSpec> timeline;
    QList<ExpectationSpec> expectations;

    const DomainSpec *domain(const QString &name) const;
    const DomainSpec *domainOfAddress(const QString &address) const;
    // The sending side, as the world and the diagram both take it: the domain of the first mail the
    // timeline sends, else the first domain.
    QString sendingDomain() const;
};

// One problem found in a scenario file, with where it is.
struct ScenarioError {
    QString file;
    int line = 0;
    QString field; // "world.domains[1].mx[0].preference"
    QString message;
    QString toString() const; // "file:line: field: message"
};

} // namespace mf
