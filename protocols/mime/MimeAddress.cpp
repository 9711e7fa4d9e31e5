#include "MimeAddress.h"

#include "ImapString.h"

namespace mf {

namespace {

// A small RFC 5322 §3.4 tokenizer: words (atoms with dots, quoted strings), specials, comments skipped.
class AddressTokens
{
public:
    enum class Type { Word, Quoted, Special, End };
    struct Token {
        Type type = Type::End;
        QByteArray text;
        char special = 0;
    };

    explicit AddressTokens(QByteArrayView raw) : m_raw(raw) {}

    // Skips white space and comments before the next token and forgets the comments read so far: an
    // address's own comments are the ones from here on.
    void startAddress()
    {
        skipCfws();
        m_lastComment = QByteArray();
    }
    // The text of the last comment skipped since startAddress(), without its parentheses and quoting;
    // null when there was none.
    QByteArray lastComment() const { return m_lastComment; }

    Token peek()
    {
        const qsizetype save = m_pos;
        Token t = next();
        m_pos = save;
        return t;
    }

    Token next()
    {
        skipCfws();
        if (m_pos >= m_raw.size())
            return {};
        const char c = m_raw[m_pos];
        if (c == '"') {
            QByteArray text;
            ++m_pos;
            while (m_pos < m_raw.size() && m_raw[m_pos] != '"') {
                char ch = m_raw[m_pos++];
                if (ch == '\\' && m_pos < m_raw.size())
                    ch = m_raw[m_pos++];
                if (ch == '\r' || ch == '\n')
                    continue;
                text.append(ch);
            }
            ++m_pos;
            return {Type::Quoted, text, 0};
        }
        if (isSpecial(c)) {
            ++m_pos;
            return {Type::Special, QByteArray(1, c), c};
        }
        const qsizetype start = m_pos;
        while (m_pos < m_raw.size() && !isSpecial(m_raw[m_pos]) && !isSpace(m_raw[m_pos])
               && m_raw[m_pos] != '"' && m_raw[m_pos] != '(')
            ++m_pos;
        return {Type::Word, m_raw.sliced(start, m_pos - start).toByteArray(), 0};
    }

private:
    static bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
    static bool isSpecial(char c)
    {
        switch (c) {
        case '<': case '>': case '@': case ',': case ';': case ':': case '[': case ']': case '(': case ')':
            return true;
        default:
            return false;
        }
    }
    void skipCfws()
    {
        while (m_pos < m_raw.size()) {
            const char c = m_raw[m_pos];
            if (isSpace(c)) {
                ++m_pos;
            } else if (c == '(') {
                // ccontent may nest (RFC 5322 §3.2.2); the text keeps inner comments with their parentheses.
                int depth = 0;
                QByteArray text = "";
                while (m_pos < m_raw.size()) {
                    char d = m_raw[m_pos++];
                    if (d == '\\') {
                        if (m_pos >= m_raw.size())
                            break;
                        d = m_raw[m_pos++];
                    } else if (d == '(') {
                        if (++depth == 1)
                            continue;
                    } else if (d == ')' && --depth == 0) {
                        break;
                    }
                    if (d != '\r' && d != '\n')
                        text.append(d);
                }
                m_lastComment = text.trimmed();
            } else {
                break;
            }
        }
    }

