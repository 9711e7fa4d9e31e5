#pragma once

#include <QStringList>

namespace mf::cli {

// Exit statuses of the command-line contract (DESIGN.md): 0 success, 1 an expectation failed,
// 2 a bad scenario or bad arguments.
enum ExitCode { Ok = 0, ExpectationFailed = 1, BadInput = 2 };

// Parses `mailflow [run|serve|validate|scenarios] ...` and runs the chosen command.
int main(int argc, char **argv);

} // namespace mf::cli
