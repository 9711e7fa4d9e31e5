// Timeline progress that survives a restart: a world started again on the same files replays its
// timeline, and every send that already reached the UA's spool is skipped instead of sent again.
#include "World.h"

#include "NodeIds.h"

#include <QCryptographicHash>

namespace mf {

QString World::timelineOrigin(int index, const ActionSpec &a)
{
    // The digest ties the key to this action, so another scenario run on the same files does not skip
    // its own sends because an unrelated action once had the same position.
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const QString &part : QStringList{QString::number(a.atMs), a.from, a.to.join(QLatin1Char(',')),
                                           a.cc.join(QLatin1Char(',')), a.bcc.join(QLatin1Char(',')), a.subject, a.body}) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    return QStringLiteral("timeline:%1:%2").arg(index).arg(QString::fromLatin1(hash.result().toHex().left(16)));
}

bool World::alreadySent(DomainHost &d, const QString &origin)
{
    if (origin.isEmpty())
        return false;
    const qint64 id = d.outbox->idForOrigin(origin);
    if (id == 0)
        return false;
    const auto entry = d.outbox->entryHeader(id);
    note(EventReason::AlreadyInSpool, {{QStringLiteral("message"), entry ? entry->flow : QString()},
                                       {QStringLiteral("node"), node::spool(d.spec.name)},
                                       {QStringLiteral("origin"), origin}});
    return true;
}

} // namespace mf
