#pragma once

#include <QMutex>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThread>
#include <QWaitCondition>
#include <deque>
#include <functional>

namespace mf {

// Makes what was written to a file durable (fdatasync) in a thread of its own, and says so in the
// asking thread: for SQLite commits made with synchronous=NORMAL in WAL mode, syncing the write-ahead log
// afterwards gives the durability of synchronous=FULL without the writer waiting for the disk. (NORMAL
// keeps the log and the database consistent by itself: a checkpoint syncs the log before copying it and
// the database after.)
//
// Requests that arrive while a sync is under way share the next one: one fdatasync covers everything
// written before it started.
//
// A failed fdatasync is final for its file: after a write-back error Linux may drop the dirty pages and
// mark them clean, so a later fdatasync that succeeds proves nothing about the earlier writes (the lesson
// of PostgreSQL's "fsyncgate", 2018). Every later sync of that file is reported as failed, which leaves
// the deliveries waiting on it pending until a restart reads back what the disk really holds.
class FileSync
{
public:
    // Called in the thread of `context` once the file's data written before sync() is on disk (true),
    // or the sync failed (false). The context must outlive the FileSync (its owner destroys the FileSync
    // first, which waits for the thread).
    using Done = std::function<void(bool ok)>;

    FileSync();
    // Finishes the requests already made, then ends the thread.
    ~FileSync();
    FileSync(const FileSync &) = delete;
    FileSync &operator=(const FileSync &) = delete;

    void sync(const QString &path, QObject *context, Done done);

private:
    struct Request {
        QString path;
        QObject *context = nullptr;
        Done done;
    };
    void run();

    QThread *m_thread = nullptr;
    QMutex m_lock;
    QWaitCondition m_wake;
    std::deque<Request> m_requests;
    bool m_stop = false;
    QSet<QString> m_failedPaths; // only touched by the sync thread
};

} // namespace mf
