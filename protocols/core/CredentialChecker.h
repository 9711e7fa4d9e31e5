#pragma once

#include <QByteArray>

namespace mf {

// What a server session asks when a client presents a login and password (SMTP AUTH, POP3 USER/PASS and
// AUTH, IMAP LOGIN and AUTHENTICATE). The answer is synchronous: stored credentials are local.
class CredentialChecker
{
public:
    virtual ~CredentialChecker() = default;
    // True when `login` exists and `password` is its password. `login` is what the client typed
    // (a full address such as "alice@a.example", or a bare user name where the server allows it).
    virtual bool checkPassword(const QByteArray &login, const QByteArray &password) const = 0;
    // The canonical account name for a login, e.g. "alice@a.example"; empty when unknown.
    virtual QByteArray canonicalAccount(const QByteArray &login) const = 0;
};

} // namespace mf
