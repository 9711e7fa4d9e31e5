#pragma once

#include <QStringList>

namespace mf::cli {

// `mailflow run [SCENARIO] [--format text|json] [--lang en|id] [--state DIR]`: runs a scenario headless to
// its end, prints the transcript and hops (or one JSON object per event), then checks the expectations.
// Exit 0 when all hold, 1 when one fails, 2 for a bad scenario or bad arguments.
int runCommand(const QStringList &arguments);

} // namespace mf::cli
