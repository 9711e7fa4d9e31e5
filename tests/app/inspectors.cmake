mailflow_add_qtest(tst_inspectors SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_inspectors.cpp LIBS app)
