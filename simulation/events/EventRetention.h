#pragma once

#include <QtGlobal>

namespace mf {

// How much of the event log stays in memory. `mailflow run` and the GUI keep every event (stepping back
// and the inspectors need the whole history); `mailflow serve`, a server that may run for a whole term,
// keeps only the most recent events and moves the older ones to a file (EventArchive). docs/LIMITS.md
// ("Memory in serve") states the budget these values give.
struct EventRetention {
    // 0: no bound. Otherwise the log keeps at most this many events, and at most about maxBytes of them
    // (EventLog::estimatedBytes), whichever is reached first; it then lets go of its oldest quarter.
    int maxEvents = 0;
    qint64 maxBytes = 0;
    // Per transfer (one message's DATA, a POP3 multi-line answer, an IMAP literal), the first this many
    // octets of data are recorded line by line; the rest is counted and recorded as one note
    // (EventReason::DataNotKept). 0: every line is recorded.
    qint64 dataBytesPerTransfer = 0;
    // The archive file (events.jsonl in the world's state directory) is renamed events.1.jsonl once it
    // holds this many octets, replacing the one before: the disk holds at most twice this.
    qint64 archiveFileBytes = 0;

    bool bounded() const { return maxEvents > 0; }

    // The budget of `mailflow serve`.
    static constexpr EventRetention serve()
    {
        return EventRetention{20000, 8 * 1024 * 1024, 16 * 1024, 64 * 1024 * 1024};
    }
};

} // namespace mf
