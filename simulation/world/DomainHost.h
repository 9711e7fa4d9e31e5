#pragma once

#include "RecipientRules.h"
#include "aliases/AliasDatabase.h"
#include "queue/Spool.h"
#include "scenario/Scenario.h"
#include "smtp/SmtpMessage.h"
#include "smtp/SmtpServer.h"
#include "store/MailboxStore.h"
#include "store/UserDirectory.h"

#include <QHash>
#include <QHostAddress>
#include <functional>
#include <memory>
#include <vector>

namespace mf {

class Pop3Server;
class ImapServer;

// Everything one mail domain runs: its users, alias database, the seed's Spool (the user agents'
// outbox), the MTA's queue, the mailboxes, its MTA servers (one per MX host, the first also taking
// submissions) and its access server (POP3/POP3S/IMAP/IMAPS). The World wires them together.
struct DomainHost {
    DomainSpec spec;
    UserDirectory users;
    std::unique_ptr<AliasDatabase> aliases;
    std::unique_ptr<RecipientRules> rules;
    // The same rules for MTA servers in a wire thread of their own, over that thread's alias connection.
    std::unique_ptr<AliasDatabase> wireAliases;
    std::unique_ptr<RecipientRules> wireRules;
    std::unique_ptr<Spool> outbox;      // spool@domain: where the UA puts mail (like Postfix's maildrop)
    std::unique_ptr<Spool> mtaQueue;    // the MTA servers' queue: accepted mail waiting to be routed
    std::unique_ptr<MailboxStore> mailboxes;
    std::unique_ptr<smtp::SmtpMessageSink> sink; // the MTA servers' (MtaSink)
    // Messages the MTA servers accepted in this pass of the event loop, committed together (group commit).
    struct PendingCommit {
        Spool::NewEntry entry;
        std::function<void(const smtp::CommitResult &)> done;
    };
    std::vector<PendingCommit> pendingCommits;
    // Connections in flight from the UA spool (submissions) and the MTA queue (relays), bounded like
    // Postfix's process limits: a queue pass at the limit waits for one of them to finish.
    int submissionsInFlight = 0;
    int relaysInFlight = 0;
    bool outboxPassWanted = false;
    bool queuePassWanted = false;

    struct MxServer {
        MxSpec spec;
        std::unique_ptr<smtp::SmtpServer> relay;      // port 25 role
        std::unique_ptr<smtp::SmtpServer> submission; // 587 role (first MX only)
        std::unique_ptr<smtp::SmtpServer> smtps;      // 465 role (first MX only)
        // The servers may live in the wire thread: their ports are kept here (the relay port is the world's).
        quint16 submissionPort = 0;
        quint16 smtpsPort = 0;
        bool up = true;
    };
    std::vector<MxServer> mx;
    std::unique_ptr<Pop3Server> pop3;
    std::unique_ptr<ImapServer> imap;

    // The MTA's host name (first MX, or the domain itself under the implicit MX rule).
    QString primaryHost() const { return mx.empty() ? spec.name : mx.front().spec.host; }
    // Its address (the first MX's, or the domain's own): where its relay connections come from.
    QHostAddress primaryAddress() const { return mx.empty() ? spec.address : mx.front().spec.address; }
    // The names its other services answer to: each greets with it, has an A record in the domain's zone
    // (World::startDns) and is in its certificate. Submission and SMTPS run on the first MX's address (or
    // the domain's own, under the implicit MX rule); POP3 and IMAP on the domain's address. A domain with
    // a null MX (RFC 7505) sends no mail and runs no submission server.
    QString submissionHost() const { return QStringLiteral("smtp.") + spec.name; }
    QHostAddress submissionAddress() const { return spec.mx.isEmpty() ? spec.address : spec.mx.front().address; }
    bool hasSubmission() const { return !spec.mx.isEmpty() || !spec.nullMx; }
    QString pop3Host() const { return QStringLiteral("pop.") + spec.name; }
    QString imapHost() const { return QStringLiteral("imap.") + spec.name; }
    MxServer *mxServer(const QString &host);
    bool isLocalUser(const QString &address) const { return users.hasAddress(address.toUtf8()); }
};

} // namespace mf
