// ImapServerSession: SEARCH and UID SEARCH (RFC 3501 §6.4.4).
#include "ImapServerSession.h"

#include "ImapLimits.h"

#include "mime/HeaderFieldSearch.h"
#include "mime/HeaderFieldWalk.h"
#include "mime/MimeAddress.h"
#include "mime/MimeMessage.h"

#include <algorithm>

namespace mf {

namespace {

using K = ImapSearchKey::Kind;

// The parser stops search keys at imap::kMaxSearchNesting levels; the tree adds SEARCH's own And at the
// root and NEW's And(RECENT UNSEEN) at a leaf. The walks below recurse, so they also stop there: a deeper
// tree (never parsed, only built by code) is not walked further and matches nothing.
constexpr int kMaxTreeDepth = imap::kMaxSearchNesting + 2;

bool hasFlag(const QByteArrayList &flags, const QByteArray &flag)
{
    for (const QByteArray &f : flags) {
        if (f.compare(flag, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
}

bool containsText(QByteArrayView haystack, const QByteArray &needle)
{
    if (needle.isEmpty())
        return true;
    // ASCII on both sides (the usual header search) compares without decoding; the result is the same.
    if (isAscii(needle) && isAscii(haystack))
        return containsIgnoringAsciiCase(haystack, needle);
    return QString::fromUtf8(haystack).contains(QString::fromUtf8(needle), Qt::CaseInsensitive);
}

bool anyKey(const ImapSearchKey &key, const std::initializer_list<ImapSearchKey::Kind> &kinds, int depth = 0)
{
    if (std::find(kinds.begin(), kinds.end(), key.kind) != kinds.end())
        return true;
    return depth < kMaxTreeDepth && std::any_of(key.children.begin(), key.children.end(), [&](const ImapSearchKey &k) {
        return anyKey(k, kinds, depth + 1);
    });
}

template <typename Visit>
void forEachKey(const ImapSearchKey &key, const Visit &visit, int depth = 0)
{
    visit(key);
    if (depth >= kMaxTreeDepth)
        return;
    for (const ImapSearchKey &child : key.children)
        forEachKey(child, visit, depth + 1);
}

// The store's cached values of the header fields a search compares, one column per field, read in uid
// order as the search goes through the mailbox.
class HeaderColumns
{
public:
    void add(const QByteArray &field, HeaderFieldColumn column) { m_columns.append({field, std::move(column)}); }
    bool isEmpty() const { return m_columns.isEmpty(); }
    bool has(QByteArrayView field) const { return find(field) != nullptr; }

    // The values of `field` in message `uid`; null without a column for the field or when the message is
    // not in it. Cheapest when called with ascending uids.
    const HeaderFieldValues *values(QByteArrayView field, quint32 uid) const
    {
        const Column *column = find(field);
        return column ? entryOf(*column, uid) : nullptr;
    }

    // Whether the message was in the mailbox when the columns were read.
    bool contain(quint32 uid) const
    {
        return std::all_of(m_columns.begin(), m_columns.end(), [&](const Column &c) { return entryOf(c, uid) != nullptr; });
    }

private:
    struct Column {
        QByteArray field;
        HeaderFieldColumn column;
        mutable qsizetype next = 0; // where the last lookup ended
    };

    const Column *find(QByteArrayView field) const
    {
        for (const Column &c : m_columns) {
            if (c.field.compare(field, Qt::CaseInsensitive) == 0)
                return &c;
        }
        return nullptr;
    }

    // A merge with the search's ascending uids: linear in the column's size over the whole search.
    static const HeaderFieldValues *entryOf(const Column &c, quint32 uid)
    {
        const QList<HeaderFieldColumn::Entry> &entries = c.column.entries;
        if (c.next > 0 && (c.next > entries.size() || entries[c.next - 1].uid >= uid))
            c.next = 0; // asked out of order: start again
        while (c.next < entries.size() && entries[c.next].uid < uid)
            ++c.next;
        return c.next < entries.size() && entries[c.next].uid == uid ? &entries[c.next].values : nullptr;
    }

    QList<Column> m_columns;
};

// The header blocks (or whole messages) of the selected mailbox's messages, read a chunk of uids at a
// time (one query each) the first time a key needs one. Asked in ascending order of sequence numbers.
class MessageTexts
{
public:
    MessageTexts(MailboxStore &store, const QString &account, const QString &mailbox, const QList<quint32> &uids,
                 bool headersOnly)
        : m_store(store), m_account(account), m_mailbox(mailbox), m_uids(uids), m_headersOnly(headersOnly)
    {
    }

    // The text of the message at `index` in the uids; null when it no longer exists.
    const QByteArray *at(qsizetype index)
    {
        const quint32 uid = m_uids[index];
        if (index > m_chunkEnd) {
            m_chunkEnd = std::min<qsizetype>(index + (m_headersOnly ? 4095 : 255), m_uids.size() - 1);
            m_chunk = m_headersOnly ? m_store.messageHeadersBetween(m_account, m_mailbox, uid, m_uids[m_chunkEnd])
                                    : m_store.messageBytesBetween(m_account, m_mailbox, uid, m_uids[m_chunkEnd]);
            m_row = 0;
        }
        while (m_row < m_chunk.size() && m_chunk[m_row].first < uid)
            ++m_row;
        return m_row < m_chunk.size() && m_chunk[m_row].first == uid ? &m_chunk[m_row].second : nullptr;
    }

private:
    MailboxStore &m_store;
    const QString &m_account;
    const QString &m_mailbox;
    const QList<quint32> &m_uids;
    const bool m_headersOnly;
    QList<std::pair<quint32, QByteArray>> m_chunk;
    qsizetype m_row = 0;
    qsizetype m_chunkEnd = -1;
};

// One message as SEARCH sees it. Its text is the header block (keys that need no body) or the whole
// message, read only when a key needs it; the MIME parse is made only when a key needs that.
struct SearchContext {
    int sequence = 0;
    quint32 count = 0;
    quint32 largestUid = 0;
    const StoredMessage *message = nullptr;
    bool recent = false;
    const HeaderColumns *columns = nullptr;
    MessageTexts *texts = nullptr;
    mutable std::optional<const QByteArray *> text;
    mutable std::optional<MimeMessage> mime;
    mutable QByteArray scratch; // reused by headerFieldContains

    const QByteArray *raw() const
    {
        if (!text)
            text = texts->at(sequence - 1);
        return *text;
    }
    const MimeMessage *parsed() const
    {
        if (!mime && raw())
            mime.emplace(*raw());
        return mime ? &*mime : nullptr;
    }
};

// SEARCH FROM/TO/CC/BCC: whether one value of the field holds `needle` in its addresses as ENVELOPE
// gives them (addressSearchText). ASCII is compared as it is; encoded words and 8-bit text are decoded
// first, as SEARCH HEADER decodes them.
bool addressesContain(QByteArrayView rawValue, const QByteArray &needle)
{
    const QByteArray text = addressSearchText(rawValue);
    if (isAscii(text) && !text.contains("=?"))
        return containsText(text, needle);
    return containsText(MimeMessage::decodeHeaderText(text), needle);
}

// The Address key on one message: the field's values from the store's cache when none needs decoding,
// else from the header block. Only the values of the field are parsed, never the whole message.
bool addressKeyMatches(const ImapSearchKey &key, const SearchContext &ctx)
{
    if (const HeaderFieldValues *values = ctx.columns->values(key.field, ctx.message->uid); values && !values->undecidable)
        return std::any_of(values->plain.begin(), values->plain.end(),
                           [&](const QByteArray &v) { return addressesContain(v, key.value); });
    const QByteArray *raw = ctx.raw();
    if (!raw)
        return false;
    bool found = false;
    forEachHeaderField(QByteArrayView(raw->constData(), MailboxStore::headerBlockSize(*raw)),
                       [&](QByteArrayView name, QByteArrayView value) {
                           if (name.compare(key.field, Qt::CaseInsensitive) == 0)
                               found = addressesContain(value, key.value);
                           return !found;
                       });
    return found;
}

bool matches(const ImapSearchKey &key, const SearchContext &ctx, int depth = 0)
{
    const StoredMessage &m = *ctx.message;
    if (depth > kMaxTreeDepth)
        return false;
    switch (key.kind) {
    case K::All:
        return true;
    case K::And:
        return std::all_of(key.children.begin(), key.children.end(),
                           [&](const ImapSearchKey &k) { return matches(k, ctx, depth + 1); });
    case K::Or:
        return key.children.size() == 2 && (matches(key.children[0], ctx, depth + 1) || matches(key.children[1], ctx, depth + 1));
    case K::Not:
        return key.children.size() == 1 && !matches(key.children[0], ctx, depth + 1);
    case K::SequenceSet:
        return key.set.contains(quint32(ctx.sequence), ctx.count);
    case K::UidSet:
        return key.set.contains(m.uid, ctx.largestUid);
    case K::Flag:
        return hasFlag(m.flags, key.field);
    case K::NoFlag:
        return !hasFlag(m.flags, key.field);
    case K::Recent:
        return ctx.recent;
    case K::Larger:
        return m.size > key.number;
    case K::Smaller:
        return m.size < key.number;
    case K::Before:
        return m.internalDate.date() < key.date;
    case K::On:
        return m.internalDate.date() == key.date;
    case K::Since:
        return m.internalDate.date() >= key.date;
    case K::Address:
        return addressKeyMatches(key, ctx);
    default:
        break;
    }
    if (key.kind == K::Header) {
        // Most header searches are decided on the field's cached values, or else on the raw block,
        // without parsing or decoding anything.
        std::optional<bool> decided;
        if (const HeaderFieldValues *values = ctx.columns->values(key.field, m.uid)) {
            decided = headerFieldValuesContain(*values, key.value);
        } else if (const QByteArray *raw = ctx.raw()) {
            const QByteArrayView block(raw->constData(), MailboxStore::headerBlockSize(*raw));
            decided = headerFieldContains(block, key.field, key.value, ctx.scratch);
        }
        if (decided)
            return *decided;
    }
    const MimeMessage *mime = ctx.parsed();
    if (!mime)
        return false;
    switch (key.kind) {
    case K::Header: {
        const QList<QByteArray> values = mime->decodedHeaderValues(key.field);
        return std::any_of(values.begin(), values.end(), [&](const QByteArray &v) { return containsText(v, key.value); });
    }
    case K::Body:
        return containsText(mime->bodyText(), key.value);
    case K::Text:
        return containsText(mime->headerBytes(), key.value) || containsText(mime->bodyText(), key.value);
    case K::SentBefore:
    case K::SentOn:
    case K::SentSince: {
        const std::optional<QDate> sent = mime->sentDate();
        if (!sent)
            return false;
        return key.kind == K::SentBefore ? *sent < key.date : key.kind == K::SentOn ? *sent == key.date : *sent >= key.date;
    }
    default:
        return false;
    }
}

} // namespace

void ImapServerSession::cmdSearch(const ImapCommand &c)
{
    if (!c.charset.isEmpty() && c.charset.compare("UTF-8", Qt::CaseInsensitive) != 0
        && c.charset.compare("US-ASCII", Qt::CaseInsensitive) != 0)
        return tagged(c.tag, "NO", "[BADCHARSET (US-ASCII UTF-8)] Unsupported charset");
    // HEADER keys with an ASCII string compare the store's cached values of their field (a non-ASCII
    // string needs every value decoded, so the cache could decide nothing).
    HeaderColumns columns;
    bool headerKeyWithoutColumn = false;
    forEachKey(c.search, [&](const ImapSearchKey &key) {
        if ((key.kind != K::Header && key.kind != K::Address) || columns.has(key.field))
            return;
        std::optional<HeaderFieldColumn> column;
        if (isAscii(key.value))
            column = m_store->headerFieldColumn(m_account, m_mailbox, key.field);
        if (column)
            columns.add(key.field, std::move(*column));
        else
            headerKeyWithoutColumn = true;
    });
    // These keys read every message's text: the top-level header block, which the store keeps apart, or
    // for BODY and TEXT the whole message.
    const bool textOfEvery = headerKeyWithoutColumn || anyKey(c.search, {K::Body, K::Text, K::SentBefore, K::SentOn, K::SentSince});
    const bool headersOnly = !anyKey(c.search, {K::Body, K::Text});
    // Flags, sizes and internal dates come from the message list; keys that need none of them skip that
    // query, and the header columns or the texts tell which messages still exist.
    using F = MailboxStore::MessageField;
    MailboxStore::MessageFields listed;
    if (anyKey(c.search, {K::Flag, K::NoFlag}))
        listed |= F::Flags;
    if (anyKey(c.search, {K::Larger, K::Smaller}))
        listed |= F::Size;
    if (anyKey(c.search, {K::Before, K::On, K::Since}))
        listed |= F::InternalDate;
    const bool loadMetadata = (!textOfEvery && columns.isEmpty()) || listed.toInt() != 0;
    QList<StoredMessage> metadata;
    if (loadMetadata)
        metadata = m_store->messages(m_account, m_mailbox, listed);
    auto meta = metadata.cbegin(); // uid order, like m_uids: a merge, no lookup table
    StoredMessage uidOnly;
    MessageTexts texts(*m_store, m_account, m_mailbox, m_uids, headersOnly);

    QByteArray result = "SEARCH";
    SearchContext ctx;
    ctx.count = quint32(m_uids.size());
    ctx.largestUid = m_uids.isEmpty() ? 0 : m_uids.last();
    ctx.columns = &columns;
    ctx.texts = &texts;
    for (int i = 0; i < m_uids.size(); ++i) {
        const quint32 uid = m_uids[i];
        ctx.text.reset();
        if (loadMetadata) {
            while (meta != metadata.cend() && meta->uid < uid)
                ++meta;
            if (meta == metadata.cend() || meta->uid != uid)
                continue; // expunged by another session meanwhile
            ctx.message = &*meta;
        } else {
            if (columns.isEmpty() ? !texts.at(i) : !columns.contain(uid))
                continue; // expunged by another session meanwhile
            uidOnly.uid = uid;
            ctx.message = &uidOnly;
        }
        ctx.sequence = i + 1;
        ctx.recent = m_recent.contains(uid);
        ctx.mime.reset();
        if (matches(c.search, ctx))
            result += ' ' + QByteArray::number(c.uid ? uid : quint32(i + 1));
    }
    untagged(result);
    synchronize(c.uid); // §7.4.1: no EXPUNGE during SEARCH; UID SEARCH may
    tagged(c.tag, "OK", "Search completed");
}

} // namespace mf
