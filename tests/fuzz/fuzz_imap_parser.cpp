// ImapCommandParser on one command as the assembler frames it (literals inline, no final CRLF), and the
// APPEND date-time parser on the same bytes.
#include "FuzzSupport.h"
#include "imap/ImapCommandParser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const mf::ImapParseResult result = mf::ImapCommandParser::parse(bytes);
    if (!result.tag.isEmpty() && !mf::ImapCommandParser::isValidTag(result.tag))
        __builtin_trap(); // the parser only hands back tags a reply may echo
    if (size < 64) {
        if (const auto when = mf::ImapCommandParser::parseDateTime(bytes))
            (void)mf::ImapCommandParser::formatDateTime(*when);
    }
    return 0;
}
