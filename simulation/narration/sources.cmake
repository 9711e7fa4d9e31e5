target_sources(simulation PRIVATE
    narration/EventNarrator.h narration/EventNarrator.cpp
)
