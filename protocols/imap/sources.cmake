target_sources(protocols PRIVATE
    imap/ImapSequenceSet.h imap/ImapSequenceSet.cpp
    imap/ImapLimits.h
    imap/ImapCommand.h imap/ImapCommand.cpp
    imap/ImapCommandAssembler.h imap/ImapCommandAssembler.cpp
    imap/ImapCommandParser.h imap/ImapCommandParser.cpp
    imap/ModifiedUtf7.h imap/ModifiedUtf7.cpp
)
target_sources(protocols PRIVATE
    imap/ImapServerSession.h imap/ImapServerSession.cpp
    imap/ImapServerMailboxes.cpp imap/ImapServerMessages.cpp imap/ImapServerSearch.cpp
)
target_sources(protocols PRIVATE
    imap/ImapServer.h imap/ImapServer.cpp
)
target_sources(protocols PRIVATE
    imap/ImapResponseValue.h imap/ImapResponseValue.cpp
    imap/ImapClientSession.h imap/ImapClientSession.cpp
)
target_sources(protocols PRIVATE
    imap/ImapClient.h imap/ImapClient.cpp
)
