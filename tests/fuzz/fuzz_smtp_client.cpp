// SmtpClientSession fed a server's replies. Option 1: AUTH (with a password allowed in plaintext).
// Option 2: no PIPELINING and no STARTTLS.
#include "FuzzSupport.h"
#include "smtp/SmtpClientSession.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::Input input = fuzz::split(data, size);
    mf::SmtpClientConfig config;
    config.clientHost = "mta.a.example";
    config.maxReplyLine = 4096;
    if (input.option1()) {
        config.username = "alice@a.example";
        config.password = "wonderland";
        config.allowAuthWithoutTls = true;
    }
    if (input.option2()) {
        config.usePipelining = false;
        config.useStartTls = false;
    }
    QList<mf::SmtpOutgoingMessage> messages;
    messages.append({"alice@a.example", {"bob@b.example", "carol@b.example"},
                     "Subject: one\r\n\r\nHello\r\n.dot\r\n"});
    messages.append({"", {"bob@b.example"}, "Subject: two\n\nbare LF\n"});
    mf::SmtpClientSession session(config, messages);
    fuzz::feedSession(session, input, [&] {
        if (session.pendingTimeoutMs() > 0 && input.option1() && input.option2())
            session.timeout();
    });
    return 0;
}