    QByteArrayView m_raw;
    qsizetype m_pos = 0;
    QByteArray m_lastComment;
};

using Type = AddressTokens::Type;

bool isWord(const AddressTokens::Token &t)
{
    return t.type == Type::Word || t.type == Type::Quoted;
}

// addr-spec after an optional display name has been consumed: local-part ["@" domain].
void readAddrSpec(AddressTokens &tokens, MimeAddress &address, char stop)
{
    QByteArray local;
    QByteArray domain;
    bool inDomain = false;
    for (;;) {
        const AddressTokens::Token t = tokens.peek();
        if (t.type == Type::End || (t.type == Type::Special && (t.special == stop || t.special == ',' ||
                                                                  t.special == ';' || t.special == '>')))
            break;
        tokens.next();
        if (t.type == Type::Special && t.special == '@' && !inDomain) {
            inDomain = true;
            continue;
        }
        QByteArray &target = inDomain ? domain : local;
        target.append(t.type == Type::Quoted ? t.text : t.text);
    }
    address.mailbox = local;
    address.host = inDomain ? domain : QByteArray(""); // never NIL: that would read as a group (§7.4.2)
}

// One mailbox (name-addr or addr-spec); words already read as a possible display name are passed in.
MimeAddress readMailbox(AddressTokens &tokens, const QList<AddressTokens::Token> &words)
{
    MimeAddress address;
    const AddressTokens::Token t = tokens.peek();
    if (t.type == Type::Special && t.special == '<') {
        tokens.next();
        QByteArray name;
        for (const auto &w : words) {
            if (!name.isEmpty())
                name.append(' ');
            name.append(w.text);
        }
        if (!words.isEmpty())
            address.name = name;
        // Obsolete source route: "@a,@b:" before the addr-spec.
        if (tokens.peek().type == Type::Special && tokens.peek().special == '@') {
            QByteArray route;
            while (tokens.peek().type != Type::End) {
                const AddressTokens::Token r = tokens.next();
                if (r.type == Type::Special && r.special == ':')
                    break;
                route.append(r.text);
            }
            address.route = route;
        }
        readAddrSpec(tokens, address, '>');
        if (tokens.peek().type == Type::Special && tokens.peek().special == '>')
            tokens.next();
        return address;
    }
    // addr-spec: the words read so far are the local part ("a.b" tokenizes as one word).
    QByteArray local;
    for (const auto &w : words)
        local.append(w.text);
    address.mailbox = local;
    // RFC 3501 §7.4.2 gives NIL hosts to group syntax only, so an address without a domain ("From:
    // root") gets an empty host, as Dovecot gives it.
    address.host = "";
    if (t.type == Type::Special && t.special == '@') {
        tokens.next();
        QByteArray domain;
        while (tokens.peek().type != Type::End) {
            const AddressTokens::Token d = tokens.peek();
            if (d.type == Type::Special && (d.special == ',' || d.special == ';'))
                break;
            tokens.next();
            domain.append(d.text);
        }
        address.host = domain;
    }
    // "user@domain (Real Name)": the old way to give a display name, which RFC 5322 §3.4 keeps readable
    // as a comment. Dovecot's ENVELOPE (imaptest fetch-envelope) shows the addr-spec's last comment as
    // the name, and so does MailFlow; a name-addr's own display name is never replaced.
    if (const QByteArray comment = tokens.lastComment(); !comment.isEmpty())
        address.name = comment;
    return address;
}

} // namespace

QList<MimeAddress> parseAddressList(QByteArrayView raw)
{
    QList<MimeAddress> out;
    AddressTokens tokens(raw);
    bool inGroup = false;
    for (;;) {
        tokens.startAddress();
        QList<AddressTokens::Token> words;
        while (isWord(tokens.peek()))
            words.append(tokens.next());
        const AddressTokens::Token t = tokens.peek();
        if (t.type == Type::End) {
            if (!words.isEmpty())
                out.append(readMailbox(tokens, words));
            break;
        }
        if (t.type == Type::Special && t.special == ':' && !inGroup) {
            tokens.next();
            QByteArray group;
            for (const auto &w : words) {
                if (!group.isEmpty())
                    group.append(' ');
                group.append(w.text);
            }
            out.append(MimeAddress{{}, {}, group, {}});
            inGroup = true;
            continue;
        }
        if (t.type == Type::Special && (t.special == ',' || t.special == ';')) {
            if (!words.isEmpty())
                out.append(readMailbox(tokens, words));
            tokens.next();
            if (t.special == ';' && inGroup) {
                out.append(MimeAddress{});
                inGroup = false;
            }
            continue;
        }
        if (t.type == Type::Special && (t.special == '<' || t.special == '@')) {
            out.append(readMailbox(tokens, words));
            continue;
        }
        tokens.next(); // stray special: skip it
    }
    if (inGroup)
        out.append(MimeAddress{});
    return out;
}

QByteArray addressSearchText(QByteArrayView raw)
{
    QByteArray out;
    bool groupStarted = false; // right after "group:", where no ", " goes
    for (const MimeAddress &a : parseAddressList(raw)) {
        const bool groupStart = a.host.isNull() && !a.mailbox.isNull();
        const bool groupEnd = a.host.isNull() && a.mailbox.isNull();
        if (groupEnd) {
            out.append(';');
            groupStarted = false;
            continue;
        }
        if (!out.isEmpty() && !groupStarted)
            out.append(out.endsWith(';') ? " " : ", ");
        groupStarted = groupStart;
        if (groupStart) {
            out.append(a.mailbox).append(": ");
            continue;
        }
        if (!a.name.isEmpty())
            out.append(a.name).append(" <");
        if (!a.route.isEmpty())
            out.append(a.route).append(':');
        out.append(a.mailbox);
        if (!a.host.isEmpty())
            out.append('@').append(a.host);
        if (!a.name.isEmpty())
            out.append('>');
    }
    return out;
}

QByteArray imapAddressList(const QList<MimeAddress> &addresses)
{
    if (addresses.isEmpty())
        return "NIL";
    QByteArray out = "(";
    for (const MimeAddress &a : addresses) {
        out += '(' + imap::nstring(a.name) + ' ' + imap::nstring(a.route) + ' ' + imap::nstring(a.mailbox)
            + ' ' + imap::nstring(a.host) + ')';
    }
    out += ')';
    return out;
}

} // namespace mf
