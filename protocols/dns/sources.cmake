target_sources(protocols PRIVATE
    dns/DnsMessage.h dns/DnsMessage.cpp
    dns/DnsZone.h dns/DnsZone.cpp
    dns/DnsZoneTable.h dns/DnsZoneTable.cpp
    dns/DnsAuthority.h dns/DnsAuthority.cpp
    dns/DnsEvent.h
    dns/DnsServer.h dns/DnsServer.cpp
    dns/DnsQuery.h dns/DnsQuery.cpp
    dns/DnsResolver.h dns/DnsResolver.cpp
    dns/MxSelection.h dns/MxSelection.cpp
    dns/MxResolver.h dns/MxResolver.cpp
)
target_link_libraries(protocols PUBLIC Qt6::Sql)
