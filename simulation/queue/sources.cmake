target_sources(simulation PRIVATE
    queue/SpoolEntry.h
    queue/SpoolTable.h queue/SpoolTable.cpp
    queue/Spool.h queue/Spool.cpp
)
