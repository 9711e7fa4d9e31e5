target_sources(protocols PRIVATE
    tls/LocalCa.h tls/LocalCa.cpp
    tls/TlsConfig.h tls/TlsConfig.cpp
)
# TLS session secrets in NSS key log format, for decrypting a packet capture (issue #16).
target_sources(protocols PRIVATE tls/TlsKeyLog.h tls/TlsKeyLog.cpp)
