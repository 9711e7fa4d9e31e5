target_sources(protocols PRIVATE
    store/MailboxStore.h store/MailboxStore.cpp
)
target_link_libraries(protocols PUBLIC Qt6::Sql)
