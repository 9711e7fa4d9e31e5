#include "CaptureOutput.h"

#include "core/PcapngExport.h"
#include "core/WireCapture.h"
#include "tls/TlsKeyLog.h"
#include "world/World.h"

#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace mf::cli {

namespace {

bool directoryExists(const QString &path, const char *option, QTextStream &err)
{
    const QFileInfo info(path);
    if (info.absoluteDir().exists() && !info.isDir())
        return true;
    err << "mailflow run: " << option << " " << path << ": no such directory, or a directory was named\n";
    return false;
}

int tlsConnections(const World &world)
{
    int n = 0;
    for (const SimEvent &e : world.log().events())
        n += e.kind == EventKind::Tls && e.field(u"ok").toBool() ? 1 : 0;
    return n;
}

} // namespace

bool prepareCapture(const CaptureRequest &request, WorldOptions &options, QTextStream &err)
{
    if (!request.pcapPath.isEmpty()) {
        if (!directoryExists(request.pcapPath, "--pcap", err))
            return false;
        options.capture = std::make_shared<WireCapture>();
    }
    if (!request.keyLogPath.isEmpty()) {
        if (!directoryExists(request.keyLogPath, "--tls-keylog", err))
            return false;
        QString why;
        if (!tls::TlsKeyLog::start(&why))
            err << "mailflow run: no TLS key log can be written: " << why << "\n";
    }
    return true;
}

bool finishCapture(const CaptureRequest &request, const World &world, const QString &lesson, QTextStream &err)
{
    bool ok = true;
    QString keyLog;
    if (!request.keyLogPath.isEmpty() && tls::TlsKeyLog::isCollecting()) {
        QString error;
        const int secrets = int(tls::TlsKeyLog::lines().size());
        if (!tls::TlsKeyLog::write(request.keyLogPath, &error)) {
            err << "mailflow run: cannot write the TLS key log " << request.keyLogPath << ": " << error << "\n";
            ok = false;
        } else {
            keyLog = request.keyLogPath;
            err << "mailflow run: wrote the TLS key log " << keyLog << " (" << secrets
                << " secrets). It holds the session keys: anyone with it can decrypt these TLS sessions.\n";
            if (secrets == 0 && tlsConnections(world) > 0)
                err << "mailflow run: warning: the lesson used TLS but no secret reached the key log\n";
            if (tls::TlsKeyLog::isTruncated())
                err << "mailflow run: warning: the key log is cut at " << tls::TlsKeyLog::kMaxLines << " lines\n";
        }
    }
    if (!request.pcapPath.isEmpty() && world.capture()) {
        pcap::ExportSummary summary;
        QString error;
        if (!pcap::writeCaptureFile(*world.capture(), request.pcapPath, lesson, &summary, &error)) {
            err << "mailflow run: cannot write the packet capture " << request.pcapPath << ": " << error << "\n";
            return false;
        }
        err << "mailflow run: wrote the packet capture " << request.pcapPath << " (" << summary.packets << " packets: "
            << summary.connections << " TCP connections, " << summary.datagrams << " DNS datagrams)\n";
        if (summary.captureStopped)
            err << "mailflow run: warning: the capture reached its limit of "
                << world.capture()->limitBytes() / (1024 * 1024) << " MiB and stopped; later traffic is not in it\n";
        // The servers' ports are ephemeral: say which protocol each one carries.
        err << "mailflow run: read it with: " << pcap::tsharkCommand(request.pcapPath, summary.decodeAs, keyLog) << "\n";
        err << "mailflow run: (wireshark takes the same -d and -o options, or use Analyze > Decode As...)\n";
    }
    return ok;
}

} // namespace mf::cli
