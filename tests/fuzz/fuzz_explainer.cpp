// ConversationExplainer on the lines of one connection, both directions: "C: ..." lines are the client's,
// every other line the server's (a "S: " prefix is dropped). The control byte's low two bits choose the
// protocol (SMTP, POP3, IMAP, other); option 1 explains in Indonesian.
#include "FuzzSupport.h"
#include "explain/ConversationExplainer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::Input input = fuzz::split(data, size);
    using Protocol = mf::ConversationExplainer::Protocol;
    const Protocol protocols[] = {Protocol::Smtp, Protocol::Pop3, Protocol::Imap, Protocol::Other};
    mf::ConversationExplainer explainer(protocols[input.control & 3],
                                        input.option1() ? mf::Language::Indonesian : mf::Language::English);
    QByteArrayView rest = input.bytes;
    while (!rest.isEmpty()) {
        const qsizetype end = rest.indexOf('\n');
        QByteArrayView line = end < 0 ? rest : rest.first(end);
        rest = end < 0 ? QByteArrayView() : rest.sliced(end + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        mf::Direction dir = mf::Direction::Server;
        if (line.startsWith("C:")) {
            dir = mf::Direction::Client;
            line = line.sliced(line.startsWith("C: ") ? 3 : 2);
        } else if (line.startsWith("S: ")) {
            line = line.sliced(3);
        }
        (void)explainer.explain(dir, line);
    }
    return 0;
}
