// SmtpServerSession fed a client's bytes. Option 1: the MTA's commit answers later (after the chunk), not
// from inside feed(). Option 2: the submission port (STARTTLS, AUTH required) instead of the MX port.
#include "FuzzCredentials.h"
#include "FuzzSupport.h"
#include "smtp/SmtpServerSession.h"

#include <QHostAddress>

using namespace mf::smtp;

namespace {

class Sink : public SmtpMessageSink
{
public:
    bool deferred = false;
    std::vector<Done> waiting;
    void commit(const SmtpMessage &, Done done) override
    {
        if (deferred)
            waiting.push_back(std::move(done));
        else
            done(CommitResult::accepted("FUZZ1"));
    }
};

class Policy : public SmtpRecipientPolicy
{
public:
    Decision check(const QByteArray &address, bool authenticated) const override
    {
        if (address.endsWith("@b.example"))
            return address.startsWith("nobody@") ? Decision::UnknownUser : Decision::Accept;
        if (address.startsWith("tempfail"))
            return Decision::TemporaryFailure;
        return authenticated ? Decision::Accept : Decision::RelayDenied;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::Input input = fuzz::split(data, size);
    Sink sink;
    sink.deferred = input.option1();
    const Policy policy;
    const FuzzCredentials credentials;
    auto config = SmtpServerConfig::forMode(input.option2() ? SmtpServerConfig::Mode::Submission
                                                            : SmtpServerConfig::Mode::Relay,
                                            "mx.b.example");
    config.maxMessageSize = 64 * 1024;
    config.maxRecipients = 10;
    SmtpServerSession session(config, &sink, &policy, &credentials, QHostAddress(QStringLiteral("127.0.0.2")),
                              "fuzz");
    session.setClock([] { return QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC); });
    fuzz::feedSession(session, input, [&] {
        auto waiting = std::move(sink.waiting);
        sink.waiting.clear();
        for (auto &done : waiting)
            done(CommitResult::failed(451, "4.3.0", "fuzz says later"));
    });
    return 0;
}
