#pragma once

#include <QString>

namespace mf::bench {

struct ImapLoadOptions {
    int messages = 10000;
    int messageSize = 2048;
    int searchRuns = 5; // UID SEARCH is timed this many times; the median is reported
};

struct ImapLoadResult {
    QString error;          // empty when every step succeeded
    int appended = 0;
    double appendSeconds = 0;
    double selectMs = 0;
    int fetched = 0;        // FETCH responses to UID FETCH 1:*
    double fetchMs = 0;
    double fetchAgainMs = 0; // the same FETCH once more (warm caches)
    int found = 0;          // UIDs found by UID SEARCH
    double searchMs = 0;    // median of the runs
    double searchMinMs = 0;
    double searchMaxMs = 0;
    double appendsPerSecond() const { return appendSeconds > 0 ? appended / appendSeconds : 0; }
};

// On one server: APPENDs `messages` messages to INBOX (one connection, LITERAL+ when offered, each APPEND
// waiting for its tagged OK), then on a new connection times SELECT INBOX,
// UID FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE) twice, and UID SEARCH HEADER Message-ID <one message>.
ImapLoadResult runImapLoad(const QString &host, quint16 port, const QByteArray &user, const QByteArray &password,
                           const ImapLoadOptions &options);

} // namespace mf::bench
