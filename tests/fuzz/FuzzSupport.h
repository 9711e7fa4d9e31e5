#pragma once

// Shared by the libFuzzer targets of this folder. Every input is one control byte and then the peer's
// bytes. The control byte's low six bits give the size of the chunks the bytes are fed in (0: all at
// once, 1: byte by byte, n: n octets at a time), so partial reads and lines split anywhere are exercised;
// its two high bits are options of the target (each target says what they select).

#include "core/ProtocolSession.h"
#include "core/SessionEvent.h"
#include "store/MailboxStore.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace fuzz {

struct Input {
    quint8 control = 0;
    QByteArrayView bytes;

    int chunkSize() const { return control & 0x3f; }
    bool option1() const { return control & 0x40; }
    bool option2() const { return control & 0x80; }
};

inline Input split(const uint8_t *data, size_t size)
{
    if (size == 0)
        return {};
    return {data[0], QByteArrayView(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1))};
}

// The chunks of `bytes`, each handed to `feed`; stops early when `feed` returns false.
inline void forEachChunk(const Input &input, const std::function<bool(QByteArrayView)> &feed)
{
    const qsizetype step = input.chunkSize() == 0 ? qMax<qsizetype>(1, input.bytes.size()) : input.chunkSize();
    for (qsizetype at = 0; at < input.bytes.size(); at += step) {
        if (!feed(input.bytes.sliced(at, qMin(step, input.bytes.size() - at))))
            return;
    }
}

// Reads and discards what a session produced; answers a StartTls request as the adapter would once its
// handshake is done, so the conversation goes on past STARTTLS/STLS.
inline void drain(mf::ProtocolSession &session)
{
    bool startTls = false;
    for (;;) {
        (void)session.takeOutgoing();
        const auto events = session.takeEvents();
        if (events.empty())
            break;
        for (const auto &event : events)
            startTls = startTls || event.kind == mf::SessionEvent::Kind::StartTls;
        if (startTls && !session.isClosing()) {
            startTls = false;
            session.tlsEstablished();
        }
    }
}

// Feeds the input to a session chunk by chunk, discarding its output; `afterChunk` may drive timers.
inline void feedSession(mf::ProtocolSession &session, const Input &input,
                        const std::function<void()> &afterChunk = {})
{
    session.start();
    drain(session);
    forEachChunk(input, [&](QByteArrayView chunk) {
        session.feed(chunk);
        drain(session);
        if (afterChunk) {
            afterChunk();
            drain(session);
        }
        return !session.isClosing();
    });
    session.connectionLost();
    drain(session);
}

// A QCoreApplication for the process (the SQLite driver is a Qt plugin), made once.
inline void ensureApplication()
{
    static int argc = 1;
    static char name[] = "mailflow-fuzz";
    static char *argv[] = {name, nullptr};
    static auto *app = new QCoreApplication(argc, argv);
    (void)app;
}

// A directory for the process's databases, removed at exit: in /dev/shm when there is one, so SQLite's
// fsyncs cost nothing.
inline QString scratchDirectory()
{
    static QTemporaryDir dir((QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm") : QDir::tempPath())
                             + QStringLiteral("/mailflow-fuzz-XXXXXX"));
    return dir.path();
}

// Removes a database of the scratch directory with its WAL files.
inline void removeDatabase(const QString &name)
{
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(scratchDirectory() + QLatin1Char('/') + name + QLatin1String(suffix));
}

// The MailboxStore a session target runs over, in the scratch directory as `<name>-<n>.db`: made and
// filled by `seed` for the first input, then made afresh after every `maxUses` inputs more. Inputs create
// mailboxes, append, delete and expunge; a fresh store keeps the database small and the starting state
// close to the seeds'. The last store is never destroyed, not even at exit: Qt's SQL registry may be gone
// by then.
class SeededStore
{
public:
    SeededStore(QString name, int maxUses, std::function<void(mf::MailboxStore &)> seed)
        : m_name(std::move(name)), m_maxUses(maxUses), m_seed(std::move(seed))
    {
    }

    // The store for the next input.
    mf::MailboxStore &next()
    {
        if (!m_store || ++m_uses > m_maxUses) {
            delete m_store;
            m_uses = 0;
            removeDatabase(databaseName(m_generation));
            m_store = new mf::MailboxStore(scratchDirectory() + QLatin1Char('/') + databaseName(++m_generation));
            m_seed(*m_store);
        }
        return *m_store;
    }

private:
    QString databaseName(int generation) const { return QStringLiteral("%1-%2.db").arg(m_name).arg(generation); }

    QString m_name;
    int m_maxUses;
    std::function<void(mf::MailboxStore &)> m_seed;
    mf::MailboxStore *m_store = nullptr;
    int m_uses = 0;
    int m_generation = 0;
};

} // namespace fuzz
