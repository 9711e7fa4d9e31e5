mailflow_add_qtest(tst_clientpanels SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_clientpanels.cpp LIBS app)
