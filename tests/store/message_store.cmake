mailflow_add_qtest(tst_sqlitemessagestore SOURCES tst_sqlitemessagestore.cpp LIBS simulation Qt6::Sql)
