#include "WireCapture.h"

#include <QMutexLocker>

#include <algorithm>
#include <chrono>

namespace mf {

WireCapture::WireCapture(qint64 limitBytes)
    : m_clock([] {
          return qint64(std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
      }),
      m_limit(limitBytes)
{
}

void WireCapture::setClock(std::function<qint64()> nowUs)
{
    QMutexLocker lock(&m_mutex);
    m_clock = std::move(nowUs);
}

bool WireCapture::admit(qint64 cost)
{
    if (m_stopped)
        return false;
    if (m_recorded + cost > m_limit) {
        m_stopped = true; // everything after this moment is left out, so no stream is half-told
        return false;
    }
    m_recorded += cost;
    return true;
}

void WireCapture::append(Record record)
{
    // The wall clock may step back; a capture's timestamps never do.
    m_lastUs = std::max(m_lastUs, m_clock());
    record.timeUs = m_lastUs;
    m_records.append(std::move(record));
}

int WireCapture::openStream(const Endpoint &client, const Endpoint &server, const QString &service)
{
    QMutexLocker lock(&m_mutex);
    if (!admit(kRecordOverheadBytes))
        return -1;
    Record r;
    r.kind = Record::Kind::Open;
    r.stream = m_nextStream++;
    r.from = client;
    r.to = server;
    r.service = service;
    const int stream = r.stream;
    append(std::move(r));
    return stream;
}

void WireCapture::streamData(int stream, Direction dir, const QByteArray &bytes)
{
    if (stream < 0 || bytes.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    if (!admit(kRecordOverheadBytes + bytes.size()))
        return;
    Record r;
    r.kind = Record::Kind::Data;
    r.stream = stream;
    r.dir = dir;
    r.bytes = bytes;
    append(std::move(r));
}

void WireCapture::streamClosed(int stream, Direction dir)
{
    if (stream < 0)
        return;
    QMutexLocker lock(&m_mutex);
    if (!admit(kRecordOverheadBytes))
        return;
    Record r;
    r.kind = Record::Kind::Close;
    r.stream = stream;
    r.dir = dir;
    append(std::move(r));
}

void WireCapture::datagram(const Endpoint &from, const Endpoint &to, Direction dir, const QString &service,
                           const QByteArray &bytes)
{
    QMutexLocker lock(&m_mutex);
    if (!admit(kRecordOverheadBytes + bytes.size()))
        return;
    Record r;
    r.kind = Record::Kind::Datagram;
    r.dir = dir;
    r.from = from;
    r.to = to;
    r.service = service;
    r.bytes = bytes;
    append(std::move(r));
}

QList<WireCapture::Record> WireCapture::records() const
{
    QMutexLocker lock(&m_mutex);
    return m_records;
}

bool WireCapture::isStopped() const
{
    QMutexLocker lock(&m_mutex);
    return m_stopped;
}

qint64 WireCapture::recordedBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_recorded;
}

} // namespace mf
