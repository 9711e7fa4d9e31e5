target_sources(app PRIVATE
    gui/TranscriptWindow.h gui/TranscriptWindow.cpp
)
