#pragma once

#include "core/CredentialChecker.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>

namespace mf {

// The mail accounts of the domains a node serves. Passwords are kept only as PBKDF2-HMAC-SHA256 digests
// with a random per-user salt. Logins are the full address or, when unambiguous, its local part.
// Addresses are matched case-insensitively (as Postfix does for local users).
class UserDirectory : public CredentialChecker
{
public:
    static constexpr int kIterations = 10000;

    void addDomain(const QString &domain);
    // Adds the account and its domain.
    void addUser(const QString &address, const QByteArray &password);

    bool servesDomain(const QByteArray &domain) const;
    bool hasAddress(const QByteArray &address) const;
    QStringList domains() const;

    bool checkPassword(const QByteArray &login, const QByteArray &password) const override;
    QByteArray canonicalAccount(const QByteArray &login) const override;

private:
    struct Account {
        QByteArray address;
        QByteArray salt;
        QByteArray digest;
        // Like Dovecot's auth cache: a SHA-256 of the salt and the password of the last successful
        // login, so a client that logs in again (a new connection per batch) costs one hash, not 10,000
        // PBKDF2 rounds. Empty until a login succeeds; replaced when another password succeeds.
        mutable QByteArray verified;
    };
    static QByteArray derive(const QByteArray &password, const QByteArray &salt);

    QHash<QByteArray, Account> m_accounts; // key: lower-cased address
    // Logins come from the world's thread (POP3, IMAP) and the wire thread (SMTP AUTH): the auth cache is
    // the only state a login changes.
    mutable QMutex m_cacheLock;
    QSet<QByteArray> m_domains;            // lower-cased
};

} // namespace mf
