# The classroom window's benchmark: start-up to the first diagram frame, key press to the frame of its
# step, frame time with 200 envelopes.
# A program, not registered with ctest.
qt_add_executable(mailflow-gui-bench ${CMAKE_CURRENT_LIST_DIR}/GuiBench.cpp)
target_link_libraries(mailflow-gui-bench PRIVATE app mailflow_options mailflow_allocator Qt6::Test)
