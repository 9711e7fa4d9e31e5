mailflow_add_qtest(tst_mailclient SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_mailclient.cpp LIBS app)
