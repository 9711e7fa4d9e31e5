#pragma once

#include "HeaderFieldCache.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <memory>
#include <optional>

namespace mf {

// One message as listed from a mailbox (everything but its bytes).
struct StoredMessage {
    quint32 uid = 0;
    QByteArray uniqueId;    // stable, globally unique, 1-70 chars in 0x21-0x7E: usable as POP3 UIDL
    qint64 size = 0;        // octets exactly as stored (the wire form, CRLF line ends)
    QDateTime internalDate; // arrival time given by the deliverer (IMAP INTERNALDATE)
    QByteArrayList flags;   // sorted, unique; system flags in canonical case (\Seen); never \Recent
    bool recent = false;    // IMAP \Recent: not yet claimed by any session (see claimRecent)

    bool operator==(const StoredMessage &) const = default;
};

// One mailbox of an account and its IMAP status figures.
struct MailboxInfo {
    QString name;
    quint32 uidValidity = 0; // non-zero; a re-created mailbox of the same name gets a bigger one
    quint32 uidNext = 1;     // the uid the next message will get; never goes down
    bool subscribed = false;
    int messages = 0;
    int recent = 0;
    int unseen = 0;
};

// Where one copy of a delivered message goes (batch delivery to several local recipients).
struct DeliveryTarget {
    QString account;
    QString mailbox = QStringLiteral("INBOX");
};

class MailboxStore;

// An exclusive POP3 maildrop lock (RFC 1939 §8: the server acquires an exclusive-access lock on the
// maildrop when entering TRANSACTION state). Released when destroyed.
class MaildropLock
{
public:
    ~MaildropLock();
    MaildropLock(const MaildropLock &) = delete;
    MaildropLock &operator=(const MaildropLock &) = delete;
    const QString &account() const { return m_account; }

private:
    friend class MailboxStore;
    MaildropLock(MailboxStore *store, QString account) : m_store(store), m_account(std::move(account)) {}
    QPointer<MailboxStore> m_store;
    QString m_account;
};

// Per-account named mailboxes persisted in SQLite (WAL, synchronous=FULL): the mailboxes POP3 drains
// and IMAP keeps in sync. Every account has an INBOX (created on first use). Each mailbox has an
// UIDVALIDITY and strictly ascending, never reused UIDs (RFC 3501 §2.3.1.1); each message keeps its exact
// bytes. Every write is one transaction; change signals are emitted only after the commit, so a listener
// that reads the store sees the change. Account names are used as given (callers pass the canonical
// "bob@a.example"); "INBOX" is case-insensitive, other names are case-sensitive, hierarchy delimiter "/".
class MailboxStore : public QObject
{
    Q_OBJECT
public:
    enum class FlagOperation : quint8 { Set, Add, Remove };
    static constexpr char hierarchyDelimiter = '/';

    // Opens (creating when missing) the database at `path`. Check isOpen()/lastError().
    explicit MailboxStore(const QString &path, QObject *parent = nullptr);
    ~MailboxStore() override;

    bool isOpen() const { return m_open; }
    QString lastError() const { return m_lastError; }
    QString path() const { return m_path; }

    // --- mailboxes ---
    // Creates the account's INBOX when missing. Every other call does this too when it names INBOX.
    bool ensureAccount(const QString &account);
    QList<MailboxInfo> mailboxes(const QString &account);
    std::optional<MailboxInfo> mailbox(const QString &account, const QString &name);
    // The mailbox's name, UIDVALIDITY, UIDNEXT and subscription in one indexed read, without counting its
    // messages (messages, recent and unseen are left 0): what SELECT and APPEND need, at a cost that does
    // not grow with the mailbox.
    std::optional<MailboxInfo> mailboxWithoutCounts(const QString &account, const QString &name);
    bool createMailbox(const QString &account, const QString &name);
    // Deletes the mailbox and its messages (not its inferiors). INBOX cannot be deleted.
    bool deleteMailbox(const QString &account, const QString &name);
    // Renames the mailbox and its inferiors ("a" -> "b" also moves "a/x" to "b/x"). Renaming INBOX moves
    // its messages into the new mailbox and leaves INBOX empty (RFC 3501 §6.3.5).
    bool renameMailbox(const QString &account, const QString &from, const QString &to);
    bool setSubscribed(const QString &account, const QString &name, bool subscribed);
    static QString normalizedName(const QString &name);

