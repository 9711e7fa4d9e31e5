mailflow_add_qtest(tst_i18n SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_i18n.cpp LIBS app)
