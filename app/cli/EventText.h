#pragma once

#include "events/SimEvent.h"

#include <QString>

namespace mf::cli {

// One event as a line of the text transcript ("[  12.345s] line  smtp/mx.b.example#2  S: 250 ...").
QString eventText(const SimEvent &event, bool withExplanations);

} // namespace mf::cli
