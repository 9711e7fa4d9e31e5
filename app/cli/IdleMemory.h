#pragma once

class QObject;

namespace mf::cli {

// `mailflow serve` runs for hours and is idle between bursts of clients: what a burst freed should go back
// to the system while it waits (docs/LIMITS.md, "Memory in serve"). jemalloc, when MailFlow is linked
// with it, returns unused pages only from inside its own calls, so an idle server would keep them; its
// background thread returns them on time (after its decay time, 10 s). With glibc's allocator, a timer
// owned by `owner` calls malloc_trim() every 10 s instead.
void returnFreedMemoryWhileIdle(QObject *owner);

} // namespace mf::cli
