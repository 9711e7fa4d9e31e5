// FlowState: events folded into what the flow diagram shows. Each row is a piece of event log in the
// JSON-lines format `mailflow run --format json` prints (so a saved log can become a row) and the
// expectations after the last event. Every row is also checked for "folding in one go equals folding
// one event at a time" and, at every prefix, for a rebuild giving the same state (the Back button).
#include "gui/diagram/DiagramTopology.h"
#include "gui/diagram/FlowState.h"
#include "scenario/ScenarioLoader.h"

#include <QJsonDocument>
#include <QtTest>

using namespace mf;
using namespace mf::gui;

namespace {

QList<SimEvent> parseEvents(const QString &lines)
{
    QList<SimEvent> out;
    for (const QString &line : lines.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QJsonParseError error;
        // Rows write JSON with single quotes (easier to read in C++ strings).
        QString json = line.trimmed();
        json.replace(QLatin1Char('\''), QLatin1Char('"'));
        const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
        if (doc.isNull())
            qFatal("bad event line %s: %s", qPrintable(line), qPrintable(error.errorString()));
        out << SimEvent::fromJson(doc.object());
    }
    return out;
}

// One expectation, "<what> <args...>"; returns an empty string when it holds, else what was found.
QString check(const FlowState &s, const QString &expectation)
{
    const QStringList w = expectation.split(QLatin1Char(' '));
    const QString what = w.value(0);
    auto env = [&](const QString &flow) { return s.envelope(flow); };
    auto rest = [&](int from) { return w.mid(from).join(QLatin1Char(' ')); };
    if (what == "at") {
        const auto *e = env(w[1]);
        if (!e)
            return "no envelope " + w[1];
        return e->at == w[2] && !e->split ? QString() : QString("%1 at %2 (split %3)").arg(w[1], e->at).arg(e->split);
    }
    if (what == "hidden")
        return env(w[1]) && env(w[1])->split ? QString() : w[1] + " is not split";
    if (what == "bounce")
        return env(w[1]) && env(w[1])->bounce ? QString() : w[1] + " is not a bounce";
    if (what == "plain")
        return env(w[1]) && !env(w[1])->bounce && !env(w[1])->failed ? QString() : w[1] + " is a bounce or failed";
    if (what == "failed")
        return env(w[1]) && env(w[1])->failed ? QString() : w[1] + " has not failed";
    if (what == "delivered")
        return env(w[1]) && env(w[1])->delivered ? QString() : w[1] + " is not delivered";
    if (what == "deferred") {
        const auto *e = env(w[1]);
        if (!e)
            return "no envelope " + w[1];
        return e->deferred && e->nextRetryMs == w[2].toLongLong() ? QString()
                                                                   : QString("deferred %1, next retry %2").arg(e->deferred).arg(e->nextRetryMs);
    }
    if (what == "notdeferred")
        return env(w[1]) && !env(w[1])->deferred ? QString() : w[1] + " is deferred";
    if (what == "path")
        return env(w[1]) && env(w[1])->path.join(QLatin1Char(',')) == w[2] ? QString() : env(w[1])->path.join(QLatin1Char(','));
    if (what == "for") // an envelope labelled with its recipient
        return env(w[1]) && env(w[1])->fannedOut && env(w[1])->recipient == w[2] ? QString()
                                                                                : w[1] + " is not labelled " + w[2];
    if (what == "unlabelled")
        return env(w[1]) && !env(w[1])->fannedOut ? QString() : w[1] + " is labelled";
    if (what == "refused")
        return s.refusal().node == w[1] && s.refusal().text == rest(2) ? QString()
                                                                      : "refusal " + s.refusal().node + " " + s.refusal().text;
    if (what == "notsent")
        return s.notSent().node == w[1] && s.notSent().text == rest(2) ? QString()
                                                                      : "not sent " + s.notSent().node + " " + s.notSent().text;
    if (what == "nonotsent")
        return s.notSent().event < 0 ? QString() : "not sent at " + s.notSent().node;
    if (what == "norefusal")
        return s.refusal().event < 0 ? QString() : "refusal at " + s.refusal().node;
    if (what == "stack")
        return s.envelopesAt(w[1]).join(QLatin1Char(',')) == w.value(2) ? QString() : s.envelopesAt(w[1]).join(QLatin1Char(','));
    const FlowState::NodeState n = s.node(w.value(1));
    auto number = [&](int actual) { return actual == w[2].toInt() ? QString() : QString("got %1").arg(actual); };
    if (what == "queued")
        return number(n.queued);
    if (what == "deferredcount")
        return number(n.deferred);
    if (what == "messages")
        return number(n.messages);
    if (what == "connections")
        return number(n.openConnections);
    if (what == "tlsconnections")
        return number(n.tlsConnections);
    if (what == "dnsqueries")
        return number(n.dnsQueries);
    if (what == "down")
        return n.down ? QString() : w[1] + " is up";
    if (what == "up")
        return !n.down ? QString() : w[1] + " is down";
    if (what == "linkdown")
        return s.downLinks().contains(w[1]) ? QString() : "links down: " + QStringList(s.downLinks().values()).join(' ');
    if (what == "nolinkdown")
        return s.downLinks().isEmpty() ? QString() : "a link is down";
    if (what == "locked")
        return s.isLocked(w[1], w[2]) ? QString() : "not locked";
    if (what == "unlocked")
        return !s.isLocked(w[1], w[2]) ? QString() : "locked";
    const FlowState::Connection c = s.connections().value(w.value(1));
    if (what == "open")
        return c.open && c.client == w[2] && c.server == w[3] ? QString()
                                                               : QString("open %1, %2 -> %3").arg(c.open).arg(c.client, c.server);
    if (what == "closed")
        return s.connections().contains(w[1]) && !c.open ? QString() : "not closed";
    if (what == "command")
        return c.command == rest(2) ? QString() : "command " + c.command;
    if (what == "reply")
        return c.reply == rest(2) ? QString() : "reply " + c.reply;
    if (what == "tls")
        return c.tls ? QString() : "no TLS";
    if (what == "opencount")
        return s.openConnections().size() == w[1].toInt() ? QString() : QString("%1 open").arg(s.openConnections().size());
    return "unknown expectation " + what;
}

// A summary of everything a view draws, to compare two states.
QString summary(const FlowState &s)
{
    QStringList parts;
    for (auto it = s.envelopes().cbegin(); it != s.envelopes().cend(); ++it) {
        const auto &e = *it;
        parts << QString("env %1 %2 %3%4%5%6%7 %8 %9%10").arg(e.flow, e.at).arg(e.split).arg(e.bounce).arg(e.failed).arg(e.delivered)
                     .arg(e.deferred).arg(e.nextRetryMs).arg(e.recipient).arg(e.fannedOut);
    }
    for (auto it = s.nodes().cbegin(); it != s.nodes().cend(); ++it) {
        parts << QString("node %1 %2 %3 %4 %5 %6 %7 %8").arg(it.key()).arg(it->queued).arg(it->deferred).arg(it->messages)
                     .arg(it->openConnections).arg(it->tlsConnections).arg(it->dnsQueries).arg(it->down);
    }
    for (auto it = s.connections().cbegin(); it != s.connections().cend(); ++it)
        parts << QString("conn %1 %2 %3 %4 [%5] [%6] %7").arg(it.key(), it->client, it->server).arg(it->open).arg(it->command, it->reply).arg(it->tls);
    for (const QString &l : s.travelledLinks())
        parts << "link " + l;
    for (const QString &l : s.downLinks())
        parts << "down " + l;
    if (s.refusal().event >= 0)
        parts << QString("refused %1 %2 %3").arg(s.refusal().node, s.refusal().text).arg(s.refusal().event);
    parts.sort();
    return parts.join('\n');
}

const char *const kHopsToMailboxB = "{'t':0,'kind':'hop','message':'m1','from':'user@a.example','to':'ua@a.example'}\n"
"{'t':0,'kind':'hop','message':'m1','from':'ua@a.example','to':'spool@a.example'}\n"
"{'t':0,'kind':'hop','message':'m1','from':'spool@a.example','to':'alias-expander@a.example'}\n"
"{'t':0,'kind':'hop','message':'m1','from':'alias-expander@a.example','to':'database@a.example'}\n"
"{'t':0,'kind':'hop','message':'m1','from':'database@a.example','to':'mta-client@a.example'}\n"
"{'t':0,'kind':'hop','message':'m1','from':'mta-client@a.example','to':'mta-server@mx.a.example'}\n"
"{'t':0,'kind':'hop','message':'m1','from':'mta-server@mx.a.example','to':'internet'}\n"
"{'t':80,'kind':'hop','message':'m1','from':'internet','to':'mta-server@mx.b.example'}\n"
"{'t':80,'kind':'hop','message':'m1','from':'mta-server@mx.b.example','to':'alias-expander@b.example'}\n"
"{'t':80,'kind':'hop','message':'m1','from':'alias-expander@b.example','to':'database@b.example'}\n";

} // namespace

