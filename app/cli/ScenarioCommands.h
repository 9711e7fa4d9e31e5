#pragma once

#include <QStringList>

namespace mf::cli {

// `mailflow validate FILE...`: checks scenario files and prints every error as file:line: field: message.
int validateCommand(const QStringList &arguments);
// `mailflow scenarios`: lists the bundled lessons with their titles.
int scenariosCommand(const QStringList &arguments);

} // namespace mf::cli
