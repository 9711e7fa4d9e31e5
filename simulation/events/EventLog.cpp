#include "EventLog.h"

#include <QJsonDocument>
#include <QStringList>

#include <limits>

namespace mf {

EventLog::EventLog(QObject *parent) : QObject(parent) {}

int EventLog::append(const SimEvent &event)
{
    const bool live = isLive() && m_followsAppends;
    if (m_retention.bounded()) {
        const bool shared = !m_events.isEmpty() && !event.common.isEmpty()
                            && m_events.constLast().common.fields().constData() == event.common.fields().constData();
        const qint64 bytes = estimatedBytes(event, shared);
        m_sizes.append(quint32(qMin<qint64>(bytes, std::numeric_limits<quint32>::max())));
        m_keptBytes += bytes;
    }
    m_events.append(event);
    const int index = size() - 1;
    emit appended(index);
    if (live) {
        m_cursor = index;
        emit cursorMoved(m_cursor);
    }
    // After the signals: whoever watches appends reads the new event, and at least that one stays.
    if (m_retention.bounded() && (m_events.size() > m_retention.maxEvents || m_keptBytes > m_retention.maxBytes))
        letGoOfOldest();
    return index;
}

void EventLog::clear()
{
    m_events.clear();
    m_sizes.clear();
    m_keptBytes = 0;
    m_first = 0;
    m_cursor = -1;
    emit cleared();
}

void EventLog::setRetention(const EventRetention &retention, std::unique_ptr<EventArchive> archive)
{
    m_retention = retention;
    m_archive = std::move(archive);
    m_sizes.clear();
    m_keptBytes = 0;
    if (!m_retention.bounded())
        return;
    for (int i = 0; i < m_events.size(); ++i) {
        const bool shared = i > 0 && !m_events[i].common.isEmpty()
                            && m_events[i - 1].common.fields().constData() == m_events[i].common.fields().constData();
        m_sizes.append(quint32(estimatedBytes(m_events[i], shared)));
        m_keptBytes += m_sizes.last();
    }
}

void EventLog::letGoOfOldest()
{
    // A quarter at a time, so that the archive is written in batches and the list's front moves rarely
    // (Qt 6's QList drops its first elements without moving the others).
    const qsizetype targetCount = qsizetype(m_retention.maxEvents) * 3 / 4;
    const qint64 targetBytes = m_retention.maxBytes * 3 / 4;
    qsizetype n = 0;
    while (n < m_events.size() - 1 && (m_events.size() - n > targetCount || m_keptBytes > targetBytes)) {
        if (m_archive)
            m_archive->write(m_events[n]);
        m_keptBytes -= m_sizes[n];
        ++n;
    }
    if (m_archive)
        m_archive->flush();
    m_events.remove(0, n);
    m_sizes.remove(0, n);
    m_first += int(n);
    if (m_cursor < m_first - 1)
        m_cursor = m_first - 1;
}

qint64 EventLog::estimatedBytes(const SimEvent &event, bool commonShared)
{
    // Per field: the (name, value) pair in the list, the value's heap block; then the text itself (UTF-16).
    // Names are literals (static data).
    auto fieldsBytes = [](const EventFields &fields) {
        qint64 n = 32; // the list's own block header
        for (const EventFields::Field &f : fields.fields()) {
            n += qint64(sizeof(EventFields::Field)) + 16;
            if (f.second.typeId() == QMetaType::QString)
                n += 2 * static_cast<const QString *>(f.second.constData())->size();
            else if (f.second.typeId() == QMetaType::QByteArray)
                n += static_cast<const QByteArray *>(f.second.constData())->size();
            else if (f.second.typeId() == QMetaType::QStringList)
                for (const QString &s : *static_cast<const QStringList *>(f.second.constData()))
                    n += 32 + 2 * s.size();
            else if (f.second.typeId() == QMetaType::QJsonArray || f.second.typeId() == QMetaType::QJsonObject)
                n += 256;
        }
        return n;
    };
    qint64 n = qint64(sizeof(SimEvent)) + fieldsBytes(event.fields);
    if (!commonShared && !event.common.isEmpty())
        n += fieldsBytes(event.common);
    return n;
}

bool EventLog::stepBack()
{
    if (m_cursor < m_first)
        return false;
    setCursor(m_cursor - 1);
    return true;
}

bool EventLog::stepForward()
{
    if (m_cursor >= size() - 1)
        return false;
    setCursor(m_cursor + 1);
    return true;
}

void EventLog::setCursor(int index)
{
    index = qBound(m_first - 1, index, size() - 1);
    if (index == m_cursor)
        return;
    m_cursor = index;
    emit cursorMoved(m_cursor);
}

bool EventLog::stepBackTo(EventKind kind)
{
    for (int i = m_cursor - 1; i >= m_first; --i) {
        if (at(i).kind == kind) {
            setCursor(i);
            return true;
        }
    }
    return false;
}

bool EventLog::stepForwardTo(EventKind kind)
{
    for (int i = qMax(m_cursor + 1, m_first); i < size(); ++i) {
        if (at(i).kind == kind) {
            setCursor(i);
            return true;
        }
    }
    return false;
}

QByteArray EventLog::toJsonLine(const SimEvent &event)
{
    return QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact);
}

void EventLog::writeJsonLines(QIODevice &device, int from) const
{
    for (int i = qMax(m_first, from); i < size(); ++i) {
        device.write(toJsonLine(at(i)));
        device.write("\n", 1);
    }
}

} // namespace mf
