// ImapServerSession: mailbox commands of the authenticated state (RFC 3501 §6.3).
#include "ImapServerSession.h"

#include "ModifiedUtf7.h"
#include "mime/ImapString.h"

namespace mf {

namespace {

const QString kInbox = QStringLiteral("INBOX");

// LIST wildcards (§6.3.8): "*" matches anything, "%" anything but the hierarchy delimiter.
bool wildcardMatch(QStringView pattern, QStringView name)
{
    if (pattern.isEmpty())
        return name.isEmpty();
    const QChar p = pattern.front();
    if (p == QLatin1Char('*') || p == QLatin1Char('%')) {
        for (qsizetype i = 0; i <= name.size(); ++i) {
            if (wildcardMatch(pattern.sliced(1), name.sliced(i)))
                return true;
            if (i < name.size() && p == QLatin1Char('%') && name[i] == QLatin1Char('/'))
                return false;
        }
        return false;
    }
    return !name.isEmpty() && name.front() == p && wildcardMatch(pattern.sliced(1), name.sliced(1));
}

QByteArray specialUse(const QString &name)
{
    static const QList<std::pair<QString, QByteArray>> uses = {
        {QStringLiteral("Sent"), "\\Sent"}, {QStringLiteral("Drafts"), "\\Drafts"},
        {QStringLiteral("Trash"), "\\Trash"}, {QStringLiteral("Junk"), "\\Junk"},
        {QStringLiteral("Archive"), "\\Archive"}};
    for (const auto &[n, flag] : uses) {
        if (name == n)
            return flag;
    }
    return {};
}

QByteArray wireName(const QString &name)
{
    return imap::astring(imap::encodeMailboxName(name));
}

} // namespace

bool ImapServerSession::mailboxArg(const ImapCommand &c, int index, QString &name)
{
    const std::optional<QString> decoded = imap::decodeMailboxName(c.args.value(index));
    if (!decoded || decoded->isEmpty()) {
        tagged(c.tag, "NO", "Invalid mailbox name");
        return false;
    }
    name = MailboxStore::normalizedName(*decoded);
    if (name.endsWith(QLatin1Char('/')) && c.name == "CREATE")
        name.chop(1); // §6.3.3: a trailing delimiter only says the name will have inferiors
    return true;
}

void ImapServerSession::cmdSelect(const ImapCommand &c, bool readOnly)
{
    // §6.3.1: selecting closes the current mailbox without expunging; a failed SELECT leaves none selected.
    m_state = State::Authenticated;
    m_mailbox.clear();
    m_uids.clear();
    m_flags.clear();
    m_recent.clear();
    m_parsedCache.clear();
    m_envelopes.clear();
    QString name;
    if (!mailboxArg(c, 0, name))
        return;
    const std::optional<MailboxInfo> info = m_store->mailboxWithoutCounts(m_account, name); // counted below
    if (!info)
        return tagged(c.tag, "NO", "[NONEXISTENT] Mailbox does not exist");
    m_mailbox = info->name;
    m_readOnly = readOnly;
    m_uidValidity = info->uidValidity;
    using F = MailboxStore::MessageField;
    const QList<StoredMessage> messages = m_store->messages(m_account, m_mailbox, F::Flags | F::Recent);
    QSet<QByteArray> keywords;
    int firstUnseen = 0;
    bool anyRecent = false;
    for (const StoredMessage &m : messages) {
        anyRecent = anyRecent || m.recent;
        m_uids.append(m.uid);
        m_flags.insert(m.uid, m.flags);
        for (const QByteArray &f : m.flags) {
            if (!f.startsWith('\\'))
                keywords.insert(f);
        }
        if (!firstUnseen && !m.flags.contains("\\Seen"))
            firstUnseen = int(m_uids.size());
        if (readOnly && m.recent)
            m_recent.insert(m.uid); // EXAMINE shows \Recent but must not claim it (§6.3.2)
    }
    if (!readOnly && anyRecent) { // claiming is a write: skip it when there is nothing to claim
        for (quint32 uid : m_store->claimRecent(m_account, m_mailbox))
            m_recent.insert(uid);
    }
    m_state = State::Selected;
    m_dirty = false;
    QByteArray flags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    QByteArrayList sortedKeywords(keywords.begin(), keywords.end());
    std::sort(sortedKeywords.begin(), sortedKeywords.end());
    for (const QByteArray &k : std::as_const(sortedKeywords))
        flags += ' ' + k;
    untagged("FLAGS (" + flags + ')');
    untagged("OK [PERMANENTFLAGS " + (readOnly ? QByteArray("()") : "(" + flags + " \\*)") + "] Flags permitted");
    untagged(QByteArray::number(m_uids.size()) + " EXISTS");
    untagged(QByteArray::number(m_recent.size()) + " RECENT");
    if (firstUnseen)
        untagged("OK [UNSEEN " + QByteArray::number(firstUnseen) + "] First unseen");
    untagged("OK [UIDVALIDITY " + QByteArray::number(info->uidValidity) + "] UIDs valid");
    untagged("OK [UIDNEXT " + QByteArray::number(info->uidNext) + "] Predicted next UID");
    tagged(c.tag, "OK", readOnly ? "[READ-ONLY] Examine completed" : "[READ-WRITE] Select completed");
}

void ImapServerSession::cmdCreate(const ImapCommand &c)
{
    QString name;
    if (!mailboxArg(c, 0, name))
        return;
    if (m_store->mailbox(m_account, name))
        return tagged(c.tag, "NO", "[ALREADYEXISTS] Mailbox already exists");
    // §6.3.3: create the superior hierarchy names as well.
    const QStringList parts = name.split(QLatin1Char('/'));
    QString path;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        path += (i ? QStringLiteral("/") : QString()) + parts[i];
        if (!path.isEmpty() && !m_store->mailbox(m_account, MailboxStore::normalizedName(path)))
            m_store->createMailbox(m_account, path);
    }
    if (!m_store->createMailbox(m_account, name))
        return tagged(c.tag, "NO", "Cannot create mailbox");
    tagged(c.tag, "OK", "Create completed");
}

