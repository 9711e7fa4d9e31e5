#pragma once

#include "core/CredentialChecker.h"

// The accounts the seed scripts log in with: "bob"/"bob@b.example" and "alice@a.example".
class FuzzCredentials : public mf::CredentialChecker
{
public:
    bool checkPassword(const QByteArray &login, const QByteArray &password) const override
    {
        const QByteArray account = canonicalAccount(login);
        return (account == "bob@b.example" && password == "secret")
            || (account == "alice@a.example" && password == "wonderland");
    }
    QByteArray canonicalAccount(const QByteArray &login) const override
    {
        const QByteArray lower = login.toLower();
        if (lower == "bob" || lower == "bob@b.example")
            return "bob@b.example";
        if (lower == "alice" || lower == "alice@a.example")
            return "alice@a.example";
        return {};
    }
};
