mailflow_add_qtest(tst_smtpclientsession SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_smtpclientsession.cpp)
mailflow_add_qtest(tst_smtpclientreal SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_smtpclientreal.cpp)
target_compile_definitions(tst_smtpclientreal PRIVATE
    MAILFLOW_PYTHON="${MAILFLOW_PYTHON}"
    MAILFLOW_SUPPORT_DIR="${PROJECT_SOURCE_DIR}/tests/support")
# Our client against our own server (submission with STARTTLS + AUTH, MX with PIPELINING, implicit TLS).
mailflow_add_qtest(tst_smtpclientmailflow SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_smtpclientmailflow.cpp LIBS simulation)
