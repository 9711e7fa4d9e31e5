mailflow_add_qtest(tst_transcript SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_transcript.cpp LIBS app)
