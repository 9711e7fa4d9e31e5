# The flow diagram (the main window's central widget): topology, the event-folding FlowState, items, view.
target_sources(app PRIVATE
    gui/diagram/DiagramTopology.h gui/diagram/DiagramTopology.cpp
    gui/diagram/FlowState.h gui/diagram/FlowState.cpp
    gui/diagram/DiagramStyle.h gui/diagram/DiagramStyle.cpp
    gui/diagram/DiagramItems.h gui/diagram/DiagramItems.cpp
    gui/diagram/FlowDiagramView.h gui/diagram/FlowDiagramView.cpp
)
