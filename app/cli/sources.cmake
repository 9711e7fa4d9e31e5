target_sources(app PRIVATE
    cli/CommandLine.h cli/CommandLine.cpp
    cli/ServeCommand.h cli/ServeCommand.cpp
)
