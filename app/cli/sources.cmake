target_sources(app PRIVATE
    cli/CommandLine.h cli/CommandLine.cpp
    cli/ScenarioCommands.h cli/ScenarioCommands.cpp
    cli/ServeCommand.h cli/ServeCommand.cpp
    cli/RunCommand.h cli/RunCommand.cpp
)
# mailflow run --pcap / --tls-keylog (issue #16).
target_sources(app PRIVATE cli/CaptureOutput.h cli/CaptureOutput.cpp)
