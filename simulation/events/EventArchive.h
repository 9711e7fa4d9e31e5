#pragma once

#include "SimEvent.h"

#include <QFile>
#include <QString>

namespace mf {

// Where a bounded event log (EventRetention) puts the events it no longer keeps in memory: one JSON object
// per line, as `mailflow run --format json` prints them but without the explanations (explain,
// explain_en, explain_id: the explainer derives them from each line's text again), appended to a file.
// A file that reaches its size limit becomes "<name>.1.jsonl" (replacing the one before) and a new one
// starts, so the disk holds at most twice the limit.
class EventArchive
{
public:
    // `path`: e.g. "<state>/events.jsonl".
    EventArchive(QString path, qint64 maxFileBytes);

    // Opens the file for appending (an earlier run's events stay).
    bool open(QString *error);
    void write(const SimEvent &event);
    // Writes what is buffered to the file.
    void flush();

    QString path() const { return m_path; }
    QString previousPath() const;
    // Events written since open().
    qint64 eventsWritten() const { return m_events; }

private:
    void rotate();

    QString m_path;
    qint64 m_maxFileBytes;
    QFile m_file;
    qint64 m_fileBytes = 0; // counted here: QFile::size() would flush the buffer at every event
    qint64 m_events = 0;
};

} // namespace mf
