// ImapServerSession: commands of the selected state (RFC 3501 §6.4, RFC 4315, RFC 6851; SEARCH is in
// ImapServerSearch.cpp) and the synchronisation of the client's view with the store (§5.2, §7.4.1).
#include "ImapServerSession.h"

#include "ImapCommandParser.h"
#include "ModifiedUtf7.h"
#include "mime/ImapString.h"
#include "mime/MimeMessage.h"

#include <algorithm>
#include <charconv>

namespace mf {

namespace {

constexpr size_t kParsedCacheSize = 32;
constexpr qsizetype kEnvelopeCacheSize = 200000;

bool hasFlag(const QByteArrayList &flags, const QByteArray &flag)
{
    for (const QByteArray &f : flags) {
        if (f.compare(flag, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// One FETCH response (§7.4.2) built in one buffer that is reused from message to message, so that a
// FETCH of a whole mailbox makes no temporaries per item.
class FetchResponse
{
public:
    void start(qsizetype sequence)
    {
        m_line.resize(0); // keeps the capacity
        m_line.append("* ");
        appendNumber(sequence);
        m_line.append(" FETCH (");
        m_itemsStart = m_line.size();
    }
    // Starts an item: its name and the space before its value, which the caller appends.
    QByteArray &item(QByteArrayView name)
    {
        if (m_line.size() > m_itemsStart)
            m_line.append(' ');
        return m_line.append(name).append(' ');
    }
    void number(QByteArrayView name, qint64 value)
    {
        item(name);
        appendNumber(value);
    }
    const QByteArray &finish() { return m_line.append(')'); }

private:
    void appendNumber(qint64 value)
    {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        m_line.append(digits, end - digits);
    }

    QByteArray m_line;
    qsizetype m_itemsStart = 0;
};

} // namespace

void ImapServerSession::noteFlags(quint32 uid, const QByteArrayList &flags)
{
    // §7.2.6: FLAGS names the flags the mailbox uses; clients (and the imaptest stress tester) treat a
    // keyword in FETCH FLAGS they were never told of as a protocol error. Another session may have stored
    // it, so every session announces it itself, before the first response that carries it. Cheap: a set
    // lookup per keyword of the message; the announcement itself only when a keyword is new.
    bool added = false;
    for (const QByteArray &flag : flags) {
        if (!flag.startsWith('\\') && !m_keywords.contains(flag)) {
            m_keywords.insert(flag);
            added = true;
        }
    }
    if (added)
        announceFlags();
    m_flags.insert(uid, flags);
}

void ImapServerSession::announceFlags()
{
    QByteArrayList keywords(m_keywords.begin(), m_keywords.end());
    std::sort(keywords.begin(), keywords.end());
    QByteArray flags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    for (const QByteArray &k : std::as_const(keywords))
        flags += ' ' + k;
    untagged("FLAGS (" + flags + ')');
    // \* : the client may create new keywords (§7.1); none at all in a read-only mailbox.
    untagged("OK [PERMANENTFLAGS " + (m_readOnly ? QByteArray("()") : "(" + flags + " \\*)") + "] Flags permitted");
}

QByteArray ImapServerSession::flagsOf(quint32 uid) const
{
    QByteArray out;
    appendFlagsOf(out, uid);
    return out;
}

void ImapServerSession::appendFlagsOf(QByteArray &out, quint32 uid) const
{
    out.append('(');
    const qsizetype start = out.size();
    auto add = [&](QByteArrayView flag) {
        if (out.size() > start)
            out.append(' ');
        out.append(flag);
    };
    if (const auto flags = m_flags.constFind(uid); flags != m_flags.constEnd()) {
        for (const QByteArray &flag : *flags)
            add(flag);
    }
    if (m_recent.contains(uid))
        add("\\Recent");
    out.append(')');
}

std::shared_ptr<MimeMessage> ImapServerSession::parsed(quint32 uid)
{
    for (auto it = m_parsedCache.begin(); it != m_parsedCache.end(); ++it) {
        if (it->first == uid) {
            m_parsedCache.splice(m_parsedCache.begin(), m_parsedCache, it);
            return it->second;
        }
    }
    const std::optional<QByteArray> bytes = m_store->messageBytes(m_account, m_mailbox, uid);
    if (!bytes)
        return nullptr;
    auto message = std::make_shared<MimeMessage>(*bytes);
    m_parsedCache.emplace_front(uid, message);
    if (m_parsedCache.size() > kParsedCacheSize)
        m_parsedCache.pop_back();
    return message;
}

bool ImapServerSession::resolve(const ImapCommand &c, QList<int> &indexes)
{
    indexes.clear();
    const quint32 count = quint32(m_uids.size());
    if (c.uid) {
        const quint32 largest = m_uids.isEmpty() ? 0 : m_uids.last();
        if (largest == 0)
            return true;
        for (int i = 0; i < m_uids.size(); ++i) {
            if (c.set.contains(m_uids[i], largest))
                indexes.append(i);
        }
        return true;
    }
    for (const ImapSequenceSet::Range &r : c.set.ranges) {
        if (count == 0 || r.first > count || r.last > count) {
            tagged(c.tag, "BAD", "Invalid message sequence number");
            return false;
        }
    }
    for (quint32 n = 1; n <= count; ++n) {
        if (c.set.contains(n, count))
            indexes.append(int(n - 1));
    }
    return true;
}

void ImapServerSession::expungedFromView(const QList<quint32> &uids)
{
    for (quint32 uid : uids) {
        const qsizetype index = m_uids.indexOf(uid);
        if (index < 0)
            continue;
        // Each EXPUNGE renumbers the messages after it at once (§7.4.1).
        untagged(QByteArray::number(index + 1) + " EXPUNGE");
        m_uids.removeAt(index);
        m_flags.remove(uid);
        m_recent.remove(uid);
    }
}

void ImapServerSession::synchronize(bool allowExpunge)
{
    if (m_state != State::Selected || !m_dirty)
        return;
    m_dirty = false;
    using F = MailboxStore::MessageField;
    const QList<StoredMessage> current = m_store->messages(m_account, m_mailbox, F::Flags | F::Recent);
    QHash<quint32, const StoredMessage *> byUid;
    for (const StoredMessage &m : current)
        byUid.insert(m.uid, &m);

    QList<quint32> gone;
    for (quint32 uid : std::as_const(m_uids)) {
        if (!byUid.contains(uid))
            gone.append(uid);
    }
    if (allowExpunge)
        expungedFromView(gone);
    else if (!gone.isEmpty())
        m_dirty = true; // report them after a command that may send EXPUNGE

    // Changed flags, by sequence number (§7.4.2: untagged FETCH carries sequence numbers).
    for (int i = 0; i < m_uids.size(); ++i) {
        const StoredMessage *m = byUid.value(m_uids[i]);
        if (m && m->flags != m_flags.value(m->uid)) {
            noteFlags(m->uid, m->flags);
            untagged(QByteArray::number(i + 1) + " FETCH (FLAGS " + flagsOf(m->uid) + ')');
        }
    }

    // New messages: EXISTS only ever grows (§5.2, §7.3.1).
    quint32 highest = 0;
    for (quint32 uid : std::as_const(m_uids))
        highest = std::max(highest, uid);
    for (quint32 uid : std::as_const(gone))
        highest = std::max(highest, uid);
    bool added = false;
    for (const StoredMessage &m : current) {
        if (m.uid > highest) {
            m_uids.append(m.uid);
            noteFlags(m.uid, m.flags);
            if (m_readOnly && m.recent)
                m_recent.insert(m.uid);
            added = true;
        }
    }
    if (added) {
        if (!m_readOnly) {
            for (quint32 uid : m_store->claimRecent(m_account, m_mailbox))
                m_recent.insert(uid);
        }
        untagged(QByteArray::number(m_uids.size()) + " EXISTS");
        untagged(QByteArray::number(m_recent.size()) + " RECENT");
    }
}

void ImapServerSession::cmdClose(const ImapCommand &c, bool expunge)
{
    // §6.4.2: CLOSE expunges silently (no EXPUNGE responses); UNSELECT (RFC 3691) does not expunge.
    if (expunge && !m_readOnly)
        m_store->expungeDeleted(m_account, m_mailbox, m_uids);
    m_state = State::Authenticated;
    m_mailbox.clear();
    m_uids.clear();
    m_flags.clear();
    m_keywords.clear();
    m_recent.clear();
    m_parsedCache.clear();
    m_envelopes.clear();
    tagged(c.tag, "OK", expunge ? "Close completed" : "Unselect completed");
}

void ImapServerSession::cmdExpunge(const ImapCommand &c)
{
    if (m_readOnly)
        return tagged(c.tag, "NO", "Mailbox is read-only");
    QList<quint32> within = m_uids;
    if (c.uid) {
        QList<int> indexes;
        resolve(c, indexes);
        within.clear();
        for (int i : std::as_const(indexes))
            within.append(m_uids[i]);
        if (within.isEmpty()) {
            synchronize(true);
            return tagged(c.tag, "OK", "Expunge completed");
        }
    }
    expungedFromView(m_store->expungeDeleted(m_account, m_mailbox, within));
    synchronize(true);
    tagged(c.tag, "OK", "Expunge completed");
}

void ImapServerSession::cmdFetch(const ImapCommand &c)
{
    QList<int> indexes;
    if (!resolve(c, indexes))
        return;
    using K = ImapFetchItem::Kind;
    bool needsBytes = false;
    bool setsSeen = false;
    bool wantsFlags = false;
    MailboxStore::MessageFields listed; // read with the message list
    for (const ImapFetchItem &item : c.fetchItems) {
        needsBytes = needsBytes || (item.kind != K::Flags && item.kind != K::Uid && item.kind != K::InternalDate
                                    && item.kind != K::Rfc822Size);
        setsSeen = setsSeen || item.setsSeen();
        wantsFlags = wantsFlags || item.kind == K::Flags;
        if (item.kind == K::Flags)
            listed |= MailboxStore::MessageField::Flags;
        else if (item.kind == K::InternalDate)
            listed |= MailboxStore::MessageField::InternalDate;
        else if (item.kind == K::Rfc822Size)
            listed |= MailboxStore::MessageField::Size;
    }
    const bool includeUid = c.uid || std::any_of(c.fetchItems.begin(), c.fetchItems.end(),
                                                 [](const ImapFetchItem &i) { return i.kind == K::Uid; });
    // Metadata: one query for big sets, per message for small ones; in uid order either way.
    QList<StoredMessage> meta;
    if (indexes.size() > 16) {
        meta = m_store->messages(m_account, m_mailbox, listed);
    } else {
        for (int i : std::as_const(indexes)) {
            if (auto m = m_store->message(m_account, m_mailbox, m_uids[i]))
                meta.append(std::move(*m));
        }
    }
    auto metaOf = [&](quint32 uid) -> const StoredMessage * {
        const auto it = std::lower_bound(meta.cbegin(), meta.cend(), uid,
                                         [](const StoredMessage &m, quint32 u) { return m.uid < u; });
        return it != meta.cend() && it->uid == uid ? &*it : nullptr;
    };
    // ENVELOPE alone (the usual message-list refresh) needs only the top-level header block, which the
    // store keeps apart from the body, and is answered from the session's cache when it can.
    const bool onlyEnvelope = std::all_of(c.fetchItems.begin(), c.fetchItems.end(), [](const ImapFetchItem &i) {
        return i.kind == K::Envelope || i.kind == K::Flags || i.kind == K::Uid || i.kind == K::InternalDate
            || i.kind == K::Rfc822Size;
    });
    // Message bytes (or header blocks) for big sets are read a chunk of UIDs at a time (one query each),
    // not one by one.
    QHash<quint32, QByteArray> chunk;
    qsizetype chunkEnd = -1;
    const qsizetype chunkSize = onlyEnvelope ? 4096 : 256;
    auto mimeFor = [&](qsizetype k) -> std::shared_ptr<MimeMessage> {
        const quint32 uid = m_uids[indexes[k]];
        if (indexes.size() > 16) {
            if (k > chunkEnd) {
                chunk.clear();
                chunkEnd = std::min<qsizetype>(k + chunkSize - 1, indexes.size() - 1);
                const quint32 first = uid;
                const quint32 last = m_uids[indexes[chunkEnd]];
                if (last - first < 4 * quint32(chunkEnd - k + 1)) {
                    auto rows = onlyEnvelope ? m_store->messageHeadersBetween(m_account, m_mailbox, first, last)
                                             : m_store->messageBytesBetween(m_account, m_mailbox, first, last);
                    chunk.reserve(rows.size());
                    for (auto &[u, bytes] : rows)
                        chunk.insert(u, std::move(bytes));
                }
            }
            if (auto it = chunk.find(uid); it != chunk.end())
                return std::make_shared<MimeMessage>(std::move(*it));
        }
        return parsed(uid);
    };
    // The store keeps every message's ENVELOPE: a message list takes them a range of UIDs at a time,
    // only where the session has not got them yet.
    const bool wantsEnvelope = std::any_of(c.fetchItems.begin(), c.fetchItems.end(),
                                           [](const ImapFetchItem &i) { return i.kind == K::Envelope; });
    if (onlyEnvelope && wantsEnvelope && indexes.size() > 16) {
        for (qsizetype k = 0; k < indexes.size(); k += 4096) {
            const qsizetype end = std::min<qsizetype>(k + 4095, indexes.size() - 1);
            const quint32 first = m_uids[indexes[k]];
            const quint32 last = m_uids[indexes[end]];
            if (last - first >= 4 * quint32(end - k + 1))
                continue; // sparse: message by message below
            bool cached = true;
            for (qsizetype i = k; i <= end && cached; ++i)
                cached = m_envelopes.contains(m_uids[indexes[i]]);
            if (cached)
                continue;
            auto rows = m_store->messageEnvelopesBetween(m_account, m_mailbox, first, last);
            if (m_envelopes.size() + rows.size() > kEnvelopeCacheSize)
                m_envelopes.clear();
            for (auto &[u, envelope] : rows)
                m_envelopes.insert(u, std::move(envelope));
        }
    }
    bool missing = false;
    bool carriesText = false;
    for (const ImapFetchItem &item : c.fetchItems) {
        using K = ImapFetchItem::Kind;
        carriesText = carriesText || item.kind == K::Rfc822 || item.kind == K::Rfc822Text
                      || (item.kind == K::BodySection && item.partialOffset < 0
                          && (item.section.kind == MimeSection::Kind::Whole || item.section.kind == MimeSection::Kind::Text));
    }
    FetchResponse response;
    for (qsizetype k = 0; k < indexes.size(); ++k) {
        const int index = indexes[k];
        const quint32 uid = m_uids[index];
        const StoredMessage *stored = metaOf(uid);
        if (!stored) {
            missing = true; // expunged elsewhere; reported after a command that may send EXPUNGE
            continue;
        }
        const StoredMessage &m = *stored;
        // FLAGS are answered as they are now; the view takes them so they are not reported twice.
        if (wantsFlags)
            noteFlags(uid, m.flags);
        std::shared_ptr<MimeMessage> mime;
        if (needsBytes && !(onlyEnvelope && m_envelopes.contains(uid))) {
            mime = mimeFor(k);
            if (!mime) {
                missing = true;
                continue;
            }
        }
        bool flagsChanged = false;
        if (setsSeen && !m_readOnly && !hasFlag(m_flags.value(uid), "\\Seen")) {
            // §6.4.5: BODY[...] (not BODY.PEEK) and RFC822/RFC822.TEXT set \Seen.
            const auto changed = m_store->storeFlags(m_account, m_mailbox, {uid}, MailboxStore::FlagOperation::Add, {"\\Seen"});
            if (changed.contains(uid)) {
                noteFlags(uid, changed.value(uid));
                flagsChanged = true;
            }
        }
        response.start(index + 1);
        if (includeUid)
            response.number("UID", uid);
        for (const ImapFetchItem &item : c.fetchItems) {
            switch (item.kind) {
            case K::Uid:
                break;
            case K::Flags:
                appendFlagsOf(response.item("FLAGS"), uid);
                break;
            case K::InternalDate:
                response.item("INTERNALDATE").append('"').append(ImapCommandParser::formatDateTime(m.internalDate)).append('"');
                break;
            case K::Rfc822Size:
                response.number("RFC822.SIZE", m.size);
                break;
            case K::Envelope: {
                auto cached = m_envelopes.constFind(uid);
                if (cached == m_envelopes.constEnd()) {
                    if (m_envelopes.size() >= kEnvelopeCacheSize)
                        m_envelopes.clear();
                    cached = m_envelopes.insert(uid, mime->envelope()); // messages never change: safe to keep
                }
                response.item("ENVELOPE").append(*cached);
                break;
            }
            case K::BodyStructure:
                response.item("BODYSTRUCTURE").append(mime->bodyStructure());
                break;
            case K::Body:
                response.item("BODY").append(mime->body());
                break;
            case K::Rfc822:
                response.item("RFC822").append(imap::literal(mime->raw()));
                break;
            case K::Rfc822Header:
                response.item("RFC822.HEADER").append(imap::literal(mime->headerBytes()));
                break;
            case K::Rfc822Text:
                response.item("RFC822.TEXT").append(imap::literal(mime->bodyBytes()));
                break;
            case K::BodySection: {
                QByteArray data = mime->section(item.section);
                if (item.partialOffset >= 0)
                    data = item.partialOffset >= data.size() ? QByteArray() : data.mid(item.partialOffset, item.partialLength);
                response.item(item.responseName()).append(imap::literal(data));
                break;
            }
            }
        }
        if (flagsChanged && !wantsFlags)
            appendFlagsOf(response.item("FLAGS"), uid);
        sendResponse(response.finish());
        // The world records the message reaching the user agent when its text, not just its header, went.
        if (carriesText)
            notice("FETCH body uid " + QByteArray::number(uid));
    }
    synchronize(c.uid); // §7.4.1: no EXPUNGE during FETCH; UID FETCH may
    if (missing)
        return tagged(c.tag, "NO", "[EXPUNGEISSUED] Some of the requested messages no longer exist");
    tagged(c.tag, "OK", "Fetch completed");
}

void ImapServerSession::cmdStore(const ImapCommand &c)
{
    QList<int> indexes;
    if (!resolve(c, indexes))
        return;
    if (m_readOnly)
        return tagged(c.tag, "NO", "Mailbox is read-only");
    QList<quint32> uids;
    for (int i : std::as_const(indexes))
        uids.append(m_uids[i]);
    const MailboxStore::FlagOperation op = c.storeMode == ImapCommand::StoreMode::Add ? MailboxStore::FlagOperation::Add
        : c.storeMode == ImapCommand::StoreMode::Remove ? MailboxStore::FlagOperation::Remove
                                                        : MailboxStore::FlagOperation::Set;
    QByteArrayList flags;
    for (const QByteArray &f : c.flags) {
        if (f.compare("\\Recent", Qt::CaseInsensitive) != 0)
            flags.append(f);
    }
    const QHash<quint32, QByteArrayList> changed = m_store->storeFlags(m_account, m_mailbox, uids, op, flags);
    for (auto it = changed.begin(); it != changed.end(); ++it) {
        noteFlags(it.key(), it.value());
        // The world shows a message becoming read on the server at this STORE.
        if (op != MailboxStore::FlagOperation::Remove && hasFlag(flags, "\\Seen") && hasFlag(it.value(), "\\Seen"))
            notice("STORE uid " + QByteArray::number(it.key()) + " \\Seen");
    }
    if (!c.silent) {
        for (int i : std::as_const(indexes)) {
            const quint32 uid = m_uids[i];
            untagged(QByteArray::number(i + 1) + " FETCH (" + (c.uid ? "UID " + QByteArray::number(uid) + ' ' : QByteArray())
                     + "FLAGS " + flagsOf(uid) + ')');
        }
    }
    synchronize(c.uid); // §7.4.1: no EXPUNGE during STORE; UID STORE may
    tagged(c.tag, "OK", "Store completed");
}

void ImapServerSession::cmdCopy(const ImapCommand &c, bool move)
{
    QList<int> indexes;
    if (!resolve(c, indexes))
        return;
    if (move && m_readOnly)
        return tagged(c.tag, "NO", "Mailbox is read-only");
    const std::optional<QString> decoded = imap::decodeMailboxName(c.args[0]);
    if (!decoded || decoded->isEmpty())
        return tagged(c.tag, "NO", "Invalid mailbox name");
    const QString target = MailboxStore::normalizedName(*decoded);
    const std::optional<MailboxInfo> info = m_store->mailbox(m_account, target);
    if (!info)
        return tagged(c.tag, "NO", "[TRYCREATE] Mailbox does not exist");
    QList<quint32> uids;
    for (int i : std::as_const(indexes))
        uids.append(m_uids[i]);
    if (uids.isEmpty()) {
        synchronize(true);
        return tagged(c.tag, "OK", move ? "No messages moved" : "No messages copied");
    }
    const auto pairs = move ? m_store->move(m_account, m_mailbox, uids, info->name)
                            : m_store->copy(m_account, m_mailbox, uids, info->name);
    if (!pairs)
        return tagged(c.tag, "NO", move ? "Cannot move the messages" : "Cannot copy the messages");
    QList<quint32> sources, targets;
    for (const auto &[from, to] : *pairs) {
        sources.append(from);
        targets.append(to);
    }
    // RFC 4315 §3 COPYUID uidvalidity source-set destination-set, in matching order.
    const QByteArray copyUid = "[COPYUID " + QByteArray::number(info->uidValidity) + ' '
        + ImapSequenceSet::compress(sources) + ' ' + ImapSequenceSet::compress(targets) + ']';
    if (info->name == m_mailbox)
        m_dirty = true; // copied into the selected mailbox: report EXISTS now
    if (!move) {
        synchronize(true);
        return tagged(c.tag, "OK", copyUid + " Copy completed");
    }
    // RFC 6851 §4.3: COPYUID goes in an untagged OK before the EXPUNGEs.
    untagged("OK " + copyUid + " Moved");
    expungedFromView(sources);
    synchronize(true);
    tagged(c.tag, "OK", "Move completed");
}

} // namespace mf
