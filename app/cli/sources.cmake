target_sources(app PRIVATE
    cli/CommandLine.h cli/CommandLine.cpp
    cli/ScenarioCommands.h cli/ScenarioCommands.cpp
    cli/ServeCommand.h cli/ServeCommand.cpp
    cli/RunCommand.h cli/RunCommand.cpp
)
target_sources(app PRIVATE cli/IdleMemory.h cli/IdleMemory.cpp)
