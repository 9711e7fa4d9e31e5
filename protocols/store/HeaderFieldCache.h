#pragma once

#include "mime/HeaderFieldSearch.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <functional>
#include <optional>
#include <utility>

namespace mf {

// One header field's values, as SEARCH HEADER compares them, for every message of one mailbox.
struct HeaderFieldColumn {
    struct Entry {
        quint32 uid = 0;
        HeaderFieldValues values; // empty when the message has no such field

        bool operator==(const Entry &) const = default;
    };
    QList<Entry> entries; // ascending uid: exactly the mailbox's messages when the column was read
};

// The searched header fields of a mailbox, kept as Dovecot keeps them in dovecot.index.cache: per mailbox
// and field name, the field's values for every message, built from the header blocks the first time the
// field is searched, then brought up to date from the mailbox's state at each use. In memory only, and
// holds no SQL: the store passes the mailbox's state and the reads it may need.
//
// Why (uidnext, message count) tells whether a column is current: uids are allocated from uidnext, which
// never goes down, and never reused (RFC 3501 §2.3.1.1), and a stored message never changes. So since the
// column was read, messages were only added (uid >= the uidnext then, and uidnext has moved) or removed
// (the count went down, unless additions moved uidnext too). Any writer is seen, whatever session or
// database connection made the change.
class HeaderFieldCache
{
public:
    // One mailbox as the database has it now, read in one statement.
    struct MailboxState {
        qint64 mailboxId = 0; // never reused: a deleted and re-created mailbox is another key
        quint32 uidNext = 1;
        qsizetype messages = 0;
    };
    using HeaderBlocks = QList<std::pair<quint32, QByteArray>>;
    // The store's reads of that mailbox; std::nullopt on a database error.
    struct Reader {
        std::function<std::optional<QList<quint32>>()> uids; // of every message, ascending
        // The top-level header block of every message whose uid is in [firstUid, lastUid], ascending.
        std::function<std::optional<HeaderBlocks>(quint32 firstUid, quint32 lastUid)> headerBlocks;
    };

    // Columns are dropped, least recently used first, while they hold more than `byteBudget` octets.
    explicit HeaderFieldCache(qsizetype byteBudget = qsizetype(64) << 20) : m_byteBudget(byteBudget) {}

    // The column of `field` (case-insensitive) for `mailbox` as it is now; std::nullopt when a read failed
    // or the reads disagree with `mailbox` (another connection wrote meanwhile: the next call reads again).
    std::optional<HeaderFieldColumn> column(const MailboxState &mailbox, QByteArrayView field, const Reader &read);

    // Drops the columns of a mailbox that no longer exists.
    void forgetMailbox(qint64 mailboxId);
    qsizetype columnCount() const { return m_slots.size(); }
    qsizetype byteSize() const { return m_bytes; }

private:
    struct Slot {
        HeaderFieldColumn column;
        quint32 uidNext = 1;  // every message below it is in the column, unless removed since
        qsizetype bytes = 0;  // of the entries
        quint64 lastUse = 0;
    };
    using Key = std::pair<qint64, QByteArray>; // mailbox id, lower-case field name

    static bool build(Slot &slot, const MailboxState &mailbox, QByteArrayView field, const Reader &read);
    static bool update(Slot &slot, const MailboxState &mailbox, QByteArrayView field, const Reader &read);
    static void appendEntries(Slot &slot, const HeaderBlocks &blocks, QByteArrayView field);
    static qsizetype keptBytes(const Key &key, const Slot &slot);
    void keep(const Key &key, Slot slot);

    QHash<Key, Slot> m_slots;
    qsizetype m_byteBudget;
    qsizetype m_bytes = 0;
    quint64 m_uses = 0;
};

} // namespace mf
