target_sources(protocols PRIVATE
    smtp/SmtpReplyParser.h smtp/SmtpReplyParser.cpp
    smtp/SmtpClientTypes.h smtp/SmtpClientTypes.cpp
    smtp/SmtpClientSession.h smtp/SmtpClientSession.cpp
    smtp/SmtpClient.h smtp/SmtpClient.cpp
)
