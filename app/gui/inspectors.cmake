# The message and node inspectors (right docks "message" and "node").
target_sources(app PRIVATE
    gui/inspectors/InspectorHeading.h gui/inspectors/InspectorHeading.cpp
    gui/inspectors/QueueFold.h gui/inspectors/QueueFold.cpp
    gui/inspectors/MessageInspector.h gui/inspectors/MessageInspector.cpp
    gui/inspectors/NodeInspector.h gui/inspectors/NodeInspector.cpp
)
