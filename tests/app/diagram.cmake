# The flow diagram: FlowState rows (events folded into the picture) and the widget stepping a lesson.
mailflow_add_qtest(tst_flowstate SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_flowstate.cpp LIBS app)
mailflow_add_qtest(tst_diagram SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_diagram.cpp LIBS app)
# Not a test: saves screenshots of the default lesson for a reviewer (tools/screenshots.sh).
qt_add_executable(mailflow-screenshots ${CMAKE_CURRENT_LIST_DIR}/DiagramScreenshots.cpp)
target_link_libraries(mailflow-screenshots PRIVATE app mailflow_options)
mailflow_add_qtest(tst_oneclock SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_oneclock.cpp LIBS app)
