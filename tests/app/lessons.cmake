mailflow_add_qtest(tst_lessons SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_lessons.cpp LIBS app)
mailflow_add_qtest(tst_endcard SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_endcard.cpp LIBS app)
