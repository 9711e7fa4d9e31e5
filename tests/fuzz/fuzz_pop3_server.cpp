// Pop3ServerSession fed a client's bytes, over a maildrop in a real MailboxStore. Option 1: APOP offered.
// Option 2: plaintext logins refused before STLS.
#include "FuzzCredentials.h"
#include "FuzzSupport.h"
#include "pop3/Pop3ServerSession.h"
#include "store/MailboxStore.h"

namespace {

// bob@b.example's maildrop with two messages.
void seed(mf::MailboxStore &store)
{
    const auto arrival = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    store.deliver(QStringLiteral("bob@b.example"), QStringLiteral("INBOX"),
                  "From: alice@a.example\r\nSubject: one\r\n\r\nHello\r\n.dot line\r\nlast\r\n", arrival);
    store.deliver(QStringLiteral("bob@b.example"), QStringLiteral("INBOX"), "Subject: two\r\n\r\nbody2", arrival);
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
    mf::Pop3ServerConfig config;
    config.authFailureDelayMs = 1;
    config.maxAuthFailures = 3;
    config.requireTlsForPlaintextAuth = input.option2();
    if (input.option1())
        config.apopSecret = [](const QByteArray &login) { return login == "bob" ? QByteArray("secret") : QByteArray(); };
    // DELE and QUIT empty the maildrop: a fresh store every 500 inputs keeps messages to fetch.
    static fuzz::SeededStore stores(QStringLiteral("pop3"), 500, seed);
    mf::Pop3ServerSession session(stores.next(), credentials, config,
                                  input.option1() ? QByteArray("<1896.697170952@pop.b.example>") : QByteArray());
    fuzz::feedSession(session, input, [&] {
        // A failed login's reply waits for the delay timer: fire it as the adapter would.
        if (session.pendingTimeoutMs() > 0 && session.pendingTimeoutMs() < config.idleTimeoutMs)
            session.timeout();
    });
    return 0;
}
