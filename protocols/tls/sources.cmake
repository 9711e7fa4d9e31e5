target_sources(protocols PRIVATE
    tls/LocalCa.h tls/LocalCa.cpp
    tls/TlsConfig.h tls/TlsConfig.cpp
)
