#pragma once

#include <QLatin1StringView>
#include <QStringView>

#include <optional>

namespace mf {

// What kind of thing an event is (DESIGN.md's event kinds, docs/EVENTS.md lists their fields). The JSON
// export writes the name ("hop", "line"...); code compares the enum.
enum class EventKind : quint8 {
    Note,
    Hop,
    Line,
    Wire,
    Tls,
    Dns,
    Db,
    Queue,
    Delivered,
    Expunged, // a message leaves a mailbox: POP3's UPDATE state at QUIT (RFC 1939 §6)
    Bounced,
    Retrieved,
    Action,
    Error,
    Expectation,
};

QLatin1StringView kindName(EventKind kind);
std::optional<EventKind> kindFromName(QStringView name);

// Why a hop or a note happened. Its parameters are fields of the event (docs/EVENTS.md); the narrator
// (narration/EventNarrator) turns reason and parameters into a sentence in the chosen language.
enum class EventReason : quint8 {
    None,
    // Hops, in the order of the seed's path.
    UserWrites,         // from: the author
    UaToSpool,
    AliasCheckOutgoing, // the sender side's expander looks at every recipient
    AliasLookup,
    AddressesResolved,
    Submission,         // host: the own MTA server (port 587, STARTTLS, AUTH)
    MxFound,            // domain
    LinkDown,           // domain
    RelayToMx,          // host, preference
    InjectDirect,       // host: an outside client, no AUTH, port 25
    InjectAccepted,     // host: that MTA took the outside client's message (its 250 to DATA)
    AliasCheckIncoming,
    StoredInMailbox,    // account
    AccessServerReads,  // protocol
    Pop3Download,       // user, protocol
    ImapRead,           // user, protocol, device
    BounceWritten,      // to: the original sender
    SubmissionRefused,  // host, reply: the own submission server refused the message for good; back at the UA
    // Notes.
    WorldStarted,        // title
    DuplicateSuppressed, // account, key
    RelayNotDone,        // error: why this attempt did not deliver
    MxDidNotAnswer,      // host, error
    BounceNotBounced,
    BounceAlreadyQueued, // to
    OutsiderResult,      // outcome, reply
    AlreadyInSpool,      // origin
    SeenStored,          // account, uid: IMAP STORE set \Seen on the server
    DataNotKept,         // conn, proto, dir, lines, octets: data a bounded log (serve) counted instead of recording
};

QLatin1StringView reasonName(EventReason reason);
EventReason reasonFromName(QStringView name);

} // namespace mf
