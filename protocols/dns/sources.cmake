target_sources(protocols PRIVATE
    dns/DnsMessage.h dns/DnsMessage.cpp
    dns/DnsZone.h dns/DnsZone.cpp
    dns/DnsAuthority.h dns/DnsAuthority.cpp
    dns/DnsEvent.h
    dns/DnsServer.h dns/DnsServer.cpp
    dns/DnsQuery.h dns/DnsQuery.cpp
    dns/DnsResolver.h dns/DnsResolver.cpp
    dns/MxSelection.h dns/MxSelection.cpp
    dns/MxResolver.h dns/MxResolver.cpp
)
