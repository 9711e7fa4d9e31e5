target_sources(protocols PRIVATE
    mime/ImapString.h mime/ImapString.cpp
    mime/MimeSection.h mime/MimeSection.cpp
    mime/MimeAddress.h mime/MimeAddress.cpp
    mime/MimeLimits.h
    mime/MimeMessage.h mime/MimeMessage.cpp
    mime/ReceivedField.h mime/ReceivedField.cpp
    mime/HeaderFieldWalk.h mime/HeaderFieldWalk.cpp
    mime/HeaderFieldSearch.h mime/HeaderFieldSearch.cpp
)
target_link_libraries(protocols PUBLIC PkgConfig::GMIME)
