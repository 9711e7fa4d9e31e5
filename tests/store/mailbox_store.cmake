mailflow_add_qtest(tst_mailboxstore SOURCES tst_mailboxstore.cpp LIBS Qt6::Sql)
