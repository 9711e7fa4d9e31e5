# The end-to-end benchmark: a whole World, submission to mailbox. A program, not registered with ctest.
qt_add_executable(mailflow-e2e-bench E2eBench.cpp PostfixRelayPair.h PostfixRelayPair.cpp BenchTargets.h BenchTargets.cpp
    SmtpLoad.h SmtpLoad.cpp)
target_link_libraries(mailflow-e2e-bench PRIVATE simulation protocols mailflow_options mailflow_allocator)
