#pragma once

#include <QByteArray>

namespace mf::smtp {

// Decides, synchronously, whether a server accepts one RCPT TO address.
class SmtpRecipientPolicy
{
public:
    enum class Decision : quint8 {
        Accept,           // 250 2.1.5
        UnknownUser,      // a domain we serve without that mailbox: 550 5.1.1
        RelayDenied,      // a domain we do not serve, client not authenticated: 554 5.7.1
        TemporaryFailure, // 451 4.3.0
    };
    virtual ~SmtpRecipientPolicy() = default;
    // `address` is the mailbox as given (local part case preserved); `authenticated` is true after AUTH.
    virtual Decision check(const QByteArray &address, bool authenticated) const = 0;
};

} // namespace mf::smtp
