# The Charts dock (Qt Charts) and the event log export.
target_sources(app PRIVATE
    gui/charts/ChartModel.h gui/charts/ChartModel.cpp
    gui/charts/ChartsPanel.h gui/charts/ChartsPanel.cpp
    gui/charts/EventLogExport.h gui/charts/EventLogExport.cpp
)
target_link_libraries(app PUBLIC Qt6::Charts)