    // --- messages ---
    // Stores one message (the wire form with CRLF line ends) and returns its uid. INBOX is created when
    // missing; another missing mailbox is an error (IMAP APPEND answers [TRYCREATE]).
    std::optional<quint32> deliver(const QString &account, const QString &mailbox, const QByteArray &bytes,
                                   const QDateTime &internalDate, const QByteArrayList &flags = {});
    std::optional<quint32> append(const QString &account, const QString &mailbox, const QByteArray &bytes,
                                  const QDateTime &internalDate, const QByteArrayList &flags = {})
    {
        return deliver(account, mailbox, bytes, internalDate, flags);
    }
    // One message to several mailboxes in one transaction: all copies are stored or none. Returns the
    // uids in the order of `targets`.
    std::optional<QList<quint32>> deliverToAll(const QList<DeliveryTarget> &targets, const QByteArray &bytes,
                                               const QDateTime &internalDate, const QByteArrayList &flags = {});

    // The MTA's duplicate filter for final delivery. `key` names one delivery (e.g. the Message-ID and
    // the account); it is recorded in the same transaction as the message, and kept after the message
    // is expunged. Delivering a key again stores nothing and reports a duplicate: a restart after a
    // crash between a commit and the bookkeeping that followed it (RFC 5321 §6.1) cannot deliver twice.
    struct KeyedDelivery {
        std::optional<quint32> uid; // the new uid; empty when a duplicate or on error
        bool duplicate = false;
    };
    // A key is dated with the delivery's internal date (the deliverer's clock: simulated time in a world).
    KeyedDelivery deliverOnce(const QString &key, const QString &account, const QString &mailbox,
                              const QByteArray &bytes, const QDateTime &internalDate, const QByteArrayList &flags = {});
    bool hasDeliveryKey(const QString &key);
    // One copy of a batch of final deliveries (deliverOnceAll); an empty key skips the duplicate filter.
    struct KeyedCopy {
        QString key;
        QString account;
        QString mailbox = QStringLiteral("INBOX");
        QByteArray bytes;
        QDateTime internalDate;
    };
    // Group commit for final delivery: every copy in one transaction (one fsync), results in order. All
    // are stored (or found duplicates), or on an error none is (every result empty; see lastError()).
    // How a delivery batch reaches the disk. Now: its commit waits for the fsync (synchronous=FULL, as
    // every other write). Later: committed with synchronous=NORMAL, so it is visible at once and survives
    // a killed process, and the caller makes it durable itself (FileSync on walPath()) before relying on
    // it surviving a power cut; the MTA marks the queue entry delivered only then.
    enum class Durability : quint8 { Now, Later };
    QList<KeyedDelivery> deliverOnceAll(const QList<KeyedCopy> &copies, Durability durability = Durability::Now);
    // The write-ahead log a commit goes to first (WAL mode).
    QString walPath() const { return m_path + QStringLiteral("-wal"); }
    // Keys older than `ms` (by that clock) are forgotten: a duplicate can only come while a sender still
    // retries, so a retention of twice the longest queue lifetime loses nothing and keeps the table from
    // growing for ever. 0 (the default) keeps keys for ever. deliverOnce expires old keys as time passes
    // (in its own transaction, at most every retention/16); expireDeliveryKeys does it at once.
    void setDeliveryKeyRetention(qint64 ms) { m_keyRetentionMs = qMax<qint64>(0, ms); }
    qint64 deliveryKeyRetention() const { return m_keyRetentionMs; }
    // Deletes the keys dated before now - retention; returns how many (0 when the retention is 0).
    int expireDeliveryKeys(const QDateTime &now);

