mailflow_add_qtest(tst_localmailboxdelivery SOURCES tst_localmailboxdelivery.cpp LIBS simulation Qt6::Sql)