class TestFlowState : public QObject
{
    Q_OBJECT
private slots:
    void rows_data()
    {
        QTest::addColumn<QString>("events");
        QTest::addColumn<QStringList>("expect");

        QTest::newRow("hops move the envelope; the path is remembered")
            << QString("{'t':0,'kind':'hop','message':'m1','from':'user@a.example','to':'ua@a.example'}\n"
"{'t':0,'kind':'hop','message':'m1','from':'ua@a.example','to':'spool@a.example'}\n") << QStringList{"at m1 spool@a.example", "path m1 user@a.example,ua@a.example,spool@a.example", "plain m1",
                   "stack spool@a.example m1", "stack ua@a.example "};

        const QString toMtaClient =
            "{'t':0,'kind':'hop','message':'m1','from':'user@a.example','to':'ua@a.example'}\n"
            "{'t':0,'kind':'hop','message':'m1','from':'database@a.example','to':'mta-client@a.example'}\n"
            "{'t':0,'kind':'line','conn':'submission/mx.a.example#1','proto':'submission','dir':'S','text':'535 5.7.8 Error: authentication failed'}\n"
            "{'t':0,'kind':'hop','reason':'submission-refused','message':'m1','from':'mta-client@a.example','to':'ua@a.example','host':'smtp.a.example','reply':'535 5.7.8 Error: authentication failed'}\n";
        QTest::newRow("a refused submission goes back to the UA, marked not sent")
            << toMtaClient << QStringList{"at m1 ua@a.example", "failed m1", "notsent ua@a.example 535 5.7.8 Error: authentication failed"};
        QTest::newRow("the UA's mark stays until the next hop")
            << toMtaClient + "{'t':5,'kind':'hop','message':'m2','from':'user@a.example','to':'ua@a.example'}\n"
            << QStringList{"at m1 ua@a.example", "failed m1", "nonotsent", "plain m2"};

        QTest::newRow("delivery counts the mailbox; POP3 deletes, IMAP keeps")
            << QString(kHopsToMailboxB) + "{'t':80,'kind':'hop','message':'m1','from':'database@b.example','to':'mailboxes@b.example'}\n"
"{'t':80,'kind':'delivered','message':'m1','node':'mailboxes@b.example','to':'bob@b.example','dsn':false}\n"
"{'t':60000,'kind':'retrieved','user':'bob@b.example','protocol':'imap','deleted':0,'count':1}\n" << QStringList{"at m1 mailboxes@b.example", "delivered m1", "messages mailboxes@b.example 1"};

        QTest::newRow("POP3 retrieval deletes from the mailbox")
            << QString(kHopsToMailboxB) + "{'t':80,'kind':'hop','message':'m1','from':'database@b.example','to':'mailboxes@b.example'}\n"
"{'t':80,'kind':'delivered','message':'m1','node':'mailboxes@b.example','to':'bob@b.example','dsn':false}\n"
"{'t':60000,'kind':'hop','message':'m1','from':'mailboxes@b.example','to':'spool@b.example'}\n"
"{'t':60000,'kind':'hop','message':'m1','from':'spool@b.example','to':'ua@b.example'}\n"
"{'t':60000,'kind':'expunged','message':'m1','node':'mailboxes@b.example','mailbox':'bob@b.example','uid':1}\n"
"{'t':60000,'kind':'retrieved','user':'bob@b.example','protocol':'pop3','deleted':1,'count':1}\n" << QStringList{"at m1 ua@b.example", "messages mailboxes@b.example 0"};

        QTest::newRow("POP3: the message leaves the mailbox at QUIT, not at RETR")
            << QString(kHopsToMailboxB) + "{'t':80,'kind':'hop','message':'m1','from':'database@b.example','to':'mailboxes@b.example'}\n"
"{'t':80,'kind':'delivered','message':'m1','node':'mailboxes@b.example','to':'bob@b.example','dsn':false}\n"
"{'t':60000,'kind':'hop','message':'m1','from':'mailboxes@b.example','to':'spool@b.example'}\n"
"{'t':60000,'kind':'hop','message':'m1','from':'spool@b.example','to':'ua@b.example'}\n" << QStringList{"at m1 ua@b.example", "messages mailboxes@b.example 1"};

        QTest::newRow("alias expansion splits one envelope into copies")
            << QString(kHopsToMailboxB) + "{'t':80,'kind':'hop','message':'m1.1','from':'database@b.example','to':'mailboxes@b.example'}\n"
"{'t':80,'kind':'hop','message':'m1.2','from':'database@b.example','to':'mailboxes@b.example'}\n" << QStringList{"hidden m1", "at m1.1 mailboxes@b.example", "at m1.2 mailboxes@b.example", "plain m1.1",
                   "stack mailboxes@b.example m1.1,m1.2", "stack database@b.example "};

        QTest::newRow("alias copies say whom they are for; a message that was never split does not")
            << QString(kHopsToMailboxB) + "{'t':80,'kind':'hop','message':'m1.1','from':'database@b.example','to':'mailboxes@b.example','account':'bob@b.example'}\n"
"{'t':80,'kind':'hop','message':'m1.2','from':'database@b.example','to':'mailboxes@b.example','account':'dave@b.example'}\n"
"{'t':81,'kind':'hop','message':'m2','from':'database@b.example','to':'mailboxes@b.example','account':'erin@b.example'}\n"
<< QStringList{"for m1.1 bob@b.example", "for m1.2 dave@b.example", "unlabelled m2"};

        QTest::newRow("a refused connection is shown until the next hop")
            << QString("{'t':0,'kind':'hop','message':'m1','from':'mta-server@mx.a.example','to':'internet'}\n"
"{'t':80,'kind':'error','conn':'relay#3','ok':false,'text':'Connection refused','host':'mx1.b.example'}\n"
"{'t':80,'kind':'error','conn':'relay#3','ok':false,'text':'connection lost'}\n") << QStringList{"refused mta-server@mx1.b.example Connection refused"};

        QTest::newRow("the next hop ends the refusal")
            << QString("{'t':0,'kind':'hop','message':'m1','from':'mta-server@mx.a.example','to':'internet'}\n"
"{'t':80,'kind':'error','conn':'relay#3','ok':false,'text':'Connection refused','host':'mx1.b.example'}\n"
"{'t':90,'kind':'hop','message':'m1','from':'internet','to':'mta-server@mx2.b.example'}\n") << QStringList{"norefusal", "at m1 mta-server@mx2.b.example"};

        QTest::newRow("a split message that moves on (a forward) is shown again")
            << QString(kHopsToMailboxB) + "{'t':80,'kind':'hop','message':'m1.1','from':'database@b.example','to':'mailboxes@b.example'}\n"
"{'t':80,'kind':'hop','message':'m1','from':'mta-server@mx.b.example','to':'internet'}\n" << QStringList{"at m1 internet", "at m1.1 mailboxes@b.example"};

        QTest::newRow("a refused recipient: the message fails, a bounce is born at the MTA")
            << QString("{'t':0,'kind':'hop','message':'m1','from':'mta-server@mx.a.example','to':'internet'}\n"
"{'t':80,'kind':'hop','message':'m1','from':'internet','to':'mta-server@mx.b.example'}\n"
"{'t':80,'kind':'error','message':'m1','node':'mta-server@mx.a.example','text':'<bobby@b.example>: 550 5.1.1'}\n"
"{'t':80,'kind':'hop','message':'m1.1','from':'mta-server@mx.a.example','to':'mta-server@mx.a.example'}\n"
"{'t':80,'kind':'hop','message':'m1.1','from':'mta-server@mx.a.example','to':'alias-expander@a.example'}\n") << QStringList{"failed m1", "at m1 mta-server@mx.b.example", "bounce m1.1", "at m1.1 alias-expander@a.example",
                   "path m1.1 mta-server@mx.a.example,alias-expander@a.example"};

        QTest::newRow("copies of a bounce are bounces")
            << QString("{'t':0,'kind':'hop','message':'m1','from':'internet','to':'mta-server@mx.b.example'}\n"
"{'t':0,'kind':'hop','message':'m1.1','from':'mta-server@mx.b.example','to':'mta-server@mx.b.example'}\n"
"{'t':0,'kind':'hop','message':'m1.1.1','from':'database@b.example','to':'mailboxes@b.example'}\n"
"{'t':0,'kind':'bounced','message':'m1.1.1','to':'x@b.example'}\n") << QStringList{"bounce m1.1", "bounce m1.1.1", "hidden m1.1", "at m1 mta-server@mx.b.example"};

        QTest::newRow("a deferred message waits in its queue with the retry time")
            << QString("{'t':1000,'kind':'hop','message':'m1','from':'mta-client@a.example','to':'mta-server@mx.a.example'}\n"
"{'t':1000,'kind':'queue','node':'mta-server@mx.a.example','queue':'mta-queue','id':1,'message':'m1','state':'queued','attempts':0,'next_retry':-1}\n"
"{'t':1000,'kind':'queue','node':'mta-server@mx.a.example','queue':'mta-queue','id':1,'message':'m1','state':'active','attempts':1,'next_retry':-1}\n"
"{'t':1000,'kind':'hop','message':'m1','from':'mta-server@mx.a.example','to':'internet','note':'the link to b.example is down'}\n"
"{'t':1000,'kind':'queue','node':'mta-server@mx.a.example','queue':'mta-queue','id':1,'message':'m1','state':'deferred','attempts':1,'next_retry':301000}\n") << QStringList{"at m1 mta-server@mx.a.example", "deferred m1 301000", "queued mta-server@mx.a.example 1",
                   "deferredcount mta-server@mx.a.example 1"};

        QTest::newRow("the retry starts: no longer deferred")
            << QString("{'t':1000,'kind':'hop','message':'m1','from':'mta-client@a.example','to':'mta-server@mx.a.example'}\n"
"{'t':1000,'kind':'queue','node':'mta-server@mx.a.example','queue':'mta-queue','id':1,'message':'m1','state':'deferred','attempts':1,'next_retry':301000}\n"
"{'t':301000,'kind':'queue','node':'mta-server@mx.a.example','queue':'mta-queue','id':1,'message':'m1','state':'active','attempts':2,'next_retry':-1}\n") << QStringList{"notdeferred m1", "queued mta-server@mx.a.example 1", "deferredcount mta-server@mx.a.example 0"};

        QTest::newRow("queue lengths: finished entries leave, spool and MTA queue apart")
            << QString("{'t':0,'kind':'queue','node':'spool@a.example','queue':'spool','id':1,'message':'m1','state':'queued','attempts':0,'next_retry':-1}\n"
"{'t':0,'kind':'queue','node':'spool@a.example','queue':'spool','id':2,'message':'m2','state':'queued','attempts':0,'next_retry':-1}\n"
"{'t':0,'kind':'queue','node':'mta-server@mx.a.example','queue':'mta-queue','id':1,'message':'m1','state':'queued','attempts':0,'next_retry':-1}\n"
"{'t':0,'kind':'queue','node':'spool@a.example','queue':'spool','id':1,'message':'m1','state':'active','attempts':1,'next_retry':-1}\n"
"{'t':0,'kind':'queue','node':'spool@a.example','queue':'spool','id':1,'message':'m1','state':'delivered','attempts':1,'next_retry':-1}\n") << QStringList{"queued spool@a.example 1", "queued mta-server@mx.a.example 1"};

        QTest::newRow("an MTA queue entry attributed to the backup MX moves its count there")
            << QString("{'t':0,'kind':'queue','node':'mta-server@mx1.b.example','queue':'mta-queue','id':1,'message':'m1','state':'queued','attempts':0,'next_retry':-1}\n"
"{'t':0,'kind':'queue','node':'mta-server@mx2.b.example','queue':'mta-queue','id':1,'message':'m1','state':'active','attempts':1,'next_retry':-1}\n") << QStringList{"queued mta-server@mx1.b.example 0", "queued mta-server@mx2.b.example 1"};

        QTest::newRow("submission: open, last command (its reply not yet), STARTTLS locks the link")
            << QString("{'t':0,'kind':'hop','message':'m1','from':'mta-client@a.example','to':'mta-server@mx.a.example'}\n"
"{'t':0,'kind':'line','conn':'submission/mx.a.example#1','proto':'submission','dir':'S','text':'220 mx.a.example ESMTP MailFlow'}\n"
"{'t':0,'kind':'line','conn':'submission/mx.a.example#1','proto':'submission','dir':'C','text':'STARTTLS'}\n"
"{'t':0,'kind':'line','conn':'submission/mx.a.example#1','proto':'submission','dir':'S','text':'220 2.0.0 Ready to start TLS'}\n"
"{'t':0,'kind':'tls','conn':'submission/mx.a.example#1','proto':'submission','ok':true,'text':'TLSv1.3'}\n"
"{'t':0,'kind':'line','conn':'submission/mx.a.example#1','proto':'submission','dir':'C','text':'MAIL FROM:<alice@a.example>'}\n") << QStringList{"open submission/mx.a.example#1 mta-client@a.example mta-server@mx.a.example",
                   "command submission/mx.a.example#1 MAIL FROM:<alice@a.example>",
                   // A new command clears the previous reply: it is not the command's answer.
                   "reply submission/mx.a.example#1 ", "tls submission/mx.a.example#1",
                   "locked mta-client@a.example mta-server@mx.a.example", "connections mta-server@mx.a.example 1",
                   "tlsconnections mta-server@mx.a.example 1", "opencount 1"};

        QTest::newRow("QUIT then 221 closes; message text does not")
            << QString("{'t':0,'kind':'line','conn':'smtp/mx.b.example#2','proto':'smtp','dir':'C','text':'DATA'}\n"
"{'t':0,'kind':'line','conn':'smtp/mx.b.example#2','proto':'smtp','dir':'S','text':'354 End data with <CR><LF>.<CR><LF>'}\n"
"{'t':0,'kind':'line','conn':'smtp/mx.b.example#2','proto':'smtp','dir':'C','text':'QUIT'}\n"
"{'t':0,'kind':'line','conn':'smtp/mx.b.example#2','proto':'smtp','dir':'C','text':'.'}\n"
"{'t':0,'kind':'line','conn':'smtp/mx.b.example#2','proto':'smtp','dir':'S','text':'250 2.0.0 Ok: queued as 1'}\n") << QStringList{"open smtp/mx.b.example#2 internet mta-server@mx.b.example", "command smtp/mx.b.example#2 ."};

        QTest::newRow("a relay: QUIT and 221 close it and the node's count")
            << QString("{'t':0,'kind':'hop','message':'m1','from':'mta-server@mx.a.example','to':'internet'}\n"
"{'t':80,'kind':'line','conn':'smtp/mx.b.example#2','proto':'smtp','dir':'S','text':'220 mx.b.example ESMTP'}\n"
"{'t':80,'kind':'tls','conn':'smtp/mx.b.example#2','proto':'smtp','ok':true,'text':'TLSv1.3'}\n"
"{'t':80,'kind':'hop','message':'m1','from':'internet','to':'mta-server@mx.b.example'}\n"
"{'t':80,'kind':'line','conn':'smtp/mx.b.example#2','proto':'smtp','dir':'C','text':'QUIT'}\n"
"{'t':80,'kind':'line','conn':'smtp/mx.b.example#2','proto':'smtp','dir':'S','text':'221 2.0.0 Bye'}\n") << QStringList{"closed smtp/mx.b.example#2", "connections mta-server@mx.b.example 0", "tlsconnections mta-server@mx.b.example 0",
                   "locked internet mta-server@mx.b.example", "locked mta-server@mx.a.example internet", "opencount 0",
                   "unlocked mta-client@a.example mta-server@mx.a.example"};

        QTest::newRow("an outsider's connection runs over the outsider's link")
            << QString("{'t':0,'kind':'hop','message':'m1','from':'outsider','to':'mta-server@mx.b.example'}\n"
"{'t':0,'kind':'line','conn':'smtp/mx.b.example#1','proto':'smtp','dir':'S','text':'220 mx.b.example ESMTP'}\n"
"{'t':0,'kind':'line','conn':'smtp/mx.b.example#1','proto':'smtp','dir':'C','text':'RCPT TO:<carol@c.example>'}\n"
"{'t':0,'kind':'line','conn':'smtp/mx.b.example#1','proto':'smtp','dir':'S','text':'554 5.7.1 <carol@c.example>: Relay access denied'}\n") << QStringList{"open smtp/mx.b.example#1 outsider mta-server@mx.b.example",
                   "reply smtp/mx.b.example#1 554 5.7.1 <carol@c.example>: Relay access denied"};

        QTest::newRow("POP3 runs between the user agent and the access server; +OK after QUIT closes")
            << QString("{'t':0,'kind':'line','conn':'pop3/b.example#1','proto':'pop3','dir':'S','text':'+OK MailFlow POP3 server ready'}\n"
"{'t':0,'kind':'line','conn':'pop3/b.example#1','proto':'pop3','dir':'C','text':'DELE 1'}\n"
"{'t':0,'kind':'line','conn':'pop3/b.example#1','proto':'pop3','dir':'S','text':'+OK Message 1 marked for deletion'}\n") << QStringList{"open pop3/b.example#1 ua@b.example spool@b.example", "command pop3/b.example#1 DELE 1",
                   "connections spool@b.example 1"};

        QTest::newRow("POP3 QUIT")
            << QString("{'t':0,'kind':'line','conn':'pop3/b.example#1','proto':'pop3','dir':'C','text':'QUIT'}\n"
"{'t':0,'kind':'line','conn':'pop3/b.example#1','proto':'pop3','dir':'S','text':'+OK signing off'}\n") << QStringList{"closed pop3/b.example#1", "connections spool@b.example 0"};

        QTest::newRow("IMAPS: implicit TLS opens the connection; LOGOUT closes on the tagged reply, not on BYE")
            << QString("{'t':0,'kind':'tls','conn':'imaps/b.example#3','proto':'imaps','ok':true,'text':'TLSv1.3'}\n"
"{'t':0,'kind':'line','conn':'imaps/b.example#3','proto':'imaps','dir':'C','text':'a5 LOGOUT'}\n"
"{'t':0,'kind':'line','conn':'imaps/b.example#3','proto':'imaps','dir':'S','text':'* BYE logging out'}\n") << QStringList{"open imaps/b.example#3 ua@b.example spool@b.example", "tls imaps/b.example#3",
                   "locked ua@b.example spool@b.example", "tlsconnections spool@b.example 1"};

        QTest::newRow("IMAP tagged OK after LOGOUT")
            << QString("{'t':0,'kind':'line','conn':'imap/b.example#3','proto':'imap','dir':'C','text':'a5 LOGOUT'}\n"
"{'t':0,'kind':'line','conn':'imap/b.example#3','proto':'imap','dir':'S','text':'* BYE logging out'}\n"
"{'t':0,'kind':'line','conn':'imap/b.example#3','proto':'imap','dir':'S','text':'a5 OK LOGOUT completed'}\n") << QStringList{"closed imap/b.example#3"};

        QTest::newRow("a failed TLS handshake ends the connection, nothing is locked")
            << QString("{'t':0,'kind':'line','conn':'submission/mx.a.example#1','proto':'submission','dir':'C','text':'STARTTLS'}\n"
"{'t':0,'kind':'tls','conn':'submission/mx.a.example#1','proto':'submission','ok':false,'text':'handshake failed'}\n"
"{'t':0,'kind':'tls','conn':'relay#4','ok':false,'text':'certificate'}\n") << QStringList{"closed submission/mx.a.example#1", "unlocked mta-client@a.example mta-server@mx.a.example",
                   "connections mta-server@mx.a.example 0", "opencount 0"};

        QTest::newRow("DNS: the question and the answer, in short; the next hop ends the exchange")
            << QString("{'t':0,'kind':'dns','node':'dns@internet','event':'query','text':'id 0x7f9f, flags none, question b.example. IN MX, edns version 0 udp 1232'}\n"
"{'t':0,'kind':'dns','node':'dns@internet','event':'answer','text':'id 0x7f9f, flags qr aa, status NOERROR, question b.example. IN MX, answers: b.example. 300 IN MX 10 mx.b.example., additional: mx.b.example. 300 IN A 127.0.0.3'}\n") << QStringList{"open dns internet dns@internet", "command dns b.example IN MX ?", "reply dns b.example MX 10 mx.b.example",
                   "dnsqueries dns@internet 1"};

        QTest::newRow("DNS: no answer, and the hop closes it")
            << QString("{'t':0,'kind':'dns','node':'dns@internet','event':'query','text':'id 0x973a, flags none, question mx.b.example. IN AAAA, edns version 0'}\n"
"{'t':0,'kind':'dns','node':'dns@internet','event':'answer','text':'id 0x973a, flags qr aa, status NOERROR, question mx.b.example. IN AAAA, authority: b.example. 300 IN SOA ns.b.example.'}\n"
"{'t':0,'kind':'dns','node':'dns@internet','event':'query','text':'id 0x1, flags none, question nowhere.example. IN MX, edns version 0'}\n"
"{'t':0,'kind':'dns','node':'dns@internet','event':'answer','text':'id 0x1, flags qr aa, status NXDOMAIN, question nowhere.example. IN MX'}\n"
"{'t':0,'kind':'hop','message':'m1','from':'mta-server@mx.a.example','to':'internet'}\n") << QStringList{"closed dns", "reply dns NXDOMAIN", "dnsqueries dns@internet 2"};

        QTest::newRow("a server taken down and a link cut, then restored")
            << QString("{'t':0,'kind':'action','action':'server','node':'mta-server@mx1.b.example','state':'down'}\n"
"{'t':0,'kind':'action','action':'link','node':'internet','between':['b.example','a.example'],'state':'down'}\n"
"{'t':0,'kind':'action','action':'link','node':'internet','between':['c.example','a.example'],'state':'down'}\n"
"{'t':9,'kind':'action','action':'link','node':'internet','between':['a.example','c.example'],'state':'up'}\n") << QStringList{"down mta-server@mx1.b.example", "linkdown a.example|b.example"};

        QTest::newRow("server back up")
            << QString("{'t':0,'kind':'action','action':'server','node':'mta-server@mx1.b.example','state':'down'}\n"
"{'t':0,'kind':'action','action':'server','node':'mta-server@mx1.b.example','state':'up'}\n") << QStringList{"up mta-server@mx1.b.example", "nolinkdown"};
    }

