target_sources(protocols PRIVATE
    core/SessionEvent.h core/CredentialChecker.h core/IoGate.h
    core/LineReader.h core/LineReader.cpp
    core/ProtocolSession.h core/ProtocolSession.cpp
    core/SessionConnection.h core/SessionConnection.cpp core/ClientOutcome.h
    core/SessionListener.h core/SessionListener.cpp
    core/WireTap.h core/WireTap.cpp
    core/ConnectionLimits.h
    core/AccessServer.h core/AccessServer.cpp
    core/ConversationScript.h core/ConversationScript.cpp
)
# Packet captures of what the wire taps and the DNS server saw (issue #16).
target_sources(protocols PRIVATE
    core/WireCapture.h core/WireCapture.cpp
    core/PacketFrames.h core/PacketFrames.cpp
    core/PcapngWriter.h core/PcapngWriter.cpp
    core/PcapngExport.h core/PcapngExport.cpp
)
