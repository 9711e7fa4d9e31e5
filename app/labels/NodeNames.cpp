#include "NodeNames.h"

#include "narration/EventNarrator.h"

namespace mf {

bool NodeNames::isReceivingSpool(const QString &nodeId, const QString &senderDomain)
{
    return !senderDomain.isEmpty() && kind(nodeId) == QLatin1String("spool")
           && where(nodeId).compare(senderDomain, Qt::CaseInsensitive) != 0;
}

QString NodeNames::title(const QString &nodeId, const QString &senderDomain)
{
    const QString k = kind(nodeId);
    const QString at = where(nodeId);
    if (isReceivingSpool(nodeId, senderDomain))
        return tr("Spool and POP3/IMAP server (%1)").arg(at);
    if (nodeId == QLatin1String("internet"))
        return tr("The Internet");
    if (k == QLatin1String("dns"))
        return tr("DNS server");
    if (k == QLatin1String("outsider"))
        return tr("An outside client");
    if (k == QLatin1String("user"))
        return tr("User (%1)").arg(at);
    if (k == QLatin1String("ua"))
        return tr("User agent (%1)").arg(at);
    if (k == QLatin1String("spool"))
        return tr("Spool (%1)").arg(at);
    if (k == QLatin1String("alias-expander"))
        return tr("Alias expander (%1)").arg(at);
    if (k == QLatin1String("database"))
        return tr("Alias database (%1)").arg(at);
    if (k == QLatin1String("mta-client"))
        return tr("MTA client (%1)").arg(at);
    if (k == QLatin1String("mta-server"))
        return tr("MTA server %1").arg(at);
    if (k == QLatin1String("mailboxes"))
        return tr("Mailboxes (%1)").arg(at);
    if (k == QLatin1String("access-server"))
        return tr("POP3/IMAP server (%1)").arg(at);
    return nodeId;
}

QString NodeNames::hopHeadline(const SimEvent &hop, Language language, const QString &senderDomain)
{
    const QString to = hop.text("to");
    QString toTitle = title(to, senderDomain);
    if (const QString device = hop.text("device"); !device.isEmpty() && kind(to) == QLatin1String("ua"))
        toTitle += QStringLiteral(" · ") + narration::deviceName(device, language);
    QString line = QStringLiteral("%1 → %2").arg(title(hop.text("from"), senderDomain), toTitle);
    if (const QString what = narration::hopSummary(hop, language); !what.isEmpty())
        line += QStringLiteral(": ") + what;
    return line;
}

QString NodeNames::role(const QString &nodeId, const QString &senderDomain)
{
    const QString k = kind(nodeId);
    if (isReceivingSpool(nodeId, senderDomain))
        return tr("The seed's spool before User B's agent. Here it is the message access agent (like Dovecot's "
                  "POP3/IMAP server): it reads the mailbox and serves it to the user agent when asked. POP3 "
                  "downloads (and usually deletes at QUIT); IMAP keeps the mail on the server.");
    if (nodeId == QLatin1String("internet"))
        return tr("Carries mail between the domains' MTA servers. A cut link makes the sender's spool wait and retry.");
    if (k == QLatin1String("dns"))
        return tr("Answers \"which servers take mail for this domain?\" with MX records (the lowest preference "
                  "is tried first) and A records (their addresses). Edit a record: the next lookup sees it.");
    if (k == QLatin1String("user"))
        return tr("The person who writes or reads the mail.");
    if (k == QLatin1String("ua"))
        return tr("The mail program (user agent): it hands new mail to the spool and fetches mail with POP3 or IMAP.");
    if (k == QLatin1String("spool"))
        return tr("The outgoing queue: mail waiting its turn to be sent. An entry that could not be sent is "
                  "deferred and tried again later, each time waiting longer.");
    if (k == QLatin1String("alias-expander") || k == QLatin1String("database"))
        return tr("Asks the alias database whether a recipient is an alias (a list of other addresses). "
                  "Edit a row: the next message is expanded with it.");
    if (k == QLatin1String("mta-client"))
        return tr("Sends the mail to the MTA server with SMTP (submission: STARTTLS, then log in).");
    if (k == QLatin1String("mta-server"))
        return tr("Accepts mail with SMTP, adds a Received: line, keeps it in its queue, and delivers it "
                  "or relays it to the next server.");
    if (k == QLatin1String("mailboxes"))
        return tr("Where delivered mail is kept until the user agent fetches it.");
    if (k == QLatin1String("access-server"))
        return tr("The message access agent (like Dovecot's POP3/IMAP server): it reads the mailbox and serves it "
                  "to the user agent when asked. POP3 downloads (and usually deletes at QUIT); IMAP keeps the mail "
                  "on the server.");
    return {};
}

} // namespace mf
