#include "UserDirectory.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace mf {

QByteArray UserDirectory::derive(const QByteArray &password, const QByteArray &salt)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password, salt, kIterations, 32);
}

void UserDirectory::addDomain(const QString &domain)
{
    m_domains.insert(domain.toLower().toUtf8());
}

void UserDirectory::addUser(const QString &address, const QByteArray &password)
{
    Account account;
    account.address = address.toUtf8();
    account.salt.resize(16);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(account.salt.data()), 4);
    account.digest = derive(password, account.salt);
    m_accounts.insert(account.address.toLower(), account);
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    if (at > 0)
        addDomain(address.mid(at + 1));
}

bool UserDirectory::servesDomain(const QByteArray &domain) const
{
    return m_domains.contains(domain.toLower());
}

bool UserDirectory::hasAddress(const QByteArray &address) const
{
    return m_accounts.contains(address.toLower());
}

QStringList UserDirectory::domains() const
{
    QStringList out;
    for (const QByteArray &d : m_domains)
        out.append(QString::fromUtf8(d));
    out.sort();
    return out;
}

QByteArray UserDirectory::canonicalAccount(const QByteArray &login) const
{
    const QByteArray key = login.toLower();
    if (const auto it = m_accounts.constFind(key); it != m_accounts.constEnd())
        return it->address;
    if (key.contains('@'))
        return {};
    QByteArray found;
    for (const Account &a : m_accounts) {
        if (a.address.toLower().startsWith(key + '@')) {
            if (!found.isEmpty())
                return {}; // the same local part in two domains: ambiguous
            found = a.address;
        }
    }
    return found;
}

bool UserDirectory::checkPassword(const QByteArray &login, const QByteArray &password) const
{
    const QByteArray address = canonicalAccount(login);
    if (address.isEmpty())
        return false;
    const auto it = m_accounts.constFind(address.toLower());
    if (it == m_accounts.constEnd())
        return false;
    const Account &a = *it; // the stored account, not a copy: its auth cache is updated below
    // Compare in constant time.
    auto same = [](const QByteArray &x, const QByteArray &y) {
        unsigned char diff = 0;
        for (qsizetype i = 0; i < x.size() && i < y.size(); ++i)
            diff |= static_cast<unsigned char>(x[i] ^ y[i]);
        return diff == 0 && x.size() == y.size();
    };
    const QByteArray quick = QCryptographicHash::hash(a.salt + password, QCryptographicHash::Sha256);
    {
        QMutexLocker locker(&m_cacheLock);
        if (!a.verified.isEmpty() && same(quick, a.verified))
            return true;
    }
    if (!same(derive(password, a.salt), a.digest))
        return false;
    QMutexLocker locker(&m_cacheLock);
    a.verified = quick;
    return true;
}

} // namespace mf
