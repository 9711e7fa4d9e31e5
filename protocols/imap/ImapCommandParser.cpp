#include "ImapCommandParser.h"

#include "ImapLimits.h"

#include <QTimeZone>

#include <algorithm>

namespace mf {

namespace {

const char *const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct SyntaxError {
    QByteArray text;
};

// A cursor over one command's bytes with the RFC 3501 §9 building blocks. Every reader throws SyntaxError
// with a short explanation; parse() turns it into a BAD reply.
class Reader
{
public:
    explicit Reader(QByteArrayView bytes) : m_b(bytes) {}

    bool atEnd() const { return m_pos >= m_b.size(); }
    char peek() const { return atEnd() ? '\0' : m_b[m_pos]; }
    qsizetype pos() const { return m_pos; }
    void setPos(qsizetype p) { m_pos = p; }

    void expect(char c, const char *what)
    {
        if (peek() != c)
            fail(what);
        ++m_pos;
    }
    bool accept(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    void space() { expect(' ', "Missing space between arguments"); }
    void end()
    {
        if (!atEnd())
            fail("Unexpected extra arguments");
    }
    [[noreturn]] void fail(const char *what) const { throw SyntaxError{QByteArray(what)}; }

    static bool isAtomChar(char c)
    {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return false;
        switch (c) {
        case '(': case ')': case '{': case '%': case '*': case '"': case '\\': case ']':
            return false;
        default:
            return true;
        }
    }

    // atom, optionally also allowing ']' (ASTRING-CHAR) or list wildcards.
    QByteArray atom(bool allowBracket = false, bool allowWildcards = false)
    {
        const qsizetype start = m_pos;
        while (!atEnd()) {
            const char c = m_b[m_pos];
            if (isAtomChar(c) || (allowBracket && c == ']') || (allowWildcards && (c == '%' || c == '*')))
                ++m_pos;
            else
                break;
        }
        if (m_pos == start)
            fail("Expected an atom");
        return m_b.sliced(start, m_pos - start).toByteArray();
    }

    QByteArray quoted()
    {
        expect('"', "Expected a quoted string");
        QByteArray out;
        for (;;) {
            if (atEnd())
                fail("Unterminated quoted string");
            const char c = m_b[m_pos++];
            if (c == '"')
                return out;
            if (c == '\r' || c == '\n' || c == '\0')
                fail("Line break inside a quoted string");
            if (c == '\\') {
                // §9: only \" and \\ are quoted-specials.
                if (atEnd() || (m_b[m_pos] != '"' && m_b[m_pos] != '\\'))
                    fail("Invalid escape in quoted string");
                out.append(m_b[m_pos++]);
                continue;
            }
            out.append(c);
        }
    }

    QByteArray literal()
    {
        expect('{', "Expected a literal");
        const qsizetype start = m_pos;
        while (peek() >= '0' && peek() <= '9')
            ++m_pos;
        if (m_pos == start)
            fail("Invalid literal size");
        const qint64 n = m_b.sliced(start, m_pos - start).toLongLong();
        accept('+');
        expect('}', "Invalid literal");
        expect('\r', "Literal must end its line");
        expect('\n', "Literal must end its line");
        if (m_b.size() - m_pos < n)
            fail("Literal shorter than announced");
        const QByteArray out = m_b.sliced(m_pos, n).toByteArray();
        m_pos += n;
        return out;
    }

    QByteArray string()
    {
        if (peek() == '"')
            return quoted();
        if (peek() == '{')
            return literal();
        fail("Expected a string");
    }

    QByteArray astring()
    {
        if (peek() == '"' || peek() == '{')
            return string();
        return atom(true);
    }

    // nstring: NIL is returned as a null QByteArray.
    QByteArray nstring()
    {
        if (peek() == '"' || peek() == '{')
            return string();
        const QByteArray a = atom();
        if (a.compare("NIL", Qt::CaseInsensitive) != 0)
            fail("Expected a string or NIL");
        return {};
    }

    QByteArray listMailbox()
    {
        if (peek() == '"' || peek() == '{')
            return string();
        return atom(true, true);
    }

    quint32 number(bool nonZero)
    {
        const qsizetype start = m_pos;
        while (peek() >= '0' && peek() <= '9')
            ++m_pos;
        if (m_pos == start || m_pos - start > 10)
            fail("Expected a number");
        const qint64 n = m_b.sliced(start, m_pos - start).toLongLong();
        if (n > 0xffffffffLL || (nonZero && n == 0))
            fail("Invalid number");
        return quint32(n);
    }

    quint32 seqNumber()
    {
        if (accept('*'))
            return ImapSequenceSet::star;
        if (peek() < '0' || peek() > '9')
            fail("Invalid sequence set");
        return number(true);
    }

    ImapSequenceSet sequenceSet()
    {
        ImapSequenceSet set;
        do {
            ImapSequenceSet::Range r;
            r.first = seqNumber();
            r.last = accept(':') ? seqNumber() : r.first;
            set.ranges.append(r);
        } while (accept(','));
        if (!atEnd() && peek() != ' ' && peek() != ')')
            fail("Invalid sequence set");
        return set;
    }

    QByteArray flag()
    {
        if (accept('\\')) {
            if (accept('*'))
                return "\\*";
            return '\\' + atom();
        }
        return atom();
    }

    QByteArrayList flagList()
    {
        expect('(', "Expected a flag list");
        QByteArrayList flags;
        if (accept(')'))
            return flags;
        do {
            flags.append(flag());
        } while (accept(' '));
        expect(')', "Missing ) after flag list");
        return flags;
    }

    QDate searchDate()
    {
        const bool q = accept('"');
        const qsizetype start = m_pos;
        while (!atEnd() && peek() != ' ' && peek() != ')' && peek() != '"')
            ++m_pos;
        const QByteArray text = m_b.sliced(start, m_pos - start).toByteArray();
        if (q)
            expect('"', "Unterminated date");
        const QList<QByteArray> parts = text.split('-');
        if (parts.size() != 3)
            fail("Invalid date");
        int month = 0;
        for (int i = 0; i < 12; ++i) {
            if (parts[1].compare(kMonths[i], Qt::CaseInsensitive) == 0)
                month = i + 1;
        }
        bool okDay = false, okYear = false;
        const QDate date(parts[2].toInt(&okYear), month, parts[0].toInt(&okDay));
        if (!okDay || !okYear || parts[2].size() != 4 || !date.isValid())
            fail("Invalid date");
        return date;
    }

    QByteArray rest() const { return m_b.sliced(m_pos).toByteArray(); }

private:
    QByteArrayView m_b;
    qsizetype m_pos = 0;
};

MimeSection readSection(Reader &r)
{
    MimeSection s;
    r.expect('[', "Expected [");
    while (r.peek() >= '0' && r.peek() <= '9') {
        s.part.append(r.number(true));
        if (!r.accept('.'))
            break;
    }
    if (r.peek() != ']') {
        const QByteArray word = r.atom().toUpper();
        if (word == "HEADER") {
            s.kind = MimeSection::Kind::Header;
        } else if (word == "TEXT") {
            s.kind = MimeSection::Kind::Text;
        } else if (word == "MIME" && !s.part.isEmpty()) {
            s.kind = MimeSection::Kind::Mime;
        } else if (word == "HEADER.FIELDS" || word == "HEADER.FIELDS.NOT") {
            s.kind = word == "HEADER.FIELDS" ? MimeSection::Kind::HeaderFields : MimeSection::Kind::HeaderFieldsNot;
            r.space();
            r.expect('(', "Expected ( before header field names");
            do {
                s.fields.append(r.astring());
            } while (r.accept(' '));
            r.expect(')', "Missing ) after header field names");
        } else {
            r.fail("Invalid section specifier");
        }
    }
    r.expect(']', "Missing ] after section");
    return s;
}

ImapFetchItem readFetchAtt(Reader &r)
{
    using K = ImapFetchItem::Kind;
    ImapFetchItem item;
    const qsizetype start = r.pos();
    QByteArray name;
    while (!r.atEnd() && r.peek() != ' ' && r.peek() != ')' && r.peek() != '[')
        name.append(r.peek()), r.setPos(r.pos() + 1);
    name = name.toUpper();
    if (name == "FLAGS") item.kind = K::Flags;
    else if (name == "UID") item.kind = K::Uid;
    else if (name == "INTERNALDATE") item.kind = K::InternalDate;
    else if (name == "RFC822.SIZE") item.kind = K::Rfc822Size;
    else if (name == "ENVELOPE") item.kind = K::Envelope;
    else if (name == "BODYSTRUCTURE") item.kind = K::BodyStructure;
    else if (name == "RFC822") item.kind = K::Rfc822;
    else if (name == "RFC822.HEADER") item.kind = K::Rfc822Header;
    else if (name == "RFC822.TEXT") item.kind = K::Rfc822Text;
    else if (name == "BODY" || name == "BODY.PEEK") {
        if (r.peek() != '[') {
            if (name == "BODY.PEEK")
                r.fail("BODY.PEEK needs a section");
            item.kind = K::Body;
            return item;
        }
        item.kind = K::BodySection;
        item.peek = name == "BODY.PEEK";
        item.section = readSection(r);
        if (r.accept('<')) {
            item.partialOffset = r.number(false);
            r.expect('.', "Expected . in partial range");
            item.partialLength = r.number(true);
            r.expect('>', "Missing > after partial range");
        }
    } else {
        r.setPos(start);
        r.fail("Unknown FETCH data item");
    }
    return item;
}

QList<ImapFetchItem> readFetchItems(Reader &r)
{
    using K = ImapFetchItem::Kind;
    auto make = [](K k) { ImapFetchItem i; i.kind = k; return i; };
    QList<ImapFetchItem> items;
    if (r.accept('(')) {
        do {
            items.append(readFetchAtt(r));
        } while (r.accept(' '));
        r.expect(')', "Missing ) after FETCH items");
        return items;
    }
    const qsizetype start = r.pos();
    QByteArray word;
    while (!r.atEnd() && r.peek() != ' ')
        word.append(r.peek()), r.setPos(r.pos() + 1);
    const QByteArray macro = word.toUpper();
    // §6.4.5 macros.
    if (macro == "ALL")
        return {make(K::Flags), make(K::InternalDate), make(K::Rfc822Size), make(K::Envelope)};
    if (macro == "FAST")
        return {make(K::Flags), make(K::InternalDate), make(K::Rfc822Size)};
    if (macro == "FULL")
        return {make(K::Flags), make(K::InternalDate), make(K::Rfc822Size), make(K::Envelope), make(K::Body)};
    r.setPos(start);
    items.append(readFetchAtt(r));
    return items;
}

// The flags STORE and APPEND may set (§9 flag): the five system flags (and \Recent, which the session
// ignores, §2.3.2) and keywords. Answered BAD as Dovecot does:
// - "\" atom other than those: a flag-extension no server defines, which could never be stored.
// - NIL: flag-keyword = atom and NIL is an atom, so the grammar allows it; but in a response NIL is the
//   nil token wherever an nstring may stand, and generic response parsers (Dovecot's imap-parser,
//   imaptest, several client libraries) read `FLAGS (NIL)` as an empty value, not as a keyword, so a
//   stored NIL would reach other clients garbled. Dovecot refuses it ("Flags list contains non-atoms").
void checkStorableFlags(Reader &r, const QByteArrayList &flags)
{
    static const char *const systemFlags[] = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "\\Recent"};
    for (const QByteArray &flag : flags) {
        if (flag.startsWith('\\')) {
            const bool known = std::any_of(std::begin(systemFlags), std::end(systemFlags),
                                           [&](const char *f) { return flag.compare(f, Qt::CaseInsensitive) == 0; });
            if (!known)
                throw SyntaxError{"Invalid system flag " + flag};
        } else if (flag.compare("NIL", Qt::CaseInsensitive) == 0) {
            r.fail("NIL is not a valid keyword");
        }
    }
}

ImapSearchKey readSearchKey(Reader &r, int depth);

// A key that opens a nesting level ("(", NOT, OR) reads its children one level deeper. The limit is checked
// before going down, so the parser's own recursion never exceeds it either.
ImapSearchKey readNestedKey(Reader &r, int depth)
{
    if (depth >= imap::kMaxSearchNesting)
        throw SyntaxError{"Search keys nested too deeply (limit " + QByteArray::number(imap::kMaxSearchNesting) + ")"};
    return readSearchKey(r, depth + 1);
}

ImapSearchKey flagKey(ImapSearchKey::Kind kind, const char *flag)
{
    ImapSearchKey k;
    k.kind = kind;
    k.field = flag;
    return k;
}

// `depth` is the number of levels opened above this key (0 for a key of SEARCH itself).
ImapSearchKey readSearchKey(Reader &r, int depth)
{
    using K = ImapSearchKey::Kind;
    ImapSearchKey key;
    if (r.accept('(')) {
        key.kind = K::And;
        do {
            key.children.append(readNestedKey(r, depth));
        } while (r.accept(' '));
        r.expect(')', "Missing ) in search keys");
        return key;
    }
    if ((r.peek() >= '0' && r.peek() <= '9') || r.peek() == '*') {
        key.kind = K::SequenceSet;
        key.set = r.sequenceSet();
        return key;
    }
    const QByteArray word = r.atom().toUpper();
    auto header = [&](const char *field, K kind = K::Header) {
        key.kind = kind;
        key.field = field;
        r.space();
        key.value = r.astring();
    };
    auto dateKey = [&](K kind) {
        key.kind = kind;
        r.space();
        key.date = r.searchDate();
    };
    if (word == "ALL") key.kind = K::All;
    else if (word == "ANSWERED") key = flagKey(K::Flag, "\\Answered");
    else if (word == "DELETED") key = flagKey(K::Flag, "\\Deleted");
    else if (word == "DRAFT") key = flagKey(K::Flag, "\\Draft");
    else if (word == "FLAGGED") key = flagKey(K::Flag, "\\Flagged");
    else if (word == "SEEN") key = flagKey(K::Flag, "\\Seen");
    else if (word == "UNANSWERED") key = flagKey(K::NoFlag, "\\Answered");
    else if (word == "UNDELETED") key = flagKey(K::NoFlag, "\\Deleted");
    else if (word == "UNDRAFT") key = flagKey(K::NoFlag, "\\Draft");
    else if (word == "UNFLAGGED") key = flagKey(K::NoFlag, "\\Flagged");
    else if (word == "UNSEEN") key = flagKey(K::NoFlag, "\\Seen");
    else if (word == "RECENT") key.kind = K::Recent;
    else if (word == "NEW") {
        key.kind = K::And;
        ImapSearchKey recent;
        recent.kind = K::Recent;
        key.children = {recent, flagKey(K::NoFlag, "\\Seen")};
    } else if (word == "OLD") {
        key.kind = K::Not;
        ImapSearchKey recent;
        recent.kind = K::Recent;
        key.children = {recent};
    } else if (word == "KEYWORD" || word == "UNKEYWORD") {
        key.kind = word == "KEYWORD" ? K::Flag : K::NoFlag;
        r.space();
        key.field = r.atom();
    } else if (word == "FROM") header("From", K::Address);
    else if (word == "TO") header("To", K::Address);
    else if (word == "CC") header("Cc", K::Address);
    else if (word == "BCC") header("Bcc", K::Address);
    else if (word == "SUBJECT") header("Subject");
    else if (word == "HEADER") {
        key.kind = K::Header;
        r.space();
        key.field = r.astring();
        r.space();
        key.value = r.astring();
    } else if (word == "BODY" || word == "TEXT") {
        key.kind = word == "BODY" ? K::Body : K::Text;
        r.space();
        key.value = r.astring();
    } else if (word == "LARGER" || word == "SMALLER") {
        key.kind = word == "LARGER" ? K::Larger : K::Smaller;
        r.space();
        key.number = r.number(false);
    } else if (word == "BEFORE") dateKey(K::Before);
    else if (word == "ON") dateKey(K::On);
    else if (word == "SINCE") dateKey(K::Since);
    else if (word == "SENTBEFORE") dateKey(K::SentBefore);
    else if (word == "SENTON") dateKey(K::SentOn);
    else if (word == "SENTSINCE") dateKey(K::SentSince);
    else if (word == "UID") {
        key.kind = K::UidSet;
        r.space();
        key.set = r.sequenceSet();
    } else if (word == "NOT") {
        key.kind = K::Not;
        r.space();
        key.children.append(readNestedKey(r, depth));
    } else if (word == "OR") {
        key.kind = K::Or;
        r.space();
        key.children.append(readNestedKey(r, depth));
        r.space();
        key.children.append(readNestedKey(r, depth));
    } else {
        r.fail("Unknown search key");
    }
    return key;
}

void parseArguments(Reader &r, ImapCommand &c)
{
    const QByteArray &n = c.name;
    auto noArgs = [&] { r.end(); };
    if (n == "CAPABILITY" || n == "NOOP" || n == "LOGOUT" || n == "STARTTLS" || n == "CHECK" || n == "CLOSE"
        || n == "UNSELECT" || n == "IDLE" || n == "NAMESPACE" || (n == "EXPUNGE" && !c.uid)) {
        noArgs();
    } else if (n == "LOGIN") {
        r.space();
        c.args.append(r.astring());
        r.space();
        c.args.append(r.astring());
        r.end();
    } else if (n == "AUTHENTICATE") {
        r.space();
        c.args.append(r.atom().toUpper());
        if (r.accept(' ')) {
            // RFC 4959 SASL-IR: base64 or "=" for an empty response.
            const QByteArray ir = r.atom();
            c.args.append(ir);
        }
        r.end();
    } else if (n == "ID") {
        r.space();
        if (r.peek() == '(') {
            r.expect('(', "Expected (");
            if (!r.accept(')')) {
                do {
                    const QByteArray key = r.string();
                    r.space();
                    c.idParams.append({key, r.nstring()});
                } while (r.accept(' '));
                r.expect(')', "Missing ) after ID parameters");
            }
        } else if (r.atom().compare("NIL", Qt::CaseInsensitive) != 0) {
            r.fail("Expected ID parameter list or NIL");
        }
        r.end();
    } else if (n == "SELECT" || n == "EXAMINE" || n == "CREATE" || n == "DELETE" || n == "SUBSCRIBE"
               || n == "UNSUBSCRIBE") {
        r.space();
        c.args.append(r.astring());
        r.end();
    } else if (n == "RENAME") {
        r.space();
        c.args.append(r.astring());
        r.space();
        c.args.append(r.astring());
        r.end();
    } else if (n == "LIST" || n == "LSUB") {
        r.space();
        // RFC 5258/6154 selection options, as Thunderbird sends "LIST (SPECIAL-USE) "" *".
        if (n == "LIST" && r.peek() == '(') {
            c.flags = r.flagList();
            c.hasFlagList = true;
            r.space();
        }
        c.args.append(r.astring());
        r.space();
        c.args.append(r.listMailbox());
        if (n == "LIST" && r.accept(' ')) {
            if (r.atom().toUpper() != "RETURN")
                r.fail("Expected RETURN");
            r.space();
            r.flagList(); // return options: CHILDREN and SPECIAL-USE data are always returned anyway
        }
        r.end();
    } else if (n == "STATUS") {
        r.space();
        c.args.append(r.astring());
        r.space();
        r.expect('(', "Expected ( before status items");
        do {
            const QByteArray item = r.atom().toUpper();
            if (item != "MESSAGES" && item != "RECENT" && item != "UIDNEXT" && item != "UIDVALIDITY" && item != "UNSEEN")
                r.fail("Unknown status item");
            c.statusItems.append(item);
        } while (r.accept(' '));
        r.expect(')', "Missing ) after status items");
        r.end();
    } else if (n == "APPEND") {
        r.space();
        c.args.append(r.astring());
        r.space();
        if (r.peek() == '(') {
            c.flags = r.flagList();
            checkStorableFlags(r, c.flags);
            c.hasFlagList = true;
            r.space();
        }
        if (r.peek() == '"') {
            const QByteArray text = r.quoted();
            c.internalDate = ImapCommandParser::parseDateTime(text);
            if (!c.internalDate)
                r.fail("Invalid date-time");
            r.space();
        }
        if (r.peek() != '{')
            r.fail("Expected a literal with the message");
        c.message = r.literal();
        r.end();
    } else if (n == "SEARCH") {
        r.space();
        // A first key such as "(ALL)" or "*" is no atom, so it cannot be CHARSET.
        const qsizetype save = r.pos();
        if (Reader::isAtomChar(r.peek()) && r.atom().toUpper() == "CHARSET") {
            r.space();
            c.charset = r.astring();
            r.space();
        } else {
            r.setPos(save);
        }
        c.search.kind = ImapSearchKey::Kind::And;
        do {
            c.search.children.append(readSearchKey(r, 0));
        } while (r.accept(' '));
        r.end();
    } else if (n == "FETCH") {
        r.space();
        c.set = r.sequenceSet();
        r.space();
        c.fetchItems = readFetchItems(r);
        r.end();
    } else if (n == "STORE") {
        r.space();
        c.set = r.sequenceSet();
        r.space();
        QByteArray item = r.atom().toUpper();
        if (item.startsWith('+'))
            c.storeMode = ImapCommand::StoreMode::Add, item.remove(0, 1);
        else if (item.startsWith('-'))
            c.storeMode = ImapCommand::StoreMode::Remove, item.remove(0, 1);
        if (item == "FLAGS.SILENT")
            c.silent = true;
        else if (item != "FLAGS")
            r.fail("Expected FLAGS, +FLAGS or -FLAGS");
        r.space();
        if (r.peek() == '(') {
            c.flags = r.flagList();
        } else {
            do {
                c.flags.append(r.flag());
            } while (r.accept(' '));
        }
        checkStorableFlags(r, c.flags);
        c.hasFlagList = true;
        r.end();
    } else if (n == "COPY" || n == "MOVE") {
        r.space();
        c.set = r.sequenceSet();
        r.space();
        c.args.append(r.astring());
        r.end();
    } else if (n == "EXPUNGE" && c.uid) {
        r.space();
        c.set = r.sequenceSet();
        r.end();
    } else {
        r.fail("Unknown command");
    }
}

} // namespace

bool ImapCommandParser::isValidTag(QByteArrayView tag)
{
    // tag = 1*<any ASTRING-CHAR except "+"> (§9); ']' is an ASTRING-CHAR.
    if (tag.isEmpty())
        return false;
    for (char c : tag) {
        if ((!Reader::isAtomChar(c) && c != ']') || c == '+')
            return false;
    }
    return true;
}

ImapParseResult ImapCommandParser::parse(QByteArrayView command)
{
    ImapParseResult result;
    Reader r(command);
    qsizetype sp = command.indexOf(' ');
    const QByteArrayView tag = command.first(sp < 0 ? command.size() : sp);
    if (!isValidTag(tag)) {
        result.error = "Invalid tag";
        return result;
    }
    result.tag = tag.toByteArray();
    result.command.tag = result.tag;
    if (sp < 0) {
        result.error = "Missing command";
        return result;
    }
    r.setPos(sp + 1);
    try {
        QByteArray name = r.atom().toUpper();
        if (name == "UID") {
            r.space();
            name = r.atom().toUpper();
            if (name != "FETCH" && name != "SEARCH" && name != "STORE" && name != "COPY" && name != "MOVE"
                && name != "EXPUNGE")
                r.fail("Unknown UID command");
            result.command.uid = true;
        }
        result.command.name = name;
        parseArguments(r, result.command);
        result.ok = true;
    } catch (const SyntaxError &e) {
        result.error = e.text;
    }
    return result;
}

std::optional<QDateTime> ImapCommandParser::parseDateTime(QByteArrayView text)
{
    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE (§9);
    // the quotes are already removed. date-day-fixed is (SP DIGIT) / 2DIGIT.
    QByteArray t = text.toByteArray();
    if (t.startsWith(' '))
        t[0] = '0';
    if (t.size() != 26 || t[2] != '-' || t[6] != '-' || t[11] != ' ' || t[14] != ':' || t[17] != ':' || t[20] != ' ')
        return std::nullopt;
    for (int i : {0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 22, 23, 24, 25}) {
        if (t[i] < '0' || t[i] > '9')
            return std::nullopt;
    }
    int month = 0;
    for (int i = 0; i < 12; ++i) {
        if (t.mid(3, 3).compare(kMonths[i], Qt::CaseInsensitive) == 0)
            month = i + 1;
    }
    const QDate date(t.mid(7, 4).toInt(), month, t.mid(0, 2).toInt());
    const QTime time(t.mid(12, 2).toInt(), t.mid(15, 2).toInt(), t.mid(18, 2).toInt());
    const char sign = t[21];
    bool okZone = false;
    const int zone = t.mid(22, 4).toInt(&okZone);
    if (!date.isValid() || !time.isValid() || !okZone || (sign != '+' && sign != '-'))
        return std::nullopt;
    // zone is "hhmm" east of Greenwich (§9): minutes past 59, or an offset no clock uses (QTimeZone takes
    // -14:00 to +14:00), would turn into an invalid date stored as 1970.
    if (zone % 100 > 59)
        return std::nullopt;
    const int offset = (sign == '-' ? -1 : 1) * ((zone / 100) * 3600 + (zone % 100) * 60);
    const QTimeZone tz(offset);
    if (!tz.isValid())
        return std::nullopt;
    const QDateTime result(date, time, tz);
    if (!result.isValid())
        return std::nullopt;
    return result;
}

QByteArray ImapCommandParser::formatDateTime(const QDateTime &dateTime)
{
    const int offset = dateTime.offsetFromUtc();
    const int abs = offset < 0 ? -offset : offset;
    const QDate d = dateTime.date();
    const QTime t = dateTime.time();
    return QByteArray::number(d.day()).rightJustified(2, '0') + '-' + kMonths[d.month() - 1] + '-'
        + QByteArray::number(d.year()) + ' ' + QByteArray::number(t.hour()).rightJustified(2, '0') + ':'
        + QByteArray::number(t.minute()).rightJustified(2, '0') + ':'
        + QByteArray::number(t.second()).rightJustified(2, '0') + ' ' + (offset < 0 ? '-' : '+')
        + QByteArray::number(abs / 3600 * 100 + abs % 3600 / 60).rightJustified(4, '0');
}

} // namespace mf
