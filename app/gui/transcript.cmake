target_sources(app PRIVATE
    gui/transcript/TranscriptFormat.h gui/transcript/TranscriptFormat.cpp
    gui/transcript/TranscriptModel.h gui/transcript/TranscriptModel.cpp
    gui/transcript/TranscriptExporter.h gui/transcript/TranscriptExporter.cpp
    gui/transcript/TranscriptPanel.h gui/transcript/TranscriptPanel.cpp
    gui/transcript/EventFilter.h gui/transcript/EventFilter.cpp
    gui/transcript/EventLayers.h gui/transcript/EventLayers.cpp
)
