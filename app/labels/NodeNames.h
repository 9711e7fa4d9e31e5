#pragma once

#include "events/SimEvent.h"
#include "explain/Language.h"

#include <QCoreApplication>
#include <QString>

namespace mf {

// Names and one-line descriptions of the world's nodes (DESIGN.md's node ids) for the inspectors, the
// lesson notes and `mailflow run`, in the current language (the installed translator). QtCore only: the
// command line uses it too.
class NodeNames
{
    Q_DECLARE_TR_FUNCTIONS(NodeNames)
public:
    static QString kind(const QString &nodeId) { return nodeId.section(QLatin1Char('@'), 0, 0); }
    static QString where(const QString &nodeId) { return nodeId.section(QLatin1Char('@'), 1); }
    // Whether `nodeId` is a receiving domain's spool: the seed's "spool before User B's agent", which
    // MailFlow shows together with the message access agent (POP3/IMAP server) that serves retrieval.
    // `senderDomain` is the lesson's sending domain (Scenario::sendingDomain); a spool there, or
    // any spool when it is empty, is the outgoing queue.
    static bool isReceivingSpool(const QString &nodeId, const QString &senderDomain);
    // "MTA server mx.b.example", "Spool (a.example)", "Spool and POP3/IMAP server (b.example)".
    static QString title(const QString &nodeId, const QString &senderDomain = QString());
    // A hop with the nodes named as the diagram names them: "MTA server mx.b.example → Alias expander
    // (b.example): ...", with the reading device after the user agent when the hop names one.
    static QString hopHeadline(const SimEvent &hop, Language language, const QString &senderDomain);
    // What this node does on its side, for a student.
    static QString role(const QString &nodeId, const QString &senderDomain = QString());
};

} // namespace mf
