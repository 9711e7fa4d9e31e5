#pragma once

#include "aliases/AliasDatabase.h"
#include "smtp/SmtpRecipientPolicy.h"
#include "store/UserDirectory.h"

namespace mf {

// An MTA server's RCPT rule in the world: mailboxes and aliases of the domains it serves are accepted
// (postmaster always, RFC 5321 §4.5.1), unknown local parts refused (550 5.1.1), other domains relayed
// only for authenticated clients (no open relay).
class RecipientRules : public smtp::SmtpRecipientPolicy
{
public:
    RecipientRules(const UserDirectory &users, const AliasDatabase &aliases) : m_users(users), m_aliases(aliases) {}
    Decision check(const QByteArray &address, bool authenticated) const override;

private:
    const UserDirectory &m_users;
    const AliasDatabase &m_aliases;
};

} // namespace mf
