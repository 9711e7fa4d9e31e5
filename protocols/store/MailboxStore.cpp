#include "MailboxStore.h"

#include "mime/MimeMessage.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>

namespace mf {

namespace {

QAtomicInt connectionCounter;

const QString inboxName = QStringLiteral("INBOX");

// Raise when MimeMessage::envelope() changes its output: kept envelopes of another format are recomputed.
// 2: a bare addr-spec's comment is its name, an address without a domain has an empty host (issue #15).
constexpr int kEnvelopeFormat = 2;

QByteArray envelopeOfHeaderBlock(const QByteArray &block)
{
    QByteArray envelope = MimeMessage(block).envelope();
    return envelope.isNull() ? QByteArray("") : envelope;
}

// A bound null QString would be SQL NULL; flags are stored as TEXT, empty when there are none.
QString joinFlags(const QByteArrayList &flags)
{
    QString text = QString::fromLatin1(flags.join(' '));
    return text.isNull() ? QStringLiteral("") : text;
}

QByteArrayList splitFlags(const QByteArray &text)
{
    return text.isEmpty() ? QByteArrayList() : text.split(' ');
}

QDateTime dateFrom(qint64 msecs, int offsetSeconds)
{
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::OffsetFromUTC, offsetSeconds);
}

QList<quint32> sortedUnique(QList<quint32> uids)
{
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    return uids;
}

} // namespace

MaildropLock::~MaildropLock()
{
    if (m_store)
        m_store->releaseMaildrop(m_account);
}

MailboxStore::MailboxStore(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_connectionName(QStringLiteral("mf-mailbox-store-%1").arg(connectionCounter.fetchAndAddRelaxed(1)))
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    if (!db.open()) {
        m_lastError = db.lastError().text();
        return;
    }
    // mmap: RETR and FETCH read bodies without a pread per page.
    m_open = exec(QStringLiteral("PRAGMA journal_mode=WAL")) && exec(QStringLiteral("PRAGMA synchronous=FULL"))
        && exec(QStringLiteral("PRAGMA mmap_size=268435456"))
        && exec(QStringLiteral("PRAGMA foreign_keys=ON")) && exec(QStringLiteral("PRAGMA busy_timeout=5000"))
        && createSchema();
}

MailboxStore::~MailboxStore()
{
    m_prepared.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool MailboxStore::fail(const QString &what)
{
    m_lastError = what;
    return false;
}

bool MailboxStore::exec(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(sql))
        return fail(q.lastError().text());
    return true;
}

// BEGIN IMMEDIATE takes the write lock at once, so uid allocation cannot race another process.
bool MailboxStore::begin()
{
    return exec(QStringLiteral("BEGIN IMMEDIATE"));
}

bool MailboxStore::commit()
{
    if (exec(QStringLiteral("COMMIT")))
        return true;
    rollback();
    return false;
}

void MailboxStore::rollback()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.exec(QStringLiteral("ROLLBACK"));
}

bool MailboxStore::createSchema()
{
    const QStringList statements = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS mailboxes ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, name TEXT NOT NULL,"
                       " uidvalidity INTEGER NOT NULL, uidnext INTEGER NOT NULL,"
                       " subscribed INTEGER NOT NULL DEFAULT 0, UNIQUE(account, name))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS messages ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,"
                       " uid INTEGER NOT NULL, unique_id TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,"
                       " internal_date INTEGER NOT NULL, tz_offset INTEGER NOT NULL, flags TEXT NOT NULL,"
                       " recent INTEGER NOT NULL, UNIQUE(mailbox_id, uid))"),
        // The bodies live apart so that listing a mailbox reads small rows only (a 10,000-message
        // maildrop lists in a few milliseconds instead of reading every body's pages).
        QStringLiteral("CREATE TABLE IF NOT EXISTS bodies ("
                       " message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,"
                       " bytes BLOB NOT NULL)"),
        // deliverOnce's keys; a table of its own so files written before it existed just gain it.
        QStringLiteral("CREATE TABLE IF NOT EXISTS delivery_keys (key TEXT PRIMARY KEY, account TEXT NOT NULL,"
                       " delivered_at INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS delivery_keys_age ON delivery_keys(delivered_at)"),
        // Each message's top-level header block, apart from the body (as Dovecot's cache keeps header
        // fields): FETCH ENVELOPE and SEARCH HEADER over a whole mailbox read these small rows only.
        // Databases from before this table get the rows lazily (messageHeadersBetween).
        // `envelope` is the IMAP ENVELOPE computed from `bytes` (NULL: to be computed again).
        QStringLiteral("CREATE TABLE IF NOT EXISTS headers ("
                       " message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,"
                       " bytes BLOB NOT NULL, envelope BLOB)"),
    };
    for (const QString &sql : statements) {
        if (!exec(sql))
            return false;
    }
    if (!migrateInlineBodies() || !migrateEnvelopeFormat())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'instance'"));
    if (q.next()) {
        m_instanceTag = q.value(0).toByteArray();
        return true;
    }
    m_instanceTag = QByteArray::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, '0');
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES ('instance', ?)"));
    q.addBindValue(QString::fromLatin1(m_instanceTag));
    if (!q.exec())
        return fail(q.lastError().text());
    return true;
}