void ImapServerSession::cmdDelete(const ImapCommand &c)
{
    QString name;
    if (!mailboxArg(c, 0, name))
        return;
    if (name == kInbox)
        return tagged(c.tag, "NO", "INBOX cannot be deleted"); // §6.3.4
    if (!m_store->mailbox(m_account, name))
        return tagged(c.tag, "NO", "[NONEXISTENT] Mailbox does not exist");
    if (m_state == State::Selected && name == m_mailbox)
        return tagged(c.tag, "NO", "Cannot delete the selected mailbox");
    if (!m_store->deleteMailbox(m_account, name))
        return tagged(c.tag, "NO", "Cannot delete mailbox");
    tagged(c.tag, "OK", "Delete completed");
}

void ImapServerSession::cmdRename(const ImapCommand &c)
{
    QString from, to;
    if (!mailboxArg(c, 0, from) || !mailboxArg(c, 1, to))
        return;
    if (!m_store->mailbox(m_account, from))
        return tagged(c.tag, "NO", "[NONEXISTENT] Mailbox does not exist");
    if (m_store->mailbox(m_account, to))
        return tagged(c.tag, "NO", "[ALREADYEXISTS] Target mailbox already exists");
    if (!m_store->renameMailbox(m_account, from, to))
        return tagged(c.tag, "NO", "Cannot rename mailbox");
    if (m_state == State::Selected && from == m_mailbox && from != kInbox)
        m_mailbox = to;
    tagged(c.tag, "OK", "Rename completed");
}

void ImapServerSession::cmdSubscribe(const ImapCommand &c, bool subscribe)
{
    QString name;
    if (!mailboxArg(c, 0, name))
        return;
    if (subscribe && !m_store->mailbox(m_account, name))
        return tagged(c.tag, "NO", "[NONEXISTENT] Mailbox does not exist");
    if (!m_store->setSubscribed(m_account, name, subscribe) && subscribe)
        return tagged(c.tag, "NO", "Cannot subscribe");
    tagged(c.tag, "OK", subscribe ? "Subscribe completed" : "Unsubscribe completed");
}

