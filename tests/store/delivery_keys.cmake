mailflow_add_qtest(tst_deliverykeys SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_deliverykeys.cpp)
