#include "WireThread.h"

#include <QMetaObject>

namespace mf {

WireThread::WireThread(bool separate)
{
    m_context = new QObject;
    if (!separate)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("wire"));
    m_context->moveToThread(m_thread);
    m_thread->start();
}

WireThread::~WireThread()
{
    shutDown();
    delete m_context;
}

void WireThread::shutDown()
{
    if (!m_thread)
        return;
    // The context comes back to this thread once the wire thread has run everything sent to it.
    QMetaObject::invokeMethod(m_context, [context = m_context, here = QThread::currentThread()] {
        context->moveToThread(here);
    }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void WireThread::run(const std::function<void()> &work) const
{
    if (!m_thread || QThread::currentThread() == m_thread)
        work();
    else
        QMetaObject::invokeMethod(m_context, work, Qt::BlockingQueuedConnection);
}

void WireThread::call(std::function<void()> work) const
{
    if (!m_thread || QThread::currentThread() == m_thread)
        work();
    else
        QMetaObject::invokeMethod(m_context, std::move(work), Qt::QueuedConnection);
}

void WireThread::afterCurrentWork(std::function<void()> work) const
{
    if (m_thread)
        QMetaObject::invokeMethod(m_context, std::move(work), Qt::QueuedConnection);
    else
        work();
}

void WireThread::adopt(QObject *object) const
{
    if (m_thread)
        object->moveToThread(m_thread);
}

} // namespace mf
