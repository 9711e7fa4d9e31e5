target_sources(protocols PRIVATE
    pop3/Pop3Text.h pop3/Pop3Text.cpp
    pop3/Pop3ServerSession.h pop3/Pop3ServerSession.cpp
    pop3/Pop3Server.h pop3/Pop3Server.cpp
    pop3/Pop3ClientSession.h pop3/Pop3ClientSession.cpp
    pop3/Pop3Client.h pop3/Pop3Client.cpp
)
