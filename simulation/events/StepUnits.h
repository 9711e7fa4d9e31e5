#pragma once

#include "SimEvent.h"

namespace mf {

// What one click shows. Step hop: one hop of a message. Step command: one protocol line, one DNS
// message, one hop, or a connection to a mail server that failed (refused or unreachable): the class
// sees each of them on its own (as Packet Tracer's Simulation Mode shows one event per click).
inline bool isHopStep(const SimEvent &e)
{
    return e.kind == EventKind::Hop;
}

inline bool isCommandStep(const SimEvent &e)
{
    return e.kind == EventKind::Hop || e.kind == EventKind::Line || e.kind == EventKind::Dns
           || (e.kind == EventKind::Error && e.hasField(u"host"));
}

} // namespace mf