// Early databases kept the bytes in the messages table: move them to `bodies`.
bool MailboxStore::migrateInlineBodies()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.exec(QStringLiteral("SELECT COUNT(*) FROM pragma_table_info('messages') WHERE name = 'bytes'"));
    if (!q.next() || q.value(0).toInt() == 0)
        return true;
    q.finish();
    return begin() && exec(QStringLiteral("INSERT OR IGNORE INTO bodies (message_id, bytes) SELECT id, bytes FROM messages"))
        && exec(QStringLiteral("ALTER TABLE messages DROP COLUMN bytes")) && commit();
}

// Envelopes kept under another format are forgotten (and computed again when asked for).
bool MailboxStore::migrateEnvelopeFormat()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'envelope_format'"));
    if (q.next() && q.value(0).toInt() == kEnvelopeFormat)
        return true;
    q.finish();
    if (!begin())
        return false;
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('envelope_format', ?)"));
    q.addBindValue(QString::number(kEnvelopeFormat));
    if (!exec(QStringLiteral("UPDATE headers SET envelope = NULL")) || !q.exec()) {
        const QString why = q.lastError().text();
        rollback();
        return fail(m_lastError.isEmpty() ? why : m_lastError);
    }
    return commit();
}

// Prepared once per store: the POP3/IMAP hot paths (RETR, FETCH, delivery) run the same few statements.
QSqlQuery &MailboxStore::prepared(const QString &sql)
{
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
        q.prepare(sql);
        it = m_prepared.insert(sql, q);
    }
    return *it;
}

QString MailboxStore::normalizedName(const QString &name)
{
    return name.compare(inboxName, Qt::CaseInsensitive) == 0 ? inboxName : name;
}

QByteArrayList MailboxStore::normalizedFlags(const QByteArrayList &flags)
{
    static const QByteArrayList systemFlags = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"};
    QByteArrayList out;
    for (const QByteArray &flag : flags) {
        if (flag.isEmpty() || flag.compare("\\Recent", Qt::CaseInsensitive) == 0)
            continue;
        QByteArray canonical = flag;
        for (const QByteArray &system : systemFlags) {
            if (flag.compare(system, Qt::CaseInsensitive) == 0)
                canonical = system;
        }
        out << canonical;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::optional<MailboxStore::MailboxRow> MailboxStore::findMailbox(const QString &account, const QString &name)
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT id, uidvalidity, uidnext FROM mailboxes WHERE account = ? AND name = ?"));
    q.addBindValue(account);
    q.addBindValue(normalizedName(name));
    if (!q.exec() || !q.next()) {
        q.finish();
        m_lastError = QStringLiteral("no mailbox %1 for %2").arg(name, account);
        return std::nullopt;
    }
    const MailboxRow row{q.value(0).toLongLong(), q.value(1).toUInt(), q.value(2).toUInt()};
    q.finish(); // ends the read: a statement left open would pin an old WAL snapshot
    return row;
}

// INBOX exists for every account: it is created the first time anything names it.
std::optional<MailboxStore::MailboxRow> MailboxStore::findOrCreateInbox(const QString &account,
                                                                        const QString &name)
{
    if (auto row = findMailbox(account, name))
        return row;
    if (normalizedName(name) != inboxName || !insertMailbox(account, inboxName))
        return std::nullopt;
    return findMailbox(account, inboxName);
}

// RFC 3501 §2.3.1.1: a mailbox re-created with the same name must get a different, bigger UIDVALIDITY.
// Seconds since the epoch make the values differ even across a deleted database; the stored counter makes
// them strictly increase within one.
quint32 MailboxStore::nextUidValidity()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'last_uidvalidity'"));
    const quint32 last = q.next() ? q.value(0).toUInt() : 0;
    const quint32 now = quint32(std::min<qint64>(QDateTime::currentSecsSinceEpoch(), 0xFFFFFFF0LL));
    const quint32 next = std::max(last + 1, now);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_uidvalidity', ?)"));
    q.addBindValue(QString::number(next));
    q.exec();
    return next;
}

bool MailboxStore::insertMailbox(const QString &account, const QString &name)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("INSERT INTO mailboxes (account, name, uidvalidity, uidnext, subscribed)"
                             " VALUES (?, ?, ?, 1, ?)"));
    q.addBindValue(account);
    q.addBindValue(name);
    q.addBindValue(nextUidValidity());
    q.addBindValue(name == inboxName ? 1 : 0);
    if (!q.exec())
        return fail(q.lastError().text());
    return true;
}

bool MailboxStore::ensureAccount(const QString &account)
{
    if (findMailbox(account, inboxName))
        return true;
    if (!begin())
        return false;
    if (!findOrCreateInbox(account, inboxName)) {
        rollback();
        return false;
    }
    if (!commit())
        return false;
    emit mailboxListChanged(account);
    return true;
}

QList<MailboxInfo> MailboxStore::mailboxes(const QString &account)
{
    ensureAccount(account);
    QList<MailboxInfo> out;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral(
        "SELECT b.name, b.uidvalidity, b.uidnext, b.subscribed, COUNT(m.id), COALESCE(SUM(m.recent), 0),"
        " COALESCE(SUM(CASE WHEN (' ' || m.flags || ' ') LIKE '% \\Seen %' THEN 0 ELSE 1 END), 0)"
        " FROM mailboxes b LEFT JOIN messages m ON m.mailbox_id = b.id"
        " WHERE b.account = ? GROUP BY b.id ORDER BY b.name"));
    q.addBindValue(account);
    if (!q.exec()) {
        fail(q.lastError().text());
        return out;
    }
    while (q.next()) {
        MailboxInfo info;
        info.name = q.value(0).toString();
        info.uidValidity = q.value(1).toUInt();
        info.uidNext = q.value(2).toUInt();
        info.subscribed = q.value(3).toBool();
        info.messages = q.value(4).toInt();
        info.recent = q.value(5).toInt();
        info.unseen = info.messages == 0 ? 0 : q.value(6).toInt();
        out << info;
    }
    return out;
}

