#pragma once

#include "ImapSequenceSet.h"
#include "mime/MimeSection.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <optional>
#include <utility>

namespace mf {

// One FETCH data item (RFC 3501 §6.4.5); macros (ALL, FAST, FULL) are expanded by the parser.
struct ImapFetchItem {
    enum class Kind : quint8 {
        Flags, Uid, InternalDate, Rfc822Size, Envelope, BodyStructure,
        Body,        // BODY without a section: the non-extensible BODYSTRUCTURE
        BodySection, // BODY[section]<partial> and BODY.PEEK[...]
        Rfc822, Rfc822Header, Rfc822Text,
    };
    Kind kind = Kind::Flags;
    MimeSection section;
    bool peek = false;
    qint64 partialOffset = -1; // -1: no <origin.length>
    qint64 partialLength = -1;

    // The item's name in the response: "BODY[1.MIME]<0>", "RFC822.SIZE"...
    QByteArray responseName() const;
    // Whether returning this item sets \Seen (§6.4.5: BODY[...] and RFC822/RFC822.TEXT do).
    bool setsSeen() const;
    bool operator==(const ImapFetchItem &) const = default;
};

// A SEARCH criterion tree (RFC 3501 §6.4.4). Flag keys are normalised: ANSWERED is Flag "\Answered",
// UNSEEN is NoFlag "\Seen", NEW is And(Recent, NoFlag \Seen); SUBJECT is a Header key; FROM/TO/CC/BCC are
// Address keys (they compare the parsed addresses, HEADER compares the field's text).
// The tree is recursive (so are its destructor and the search's walks over it): the parser keeps it at most
// imap::kMaxSearchNesting levels deep (ImapLimits.h), and the walks stop there too.
struct ImapSearchKey {
    enum class Kind : quint8 {
        All, And, Or, Not,
        SequenceSet, UidSet,
        Flag, NoFlag, Recent,
        Header, Address, Body, Text,
        Larger, Smaller,
        Before, On, Since,             // internal date
        SentBefore, SentOn, SentSince, // Date: header
    };
    Kind kind = Kind::All;
    QByteArray field; // Header/Address: field name; Flag/NoFlag: the flag
    QByteArray value; // Header/Address/Body/Text: the string searched for
    qint64 number = 0;
    QDate date;
    ImapSequenceSet set;
    QList<ImapSearchKey> children;

    bool operator==(const ImapSearchKey &) const = default;
};

// One parsed client command with its arguments. Which fields are set depends on the command.
struct ImapCommand {
    enum class StoreMode : quint8 { Replace, Add, Remove };

    QByteArray tag;
    QByteArray name; // upper case: "FETCH", "LOGIN"... (for UID commands name is the inner command)
    bool uid = false;

    QList<QByteArray> args; // astrings in order: LOGIN user, password; mailbox names; LIST ref, pattern;
                            // AUTHENTICATE mechanism [, initial response]
    ImapSequenceSet set;
    QList<ImapFetchItem> fetchItems;
    ImapSearchKey search;
    QByteArray charset;
    QByteArrayList flags;
    bool hasFlagList = false;
    std::optional<QDateTime> internalDate;
    QByteArray message; // APPEND
    StoreMode storeMode = StoreMode::Replace;
    bool silent = false;
    QByteArrayList statusItems;
    QList<std::pair<QByteArray, QByteArray>> idParams; // ID; a null value is NIL

    bool operator==(const ImapCommand &) const = default;
};

} // namespace mf
