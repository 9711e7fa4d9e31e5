// ImapServerSession: mailbox commands of the authenticated state (RFC 3501 §6.3).
#include "ImapServerSession.h"

#include "ModifiedUtf7.h"
#include "mime/ImapString.h"

#include <QSet>

#include <algorithm>
#include <vector>

namespace mf {

namespace {

const QString kInbox = QStringLiteral("INBOX");

bool isWildcard(QChar c)
{
    return c == QLatin1Char('*') || c == QLatin1Char('%');
}

// LIST wildcards (§6.3.8): "*" matches anything, "%" anything but the hierarchy delimiter.
// Backtracking is exponential in the number of wildcards ("*" x 120 + "Z"), and recursion overflows the
// stack on long patterns, so the pattern runs as an automaton over the name instead: the set of pattern
// positions reachable after each name character, one pass, no recursion. A run of wildcards is first
// folded into one ("*" when it holds a "*"), and a pattern with more plain characters than the name has
// cannot match; so the time is at most about 2 x name² per name, whatever the pattern.
bool wildcardMatch(QStringView pattern, QStringView name)
{
    QString p;
    p.reserve(pattern.size());
    qsizetype plain = 0;
    for (qsizetype i = 0; i < pattern.size();) {
        if (!isWildcard(pattern[i])) {
            p.append(pattern[i++]);
            ++plain;
            continue;
        }
        bool star = false;
        for (; i < pattern.size() && isWildcard(pattern[i]); ++i)
            star = star || pattern[i] == QLatin1Char('*');
        p.append(star ? QLatin1Char('*') : QLatin1Char('%'));
    }
    if (plain > name.size())
        return false;
    // reached[i]: the first i pattern characters match the name read so far. A wildcard may match nothing,
    // so reaching it also reaches the position after it (wildcards never follow each other in `p`).
    const qsizetype n = p.size();
    std::vector<char> reached(size_t(n + 1), 0), next(size_t(n + 1), 0);
    auto closeOverEmpty = [&](std::vector<char> &set) {
        for (qsizetype i = 0; i < n; ++i) {
            if (set[size_t(i)] && isWildcard(p[i]))
                set[size_t(i + 1)] = 1;
        }
    };
    reached[0] = 1;
    closeOverEmpty(reached);
    for (const QChar c : name) {
        std::fill(next.begin(), next.end(), 0);
        bool any = false;
        for (qsizetype i = 0; i < n; ++i) {
            if (!reached[size_t(i)])
                continue;
            if (p[i] == QLatin1Char('*') || (p[i] == QLatin1Char('%') && c != QLatin1Char('/')))
                next[size_t(i)] = any = true; // the wildcard takes this character too
            else if (!isWildcard(p[i]) && p[i] == c)
                next[size_t(i + 1)] = any = true;
        }
        if (!any)
            return false;
        closeOverEmpty(next);
        reached.swap(next);
    }
    return reached[size_t(n)] != 0;
}

// §6.3.9: "if foo/bar is subscribed but foo is not, a % wildcard to LSUB must return foo, not foo/bar,
// and it MUST be flagged with the \Noselect attribute." These are those parents: an unsubscribed superior
// of a subscribed mailbox the pattern does not match, where the pattern matches the superior and ends in
// "%" (so "%" stopped at the delimiter; "*" would have matched the child itself). Each subscribed name
// walks its own superiors once (at most the depth limit): linear in the number of mailboxes.
template <typename Matches>
QSet<QString> lsubParents(const QString &pattern, const QList<MailboxInfo> &boxes, const Matches &matches)
{
    QSet<QString> parents;
    if (!pattern.endsWith(QLatin1Char('%')))
        return parents;
    QSet<QString> subscribed;
    for (const MailboxInfo &box : boxes) {
        if (box.subscribed)
            subscribed.insert(box.name);
    }
    for (const QString &name : std::as_const(subscribed)) {
        if (matches(name))
            continue;
        for (qsizetype slash = name.lastIndexOf(QLatin1Char('/')); slash > 0;
             slash = name.lastIndexOf(QLatin1Char('/'), slash - 1)) {
            const QString parent = name.left(slash);
            if (subscribed.contains(parent) || parents.contains(parent))
                break; // listed as itself, or already found through a sibling
            if (matches(parent)) {
                parents.insert(parent);
                break;
            }
        }
    }
    return parents;
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

bool ImapServerSession::mailboxNameWithinLimits(const QByteArray &tag, const QString &name)
{
    // RFC 5530 §3: LIMIT, "the operation ran up against an implementation limit of some kind".
    if (name.toUtf8().size() > m_config.maxMailboxNameLength) {
        tagged(tag, "NO", "[LIMIT] Mailbox name too long (limit " + QByteArray::number(m_config.maxMailboxNameLength)
                              + " octets)");
        return false;
    }
    if (name.count(QLatin1Char('/')) + 1 > m_config.maxMailboxDepth) {
        tagged(tag, "NO", "[LIMIT] Mailbox hierarchy too deep (limit " + QByteArray::number(m_config.maxMailboxDepth)
                              + " levels)");
        return false;
    }
    return true;
}

void ImapServerSession::cmdSelect(const ImapCommand &c, bool readOnly)
{
    // §6.3.1: selecting closes the current mailbox without expunging; a failed SELECT leaves none selected.
    m_state = State::Authenticated;
    m_mailbox.clear();
    m_uids.clear();
    m_flags.clear();
    m_keywords.clear();
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
    int firstUnseen = 0;
    bool anyRecent = false;
    for (const StoredMessage &m : messages) {
        anyRecent = anyRecent || m.recent;
        m_uids.append(m.uid);
        m_flags.insert(m.uid, m.flags);
        for (const QByteArray &f : m.flags) {
            if (!f.startsWith('\\'))
                m_keywords.insert(f);
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
    announceFlags();
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
    if (!mailboxArg(c, 0, name) || !mailboxNameWithinLimits(c.tag, name))
        return;
    if (m_store->mailbox(m_account, name))
        return tagged(c.tag, "NO", "[ALREADYEXISTS] Mailbox already exists");
    // §6.3.3: create the superior hierarchy names as well. Every limit is checked before the first one is
    // created, so a refused CREATE leaves nothing behind.
    QSet<QString> existing;
    for (const MailboxInfo &box : m_store->mailboxes(m_account))
        existing.insert(box.name);
    const QStringList parts = name.split(QLatin1Char('/'));
    QStringList missingParents;
    QString path;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        path += (i ? QStringLiteral("/") : QString()) + parts[i];
        if (!path.isEmpty() && !existing.contains(MailboxStore::normalizedName(path)))
            missingParents.append(path);
    }
    if (existing.size() + missingParents.size() + 1 > m_config.maxMailboxes)
        return tagged(c.tag, "NO", "[LIMIT] Too many mailboxes (limit " + QByteArray::number(m_config.maxMailboxes) + ")");
    for (const QString &parent : std::as_const(missingParents))
        m_store->createMailbox(m_account, parent);
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
    if (!mailboxArg(c, 0, from) || !mailboxArg(c, 1, to) || !mailboxNameWithinLimits(c.tag, to))
        return;
    if (!m_store->mailbox(m_account, from))
        return tagged(c.tag, "NO", "[NONEXISTENT] Mailbox does not exist");
    if (m_store->mailbox(m_account, to))
        return tagged(c.tag, "NO", "[ALREADYEXISTS] Target mailbox already exists");
    // The inferiors move with it (§6.3.5): their new names must be within the limits too. Renaming INBOX
    // leaves an empty INBOX behind, one mailbox more.
    const QList<MailboxInfo> boxes = m_store->mailboxes(m_account);
    for (const MailboxInfo &box : boxes) {
        if (box.name.startsWith(from + QLatin1Char('/')) && !mailboxNameWithinLimits(c.tag, to + box.name.mid(from.size())))
            return;
    }
    if (from == kInbox && boxes.size() + 1 > m_config.maxMailboxes)
        return tagged(c.tag, "NO", "[LIMIT] Too many mailboxes (limit " + QByteArray::number(m_config.maxMailboxes) + ")");
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
    // §9: list-mailbox = 1*list-char / string, and a list-char is any ATOM-CHAR, a wildcard or a
    // resp-special; a quoted pattern may hold atom-specials too. A pattern is no mailbox name and is never
    // refused: modified UTF-7 that does not decode (a lone "&", 8-bit octets) stands for itself, and so
    // simply matches no name that has it encoded.
    auto decodedPattern = [](const QByteArray &wire) {
        const std::optional<QString> decoded = imap::decodeMailboxName(wire);
        return decoded ? *decoded : QString::fromUtf8(wire);
    };
    const QString reference = decodedPattern(c.args[0]);
    const QString pattern = decodedPattern(c.args[1]);
    if (pattern.isEmpty()) {
        // §6.3.8: an empty pattern asks for the hierarchy delimiter and root.
        if (!subscribedOnly)
            untagged("LIST (\\Noselect) \"/\" \"\"");
        return tagged(c.tag, "OK", verb + " completed");
    }
    const QString full = reference + pattern;
    const QList<MailboxInfo> boxes = m_store->mailboxes(m_account);
    bool onlySubscribed = subscribedOnly, onlySpecialUse = false;
    for (const QByteArray &option : c.flags) {
        onlySubscribed = onlySubscribed || option.compare("SUBSCRIBED", Qt::CaseInsensitive) == 0;
        onlySpecialUse = onlySpecialUse || option.compare("SPECIAL-USE", Qt::CaseInsensitive) == 0;
    }
    // INBOX matches case-insensitively (§5.1).
    auto matches = [&](const QString &name) {
        return wildcardMatch(full, name) || (name == kInbox && wildcardMatch(full.toUpper(), name));
    };
    const QSet<QString> noselectParents = subscribedOnly ? lsubParents(full, boxes, matches) : QSet<QString>();
    for (const MailboxInfo &box : boxes) {
        if (noselectParents.contains(box.name)) {
            untagged(verb + " (\\Noselect) \"/\" " + wireName(box.name));
            continue;
        }
        if ((onlySubscribed && !box.subscribed) || (onlySpecialUse && specialUse(box.name).isEmpty()))
            continue;
        if (!matches(box.name))
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
    // Parents that are no mailbox any more (deleted under their children) come after the mailboxes.
    QStringList vanished;
    for (const QString &parent : noselectParents) {
        if (std::none_of(boxes.begin(), boxes.end(), [&](const MailboxInfo &b) { return b.name == parent; }))
            vanished.append(parent);
    }
    vanished.sort();
    for (const QString &parent : std::as_const(vanished))
        untagged(verb + " (\\Noselect) \"/\" " + wireName(parent));
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