    // In uid order.
    QList<StoredMessage> messages(const QString &account, const QString &mailbox);
    // The parts of a StoredMessage besides its uid that a listing reads. Every column costs time per
    // message (a 10,000-message FETCH or SEARCH reads the list once), so a listing can name the ones it uses.
    enum class MessageField : quint8 { UniqueId = 1, Size = 2, InternalDate = 4, Flags = 8, Recent = 16 };
    Q_DECLARE_FLAGS(MessageFields, MessageField)
    // In uid order; the fields not in `fields` are left at their defaults.
    QList<StoredMessage> messages(const QString &account, const QString &mailbox, MessageFields fields);
    std::optional<StoredMessage> message(const QString &account, const QString &mailbox, quint32 uid);
    std::optional<QByteArray> messageBytes(const QString &account, const QString &mailbox, quint32 uid);
    // The bytes of every message whose uid is in [firstUid, lastUid], ascending, in one query (IMAP FETCH
    // and SEARCH over many messages).
    QList<std::pair<quint32, QByteArray>> messageBytesBetween(const QString &account, const QString &mailbox,
                                                             quint32 firstUid, quint32 lastUid);
    // The top-level header block (up to and including the blank line that ends it) of every message whose
    // uid is in [firstUid, lastUid], ascending: what ENVELOPE and SEARCH HEADER/SENT* need, without reading
    // bodies. Kept beside each message from the transaction that stores it; a message stored by an older
    // version gets its block computed here once, from its bytes, and kept.
    QList<std::pair<quint32, QByteArray>> messageHeadersBetween(const QString &account, const QString &mailbox,
                                                               quint32 firstUid, quint32 lastUid);
    // The IMAP ENVELOPE (RFC 3501 §7.4.2, as MimeMessage::envelope() formats it) of every message whose uid
    // is in [firstUid, lastUid], ascending. Computed from the header block in the transaction that stores
    // the message (as Dovecot caches imap.envelope), so a message list never parses a message; computed
    // here once and kept for messages stored by an older version or under an older envelope format.
    QList<std::pair<quint32, QByteArray>> messageEnvelopesBetween(const QString &account, const QString &mailbox,
                                                                 quint32 firstUid, quint32 lastUid);
    // SEARCH HEADER's view of one field (RFC 3501 §6.4.4): the values of the fields named `field`
    // (case-insensitive) in every message now in the mailbox, ascending uid, as headerFieldValues reads
    // them from the header blocks. Built the first time a field is searched in a mailbox, then kept in
    // memory and brought up to date with the messages added or removed since, whoever made the change
    // (see HeaderFieldCache). std::nullopt when the mailbox is missing or on a database error.
    std::optional<HeaderFieldColumn> headerFieldColumn(const QString &account, const QString &mailbox,
                                                       QByteArrayView field);
    // Octets of `bytes` that form its top-level header block: up to and including the first empty line
    // (RFC 5322 §2.1), or all of it when there is none.
    static qsizetype headerBlockSize(QByteArrayView bytes);

    // Changes flags of the given uids (missing uids are ignored). Returns the new flags of the messages
    // whose flags changed. \Recent is never stored as a flag.
    QHash<quint32, QByteArrayList> storeFlags(const QString &account, const QString &mailbox,
                                             const QList<quint32> &uids, FlagOperation op,
                                             const QByteArrayList &flags);
    // Marks the mailbox's recent messages as seen by a session and returns their uids: the first session
    // that selects the mailbox claims them (RFC 3501 §2.3.2: \Recent is seen by one session only).
    QList<quint32> claimRecent(const QString &account, const QString &mailbox);

    // Removes exactly these messages, whatever their flags (POP3 UPDATE). Returns the uids removed.
    QList<quint32> expunge(const QString &account, const QString &mailbox, const QList<quint32> &uids);
    // Removes the messages flagged \Deleted, only among `within` when it is not empty (IMAP EXPUNGE and
    // UID EXPUNGE). Returns the uids removed, ascending.
    QList<quint32> expungeDeleted(const QString &account, const QString &mailbox,
                                  const QList<quint32> &within = {});
    // Copies messages to another mailbox of the same account (with their flags and internal date; the
    // copies are \Recent in the target). Returns (source uid, new uid) pairs in source uid order
    // (COPYUID, RFC 4315). Returns nullopt when a mailbox is missing.
    std::optional<QList<std::pair<quint32, quint32>>> copy(const QString &account, const QString &from,
                                                          const QList<quint32> &uids, const QString &to);
    // Copy, then remove the sources, in one transaction (RFC 6851).
    std::optional<QList<std::pair<quint32, quint32>>> move(const QString &account, const QString &from,
                                                          const QList<quint32> &uids, const QString &to);

