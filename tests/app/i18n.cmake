mailflow_add_qtest(tst_i18n SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_i18n.cpp
    ${CMAKE_CURRENT_LIST_DIR}/EnglishLeftovers.h ${CMAKE_CURRENT_LIST_DIR}/EnglishLeftovers.cpp LIBS app)
# The English sources whose translation differs: what must not be on screen after a switch.
target_compile_definitions(tst_i18n PRIVATE MAILFLOW_TS_FILE="${PROJECT_SOURCE_DIR}/translations/mailflow_id.ts")