    void rows()
    {
        QFETCH(QString, events);
        QFETCH(QStringList, expect);
        const QList<SimEvent> log = parseEvents(events);
        FlowState incremental;
        for (int i = 0; i < log.size(); ++i) {
            incremental.apply(i, log.at(i));
            // Back to any point gives the same picture as getting there event by event.
            FlowState rebuilt;
            rebuilt.rebuild(log, i);
            QCOMPARE(summary(rebuilt), summary(incremental));
        }
        QCOMPARE(incremental.lastEvent(), log.size() - 1);
        QCOMPARE(incremental.time(), log.last().t);
        for (const QString &e : expect)
            QVERIFY2(check(incremental, e).isEmpty(), qPrintable(e + " -> " + check(incremental, e)));
    }

    void changesNameWhatMoved()
    {
        const QList<SimEvent> log = parseEvents(QString(kHopsToMailboxB));
        FlowState s;
        s.apply(0, log.at(0));
        FlowState::Changes c = s.takeChanges();
        QVERIFY(c.envelopes.contains("m1"));
        QVERIFY(c.links);
        QVERIFY(!s.takeChanges().any());
        const QList<SimEvent> more = parseEvents("{'t':0,'kind':'queue','node':'spool@a.example','queue':'spool','id':1,'message':'m9','state':'queued'}\n");
        s.apply(1, more.at(0));
        c = s.takeChanges();
        QCOMPARE(c.nodes, QSet<QString>{"spool@a.example"});
        QVERIFY(c.envelopes.isEmpty());
    }