    // --- POP3 maildrop lock (in memory) ---
    // Returns null when the maildrop is already locked.
    std::unique_ptr<MaildropLock> lockMaildrop(const QString &account);
    bool isMaildropLocked(const QString &account) const { return m_lockedMaildrops.contains(account); }

    static QByteArrayList normalizedFlags(const QByteArrayList &flags);

signals:
    // All emitted after the change is committed.
    void messagesAdded(const QString &account, const QString &mailbox, const QList<quint32> &uids);
    void flagsChanged(const QString &account, const QString &mailbox, const QList<quint32> &uids);
    void messagesExpunged(const QString &account, const QString &mailbox, const QList<quint32> &uids);
    // A mailbox was created, deleted or renamed (its list changed).
    void mailboxListChanged(const QString &account);
    // Any of the above for one mailbox: the coarse signal for views and IDLE.
    void mailboxChanged(const QString &account, const QString &mailbox);

private:
    friend class MaildropLock;
    struct MailboxRow {
        qint64 id = 0;
        quint32 uidValidity = 0;
        quint32 uidNext = 1;
    };
    bool exec(const QString &sql);
    bool begin();
    bool commit();
    void rollback();
    bool createSchema();
    bool migrateInlineBodies();
    bool storeHeaderBlock(const QVariant &messageId, QByteArrayView bytes);
    bool migrateEnvelopeFormat();
    QSqlQuery &prepared(const QString &sql);
    std::optional<MailboxRow> findMailbox(const QString &account, const QString &name);
    std::optional<MailboxRow> findOrCreateInbox(const QString &account, const QString &name);
    bool insertMailbox(const QString &account, const QString &name);
    quint32 nextUidValidity();
    std::optional<quint32> insertMessage(const MailboxRow &box, const QByteArray &bytes,
                                         const QDateTime &internalDate, const QByteArrayList &flags);
    QList<quint32> deleteUids(qint64 mailboxId, const QList<quint32> &uids);
    // COPY and MOVE: copies of the existing `uids` of `from` in `target`, inside an open transaction (rolled
    // back on failure); (source uid, new uid) pairs.
    std::optional<QList<std::pair<quint32, quint32>>> insertCopies(const QString &account, const QString &from,
                                                                   const QList<quint32> &uids, const MailboxRow &target);
    void announceCopies(const QString &account, const QString &to, const QList<std::pair<quint32, quint32>> &pairs);
    std::optional<QList<std::pair<quint32, QByteArray>>> headerBlocksBetween(qint64 mailboxId, quint32 firstUid,
                                                                             quint32 lastUid);
    std::optional<HeaderFieldCache::MailboxState> headerFieldCacheState(const QString &account, const QString &mailbox);
    std::optional<QList<quint32>> uidsOf(qint64 mailboxId);
    bool fail(const QString &what);
    void releaseMaildrop(const QString &account) { m_lockedMaildrops.remove(account); }

    QString m_path;
    QString m_connectionName;
    QString m_lastError;
    QByteArray m_instanceTag; // random per database, part of every unique id
    bool m_open = false;
    QSet<QString> m_lockedMaildrops;
    QHash<QString, QSqlQuery> m_prepared;
    qint64 m_keyRetentionMs = 0;
    std::optional<qint64> m_lastKeyExpiryMs; // the clock when keys last expired
    HeaderFieldCache m_headerFields;
};

} // namespace mf

Q_DECLARE_OPERATORS_FOR_FLAGS(mf::MailboxStore::MessageFields)
