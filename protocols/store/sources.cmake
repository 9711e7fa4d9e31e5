target_sources(protocols PRIVATE
    store/MailboxStore.h store/MailboxStore.cpp store/MailboxStoreHeaderFields.cpp
    store/HeaderFieldCache.h store/HeaderFieldCache.cpp
)
target_link_libraries(protocols PUBLIC Qt6::Sql)
