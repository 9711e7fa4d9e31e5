#pragma once

#include <QStringList>

namespace mf::cli {

// `mailflow serve [--ephemeral-ports] [--endpoints FILE] [--verbose]`: starts the world's servers for real
// clients and runs until SIGINT/SIGTERM. `arguments` starts with the program name, then "serve".
// Returns the process exit status (0 after a clean stop, 2 for bad arguments or a port that is taken).
int serveCommand(const QStringList &arguments);

} // namespace mf::cli