std::optional<MailboxInfo> MailboxStore::mailbox(const QString &account, const QString &name)
{
    const QString wanted = normalizedName(name);
    for (const MailboxInfo &info : mailboxes(account)) {
        if (info.name == wanted)
            return info;
    }
    m_lastError = QStringLiteral("no mailbox %1 for %2").arg(name, account);
    return std::nullopt;
}

std::optional<MailboxInfo> MailboxStore::mailboxWithoutCounts(const QString &account, const QString &name)
{
    ensureAccount(account);
    QSqlQuery &q = prepared(QStringLiteral("SELECT name, uidvalidity, uidnext, subscribed FROM mailboxes"
                                           " WHERE account = ? AND name = ?"));
    q.addBindValue(account);
    q.addBindValue(normalizedName(name));
    if (!q.exec() || !q.next()) {
        q.finish();
        m_lastError = QStringLiteral("no mailbox %1 for %2").arg(name, account);
        return std::nullopt;
    }
    MailboxInfo info;
    info.name = q.value(0).toString();
    info.uidValidity = q.value(1).toUInt();
    info.uidNext = q.value(2).toUInt();
    info.subscribed = q.value(3).toBool();
    q.finish();
    return info;
}

bool MailboxStore::createMailbox(const QString &account, const QString &name)
{
    const QString wanted = normalizedName(name);
    if (wanted.isEmpty())
        return fail(QStringLiteral("empty mailbox name"));
    ensureAccount(account);
    if (findMailbox(account, wanted))
        return fail(QStringLiteral("mailbox %1 already exists").arg(wanted));
    if (!begin())
        return false;
    if (!insertMailbox(account, wanted)) {
        rollback();
        return false;
    }
    if (!commit())
        return false;
    emit mailboxListChanged(account);
    return true;
}

bool MailboxStore::deleteMailbox(const QString &account, const QString &name)
{
    const QString wanted = normalizedName(name);
    if (wanted == inboxName)
        return fail(QStringLiteral("INBOX cannot be deleted"));
    const auto row = findMailbox(account, wanted);
    if (!row)
        return false;
    if (!begin())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("DELETE FROM messages WHERE mailbox_id = ?"));
    q.addBindValue(row->id);
    bool ok = q.exec();
    q.prepare(QStringLiteral("DELETE FROM mailboxes WHERE id = ?"));
    q.addBindValue(row->id);
    ok = ok && q.exec();
    if (!ok) {
        fail(q.lastError().text());
        rollback();
        return false;
    }
    if (!commit())
        return false;
    m_headerFields.forgetMailbox(row->id);
    emit mailboxListChanged(account);
    emit mailboxChanged(account, wanted);
    return true;
}

bool MailboxStore::renameMailbox(const QString &account, const QString &from, const QString &to)
{
    const QString source = normalizedName(from);
    const QString target = normalizedName(to);
    if (target.isEmpty() || target == inboxName)
        return fail(QStringLiteral("cannot rename to %1").arg(to));
    const auto row = findMailbox(account, source);
    if (!row)
        return false;
    if (findMailbox(account, target))
        return fail(QStringLiteral("mailbox %1 already exists").arg(target));

    if (source == inboxName) {
        // RFC 3501 §6.3.5: renaming INBOX moves its messages to the new name; INBOX stays, empty.
        if (!createMailbox(account, target))
            return false;
        QList<quint32> uids;
        for (const StoredMessage &m : messages(account, inboxName))
            uids << m.uid;
        return move(account, inboxName, uids, target).has_value();
    }

    const QString prefix = source + QLatin1Char(hierarchyDelimiter);
    if (!begin())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE mailboxes SET name = ? || substr(name, ?) WHERE account = ?"
                             " AND (name = ? OR substr(name, 1, ?) = ?)"));
    q.addBindValue(target);
    q.addBindValue(source.size() + 1);
    q.addBindValue(account);
    q.addBindValue(source);
    q.addBindValue(prefix.size());
    q.addBindValue(prefix);
    if (!q.exec()) {
        fail(q.lastError().text());
        rollback();
        return false;
    }
    if (!commit())
        return false;
    emit mailboxListChanged(account);
    return true;
}

bool MailboxStore::setSubscribed(const QString &account, const QString &name, bool subscribed)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE mailboxes SET subscribed = ? WHERE account = ? AND name = ?"));
    q.addBindValue(subscribed ? 1 : 0);
    q.addBindValue(account);
    q.addBindValue(normalizedName(name));
    if (!q.exec())
        return fail(q.lastError().text());
    if (q.numRowsAffected() == 0)
        return fail(QStringLiteral("no mailbox %1 for %2").arg(name, account));
    emit mailboxListChanged(account);
    return true;
}

