#pragma once

#include "smtp/SmtpRecipientPolicy.h"
#include "UserDirectory.h"

namespace mf {

// The recipient rule of a server for the domains in a UserDirectory: local mailboxes are accepted, unknown
// local ones refused (550 5.1.1), other domains only for authenticated clients (no open relay).
class LocalRecipientPolicy : public smtp::SmtpRecipientPolicy
{
public:
    explicit LocalRecipientPolicy(const UserDirectory &users) : m_users(users) {}
    Decision check(const QByteArray &address, bool authenticated) const override;

private:
    const UserDirectory &m_users;
};

} // namespace mf
