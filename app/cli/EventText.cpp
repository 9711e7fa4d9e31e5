#include "EventText.h"

#include <QJsonArray>

namespace mf::cli {

namespace {

QString field(const SimEvent &e, const char *name)
{
    const QJsonValue v = e.field(QLatin1String(name));
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &x : v.toArray())
            parts << x.toString();
        return parts.join(QStringLiteral(", "));
    }
    return v.isDouble() ? QString::number(v.toInteger()) : v.toString();
}

} // namespace

QString eventText(const SimEvent &e, bool withExplanations)
{
    const QString time = QStringLiteral("[%1s]").arg(double(e.t) / 1000.0, 10, 'f', 3);
    // Kinds up to 8 letters line up in a column; longer ones ("delivered") still get a space after them.
    const QString kind = e.kind.leftJustified(8) + QLatin1Char(' ');
    QString body;
    if (e.kind == QLatin1String("hop")) {
        body = QStringLiteral("%1  %2 -> %3").arg(field(e, "message"), field(e, "from"), field(e, "to"));
        if (!field(e, "note").isEmpty())
            body += QStringLiteral("   (%1)").arg(field(e, "note"));
    } else if (e.kind == QLatin1String("line")) {
        body = QStringLiteral("%1  %2: %3").arg(field(e, "conn"), field(e, "dir"), field(e, "text"));
        if (withExplanations && !field(e, "explain").isEmpty())
            body += QStringLiteral("\n%1%2").arg(QString(26, QLatin1Char(' ')), QStringLiteral("= ") + field(e, "explain"));
    } else if (e.kind == QLatin1String("db")) {
        body = QStringLiteral("%1  %2  => %3").arg(field(e, "node"), field(e, "query"), field(e, "result"));
    } else if (e.kind == QLatin1String("dns")) {
        body = QStringLiteral("%1  %2").arg(field(e, "node"), field(e, "text").isEmpty() ? field(e, "summary") : field(e, "text"));
        if (withExplanations && !field(e, "explain").isEmpty())
            body += QStringLiteral("\n%1%2").arg(QString(26, QLatin1Char(' ')), QStringLiteral("= ") + field(e, "explain"));
    } else if (e.kind == QLatin1String("queue")) {
        body = QStringLiteral("%1  #%2 %3 %4 (attempts %5)").arg(field(e, "node"), field(e, "id"), field(e, "message"),
                                                                  field(e, "state"), field(e, "attempts"));
        if (field(e, "state") == QLatin1String("deferred"))
            body += QStringLiteral(", retry at %1s: %2").arg(e.field(QStringLiteral("next_retry")).toInteger() / 1000).arg(field(e, "error"));
    } else if (e.kind == QLatin1String("delivered")) {
        body = QStringLiteral("%1  to %2 (mailbox %3, uid %4)").arg(field(e, "message"), field(e, "to"), field(e, "mailbox"), field(e, "uid"));
    } else if (e.kind == QLatin1String("bounced")) {
        body = QStringLiteral("%1  bounce delivered to %2").arg(field(e, "message"), field(e, "to"));
    } else if (e.kind == QLatin1String("retrieved")) {
        body = QStringLiteral("%1 with %2 on %3: %4 message(s), %5 deleted from the server").arg(
            field(e, "user"), field(e, "protocol").toUpper(), field(e, "device"), field(e, "count"), field(e, "deleted"));
        if (!field(e, "error").isEmpty())
            body += QStringLiteral(" (error: %1)").arg(field(e, "error"));
    } else if (e.kind == QLatin1String("tls")) {
        body = QStringLiteral("%1  %2").arg(field(e, "conn"), field(e, "text"));
    } else if (e.kind == QLatin1String("action")) {
        body = field(e, "action");
        for (const char *k : {"message", "from", "to", "user", "protocol", "host", "node", "between", "state"})
            if (!field(e, k).isEmpty())
                body += QStringLiteral(" %1=%2").arg(QLatin1String(k), field(e, k));
    } else {
        body = field(e, "text");
        if (!field(e, "conn").isEmpty())
            body = field(e, "conn") + QStringLiteral("  ") + body;
    }
    return time + QLatin1Char(' ') + kind + body;
}

} // namespace mf::cli
