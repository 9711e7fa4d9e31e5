#include "CrashPoints.h"

#include <QByteArray>
#include <QList>
#include <csignal>
#include <cstdio>

namespace mf {

void crashPoint(const char *name)
{
    static const QByteArray spec = qgetenv("MAILFLOW_CRASH_AT");
    static int hits = 0;
    if (spec.isEmpty())
        return;
    const QList<QByteArray> parts = spec.split(':');
    const QByteArray wanted = parts.value(0);
    const int count = parts.size() > 1 ? parts.value(1).toInt() : 1;
    if (wanted != name || ++hits != count)
        return;
    std::fprintf(stderr, "mailflow: MAILFLOW_CRASH_AT=%s reached: SIGKILL\n", spec.constData());
    std::fflush(stderr);
    std::raise(SIGKILL);
}

} // namespace mf
