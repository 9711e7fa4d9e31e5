#include "FileSync.h"

#include <QDebug>
#include <QMetaObject>
#include <QFile>
#include <QHash>
#include <QSet>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace mf {

namespace {

enum class SyncOutcome { Synced, CannotOpen, SyncFailed };

SyncOutcome syncFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        // No write-ahead log means nothing is waiting in one: SQLite removes it when the last connection
        // closes, after checkpointing (and syncing) everything into the database.
        if (errno == ENOENT)
            return SyncOutcome::Synced;
        qWarning().noquote() << "cannot open" << path << "to sync it:" << std::strerror(errno);
        return SyncOutcome::CannotOpen;
    }
    const bool ok = ::fdatasync(fd) == 0;
    if (!ok)
        qWarning().noquote() << "cannot sync" << path << ":" << std::strerror(errno)
                             << "(every later sync of it is reported as failed until restart)";
    ::close(fd);
    return ok ? SyncOutcome::Synced : SyncOutcome::SyncFailed;
}

} // namespace

FileSync::FileSync()
{
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("file-sync"));
    m_thread->start();
}

FileSync::~FileSync()
{
    {
        QMutexLocker locker(&m_lock);
        m_stop = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
}

void FileSync::sync(const QString &path, QObject *context, Done done)
{
    QMutexLocker locker(&m_lock);
    m_requests.push_back(Request{path, context, std::move(done)});
    m_wake.wakeOne();
}

void FileSync::run()
{
    for (;;) {
        std::deque<Request> batch;
        {
            QMutexLocker locker(&m_lock);
            while (m_requests.empty() && !m_stop)
                m_wake.wait(&m_lock);
            if (m_requests.empty())
                return;
            batch.swap(m_requests);
        }
        // One fdatasync per file for every request made before it.
        QHash<QString, bool> synced;
        for (const Request &r : batch) {
            if (synced.contains(r.path))
                continue;
            if (m_failedPaths.contains(r.path)) {
                synced.insert(r.path, false);
                continue;
            }
            const SyncOutcome outcome = syncFile(r.path);
            if (outcome == SyncOutcome::SyncFailed)
                m_failedPaths.insert(r.path);
            synced.insert(r.path, outcome == SyncOutcome::Synced);
        }
        for (Request &r : batch) {
            if (!r.done)
                continue;
            QMetaObject::invokeMethod(r.context, [done = std::move(r.done), ok = synced.value(r.path)] { done(ok); },
                                      Qt::QueuedConnection);
        }
    }
}

} // namespace mf
