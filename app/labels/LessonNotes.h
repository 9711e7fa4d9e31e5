#pragma once

#include "explain/Language.h"

#include <QString>

namespace mf {

struct Scenario;

// A lesson's notes in `language`, each {node:ID} written as that node's label (NodeNames::title, in the
// current translation): what the lessons panel, the end card and `mailflow run` show.
QString lessonNotes(const Scenario &scenario, Language language);

} // namespace mf
