#include "IdleMemory.h"

#include <QObject>
#include <QTimer>

#include <dlfcn.h>
#include <malloc.h>

namespace mf::cli {

void returnFreedMemoryWhileIdle(QObject *owner)
{
    // Looked up at run time: the same code serves a jemalloc build and a glibc (sanitizer) build.
    using Mallctl = int (*)(const char *, void *, size_t *, void *, size_t);
    if (const auto mallctl = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"))) {
        bool on = true;
        if (mallctl("background_thread", nullptr, nullptr, &on, sizeof on) == 0)
            return;
    }
    auto *timer = new QTimer(owner);
    QObject::connect(timer, &QTimer::timeout, timer, [] { ::malloc_trim(0); });
    timer->start(10 * 1000);
}

} // namespace mf::cli
