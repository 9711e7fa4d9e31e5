target_sources(simulation PRIVATE
    queue/Spool.h queue/Spool.cpp
)
