mailflow_add_qtest(tst_mailboxheaders SOURCES tst_mailboxheaders.cpp LIBS Qt6::Sql)
