target_sources(app PRIVATE
    gui/WorldSession.h gui/WorldSession.cpp
    gui/LessonClock.h gui/LessonClock.cpp
    gui/CaptionStrip.h gui/CaptionStrip.cpp
    gui/ControlBar.h gui/ControlBar.cpp
    gui/MainWindow.h gui/MainWindow.cpp
    gui/FontScaling.h gui/FontScaling.cpp
    gui/StatusLine.h gui/StatusLine.cpp
)
# File > Export > Packet capture (issue #16).
target_sources(app PRIVATE gui/PacketCaptureExport.h gui/PacketCaptureExport.cpp)
