#pragma once

namespace mf {

// Fault injection for the crash tests: when the environment variable MAILFLOW_CRASH_AT is "NAME" or
// "NAME:N", the N-th (default first) time the process passes crashPoint("NAME") it kills itself with
// SIGKILL, exactly where a real crash would hurt most (after a commit, before the bookkeeping that
// follows it). Without the variable this is a no-op.
//
// Named points: "queue-committed" (an MTA server committed a message, before its 250),
// "submission-accepted" (the MTA client got the 250, before the spool records it),
// "relay-accepted" (the next MTA's 250, before the MTA queue records it),
// "mailbox-stored" (a final delivery committed, before the MTA queue records it).
void crashPoint(const char *name);

} // namespace mf
