// ImapServerSession fed a client's bytes, over a real MailboxStore holding bob@b.example's INBOX with
// three messages (one multipart) and an Archive. Option 1: LOGIN refused before STARTTLS
// (LOGINDISABLED). Option 2: another session's change is announced after every chunk (EXISTS/EXPUNGE
// paths).
#include "FuzzCredentials.h"
#include "FuzzSupport.h"
#include "imap/ImapServerSession.h"
#include "store/MailboxStore.h"

namespace {

const QString account = QStringLiteral("bob@b.example");

mf::MailboxStore *freshStore()
{
    // Inputs create mailboxes, append and expunge; a new store every few hundred inputs keeps the
    // database small and the starting state close to the seeds'.
    // Never destroyed at exit: Qt's SQL registry may be gone by then.
    static mf::MailboxStore *store = nullptr;
    static int uses = 0;
    static int generation = 0;
    if (!store || ++uses > 300) {
        delete store;
        uses = 0;
        fuzz::removeDatabase(QStringLiteral("imap-%1.db").arg(generation));
        store = new mf::MailboxStore(fuzz::scratchDirectory()
                                                   + QStringLiteral("/imap-%1.db").arg(++generation));
        const auto arrival = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
        const QString inbox = QStringLiteral("INBOX");
        store->ensureAccount(account);
        store->deliver(account, inbox,
                       "From: Alice <alice@a.example>\r\nTo: bob@b.example\r\nSubject: first\r\n"
                       "Date: Fri, 27 Nov 2026 10:00:00 +0100\r\nMessage-ID: <1@a.example>\r\n\r\nHello Bob\r\n",
                       arrival, {"\\Seen"});
        store->deliver(account, inbox,
                       "From: carol@a.example\r\nSubject: =?UTF-8?B?c2Vjb25k?=\r\nMIME-Version: 1.0\r\n"
                       "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npreamble\r\n--b1\r\n"
                       "Content-Type: text/plain; charset=utf-8\r\n\r\nBig news\r\n--b1\r\n"
                       "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b1--\r\n",
                       arrival);
        store->deliver(account, inbox, "From: alice@a.example\r\nSubject: third\r\n\r\nBye\r\n", arrival,
                       {"\\Flagged"});
        store->createMailbox(account, QStringLiteral("Archive"));
    }
    return store;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::Input input = fuzz::split(data, size);
    static const FuzzCredentials credentials;
    mf::ImapServerConfig config;
    config.hostName = "imap.b.example";
    config.loginDisabledWithoutTls = input.option1();
    config.maxLiteral = 256 * 1024;
    config.maxCommandSize = 512 * 1024;
    config.clock = [] { return QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC); };
    mf::MailboxStore *store = freshStore();
    mf::ImapServerSession session(store, &credentials, config);
    fuzz::feedSession(session, input, [&] {
        if (input.option2())
            session.mailboxChanged(account, QStringLiteral("INBOX"));
    });
    return 0;
}
