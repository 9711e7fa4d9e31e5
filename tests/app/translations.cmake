# Every tr() string of app/ must have a finished Indonesian translation (issue 6).
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)
add_test(NAME tst_translations_complete
    COMMAND ${MAILFLOW_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/check_translations_complete.py
        $<TARGET_FILE:Qt6::lupdate> ${PROJECT_SOURCE_DIR}/app ${PROJECT_SOURCE_DIR}/translations/mailflow_id.ts
        ${CMAKE_CURRENT_BINARY_DIR}/translations_check)
set_tests_properties(tst_translations_complete PROPERTIES TIMEOUT 120)
