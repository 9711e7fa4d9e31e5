target_sources(simulation PRIVATE
    world/WorldConfig.h world/WorldConfig.cpp
)
