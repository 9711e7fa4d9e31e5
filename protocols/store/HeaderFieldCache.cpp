#include "HeaderFieldCache.h"

#include <algorithm>

namespace mf {

namespace {

// Header blocks read per query when a column is built: bounded memory for any mailbox size.
constexpr qsizetype kBlocksPerRead = 4096;

// Approximate heap use of one entry: the entry, and per value its list slot and its allocation.
qsizetype entryBytes(const HeaderFieldColumn::Entry &entry)
{
    qsizetype bytes = sizeof(entry);
    for (const QByteArray &value : entry.values.plain)
        bytes += 56 + value.size();
    return bytes;
}

} // namespace

std::optional<HeaderFieldColumn> HeaderFieldCache::column(const MailboxState &mailbox, QByteArrayView field,
                                                         const Reader &read)
{
    auto isCurrent = [&](const Slot &slot) {
        return slot.uidNext == mailbox.uidNext && slot.column.entries.size() == mailbox.messages;
    };
    const Key key{mailbox.mailboxId, field.toByteArray().toLower()};
    auto it = m_slots.find(key);
    if (it != m_slots.end() && isCurrent(*it)) {
        it->lastUse = ++m_uses;
        return it->column;
    }
    Slot slot;
    bool current = false;
    if (it != m_slots.end()) {
        slot = std::move(*it);
        m_bytes -= keptBytes(key, slot);
        m_slots.erase(it);
        current = update(slot, mailbox, field, read) && isCurrent(slot);
    }
    if (!current) {
        slot = Slot();
        if (!build(slot, mailbox, field, read) || !isCurrent(slot))
            return std::nullopt;
    }
    HeaderFieldColumn column = slot.column; // shared, not copied
    keep(key, std::move(slot));
    return column;
}

// From the messages of the mailbox now, a block of uids at a time.
bool HeaderFieldCache::build(Slot &slot, const MailboxState &mailbox, QByteArrayView field, const Reader &read)
{
    std::optional<QList<quint32>> uids = read.uids();
    if (!uids)
        return false;
    // Added after `mailbox` was read (by another connection): left for the next update to add.
    uids->erase(std::lower_bound(uids->begin(), uids->end(), mailbox.uidNext), uids->end());
    slot.column.entries.reserve(uids->size());
    for (qsizetype first = 0; first < uids->size(); first += kBlocksPerRead) {
        const qsizetype last = std::min(first + kBlocksPerRead, uids->size()) - 1;
        const std::optional<HeaderBlocks> blocks = read.headerBlocks(uids->at(first), uids->at(last));
        if (!blocks)
            return false;
        appendEntries(slot, *blocks, field);
    }
    slot.uidNext = mailbox.uidNext;
    return true;
}

// Adds the messages stored since the column was read and drops the ones removed since.
bool HeaderFieldCache::update(Slot &slot, const MailboxState &mailbox, QByteArrayView field, const Reader &read)
{
    if (slot.uidNext > mailbox.uidNext)
        return false; // uidnext never goes down: not the mailbox this column was read from
    HeaderBlocks added;
    if (slot.uidNext < mailbox.uidNext) {
        std::optional<HeaderBlocks> blocks = read.headerBlocks(slot.uidNext, mailbox.uidNext - 1);
        if (!blocks)
            return false;
        added = std::move(*blocks);
    }
    QList<HeaderFieldColumn::Entry> &entries = slot.column.entries;
    if (entries.size() + added.size() != mailbox.messages) {
        // Some were removed: keep the entries whose message is still there.
        const std::optional<QList<quint32>> uids = read.uids();
        if (!uids)
            return false;
        qsizetype kept = 0;
        auto remaining = uids->cbegin();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            remaining = std::lower_bound(remaining, uids->cend(), entries[i].uid);
            if (remaining != uids->cend() && *remaining == entries[i].uid) {
                if (kept != i)
                    entries[kept] = std::move(entries[i]);
                ++kept;
            } else {
                slot.bytes -= entryBytes(entries[i]);
            }
        }
        entries.resize(kept);
    }
    appendEntries(slot, added, field);
    slot.uidNext = mailbox.uidNext;
    return true;
}

void HeaderFieldCache::appendEntries(Slot &slot, const HeaderBlocks &blocks, QByteArrayView field)
{
    for (const auto &[uid, block] : blocks) {
        HeaderFieldColumn::Entry entry{uid, headerFieldValues(block, field)};
        slot.bytes += entryBytes(entry);
        slot.column.entries.append(std::move(entry));
    }
}

// What a kept column counts against the budget: its entries and its slot.
qsizetype HeaderFieldCache::keptBytes(const Key &key, const Slot &slot)
{
    return slot.bytes + qsizetype(sizeof(Slot)) + key.second.size();
}

void HeaderFieldCache::keep(const Key &key, Slot slot)
{
    const qsizetype bytes = keptBytes(key, slot);
    if (bytes > m_byteBudget)
        return; // answers this search, but is not worth keeping
    while (m_bytes + bytes > m_byteBudget && !m_slots.isEmpty()) {
        auto oldest = m_slots.begin();
        for (auto it = m_slots.begin(); it != m_slots.end(); ++it) {
            if (it->lastUse < oldest->lastUse)
                oldest = it;
        }
        m_bytes -= keptBytes(oldest.key(), *oldest);
        m_slots.erase(oldest);
    }
    slot.lastUse = ++m_uses;
    m_bytes += bytes;
    m_slots.insert(key, std::move(slot));
}

void HeaderFieldCache::forgetMailbox(qint64 mailboxId)
{
    for (auto it = m_slots.begin(); it != m_slots.end();) {
        if (it.key().first == mailboxId) {
            m_bytes -= keptBytes(it.key(), *it);
            it = m_slots.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace mf
