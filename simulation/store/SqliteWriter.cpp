#include "SqliteWriter.h"

#include <QDebug>
#include <QMetaObject>

namespace mf {

SqliteWriter::SqliteWriter(QString path, QString connectionName)
    : m_path(std::move(path)), m_connectionName(std::move(connectionName))
{
}

SqliteWriter::~SqliteWriter()
{
    if (!m_thread)
        return;
    {
        QMutexLocker locker(&m_lock);
        m_stop = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
}

bool SqliteWriter::open(QString *error)
{
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("sqlite-writer"));
    QMutexLocker locker(&m_lock);
    m_thread->start();
    while (!m_opened && m_openError.isEmpty())
        m_settled.wait(&m_lock);
    if (!m_opened && error)
        *error = m_openError;
    return m_opened;
}

void SqliteWriter::write(Work work, bool durable, QObject *context, Done done)
{
    QMutexLocker locker(&m_lock);
    m_jobs.push_back(Job{std::move(work), durable, context, std::move(done)});
    m_wake.wakeOne();
}

void SqliteWriter::drain()
{
    QMutexLocker locker(&m_lock);
    while (m_opened && (!m_jobs.empty() || m_busy))
        m_settled.wait(&m_lock);
}

void SqliteWriter::report(Job &job, bool ok)
{
    if (!job.done)
        return;
    QMetaObject::invokeMethod(job.context, [done = std::move(job.done), ok] { done(ok); }, Qt::QueuedConnection);
}

void SqliteWriter::run()
{
    // The connection belongs to this thread: made, used and removed here.
    SqliteFile file(m_path, m_connectionName);
    QString error;
    const bool opened = file.open(SqliteFile::Sync::Normal, &error);
    {
        QMutexLocker locker(&m_lock);
        m_opened = opened;
        m_openError = opened ? QString() : (error.isEmpty() ? QStringLiteral("cannot open %1").arg(m_path) : error);
        m_settled.wakeAll();
        if (!opened)
            return;
    }
    bool full = false;
    for (;;) {
        std::deque<Job> group;
        {
            QMutexLocker locker(&m_lock);
            while (m_jobs.empty() && !m_stop)
                m_wake.wait(&m_lock);
            if (m_jobs.empty())
                return; // stopping, and every write is done
            group.swap(m_jobs);
            m_busy = true;
        }
        bool durable = false;
        for (const Job &job : group)
            durable = durable || job.durable;
        if (durable != full) {
            file.setSync(durable ? SqliteFile::Sync::Full : SqliteFile::Sync::Normal);
            full = durable;
        }
        auto attempt = [&file](auto begin, auto end) {
            if (!file.db().transaction())
                return false;
            for (auto it = begin; it != end; ++it) {
                if (!it->work(file)) {
                    file.db().rollback();
                    return false;
                }
            }
            if (file.db().commit())
                return true;
            file.db().rollback();
            return false;
        };
        if (attempt(group.begin(), group.end())) {
            for (Job &job : group)
                report(job, true);
        } else {
            qWarning().noquote() << "sqlite writer:" << m_path << "refused a group of writes; each is tried again alone";
            for (auto it = group.begin(); it != group.end(); ++it)
                report(*it, attempt(it, it + 1));
        }
        QMutexLocker locker(&m_lock);
        m_busy = false;
        if (m_jobs.empty())
            m_settled.wakeAll();
    }
}

} // namespace mf
