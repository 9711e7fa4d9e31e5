include(${CMAKE_CURRENT_LIST_DIR}/client.cmake)
