#include "LocalMailboxDelivery.h"

#include "UserDirectory.h"
#include "store/MailboxStore.h"

namespace mf {

void LocalMailboxDelivery::commit(const smtp::SmtpMessage &message, Done done)
{
    m_spool.commit(message, [this, message, done = std::move(done)](const smtp::CommitResult &spooled) {
        if (!spooled.ok) {
            done(spooled);
            return;
        }
        QList<DeliveryTarget> targets;
        QStringList seen;
        for (const QByteArray &recipient : message.recipients) {
            const QString account = QString::fromUtf8(m_users.canonicalAccount(recipient));
            if (account.isEmpty() || seen.contains(account))
                continue;
            seen << account;
            targets.append(DeliveryTarget{account, QStringLiteral("INBOX")});
        }
        if (!targets.isEmpty()
            && !m_mailboxes.deliverToAll(targets, message.data, message.receivedAt.isValid()
                                                                     ? message.receivedAt
                                                                     : QDateTime::currentDateTimeUtc())) {
            // RFC 5321 §4.2.5: not stored, so not accepted; the client will try again.
            done(smtp::CommitResult::failed(451, "4.3.0", "Error: could not deliver to the mailbox"));
            return;
        }
        done(spooled);
    });
}

} // namespace mf
