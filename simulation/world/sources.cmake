target_sources(simulation PRIVATE
    world/NodeIds.h
    world/MessageComposer.h world/MessageComposer.cpp
    world/MessageReader.h world/MessageReader.cpp
    world/ClientMail.h world/ClientMail.cpp world/ClientActions.cpp
    world/RecipientRules.h world/RecipientRules.cpp
    world/DomainHost.h
    world/WireThread.h world/WireThread.cpp
    world/MtaSink.h world/MtaSink.cpp
    world/MessageHistory.h world/MessageHistory.cpp
    world/World.h world/World.cpp
    world/WorldNarration.cpp world/MailRouting.cpp world/WorldExpectations.cpp
    world/CrashPoints.h world/CrashPoints.cpp world/TimelineProgress.cpp world/TimelineActions.cpp
)
target_link_libraries(simulation PUBLIC PkgConfig::GMIME)
