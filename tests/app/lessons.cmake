mailflow_add_qtest(tst_lessons SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_lessons.cpp LIBS app)
