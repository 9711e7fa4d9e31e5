#pragma once

#include "SqliteFile.h"

#include <QMutex>
#include <QObject>
#include <QThread>
#include <QWaitCondition>
#include <deque>
#include <functional>

namespace mf {

// Writes to one SQLite file from a thread of its own, over its own connection, so the thread that asks
// never waits for the disk: a durable commit (fsync) takes about a millisecond here, and a busy world
// commits hundreds of times a second.
//
// Writes run in the order they were asked for. Every write waiting when the thread becomes free goes
// into one transaction (group commit): while one fsync is under way the next group gathers. A group is
// committed with synchronous=FULL when any of its writes is durable, else NORMAL. If the group's
// transaction fails, each of its writes is tried again alone, so one bad write fails only itself.
class SqliteWriter
{
public:
    // Runs in the writer's thread, inside a transaction; false fails the write.
    using Work = std::function<bool(SqliteFile &file)>;
    // Called in the thread of `context` once the write is committed (true) or has failed (false). The
    // context must outlive the writer (its owner destroys the writer first, which waits for the thread).
    using Done = std::function<void(bool ok)>;

    SqliteWriter(QString path, QString connectionName);
    // Waits for every write asked for, then ends the thread.
    ~SqliteWriter();
    SqliteWriter(const SqliteWriter &) = delete;
    SqliteWriter &operator=(const SqliteWriter &) = delete;

    // Starts the thread and opens its connection (WAL); false with *error when the file cannot be opened.
    bool open(QString *error);
    void write(Work work, bool durable, QObject *context = nullptr, Done done = {});
    // Returns once every write asked for so far is committed (or failed), its Done posted.
    void drain();

private:
    struct Job {
        Work work;
        bool durable = false;
        QObject *context = nullptr;
        Done done;
    };
    void run();
    static void report(Job &job, bool ok);

    QString m_path;
    QString m_connectionName;
    QThread *m_thread = nullptr;
    QMutex m_lock;
    QWaitCondition m_wake;    // a job arrived, or stop
    QWaitCondition m_settled; // the connection is open (or failed to), or the queue is empty and idle
    std::deque<Job> m_jobs;
    bool m_busy = false;
    bool m_stop = false;
    bool m_opened = false;
    QString m_openError;
};

} // namespace mf
