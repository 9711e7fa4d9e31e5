#include "MtaSink.h"

#include "WireThread.h"

#include <QThread>

namespace mf {

MtaSink::MtaSink(const WireThread &wire, QObject *world, Accept accept)
    : m_wire(wire), m_world(world), m_accept(std::move(accept))
{
}

void MtaSink::commit(const smtp::SmtpMessage &message, Done done)
{
    // The session calls this while it reads the message's last line, before it reports its lines.
    m_wire.afterCurrentWork([this, message, done = std::move(done)]() mutable {
        auto accept = [this, message, done = std::move(done)] {
            m_accept(message, [this, done](const smtp::CommitResult &result) { m_wire.call([done, result] { done(result); }); });
        };
        if (QThread::currentThread() == m_world->thread())
            accept();
        else
            QMetaObject::invokeMethod(m_world, std::move(accept), Qt::QueuedConnection);
    });
}

} // namespace mf