// Within a transaction: allocates the mailbox's next uid and stores the message under it.
std::optional<quint32> MailboxStore::insertMessage(const MailboxRow &box, const QByteArray &bytes,
                                                   const QDateTime &internalDate, const QByteArrayList &flags)
{
    QSqlQuery &next = prepared(QStringLiteral("SELECT uidnext FROM mailboxes WHERE id = ?"));
    next.addBindValue(box.id);
    if (!next.exec() || !next.next()) {
        fail(next.lastError().text());
        return std::nullopt;
    }
    const quint32 uid = next.value(0).toUInt();
    next.finish();
    QSqlQuery &bump = prepared(QStringLiteral("UPDATE mailboxes SET uidnext = ? WHERE id = ?"));
    bump.addBindValue(qint64(uid) + 1);
    bump.addBindValue(box.id);
    if (!bump.exec()) {
        fail(bump.lastError().text());
        return std::nullopt;
    }
    // Mailbox row ids and uids are never reused, so the pair names this message for ever.
    const QByteArray uniqueId = m_instanceTag + '.' + QByteArray::number(box.id) + '.' + QByteArray::number(uid);
    QSqlQuery &insert = prepared(QStringLiteral(
        "INSERT INTO messages (mailbox_id, uid, unique_id, size, internal_date, tz_offset, flags, recent)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 1)"));
    insert.addBindValue(box.id);
    insert.addBindValue(uid);
    insert.addBindValue(QString::fromLatin1(uniqueId));
    insert.addBindValue(qint64(bytes.size()));
    insert.addBindValue(internalDate.toMSecsSinceEpoch());
    insert.addBindValue(internalDate.offsetFromUtc());
    insert.addBindValue(joinFlags(normalizedFlags(flags)));
    if (!insert.exec()) {
        fail(insert.lastError().text());
        return std::nullopt;
    }
    QSqlQuery &body = prepared(QStringLiteral("INSERT INTO bodies (message_id, bytes) VALUES (?, ?)"));
    body.addBindValue(insert.lastInsertId());
    body.addBindValue(bytes);
    if (!body.exec()) {
        fail(body.lastError().text());
        return std::nullopt;
    }
    if (!storeHeaderBlock(insert.lastInsertId(), bytes))
        return std::nullopt;
    return uid;
}

qsizetype MailboxStore::headerBlockSize(QByteArrayView bytes)
{
    // The same rule as MimeMessage's header parser: the first line that is empty once its LF and one CR
    // before it are removed ends the block, and belongs to it.
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', pos);
        if (nl < 0)
            break;
        if (nl == pos || (nl == pos + 1 && bytes[pos] == '\r'))
            return nl + 1;
        pos = nl + 1;
    }
    return bytes.size();
}

bool MailboxStore::storeHeaderBlock(const QVariant &messageId, QByteArrayView bytes)
{
    QByteArray block = bytes.first(headerBlockSize(bytes)).toByteArray();
    if (block.isNull())
        block = QByteArray(""); // a null QByteArray would bind as SQL NULL
    QSqlQuery &q = prepared(QStringLiteral("INSERT OR REPLACE INTO headers (message_id, bytes, envelope) VALUES (?, ?, ?)"));
    q.addBindValue(messageId);
    q.addBindValue(block);
    q.addBindValue(envelopeOfHeaderBlock(block));
    if (!q.exec())
        return fail(q.lastError().text());
    return true;
}

std::optional<quint32> MailboxStore::deliver(const QString &account, const QString &mailbox,
                                             const QByteArray &bytes, const QDateTime &internalDate,
                                             const QByteArrayList &flags)
{
    const auto uids = deliverToAll({DeliveryTarget{account, mailbox}}, bytes, internalDate, flags);
    if (!uids)
        return std::nullopt;
    return uids->first();
}

std::optional<QList<quint32>> MailboxStore::deliverToAll(const QList<DeliveryTarget> &targets,
                                                         const QByteArray &bytes, const QDateTime &internalDate,
                                                         const QByteArrayList &flags)
{
    if (!m_open) {
        fail(QStringLiteral("mailbox store is not open"));
        return std::nullopt;
    }
    if (!begin())
        return std::nullopt;
    QList<quint32> uids;
    bool createdInbox = false;
    for (const DeliveryTarget &target : targets) {
        const bool hadInbox = findMailbox(target.account, inboxName).has_value();
        const auto box = findOrCreateInbox(target.account, target.mailbox);
        createdInbox = createdInbox || !hadInbox;
        const auto uid = box ? insertMessage(*box, bytes, internalDate, flags) : std::nullopt;
        if (!uid) {
            const QString why = m_lastError;
            rollback();
            m_lastError = why;
            return std::nullopt;
        }
        uids << *uid;
    }
    if (!commit())
        return std::nullopt;
    for (int i = 0; i < targets.size(); ++i) {
        const QString name = normalizedName(targets[i].mailbox);
        if (createdInbox)
            emit mailboxListChanged(targets[i].account);
        emit messagesAdded(targets[i].account, name, {uids[i]});
        emit mailboxChanged(targets[i].account, name);
    }
    return uids;
}

