// MimeMessage on a delivered message: ENVELOPE, BODY, BODYSTRUCTURE, the search text and headers, and
// every part of the structure walked, with each part's sections fetched as FETCH BODY[...] would.
#include "mime/MimeMessage.h"
#include "mime/MimeSection.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace {

void walk(const mf::MimeMessage &message, const mf::MimeMessage::Part &part, int &budget)
{
    if (--budget < 0)
        return;
    mf::MimeSection section;
    for (const QByteArray &number : part.section.split('.')) {
        if (!number.isEmpty())
            section.part.append(number.toUInt());
    }
    for (auto kind : {mf::MimeSection::Kind::Whole, mf::MimeSection::Kind::Header, mf::MimeSection::Kind::Text,
                      mf::MimeSection::Kind::Mime}) {
        if (kind == mf::MimeSection::Kind::Mime && section.part.isEmpty())
            continue;
        section.kind = kind;
        (void)message.section(section);
    }
    section.kind = mf::MimeSection::Kind::HeaderFields;
    section.fields = {"Subject", "content-type"};
    (void)message.section(section);
    for (const auto &child : part.children)
        walk(message, child, budget);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    mf::MimeMessage::initGMime();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mf::MimeMessage message(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    (void)message.envelope();
    (void)message.bodyStructure();
    (void)message.body();
    (void)message.headerValues("From");
    (void)message.decodedHeaderValues("Subject");
    (void)message.headerBytes();
    (void)message.bodyBytes();
    (void)message.bodyText();
    (void)message.sentDate();
    int budget = 64;
    walk(message, message.partTree(), budget);
    // A section that does not exist, with the biggest part number (RFC 3501 §9: nz-number is 32-bit).
    mf::MimeSection missing;
    missing.part = {4294967295u, 1};
    (void)message.section(missing);
    return 0;
}
