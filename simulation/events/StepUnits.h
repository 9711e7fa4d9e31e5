#pragma once

#include "SimEvent.h"

namespace mf {

// A connection to a mail server that failed (refused or unreachable): the message's way forward,
// tried and closed, as much a step of its journey as a hop (the backup-MX lesson turns on it).
inline bool isFailedConnection(const SimEvent &e)
{
    return e.kind == EventKind::Error && e.hasField(u"host");
}

// What one click shows. Step hop: one hop of a message, or a failed connection on its way. Step
// command: one protocol line, one DNS message, one hop, or a failed connection: the class sees each of
// them on its own (as Packet Tracer's Simulation Mode shows one event per click).
inline bool isHopStep(const SimEvent &e)
{
    return e.kind == EventKind::Hop || isFailedConnection(e);
}

inline bool isCommandStep(const SimEvent &e)
{
    return e.kind == EventKind::Hop || e.kind == EventKind::Line || e.kind == EventKind::Dns || isFailedConnection(e);
}

} // namespace mf
