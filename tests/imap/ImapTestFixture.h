#pragma once

#include "core/CredentialChecker.h"
#include "store/MailboxStore.h"

#include <QDateTime>
#include <QHash>
#include <QTemporaryDir>
#include <QTimeZone>
#include <memory>

// A real MailboxStore in a temporary directory with bob@b.example's INBOX holding three messages
// (1 \Seen, 2 unseen, 3 \Flagged; all \Recent) and an empty Archive, plus a password table.
class ImapTestFixture
{
public:
    class Passwords : public mf::CredentialChecker
    {
    public:
        QHash<QByteArray, QByteArray> table{{"bob@b.example", "secret"}, {"alice@a.example", "wonderland"}};
        bool checkPassword(const QByteArray &login, const QByteArray &password) const override
        {
            return table.contains(login) && table.value(login) == password;
        }
        QByteArray canonicalAccount(const QByteArray &login) const override
        {
            return table.contains(login) ? login : QByteArray();
        }
    };

    static inline const QString account = QStringLiteral("bob@b.example");
    static inline const QDateTime arrival = QDateTime(QDate(2026, 11, 27), QTime(10, 0), QTimeZone::utc());

    ImapTestFixture() : store(dir.path() + QStringLiteral("/mailboxes.db"))
    {
        store.ensureAccount(account);
        store.deliver(account, QStringLiteral("INBOX"),
                      "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: first\r\n\r\nHello Bob\r\n", arrival, {"\\Seen"});
        store.deliver(account, QStringLiteral("INBOX"), "From: carol@a.example\r\nSubject: second\r\n\r\nBig news\r\n", arrival);
        store.deliver(account, QStringLiteral("INBOX"), "From: alice@a.example\r\nSubject: third\r\n\r\nBye\r\n", arrival,
                      {"\\Flagged"});
        store.createMailbox(account, QStringLiteral("Archive"));
    }

    void deliverNew()
    {
        store.deliver(account, QStringLiteral("INBOX"), "From: dave@a.example\r\nSubject: fourth\r\n\r\nNew!\r\n", arrival);
    }

    // Replaces $UIDV (INBOX) and $UIDV_Archive with the store's values.
    QByteArray expand(QByteArray script)
    {
        script.replace("$UIDV_Archive", QByteArray::number(store.mailbox(account, QStringLiteral("Archive"))->uidValidity));
        script.replace("$UIDV", QByteArray::number(store.mailbox(account, QStringLiteral("INBOX"))->uidValidity));
        return script;
    }

    QTemporaryDir dir;
    mf::MailboxStore store;
    Passwords passwords;
};
