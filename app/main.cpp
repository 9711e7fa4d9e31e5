#include "cli/CommandLine.h"

int main(int argc, char **argv)
{
    return mf::cli::main(argc, argv);
}
