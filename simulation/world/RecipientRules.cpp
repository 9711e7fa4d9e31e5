#include "RecipientRules.h"

namespace mf {

smtp::SmtpRecipientPolicy::Decision RecipientRules::check(const QByteArray &address, bool authenticated) const
{
    const qsizetype at = address.lastIndexOf('@');
    const QByteArray local = at < 0 ? address : address.left(at);
    const QByteArray domain = at < 0 ? QByteArray() : address.mid(at + 1).toLower();
    if (local.compare("postmaster", Qt::CaseInsensitive) == 0 && (domain.isEmpty() || m_users.servesDomain(domain)))
        return Decision::Accept;
    if (domain.isEmpty())
        return Decision::UnknownUser;
    if (m_users.servesDomain(domain)) {
        if (m_users.hasAddress(address))
            return Decision::Accept;
        const auto lookup = m_aliases.expand(QString::fromUtf8(address), {});
        const bool isAlias = !lookup.lookups.isEmpty() && !lookup.lookups.first().members.isEmpty();
        return isAlias ? Decision::Accept : Decision::UnknownUser;
    }
    return authenticated ? Decision::Accept : Decision::RelayDenied;
}

} // namespace mf
