#pragma once

#include "smtp/SmtpMessage.h"

namespace mf {

class MailboxStore;
class UserDirectory;

// The server's delivery step for mail to its own users: the message is first committed to the spool
// (`spool`), then stored in the INBOX of every local recipient in one MailboxStore transaction, and only
// then is `done` called, so the SMTP 250 comes after the message is durable in the mailbox that POP3 and
// IMAP read. Recipients of other domains are left to the spool (relaying comes later).
class LocalMailboxDelivery : public smtp::SmtpMessageSink
{
public:
    LocalMailboxDelivery(smtp::SmtpMessageSink &spool, MailboxStore &mailboxes, const UserDirectory &users)
        : m_spool(spool), m_mailboxes(mailboxes), m_users(users)
    {
    }

    void commit(const smtp::SmtpMessage &message, Done done) override;

private:
    smtp::SmtpMessageSink &m_spool;
    MailboxStore &m_mailboxes;
    const UserDirectory &m_users;
};

} // namespace mf