MailboxStore::KeyedDelivery MailboxStore::deliverOnce(const QString &key, const QString &account,
                                                      const QString &mailbox, const QByteArray &bytes,
                                                      const QDateTime &internalDate, const QByteArrayList &flags)
{
    KeyedDelivery result;
    if (!m_open) {
        fail(QStringLiteral("mailbox store is not open"));
        return result;
    }
    const qint64 nowMs = internalDate.toMSecsSinceEpoch();
    if (m_keyRetentionMs > 0
        && (!m_lastKeyExpiryMs || nowMs < *m_lastKeyExpiryMs || nowMs - *m_lastKeyExpiryMs >= m_keyRetentionMs / 16))
        expireDeliveryKeys(internalDate);
    if (!begin())
        return result;
    QSqlQuery &q = prepared(QStringLiteral("INSERT OR IGNORE INTO delivery_keys (key, account, delivered_at) VALUES (?, ?, ?)"));
    q.addBindValue(key);
    q.addBindValue(account);
    q.addBindValue(nowMs);
    if (!q.exec()) {
        fail(q.lastError().text());
        rollback();
        return result;
    }
    if (q.numRowsAffected() == 0) {
        rollback();
        result.duplicate = true;
        return result;
    }
    const bool hadInbox = findMailbox(account, inboxName).has_value();
    const auto box = findOrCreateInbox(account, mailbox);
    result.uid = box ? insertMessage(*box, bytes, internalDate, flags) : std::nullopt;
    if (!result.uid) {
        const QString why = m_lastError;
        rollback();
        m_lastError = why;
        return result;
    }
    if (!commit()) {
        result.uid.reset();
        return result;
    }
    const QString name = normalizedName(mailbox);
    if (!hadInbox)
        emit mailboxListChanged(account);
    emit messagesAdded(account, name, {*result.uid});
    emit mailboxChanged(account, name);
    return result;
}

QList<MailboxStore::KeyedDelivery> MailboxStore::deliverOnceAll(const QList<KeyedCopy> &copies, Durability durability)
{
    if (durability == Durability::Later && m_open) {
        exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        const auto results = deliverOnceAll(copies, Durability::Now);
        exec(QStringLiteral("PRAGMA synchronous=FULL"));
        return results;
    }
    QList<KeyedDelivery> results(copies.size());
    if (!m_open) {
        fail(QStringLiteral("mailbox store is not open"));
        return results;
    }
    if (copies.isEmpty())
        return results;
    qint64 nowMs = copies.first().internalDate.toMSecsSinceEpoch();
    for (const KeyedCopy &c : copies)
        nowMs = qMax(nowMs, c.internalDate.toMSecsSinceEpoch());
    if (m_keyRetentionMs > 0
        && (!m_lastKeyExpiryMs || nowMs < *m_lastKeyExpiryMs || nowMs - *m_lastKeyExpiryMs >= m_keyRetentionMs / 16))
        expireDeliveryKeys(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC));
    if (!begin())
        return results;
    auto abandon = [&] {
        const QString why = m_lastError;
        rollback();
        m_lastError = why;
        return QList<KeyedDelivery>(copies.size());
    };
    QList<bool> createdInbox(copies.size(), false);
    for (qsizetype i = 0; i < copies.size(); ++i) {
        const KeyedCopy &c = copies[i];
        if (!c.key.isEmpty()) {
            QSqlQuery &q = prepared(QStringLiteral("INSERT OR IGNORE INTO delivery_keys (key, account, delivered_at) VALUES (?, ?, ?)"));
            q.addBindValue(c.key);
            q.addBindValue(c.account);
            q.addBindValue(c.internalDate.toMSecsSinceEpoch());
            if (!q.exec()) {
                fail(q.lastError().text());
                return abandon();
            }
            if (q.numRowsAffected() == 0) {
                results[i].duplicate = true;
                continue;
            }
        }
        createdInbox[i] = !findMailbox(c.account, inboxName).has_value();
        const auto box = findOrCreateInbox(c.account, c.mailbox);
        results[i].uid = box ? insertMessage(*box, c.bytes, c.internalDate, {}) : std::nullopt;
        if (!results[i].uid)
            return abandon();
    }
    if (!commit())
        return QList<KeyedDelivery>(copies.size());
    for (qsizetype i = 0; i < copies.size(); ++i) {
        if (!results[i].uid)
            continue;
        const QString name = normalizedName(copies[i].mailbox);
        if (createdInbox[i])
            emit mailboxListChanged(copies[i].account);
        emit messagesAdded(copies[i].account, name, {*results[i].uid});
        emit mailboxChanged(copies[i].account, name);
    }
    return results;
}

int MailboxStore::expireDeliveryKeys(const QDateTime &now)
{
    if (!m_open || m_keyRetentionMs <= 0)
        return 0;
    m_lastKeyExpiryMs = now.toMSecsSinceEpoch();
    QSqlQuery &q = prepared(QStringLiteral("DELETE FROM delivery_keys WHERE delivered_at < ?"));
    q.addBindValue(*m_lastKeyExpiryMs - m_keyRetentionMs);
    if (!q.exec()) {
        fail(q.lastError().text());
        return 0;
    }
    return q.numRowsAffected();
}

bool MailboxStore::hasDeliveryKey(const QString &key)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT 1 FROM delivery_keys WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next();
}

QList<StoredMessage> MailboxStore::messages(const QString &account, const QString &mailbox)
{
    return messages(account, mailbox,
                    MessageField::UniqueId | MessageField::Size | MessageField::InternalDate | MessageField::Flags
                        | MessageField::Recent);
}

