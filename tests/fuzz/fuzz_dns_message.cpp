// DnsMessage::parse on a datagram as received; what it accepts is described and encoded again, and the
// encoding must parse.
#include "dns/DnsMessage.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto result = mf::DnsMessage::parse(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!result.message)
        return 0;
    (void)result.message->describe();
    const QByteArray again = result.message->encode();
    (void)mf::DnsMessage::parse(again);
    return 0;
}
