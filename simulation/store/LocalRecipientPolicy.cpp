#include "LocalRecipientPolicy.h"

#include "smtp/SmtpCommandParser.h"

namespace mf {

LocalRecipientPolicy::Decision LocalRecipientPolicy::check(const QByteArray &address, bool authenticated) const
{
    const QByteArray domain = smtp::SmtpCommandParser::domain(address);
    if (!m_users.servesDomain(domain))
        return authenticated ? Decision::Accept : Decision::RelayDenied;
    return m_users.hasAddress(address) ? Decision::Accept : Decision::UnknownUser;
}

} // namespace mf