QList<StoredMessage> MailboxStore::messages(const QString &account, const QString &mailbox, MessageFields fields)
{
    QList<StoredMessage> out;
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box)
        return out;
    // The TEXT columns are read as blobs: the same UTF-8 octets, without a round trip through QString.
    QString columns = QStringLiteral("uid");
    if (fields & MessageField::UniqueId)
        columns += QStringLiteral(", CAST(unique_id AS BLOB)");
    if (fields & MessageField::Size)
        columns += QStringLiteral(", size");
    if (fields & MessageField::InternalDate)
        columns += QStringLiteral(", internal_date, tz_offset");
    if (fields & MessageField::Flags)
        columns += QStringLiteral(", CAST(flags AS BLOB)");
    if (fields & MessageField::Recent)
        columns += QStringLiteral(", recent");
    QSqlQuery &q = prepared(QStringLiteral("SELECT %1 FROM messages WHERE mailbox_id = ? ORDER BY uid").arg(columns));
    q.setForwardOnly(true);
    q.addBindValue(box->id);
    if (!q.exec()) {
        fail(q.lastError().text());
        return out;
    }
    out.reserve(1024);
    while (q.next()) {
        StoredMessage m;
        int column = 0;
        m.uid = q.value(column++).toUInt();
        if (fields & MessageField::UniqueId)
            m.uniqueId = q.value(column++).toByteArray();
        if (fields & MessageField::Size)
            m.size = q.value(column++).toLongLong();
        if (fields & MessageField::InternalDate) {
            m.internalDate = dateFrom(q.value(column).toLongLong(), q.value(column + 1).toInt());
            column += 2;
        }
        if (fields & MessageField::Flags)
            m.flags = splitFlags(q.value(column++).toByteArray());
        if (fields & MessageField::Recent)
            m.recent = q.value(column++).toBool();
        out.append(std::move(m));
    }
    q.finish(); // ends the read: a statement left open would pin an old WAL snapshot
    return out;
}

std::optional<StoredMessage> MailboxStore::message(const QString &account, const QString &mailbox, quint32 uid)
{
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box)
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT uid, unique_id, size, internal_date, tz_offset, flags, recent"
                             " FROM messages WHERE mailbox_id = ? AND uid = ?"));
    q.addBindValue(box->id);
    q.addBindValue(uid);
    if (!q.exec() || !q.next()) {
        m_lastError = QStringLiteral("no message %1 in %2").arg(uid).arg(mailbox);
        return std::nullopt;
    }
    StoredMessage m;
    m.uid = q.value(0).toUInt();
    m.uniqueId = q.value(1).toByteArray();
    m.size = q.value(2).toLongLong();
    m.internalDate = dateFrom(q.value(3).toLongLong(), q.value(4).toInt());
    m.flags = splitFlags(q.value(5).toByteArray());
    m.recent = q.value(6).toBool();
    return m;
}

std::optional<QByteArray> MailboxStore::messageBytes(const QString &account, const QString &mailbox, quint32 uid)
{
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box)
        return std::nullopt;
    QSqlQuery &q = prepared(QStringLiteral("SELECT b.bytes FROM messages m JOIN bodies b ON b.message_id = m.id"
                                           " WHERE m.mailbox_id = ? AND m.uid = ?"));
    q.addBindValue(box->id);
    q.addBindValue(uid);
    if (!q.exec() || !q.next()) {
        q.finish();
        m_lastError = QStringLiteral("no message %1 in %2").arg(uid).arg(mailbox);
        return std::nullopt;
    }
    QByteArray bytes = q.value(0).toByteArray();
    q.finish();
    return bytes;
}

QList<std::pair<quint32, QByteArray>> MailboxStore::messageBytesBetween(const QString &account, const QString &mailbox,
                                                                      quint32 firstUid, quint32 lastUid)
{
    QList<std::pair<quint32, QByteArray>> out;
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT m.uid, b.bytes FROM messages m JOIN bodies b ON b.message_id = m.id"
                             " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid"));
    q.addBindValue(box->id);
    q.addBindValue(firstUid);
    q.addBindValue(lastUid);
    if (!q.exec()) {
        fail(q.lastError().text());
        return out;
    }
    while (q.next())
        out.append({q.value(0).toUInt(), q.value(1).toByteArray()});
    return out;
}

QList<std::pair<quint32, QByteArray>> MailboxStore::messageHeadersBetween(const QString &account, const QString &mailbox,
                                                                        quint32 firstUid, quint32 lastUid)
{
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box)
        return {};
    return headerBlocksBetween(box->id, firstUid, lastUid).value_or(QList<std::pair<quint32, QByteArray>>());
}

std::optional<QList<std::pair<quint32, QByteArray>>> MailboxStore::headerBlocksBetween(qint64 mailboxId, quint32 firstUid,
                                                                                     quint32 lastUid)
{
    QList<std::pair<quint32, QByteArray>> out;
    QSqlQuery &q = prepared(QStringLiteral("SELECT m.uid, h.bytes FROM messages m LEFT JOIN headers h ON h.message_id = m.id"
                                           " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid"));
    q.setForwardOnly(true);
    q.addBindValue(mailboxId);
    q.addBindValue(firstUid);
    q.addBindValue(lastUid);
    if (!q.exec()) {
        fail(q.lastError().text());
        return std::nullopt;
    }
    QHash<quint32, qsizetype> missing; // uid -> index in out
    while (q.next()) {
        const quint32 uid = q.value(0).toUInt();
        if (q.isNull(1))
            missing.insert(uid, out.size());
        out.append({uid, q.value(1).toByteArray()});
    }
    q.finish();
    if (missing.isEmpty())
        return out;

    // Messages stored before the headers table existed: compute their blocks from the bytes (one query)
    // and keep them (one transaction), so the next command reads the small rows only.
    QSqlQuery bodies(QSqlDatabase::database(m_connectionName, false));
    bodies.setForwardOnly(true);
    bodies.prepare(QStringLiteral("SELECT m.uid, m.id, b.bytes FROM messages m JOIN bodies b ON b.message_id = m.id"
                                  " LEFT JOIN headers h ON h.message_id = m.id"
                                  " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? AND h.message_id IS NULL"));
    bodies.addBindValue(mailboxId);
    bodies.addBindValue(firstUid);
    bodies.addBindValue(lastUid);
    if (!bodies.exec()) {
        fail(bodies.lastError().text());
        return std::nullopt;
    }
    QList<std::pair<QVariant, QByteArray>> computed;
    while (bodies.next()) {
        const auto it = missing.constFind(bodies.value(0).toUInt());
        if (it == missing.constEnd())
            continue;
        const QByteArray bytes = bodies.value(2).toByteArray();
        QByteArray &block = out[*it].second;
        block = bytes.first(headerBlockSize(bytes));
        computed.append({bodies.value(1), block});
    }
    bodies.finish();
    // Kept when the write lock is to be had; a failure here only means computing them again next time.
    if (!computed.isEmpty() && begin()) {
        bool ok = true;
        for (const auto &[id, block] : std::as_const(computed))
            ok = ok && storeHeaderBlock(id, block);
        if (ok)
            commit();
        else
            rollback();
    }
    return out;
}

