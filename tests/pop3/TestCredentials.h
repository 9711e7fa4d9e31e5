#pragma once

#include "core/CredentialChecker.h"

#include <QHash>

// A real (if tiny) credential table for tests: login "name" or "name@domain" -> canonical "name@domain".
class TestCredentials : public mf::CredentialChecker
{
public:
    void add(const QByteArray &account, const QByteArray &password) { m_passwords.insert(account, password); }
    bool checkPassword(const QByteArray &login, const QByteArray &password) const override
    {
        const QByteArray account = canonicalAccount(login);
        return !account.isEmpty() && m_passwords.value(account) == password;
    }
    QByteArray canonicalAccount(const QByteArray &login) const override
    {
        if (m_passwords.contains(login.toLower()))
            return login.toLower();
        for (auto it = m_passwords.begin(); it != m_passwords.end(); ++it) {
            if (it.key().startsWith(login.toLower() + '@'))
                return it.key();
        }
        return {};
    }

private:
    QHash<QByteArray, QByteArray> m_passwords;
};