    void eachDeviceShowsWhatItLastSaw()
    {
        // Lesson 02's story: the laptop fetches m1 (unread), then marks it read; the phone fetches it
        // later and sees it read already, though it never opened it (RFC 3501 §2.3.2).
        const auto loaded = ScenarioLoader::loadFile(":/scenarios/02-imap-two-devices.json");
        QVERIFY(loaded.ok());
        const DiagramTopology t = DiagramTopology::fromScenario(*loaded.scenario);
        QCOMPARE(t.node("ua@b.example")->detail, QString("laptop"));
        QCOMPARE(t.node("ua@b.example/phone")->detail, QString("phone"));
        const QList<SimEvent> log = parseEvents(
            "{'t':60017,'kind':'hop','message':'m1','from':'mailboxes@b.example','to':'spool@b.example','protocol':'imap'}\n"
            "{'t':60018,'kind':'hop','message':'m1','from':'spool@b.example','to':'ua@b.example','device':'laptop','user':'bob@b.example','protocol':'imap'}\n"
            "{'t':60038,'kind':'note','reason':'seen-stored','message':'m1','account':'bob@b.example','node':'mailboxes@b.example'}\n"
            "{'t':120017,'kind':'hop','message':'m1','from':'spool@b.example','to':'ua@b.example','device':'phone','user':'bob@b.example','protocol':'imap'}\n");
        FlowState s(&t);
        s.apply(0, log.at(0));
        s.apply(1, log.at(1));
        QCOMPARE(s.envelope("m1")->at, QString("ua@b.example"));
        QCOMPARE(s.deviceView("ua@b.example").value("m1", true), false);
        QVERIFY(s.deviceView("ua@b.example/phone").isEmpty());
        s.apply(2, log.at(2));
        QCOMPARE(s.deviceView("ua@b.example").value("m1"), true);
        s.apply(3, log.at(3));
        QCOMPARE(s.envelope("m1")->at, QString("ua@b.example/phone"));
        QCOMPARE(s.deviceView("ua@b.example/phone").value("m1"), true);
        // Back before the STORE: the laptop shows it unread again.
        s.rebuild(log, 1);
        QCOMPARE(s.deviceView("ua@b.example").value("m1"), false);
        // A lesson with one device keeps one UA.
        const auto basic = ScenarioLoader::loadFile(":/scenarios/01-basic-pop3.json");
        QVERIFY(basic.ok());
        const DiagramTopology one = DiagramTopology::fromScenario(*basic.scenario);
        QCOMPARE(one.deviceUa("ua@b.example", "laptop"), QString("ua@b.example"));
    }