QList<std::pair<quint32, QByteArray>> MailboxStore::messageEnvelopesBetween(const QString &account, const QString &mailbox,
                                                                          quint32 firstUid, quint32 lastUid)
{
    QList<std::pair<quint32, QByteArray>> out;
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box)
        return out;
    QSqlQuery &q = prepared(QStringLiteral("SELECT m.uid, m.id, h.envelope FROM messages m LEFT JOIN headers h ON h.message_id = m.id"
                                           " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid"));
    q.setForwardOnly(true);
    q.addBindValue(box->id);
    q.addBindValue(firstUid);
    q.addBindValue(lastUid);
    if (!q.exec()) {
        fail(q.lastError().text());
        return out;
    }
    QHash<quint32, std::pair<qsizetype, QVariant>> missing; // uid -> (index in out, message row id)
    quint32 firstMissing = 0, lastMissing = 0;
    while (q.next()) {
        const quint32 uid = q.value(0).toUInt();
        if (q.isNull(2)) {
            missing.insert(uid, {out.size(), q.value(1)});
            firstMissing = firstMissing ? firstMissing : uid;
            lastMissing = uid;
        }
        out.append({uid, q.value(2).toByteArray()});
    }
    q.finish();
    if (missing.isEmpty())
        return out;

    // Stored before envelopes were kept (or under another format): compute from the header blocks
    // (themselves computed when missing) and keep them, in one transaction.
    QList<std::pair<QVariant, QByteArray>> computed;
    for (const auto &[uid, block] : messageHeadersBetween(account, mailbox, firstMissing, lastMissing)) {
        const auto it = missing.constFind(uid);
        if (it == missing.constEnd())
            continue;
        QByteArray &envelope = out[it->first].second;
        envelope = envelopeOfHeaderBlock(block);
        computed.append({it->second, envelope});
        missing.erase(it);
    }
    if (!missing.isEmpty()) { // removed meanwhile
        out.removeIf([&](const std::pair<quint32, QByteArray> &row) { return missing.contains(row.first); });
    }
    // A failure to keep them only means computing them again next time.
    if (!computed.isEmpty() && begin()) {
        QSqlQuery &update = prepared(QStringLiteral("UPDATE headers SET envelope = ? WHERE message_id = ?"));
        bool ok = true;
        for (const auto &[id, envelope] : std::as_const(computed)) {
            update.addBindValue(envelope);
            update.addBindValue(id);
            ok = ok && update.exec();
        }
        if (ok)
            commit();
        else
            rollback();
    }
    return out;
}

QHash<quint32, QByteArrayList> MailboxStore::storeFlags(const QString &account, const QString &mailbox,
                                                       const QList<quint32> &uids, FlagOperation op,
                                                       const QByteArrayList &flags)
{
    QHash<quint32, QByteArrayList> changed;
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box || !begin())
        return changed;
    const QByteArrayList given = normalizedFlags(flags);
    QSqlQuery read(QSqlDatabase::database(m_connectionName, false));
    read.prepare(QStringLiteral("SELECT flags FROM messages WHERE mailbox_id = ? AND uid = ?"));
    QSqlQuery write(QSqlDatabase::database(m_connectionName, false));
    write.prepare(QStringLiteral("UPDATE messages SET flags = ? WHERE mailbox_id = ? AND uid = ?"));
    for (quint32 uid : sortedUnique(uids)) {
        read.addBindValue(box->id);
        read.addBindValue(uid);
        if (!read.exec() || !read.next())
            continue;
        const QByteArrayList old = splitFlags(read.value(0).toByteArray());
        read.finish();
        QByteArrayList now;
        switch (op) {
        case FlagOperation::Set:
            now = given;
            break;
        case FlagOperation::Add:
            now = normalizedFlags(old + given);
            break;
        case FlagOperation::Remove:
            for (const QByteArray &f : old) {
                if (!given.contains(f))
                    now << f;
            }
            break;
        }
        if (now == old)
            continue;
        write.addBindValue(joinFlags(now));
        write.addBindValue(box->id);
        write.addBindValue(uid);
        if (!write.exec()) {
            fail(write.lastError().text());
            rollback();
            return {};
        }
        changed.insert(uid, now);
    }
    if (!commit())
        return {};
    if (!changed.isEmpty()) {
        emit flagsChanged(account, normalizedName(mailbox), sortedUnique(changed.keys()));
        emit mailboxChanged(account, normalizedName(mailbox));
    }
    return changed;
}

