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

// bob@b.example's INBOX with three messages (one multipart) and an Archive.
void seed(mf::MailboxStore &store)
{
    const auto arrival = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    const QString inbox = QStringLiteral("INBOX");
    store.ensureAccount(account);
    store.deliver(account, inbox,
                  "From: Alice <alice@a.example>\r\nTo: bob@b.example\r\nSubject: first\r\n"
                  "Date: Fri, 27 Nov 2026 10:00:00 +0100\r\nMessage-ID: <1@a.example>\r\n\r\nHello Bob\r\n",
                  arrival, {"\\Seen"});
    store.deliver(account, inbox,
                  "From: carol@a.example\r\nSubject: =?UTF-8?B?c2Vjb25k?=\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npreamble\r\n--b1\r\n"
                  "Content-Type: text/plain; charset=utf-8\r\n\r\nBig news\r\n--b1\r\n"
                  "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b1--\r\n",
                  arrival);
    store.deliver(account, inbox, "From: alice@a.example\r\nSubject: third\r\n\r\nBye\r\n", arrival,
                  {"\\Flagged"});
    store.createMailbox(account, QStringLiteral("Archive"));
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
    // A fresh store every 300 inputs.
    static fuzz::SeededStore stores(QStringLiteral("imap"), 300, seed);
    mf::ImapServerSession session(&stores.next(), &credentials, config);
    fuzz::feedSession(session, input, [&] {
        if (input.option2())
            session.mailboxChanged(account, QStringLiteral("INBOX"));
    });
    return 0;
}
