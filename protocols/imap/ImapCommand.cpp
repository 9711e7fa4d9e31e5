#include "ImapCommand.h"

namespace mf {

QByteArray ImapFetchItem::responseName() const
{
    switch (kind) {
    case Kind::Flags: return "FLAGS";
    case Kind::Uid: return "UID";
    case Kind::InternalDate: return "INTERNALDATE";
    case Kind::Rfc822Size: return "RFC822.SIZE";
    case Kind::Envelope: return "ENVELOPE";
    case Kind::BodyStructure: return "BODYSTRUCTURE";
    case Kind::Body: return "BODY";
    case Kind::Rfc822: return "RFC822";
    case Kind::Rfc822Header: return "RFC822.HEADER";
    case Kind::Rfc822Text: return "RFC822.TEXT";
    case Kind::BodySection: break;
    }
    // §7.4.2: BODY.PEEK is answered as BODY; a partial fetch shows only its origin.
    QByteArray name = "BODY[" + section.toImap() + ']';
    if (partialOffset >= 0)
        name += '<' + QByteArray::number(partialOffset) + '>';
    return name;
}

bool ImapFetchItem::setsSeen() const
{
    return (kind == Kind::BodySection && !peek) || kind == Kind::Rfc822 || kind == Kind::Rfc822Text;
}

} // namespace mf
