target_sources(protocols PRIVATE
    smtp/SmtpReply.h smtp/SmtpReply.cpp
    smtp/SmtpCommandParser.h smtp/SmtpCommandParser.cpp
    smtp/SmtpServerConfig.h
    smtp/SmtpMessage.h
    smtp/SmtpRecipientPolicy.h
    smtp/SmtpTraceHeader.h smtp/SmtpTraceHeader.cpp
    smtp/SmtpServerSession.h smtp/SmtpServerSession.cpp
    smtp/SmtpServer.h smtp/SmtpServer.cpp
)
