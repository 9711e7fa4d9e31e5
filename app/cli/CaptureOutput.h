#pragma once

#include <QString>

class QTextStream;

namespace mf {
class World;
struct WorldOptions;
}

namespace mf::cli {

// `mailflow run --pcap FILE [--tls-keylog KEYFILE]`: records what the world's network saw and writes it as
// a pcapng file, and the TLS session secrets as an NSS key log, after the run.
struct CaptureRequest {
    QString pcapPath;
    QString keyLogPath;
    bool wanted() const { return !pcapPath.isEmpty() || !keyLogPath.isEmpty(); }
};

// Before the world starts: checks the paths and turns recording on. False (with a message on `err`) when a
// path cannot be written. A key log that cannot be collected is only reported: the run goes on without.
bool prepareCapture(const CaptureRequest &request, WorldOptions &options, QTextStream &err);
// After the world stopped: writes the files and says on `err` what was written and how to open it.
// False when a file could not be written.
bool finishCapture(const CaptureRequest &request, const World &world, const QString &lesson, QTextStream &err);

} // namespace mf::cli
