target_sources(protocols PRIVATE
    explain/Language.h explain/Language.cpp
    explain/ConversationExplainer.h explain/ConversationExplainer.cpp
    explain/SmtpExplanations.cpp explain/Pop3Explanations.cpp explain/ImapExplanations.cpp
    explain/ExplanationTables.h
    explain/DnsExplanations.h explain/DnsExplanations.cpp
)
