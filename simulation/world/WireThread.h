#pragma once

#include <QObject>
#include <QThread>
#include <functional>

namespace mf {

// The thread a world's SMTP servers and clients run in when nobody steps the world by hand (headless
// runs, `serve`, benchmarks): sockets, TLS and the protocol sessions of every relay and submission
// work beside the world's own thread (queues, routing, the event log), so a busy run uses two cores.
// Their signals reach the world as queued calls, in the order they were emitted.
//
// Without a thread (stepping by command needs every line to pass the Stepper's gate in one thread),
// the same calls run on the caller's thread: code that uses a WireThread does not care which it is.
class WireThread
{
public:
    // `separate`: true starts the thread; false runs everything on the thread that made the WireThread.
    explicit WireThread(bool separate);
    ~WireThread();
    WireThread(const WireThread &) = delete;
    WireThread &operator=(const WireThread &) = delete;

    bool isSeparate() const { return m_thread != nullptr; }
    // Runs `work` in the wire thread and waits until it has run.
    void run(const std::function<void()> &work) const;
    // Runs `work` in the wire thread: at once when called there (or when there is no separate thread),
    // else queued there behind what it was already sent.
    void call(std::function<void()> work) const;
    // With a separate thread, runs `work` in the wire thread once it has finished what it is doing now
    // (a session's whole reaction to the bytes it was fed, the lines it reported included); without
    // one, at once.
    void afterCurrentWork(std::function<void()> work) const;
    // Hands a parentless object to the wire thread: its slots and timers run there from now on.
    void adopt(QObject *object) const;
    // Runs what was already sent to the thread, then ends it; later calls run on the caller's thread.
    void shutDown();

private:
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives in the wire thread: what calls are sent to
};

} // namespace mf
