mailflow_add_qtest(tst_charts SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_charts.cpp LIBS app)
# The JSON-lines export is compared with what `mailflow run --format json` prints.
target_compile_definitions(tst_charts PRIVATE MAILFLOW_BINARY="$<TARGET_FILE:mailflow>")
add_dependencies(tst_charts mailflow)
