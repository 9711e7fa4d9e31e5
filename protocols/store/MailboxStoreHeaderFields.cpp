// MailboxStore: the reads behind its header-field cache (SEARCH HEADER, RFC 3501 §6.4.4).
#include "MailboxStore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace mf {

std::optional<HeaderFieldColumn> MailboxStore::headerFieldColumn(const QString &account, const QString &mailbox,
                                                                 QByteArrayView field)
{
    const std::optional<HeaderFieldCache::MailboxState> state = headerFieldCacheState(account, mailbox);
    if (!state)
        return std::nullopt;
    const HeaderFieldCache::Reader read{
        [&] { return uidsOf(state->mailboxId); },
        [&](quint32 firstUid, quint32 lastUid) { return headerBlocksBetween(state->mailboxId, firstUid, lastUid); },
    };
    return m_headerFields.column(*state, field, read);
}

// uidnext and the message count in one statement, so that both describe the same moment.
std::optional<HeaderFieldCache::MailboxState> MailboxStore::headerFieldCacheState(const QString &account,
                                                                                   const QString &mailbox)
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT b.id, b.uidnext, (SELECT COUNT(*) FROM messages m WHERE m.mailbox_id = b.id)"
                                           " FROM mailboxes b WHERE b.account = ? AND b.name = ?"));
    q.addBindValue(account);
    q.addBindValue(normalizedName(mailbox));
    if (!q.exec() || !q.next()) {
        m_lastError = q.lastError().isValid() ? q.lastError().text()
                                              : QStringLiteral("no mailbox %1 for %2").arg(mailbox, account);
        q.finish();
        return std::nullopt;
    }
    const HeaderFieldCache::MailboxState state{q.value(0).toLongLong(), q.value(1).toUInt(), q.value(2).toLongLong()};
    q.finish();
    return state;
}

std::optional<QList<quint32>> MailboxStore::uidsOf(qint64 mailboxId)
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid"));
    q.setForwardOnly(true);
    q.addBindValue(mailboxId);
    if (!q.exec()) {
        fail(q.lastError().text());
        return std::nullopt;
    }
    QList<quint32> uids;
    while (q.next())
        uids.append(q.value(0).toUInt());
    q.finish();
    return uids;
}

} // namespace mf
