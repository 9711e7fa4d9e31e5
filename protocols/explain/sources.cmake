target_sources(protocols PRIVATE
    explain/Language.h explain/Language.cpp
    explain/Explanation.h
    explain/ConversationExplainer.h explain/ConversationExplainer.cpp
    explain/MessageContentExplainer.h explain/MessageContentExplainer.cpp
    explain/MessageExplanations.cpp
    explain/SmtpExplanations.cpp explain/Pop3Explanations.cpp explain/ImapExplanations.cpp
    explain/ExplanationTables.h
    explain/DnsExplanations.h explain/DnsExplanations.cpp
)
