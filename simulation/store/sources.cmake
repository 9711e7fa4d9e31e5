target_sources(simulation PRIVATE
    store/SqliteFile.h store/SqliteFile.cpp
    store/SqliteWriter.h store/SqliteWriter.cpp
    store/FileSync.h store/FileSync.cpp
    store/UserDirectory.h store/UserDirectory.cpp
    store/LocalRecipientPolicy.h store/LocalRecipientPolicy.cpp
    store/SqliteMessageStore.h store/SqliteMessageStore.cpp
)