void ImapServerSession::cmdList(const ImapCommand &c, bool subscribedOnly)
{
    const QByteArray verb = subscribedOnly ? "LSUB" : "LIST";
    const std::optional<QString> reference = imap::decodeMailboxName(c.args[0]);
    const std::optional<QString> pattern = imap::decodeMailboxName(c.args[1]);
    if (!reference || !pattern)
        return tagged(c.tag, "NO", "Invalid mailbox name");
    if (pattern->isEmpty()) {
        // §6.3.8: an empty pattern asks for the hierarchy delimiter and root.
        if (!subscribedOnly)
            untagged("LIST (\\Noselect) \"/\" \"\"");
        return tagged(c.tag, "OK", verb + " completed");
    }
    const QString full = *reference + *pattern;
    const QList<MailboxInfo> boxes = m_store->mailboxes(m_account);
    bool onlySubscribed = subscribedOnly, onlySpecialUse = false;
    for (const QByteArray &option : c.flags) {
        onlySubscribed = onlySubscribed || option.compare("SUBSCRIBED", Qt::CaseInsensitive) == 0;
        onlySpecialUse = onlySpecialUse || option.compare("SPECIAL-USE", Qt::CaseInsensitive) == 0;
    }
    for (const MailboxInfo &box : boxes) {
        if ((onlySubscribed && !box.subscribed) || (onlySpecialUse && specialUse(box.name).isEmpty()))
            continue;
        // INBOX matches case-insensitively (§5.1).
        const bool matches = wildcardMatch(full, box.name)
            || (box.name == kInbox && wildcardMatch(full.toUpper(), box.name));
        if (!matches)
            continue;
        QByteArrayList attributes;
        if (!subscribedOnly) {
            bool children = false;
            for (const MailboxInfo &other : boxes)
                children = children || other.name.startsWith(box.name + QLatin1Char('/'));
            attributes.append(children ? "\\HasChildren" : "\\HasNoChildren");
            if (const QByteArray use = specialUse(box.name); !use.isEmpty())
                attributes.append(use);
        }
        untagged(verb + " (" + attributes.join(' ') + ") \"/\" " + wireName(box.name));
    }
    tagged(c.tag, "OK", verb + " completed");
}

void ImapServerSession::cmdStatus(const ImapCommand &c)
{
    QString name;
    if (!mailboxArg(c, 0, name))
        return;
    const std::optional<MailboxInfo> info = m_store->mailbox(m_account, name);
    if (!info)
        return tagged(c.tag, "NO", "[NONEXISTENT] Mailbox does not exist");
    QByteArrayList items;
    for (const QByteArray &item : c.statusItems) {
        qint64 value = 0;
        if (item == "MESSAGES") value = info->messages;
        else if (item == "RECENT") value = info->recent;
        else if (item == "UIDNEXT") value = info->uidNext;
        else if (item == "UIDVALIDITY") value = info->uidValidity;
        else if (item == "UNSEEN") value = info->unseen;
        items.append(item + ' ' + QByteArray::number(value));
    }
    untagged("STATUS " + wireName(info->name) + " (" + items.join(' ') + ')');
    tagged(c.tag, "OK", "Status completed");
}

void ImapServerSession::cmdAppend(const ImapCommand &c)
{
    QString name;
    if (!mailboxArg(c, 0, name))
        return;
    const std::optional<MailboxInfo> info = m_store->mailboxWithoutCounts(m_account, name);
    if (!info)
        return tagged(c.tag, "NO", "[TRYCREATE] Mailbox does not exist");
    if (c.message.isEmpty())
        return tagged(c.tag, "NO", "Empty message");
    const QDateTime date = c.internalDate ? *c.internalDate : m_config.clock();
    const std::optional<quint32> uid = m_store->append(m_account, info->name, c.message, date, c.flags);
    if (!uid)
        return tagged(c.tag, "NO", "Cannot store the message");
    if (m_state == State::Selected && info->name == m_mailbox) {
        m_dirty = true; // our own write: report EXISTS now, whatever the glue does with store signals
        synchronize(true);
    }
    // RFC 4315 §3: APPENDUID uidvalidity uid.
    tagged(c.tag, "OK", "[APPENDUID " + QByteArray::number(info->uidValidity) + ' ' + QByteArray::number(*uid)
                            + "] Append completed");
}

} // namespace mf
