mailflow_add_qtest(tst_composer SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_composer.cpp LIBS app)
