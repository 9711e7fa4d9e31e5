target_sources(simulation PRIVATE
    aliases/AliasDatabase.h aliases/AliasDatabase.cpp
)
