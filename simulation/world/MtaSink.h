#pragma once

#include "smtp/SmtpMessage.h"

#include <QObject>
#include <functional>

namespace mf {

class WireThread;

// Where an MTA server puts the messages it accepts (RFC 5321 §6.1: the 250 waits for the commit). A
// server session hands a message over in the servers' thread; the world takes it in its own thread, once
// the session has reported the lines that carried it, and its answer goes back to the session's thread.
class MtaSink : public smtp::SmtpMessageSink
{
public:
    // Runs in the world's thread; calls `done` once the message is on disk (or cannot be).
    using Accept = std::function<void(const smtp::SmtpMessage &message, Done done)>;

    MtaSink(const WireThread &wire, QObject *world, Accept accept);
    void commit(const smtp::SmtpMessage &message, Done done) override;

private:
    const WireThread &m_wire;
    QObject *m_world;
    Accept m_accept;
};

} // namespace mf