    void rebuildStopsAtTheCursor()
    {
        const QList<SimEvent> log = parseEvents(QString(kHopsToMailboxB));
        FlowState s;
        s.rebuild(log, 2);
        QCOMPARE(s.envelope("m1")->at, QString("alias-expander@a.example"));
        s.rebuild(log, -1);
        QVERIFY(s.envelopes().isEmpty());
        QCOMPARE(s.lastEvent(), -1);
    }

    void topologyOfTwoAndThreeDomains_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("nodes");
        QTest::newRow("basic") << ":/scenarios/01-basic-pop3.json"
                               << QStringList{"user@a.example", "ua@a.example", "spool@a.example", "alias-expander@a.example",
                                              "database@a.example", "mta-client@a.example", "mta-server@mx.a.example", "internet",
                                              "dns@internet", "mta-server@mx.b.example", "alias-expander@b.example",
                                              "database@b.example", "mailboxes@b.example", "spool@b.example", "ua@b.example",
                                              "user@b.example", "mailboxes@a.example"};
        QTest::newRow("alias list, three domains") << ":/scenarios/04-alias-list.json"
                                                   << QStringList{"mta-server@mx.c.example", "mailboxes@c.example", "user@c.example",
                                                                  "mailboxes@b.example"};
        QTest::newRow("backup MX") << ":/scenarios/06-backup-mx.json"
                                   << QStringList{"mta-server@mx1.b.example", "mta-server@mx2.b.example"};
        QTest::newRow("two devices, two user agents") << ":/scenarios/02-imap-two-devices.json"
                                                      << QStringList{"ua@b.example", "ua@b.example/phone", "user@b.example"};
    }

    void topologyOfTwoAndThreeDomains()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, nodes);
        const auto loaded = ScenarioLoader::loadFile(scenario);
        QVERIFY(loaded.ok());
        const DiagramTopology t = DiagramTopology::fromScenario(*loaded.scenario);
        for (const QString &id : nodes)
            QVERIFY2(t.contains(id), qPrintable(id));
        // No two nodes share a cell; the sender is left of the Internet, every receiver right of it.
        QSet<QString> cells;
        const double internetColumn = t.node("internet")->cell.x();
        for (const auto &n : t.nodes()) {
            const QString cell = QString("%1,%2").arg(n.cell.x()).arg(n.cell.y());
            QVERIFY2(!cells.contains(cell), qPrintable(n.id + " shares " + cell));
            cells.insert(cell);
            if (n.side == DiagramTopology::Side::Sender)
                QVERIFY(n.cell.x() < internetColumn);
            if (n.side == DiagramTopology::Side::Receiver)
                QVERIFY(n.cell.x() > internetColumn);
        }
        // The seed's order, left to right, on the sender's main row.
        const auto *user = t.node("user@a.example");
        const auto *mta = t.node("mta-server@mx.a.example");
        QVERIFY(user && mta);
        QVERIFY(user->cell.x() < t.node("ua@a.example")->cell.x());
        QVERIFY(t.node("alias-expander@a.example")->cell.x() < mta->cell.x());
        QCOMPARE(t.node("database@a.example")->cell.x(), t.node("alias-expander@a.example")->cell.x());
        QVERIFY(t.node("database@a.example")->cell.y() > t.node("alias-expander@a.example")->cell.y());
        if (t.contains("mta-server@mx2.b.example")) {
            QVERIFY(t.node("mta-server@mx2.b.example")->backupMx);
            QVERIFY(!t.node("mta-server@mx1.b.example")->backupMx);
        }
        // An outsider appearing in events gets a place of its own.
        DiagramTopology copy = t;
        const auto &outsider = copy.addExtraNode("outsider");
        QCOMPARE(outsider.kind, QString("other"));
        QVERIFY(!cells.contains(QString("%1,%2").arg(outsider.cell.x()).arg(outsider.cell.y())));
    }
};

QTEST_GUILESS_MAIN(TestFlowState)
#include "tst_flowstate.moc"