QList<quint32> MailboxStore::claimRecent(const QString &account, const QString &mailbox)
{
    QList<quint32> uids;
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box || !begin())
        return uids;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT uid FROM messages WHERE mailbox_id = ? AND recent = 1 ORDER BY uid"));
    q.addBindValue(box->id);
    if (q.exec()) {
        while (q.next())
            uids << q.value(0).toUInt();
    }
    q.prepare(QStringLiteral("UPDATE messages SET recent = 0 WHERE mailbox_id = ? AND recent = 1"));
    q.addBindValue(box->id);
    if (!q.exec() || !commit()) {
        rollback();
        return {};
    }
    return uids;
}

QList<quint32> MailboxStore::deleteUids(qint64 mailboxId, const QList<quint32> &uids)
{
    QList<quint32> removed;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("DELETE FROM messages WHERE mailbox_id = ? AND uid = ?"));
    for (quint32 uid : sortedUnique(uids)) {
        q.addBindValue(mailboxId);
        q.addBindValue(uid);
        if (q.exec() && q.numRowsAffected() > 0)
            removed << uid;
    }
    return removed;
}

QList<quint32> MailboxStore::expunge(const QString &account, const QString &mailbox, const QList<quint32> &uids)
{
    const auto box = findOrCreateInbox(account, mailbox);
    if (!box || !begin())
        return {};
    const QList<quint32> removed = deleteUids(box->id, uids);
    if (!commit())
        return {};
    if (!removed.isEmpty()) {
        emit messagesExpunged(account, normalizedName(mailbox), removed);
        emit mailboxChanged(account, normalizedName(mailbox));
    }
    return removed;
}

QList<quint32> MailboxStore::expungeDeleted(const QString &account, const QString &mailbox,
                                            const QList<quint32> &within)
{
    QList<quint32> deleted;
    for (const StoredMessage &m : messages(account, mailbox)) {
        if (m.flags.contains("\\Deleted") && (within.isEmpty() || within.contains(m.uid)))
            deleted << m.uid;
    }
    if (deleted.isEmpty())
        return {};
    return expunge(account, mailbox, deleted);
}

std::optional<QList<std::pair<quint32, quint32>>> MailboxStore::insertCopies(const QString &account, const QString &from,
                                                                            const QList<quint32> &uids,
                                                                            const MailboxRow &target)
{
    QList<std::pair<quint32, quint32>> pairs;
    for (quint32 uid : sortedUnique(uids)) {
        const auto bytes = messageBytes(account, from, uid);
        const auto info = bytes ? message(account, from, uid) : std::nullopt;
        if (!info)
            continue; // "a non-existent unique identifier is ignored" (RFC 3501 §6.4.8)
        const auto newUid = insertMessage(target, *bytes, info->internalDate, info->flags);
        if (!newUid) {
            rollback();
            return std::nullopt;
        }
        pairs.append({uid, *newUid});
    }
    return pairs;
}

void MailboxStore::announceCopies(const QString &account, const QString &to, const QList<std::pair<quint32, quint32>> &pairs)
{
    QList<quint32> added;
    for (const auto &p : pairs)
        added << p.second;
    emit messagesAdded(account, normalizedName(to), added);
    emit mailboxChanged(account, normalizedName(to));
}

std::optional<QList<std::pair<quint32, quint32>>> MailboxStore::copy(const QString &account, const QString &from,
                                                                    const QList<quint32> &uids, const QString &to)
{
    const auto source = findOrCreateInbox(account, from);
    const auto target = findOrCreateInbox(account, to);
    if (!source || !target || !begin())
        return std::nullopt;
    const auto pairs = insertCopies(account, from, uids, *target);
    if (!pairs || !commit())
        return std::nullopt;
    if (!pairs->isEmpty())
        announceCopies(account, to, *pairs);
    return pairs;
}

std::optional<QList<std::pair<quint32, quint32>>> MailboxStore::move(const QString &account, const QString &from,
                                                                    const QList<quint32> &uids, const QString &to)
{
    const auto source = findOrCreateInbox(account, from);
    const auto target = findOrCreateInbox(account, to);
    if (!source || !target || !begin())
        return std::nullopt;
    const auto pairs = insertCopies(account, from, uids, *target);
    if (!pairs)
        return std::nullopt;
    QList<quint32> moved;
    for (const auto &p : *pairs)
        moved << p.first;
    const QList<quint32> removed = deleteUids(source->id, moved);
    if (removed != moved) {
        rollback();
        fail(QStringLiteral("move: could not remove the source messages"));
        return std::nullopt;
    }
    if (!commit())
        return std::nullopt;
    if (!pairs->isEmpty()) {
        announceCopies(account, to, *pairs);
        emit messagesExpunged(account, normalizedName(from), removed);
        emit mailboxChanged(account, normalizedName(from));
    }
    return pairs;
}

std::unique_ptr<MaildropLock> MailboxStore::lockMaildrop(const QString &account)
{
    if (m_lockedMaildrops.contains(account))
        return nullptr;
    m_lockedMaildrops.insert(account);
    return std::unique_ptr<MaildropLock>(new MaildropLock(this, account));
}

} // namespace mf
