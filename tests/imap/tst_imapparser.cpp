#include "imap/ImapCommandAssembler.h"
#include "imap/ImapCommandParser.h"
#include "imap/ImapLimits.h"
#include "imap/ModifiedUtf7.h"

#include <QTest>

using namespace mf;

namespace {

QByteArray describeKey(const ImapSearchKey &k)
{
    using K = ImapSearchKey::Kind;
    QByteArray kids;
    for (const ImapSearchKey &c : k.children)
        kids += (kids.isEmpty() ? "" : " ") + describeKey(c);
    switch (k.kind) {
    case K::All: return "ALL";
    case K::And: return "AND(" + kids + ")";
    case K::Or: return "OR(" + kids + ")";
    case K::Not: return "NOT(" + kids + ")";
    case K::SequenceSet: return "SEQ(" + k.set.toString() + ")";
    case K::UidSet: return "UID(" + k.set.toString() + ")";
    case K::Flag: return "FLAG(" + k.field + ")";
    case K::NoFlag: return "NOFLAG(" + k.field + ")";
    case K::Recent: return "RECENT";
    case K::Header: return "HEADER(" + k.field + "," + k.value + ")";
    case K::Address: return "ADDRESS(" + k.field + "," + k.value + ")";
    case K::Body: return "BODY(" + k.value + ")";
    case K::Text: return "TEXT(" + k.value + ")";
    case K::Larger: return "LARGER(" + QByteArray::number(k.number) + ")";
    case K::Smaller: return "SMALLER(" + QByteArray::number(k.number) + ")";
    case K::Before: return "BEFORE(" + k.date.toString(Qt::ISODate).toLatin1() + ")";
    case K::On: return "ON(" + k.date.toString(Qt::ISODate).toLatin1() + ")";
    case K::Since: return "SINCE(" + k.date.toString(Qt::ISODate).toLatin1() + ")";
    case K::SentBefore: return "SENTBEFORE(" + k.date.toString(Qt::ISODate).toLatin1() + ")";
    case K::SentOn: return "SENTON(" + k.date.toString(Qt::ISODate).toLatin1() + ")";
    case K::SentSince: return "SENTSINCE(" + k.date.toString(Qt::ISODate).toLatin1() + ")";
    }
    return "?";
}

// A compact, complete text form of a parsed command, so rows can state what the parser must produce.
QByteArray describe(const ImapCommand &c)
{
    QByteArray out = c.tag + ' ' + (c.uid ? "UID " : "") + c.name;
    if (!c.args.isEmpty())
        out += " args=[" + c.args.join('|') + ']';
    if (!c.set.isEmpty())
        out += " set=" + c.set.toString();
    if (!c.fetchItems.isEmpty()) {
        QByteArrayList items;
        for (const ImapFetchItem &i : c.fetchItems) {
            QByteArray s = i.responseName();
            if (i.peek)
                s += "/peek";
            if (i.partialLength >= 0)
                s += "/len" + QByteArray::number(i.partialLength);
            items.append(s);
        }
        out += " fetch=[" + items.join(',') + ']';
    }
    if (!c.search.children.isEmpty())
        out += " search=" + describeKey(c.search);
    if (!c.charset.isEmpty())
        out += " charset=" + c.charset;
    if (c.hasFlagList) {
        const char *mode = c.storeMode == ImapCommand::StoreMode::Add ? "+"
            : c.storeMode == ImapCommand::StoreMode::Remove             ? "-"
                                                                        : "";
        out += QByteArray(" flags") + mode + (c.silent ? ".silent" : "") + "=(" + c.flags.join(' ') + ')';
    }
    if (c.internalDate)
        out += " date=" + c.internalDate->toString(Qt::ISODate).toLatin1();
    if (!c.message.isNull())
        out += " message=" + QByteArray::number(c.message.size()) + "octets";
    if (!c.statusItems.isEmpty())
        out += " status=(" + c.statusItems.join(' ') + ')';
    if (!c.idParams.isEmpty()) {
        QByteArrayList params;
        for (const auto &[k, v] : c.idParams)
            params.append(k + '=' + (v.isNull() ? QByteArray("NIL") : v));
        out += " id=(" + params.join(' ') + ')';
    }
    return out;
}

const QByteArray kRfcMessage =
    "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n"
    "From: Fred Foobar <foobar@Blurdybloop.COM>\r\n"
    "Subject: afternoon meeting\r\n"
    "To: mooch@owatagu.siam.edu\r\n"
    "Message-Id: <B27397-0100000@Blurdybloop.COM>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
    "\r\n"
    "Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";

} // namespace

class TestImapParser : public QObject
{
    Q_OBJECT

private:
    // Feeds `wire` to an assembler whole or one byte at a time; returns one line per event:
    // "+" for a continuation, "TOOBIG tag", "TOOLONG", or the parsed command's description / "BAD tag: text".
    static QByteArrayList run(const QByteArray &wire, bool byteByByte, qsizetype maxLiteral = 1 << 20,
                              qsizetype maxCommand = -1, qsizetype appendAllowance = 0)
    {
        ImapCommandAssembler assembler(8192, maxLiteral, maxCommand < 0 ? maxLiteral + 8192 : maxCommand, appendAllowance);
        QByteArrayList events;
        auto drain = [&] {
            for (;;) {
                switch (assembler.next()) {
                case ImapCommandAssembler::Status::NeedMore:
                    return;
                case ImapCommandAssembler::Status::Continuation:
                    events.append("+");
                    break;
                case ImapCommandAssembler::Status::LiteralTooBig:
                    events.append("TOOBIG " + assembler.tag());
                    break;
                case ImapCommandAssembler::Status::CommandTooBig:
                    events.append("COMMANDTOOBIG " + assembler.tag());
                    break;
                case ImapCommandAssembler::Status::LineTooLong:
                    events.append("TOOLONG");
                    break;
                case ImapCommandAssembler::Status::Command: {
                    const ImapParseResult r = ImapCommandParser::parse(assembler.takeCommand());
                    events.append(r.ok ? describe(r.command) : "BAD " + r.tag + ": " + r.error);
                    break;
                }
                }
            }
        };
        if (byteByByte) {
            for (char c : wire) {
                assembler.append(QByteArrayView(&c, 1));
                drain();
            }
        } else {
            assembler.append(wire);
            drain();
        }
        return events;
    }

private slots:
    void commands_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QByteArrayList>("expected");
        auto row = [](const char *name, const QByteArray &wire, const QByteArrayList &expected) {
            QTest::newRow(QByteArray(name).append(" whole").constData()) << wire << expected << false;
            QTest::newRow(QByteArray(name).append(" bytewise").constData()) << wire << expected << true;
        };
        QTest::addColumn<bool>("byteByByte");
        // RFC 3501 §6 examples, word for word.
        row("6.1.1", "abcd CAPABILITY\r\n", {"abcd CAPABILITY"});
        row("6.1.2", "a002 NOOP\r\n", {"a002 NOOP"});
        row("6.1.3", "A023 LOGOUT\r\n", {"A023 LOGOUT"});
        row("6.2.1", "a001 STARTTLS\r\n", {"a001 STARTTLS"});
        row("6.2.2", "A001 AUTHENTICATE GSSAPI\r\n", {"A001 AUTHENTICATE args=[GSSAPI]"});
        row("6.2.3", "a001 LOGIN SMITH SESAME\r\n", {"a001 LOGIN args=[SMITH|SESAME]"});
        row("6.3.1", "A142 SELECT INBOX\r\n", {"A142 SELECT args=[INBOX]"});
        row("6.3.2", "A932 EXAMINE blurdybloop\r\n", {"A932 EXAMINE args=[blurdybloop]"});
        row("6.3.3", "A003 CREATE owatagusiam/\r\nA004 CREATE owatagusiam/blurdybloop\r\n",
            {"A003 CREATE args=[owatagusiam/]", "A004 CREATE args=[owatagusiam/blurdybloop]"});
        row("6.3.4", "A682 DELETE blurdybloop\r\n", {"A682 DELETE args=[blurdybloop]"});
        row("6.3.5", "A683 RENAME blurdybloop sarasoop\r\n", {"A683 RENAME args=[blurdybloop|sarasoop]"});
        row("6.3.6", "A002 SUBSCRIBE #news.comp.mail.mime\r\n", {"A002 SUBSCRIBE args=[#news.comp.mail.mime]"});
        row("6.3.7", "A002 UNSUBSCRIBE #news.comp.mail.mime\r\n", {"A002 UNSUBSCRIBE args=[#news.comp.mail.mime]"});
        row("6.3.8", "A101 LIST \"\" \"\"\r\nA202 LIST ~/Mail/ %\r\n",
            {"A101 LIST args=[|]", "A202 LIST args=[~/Mail/|%]"});
        row("list-extended", "a LIST (SPECIAL-USE) \"\" \"*\" RETURN (CHILDREN)\r\n",
            {"a LIST args=[|*] flags=(SPECIAL-USE)"});
        row("6.3.9", "A002 LSUB \"#news.\" \"comp.mail.*\"\r\n", {"A002 LSUB args=[#news.|comp.mail.*]"});
        row("6.3.10", "A042 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n",
            {"A042 STATUS args=[blurdybloop] status=(UIDNEXT MESSAGES)"});
        row("6.3.11", "A003 APPEND saved-messages (\\Seen) {310}\r\n" + kRfcMessage + "\r\n",
            {"+", "A003 APPEND args=[saved-messages] flags=(\\Seen) message=310octets"});
        row("6.4.1", "FXXZ CHECK\r\n", {"FXXZ CHECK"});
        row("6.4.2", "A341 CLOSE\r\n", {"A341 CLOSE"});
        row("6.4.3", "A202 EXPUNGE\r\n", {"A202 EXPUNGE"});
        row("6.4.4 a", "A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
            {"A282 SEARCH search=AND(FLAG(\\Flagged) SINCE(1994-02-01) NOT(ADDRESS(From,Smith)))"});
        row("6.4.4 b", "A283 SEARCH TEXT \"string not in mailbox\"\r\n",
            {"A283 SEARCH search=AND(TEXT(string not in mailbox))"});
        row("6.4.4 c", "A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX\r\n",
            {"+", "A284 SEARCH search=AND(TEXT(XXXXXX)) charset=UTF-8"});
        row("6.4.5", "A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n",
            {"A654 FETCH set=2:4 fetch=[FLAGS,BODY[HEADER.FIELDS (DATE FROM)]]"});
        row("6.4.6", "A003 STORE 2:4 +FLAGS (\\Deleted)\r\n", {"A003 STORE set=2:4 flags+=(\\Deleted)"});
        row("6.4.7", "A003 COPY 2:4 MEETING\r\n", {"A003 COPY args=[MEETING] set=2:4"});
        row("6.4.8", "A999 UID FETCH 4827313:4828442 FLAGS\r\n", {"A999 UID FETCH set=4827313:4828442 fetch=[FLAGS]"});
        // RFC 3501 §8, the sample session.
        row("8", "a001 login mrc secret\r\na002 select inbox\r\na003 fetch 12 full\r\na004 fetch 12 body[header]\r\n"
                 "a005 store 12 +flags \\deleted\r\na006 logout\r\n",
            {"a001 LOGIN args=[mrc|secret]", "a002 SELECT args=[inbox]",
             "a003 FETCH set=12 fetch=[FLAGS,INTERNALDATE,RFC822.SIZE,ENVELOPE,BODY]",
             "a004 FETCH set=12 fetch=[BODY[HEADER]]", "a005 STORE set=12 flags+=(\\deleted)", "a006 LOGOUT"});
        // What real clients send (PROTOCOLS.md): curl test847, Thunderbird, LITERAL+.
        row("quoted escapes", "A002 LOGIN \"\\\"user\" \"sec\\\"ret{\"\r\n", {"A002 LOGIN args=[\"user|sec\"ret{]"});
        row("literal login", "a LOGIN {5}\r\nalice {3}\r\npw!\r\n", {"+", "+", "a LOGIN args=[alice|pw!]"});
        row("literal+", "10 append \"Sent\" (\\Seen) {5+}\r\nHi\r\n!\r\n",
            {"10 APPEND args=[Sent] flags=(\\Seen) message=5octets"});
        row("append date", "a APPEND INBOX () \" 7-Feb-1994 21:52:25 -0800\" {2+}\r\nhi\r\n",
            {"a APPEND args=[INBOX] flags=() date=1994-02-07T21:52:25-08:00 message=2octets"});
        row("thunderbird fetch", "5 UID fetch 17 (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (From To Subject)])\r\n",
            {"5 UID FETCH set=17 fetch=[UID,RFC822.SIZE,FLAGS,BODY[HEADER.FIELDS (FROM TO SUBJECT)]/peek]"});
        row("partial", "a UID fetch 96 (UID RFC822.SIZE BODY.PEEK[]<99614720.65536>)\r\n",
            {"a UID FETCH set=96 fetch=[UID,RFC822.SIZE,BODY[]<99614720>/peek/len65536]"});
        row("sections", "a FETCH 5:1,* (BODY[1.2.MIME] BODY[2.HEADER.FIELDS.NOT (X-A)] BODY[3.TEXT] BODYSTRUCTURE)\r\n",
            {"a FETCH set=5:1,* fetch=[BODY[1.2.MIME],BODY[2.HEADER.FIELDS.NOT (X-A)],BODY[3.TEXT],BODYSTRUCTURE]"});
        row("macros", "a FETCH 1 ALL\r\nb FETCH 1:* FAST\r\n",
            {"a FETCH set=1 fetch=[FLAGS,INTERNALDATE,RFC822.SIZE,ENVELOPE]", "b FETCH set=1:* fetch=[FLAGS,INTERNALDATE,RFC822.SIZE]"});
        row("search tree", "a UID SEARCH OR SEEN NOT (DELETED LARGER 100) UID 1:* NEW HEADER X-Mailer \"Mutt 2\" SENTON 3-Mar-2020\r\n",
            {"a UID SEARCH search=AND(OR(FLAG(\\Seen) NOT(AND(FLAG(\\Deleted) LARGER(100)))) UID(1:*) "
             "AND(RECENT NOFLAG(\\Seen)) HEADER(X-Mailer,Mutt 2) SENTON(2020-03-03))"});
        row("search sets", "a SEARCH 1:3,5 OLD SMALLER 5 BEFORE \"1-Jan-2000\" KEYWORD $Junk\r\n",
            {"a SEARCH search=AND(SEQ(1:3,5) NOT(RECENT) SMALLER(5) BEFORE(2000-01-01) FLAG($Junk))"});
        row("store silent", "a UID STORE 1:2 -FLAGS.SILENT (\\Seen $Label1)\r\nb STORE 3 FLAGS ()\r\n",
            {"a UID STORE set=1:2 flags-.silent=(\\Seen $Label1)", "b STORE set=3 flags=()"});
        row("uid expunge move", "a UID EXPUNGE 3:5\r\nb UID MOVE 1 Archive\r\nc MOVE 2 \"Sent Items\"\r\n",
            {"a UID EXPUNGE set=3:5", "b UID MOVE args=[Archive] set=1", "c MOVE args=[Sent Items] set=2"});
        row("id", "a ID (\"name\" \"curl\" \"version\" NIL)\r\nb ID NIL\r\n", {"a ID id=(name=curl version=NIL)", "b ID"});
        row("sasl-ir", "a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\nb AUTHENTICATE plain =\r\n",
            {"a AUTHENTICATE args=[PLAIN|AGFsaWNlAHNlY3JldA==]", "b AUTHENTICATE args=[PLAIN|=]"});
        row("idle unselect namespace", "a IDLE\r\nb UNSELECT\r\nc NAMESPACE\r\n", {"a IDLE", "b UNSELECT", "c NAMESPACE"});
        row("bare lf inside literal", "a APPEND x {4}\r\na\nb\n\r\n", {"+", "a APPEND args=[x] message=4octets"});
        // Negative rows: the right complaint, and the next command still parses.
        row("bad set", "a1 FETCH 1:x FLAGS\r\nz NOOP\r\n", {"BAD a1: Invalid sequence set", "z NOOP"});
        row("zero", "a1 FETCH 0 FLAGS\r\nz NOOP\r\n", {"BAD a1: Invalid number", "z NOOP"});
        row("unterminated", "a2 LOGIN \"abc\r\nz NOOP\r\n", {"BAD a2: Unterminated quoted string", "z NOOP"});
        row("bad escape", "a7 LOGIN \"a\\b\" c\r\nz NOOP\r\n", {"BAD a7: Invalid escape in quoted string", "z NOOP"});
        row("unknown", "a3 FOO\r\nz NOOP\r\n", {"BAD a3: Unknown command", "z NOOP"});
        row("bad tag", "* NOOP\r\nz NOOP\r\n", {"BAD : Invalid tag", "z NOOP"});
        row("no command", "lonely\r\nz NOOP\r\n", {"BAD lonely: Missing command", "z NOOP"});
        row("bad search", "a4 SEARCH FOO\r\nz NOOP\r\n", {"BAD a4: Unknown search key", "z NOOP"});
        row("peek needs section", "a5 FETCH 1 BODY.PEEK\r\nz NOOP\r\n", {"BAD a5: BODY.PEEK needs a section", "z NOOP"});
        row("bad status", "a6 STATUS x (BOGUS)\r\nz NOOP\r\n", {"BAD a6: Unknown status item", "z NOOP"});
        row("extra", "a8 NOOP now\r\nz NOOP\r\n", {"BAD a8: Unexpected extra arguments", "z NOOP"});
        row("bad date", "a9 SEARCH SINCE 31-Feb-2020\r\nz NOOP\r\n", {"BAD a9: Invalid date", "z NOOP"});
        row("huge sync literal", "h APPEND INBOX {99999999999}\r\nz NOOP\r\n", {"TOOBIG h", "z NOOP"});
        // Issue #15: a parenthesised or "*" first key is a search key, not a CHARSET.
        row("search (ALL)", "t SEARCH (ALL)\r\n", {"t SEARCH search=AND(AND(ALL))"});
        row("search *", "t SEARCH *\r\nu UID SEARCH *:1 (SEEN)\r\n", {"t SEARCH search=AND(SEQ(*))", "u UID SEARCH search=AND(SEQ(*:1) AND(FLAG(\\Seen)))"});
        row("search charset (", "t SEARCH CHARSET UTF-8 (ALL)\r\n", {"t SEARCH search=AND(AND(ALL)) charset=UTF-8"});
        // Part numbers are 32-bit nz-numbers (§9): the largest is echoed as sent, one more is refused.
        row("largest part", "a FETCH 1 BODY[4294967295.1]\r\n", {"a FETCH set=1 fetch=[BODY[4294967295.1]]"});
        row("part past 32 bits", "a FETCH 1 BODY[4294967296]\r\nz NOOP\r\n", {"BAD a: Invalid number", "z NOOP"});
        // APPEND date-time zones (§9 "hhmm" east of Greenwich): ±14:00 is the widest a clock uses.
        row("zone +1400", "a APPEND x \"01-Jan-2020 00:00:00 +1400\" {1+}\r\nx\r\n",
            {"a APPEND args=[x] date=2020-01-01T00:00:00+14:00 message=1octets"});
        row("zone -1400", "a APPEND x \"01-Jan-2020 00:00:00 -1400\" {1+}\r\nx\r\n",
            {"a APPEND args=[x] date=2020-01-01T00:00:00-14:00 message=1octets"});
        for (const char *zone : {"+9999", "+1401", "-1401", "+0060", "+12a4", "+-123", "+ 100"}) {
            row(QByteArray("zone ").append(zone).constData(),
                "a APPEND x \"01-Jan-2020 00:00:00 " + QByteArray(zone) + "\" {1+}\r\nx\r\nz NOOP\r\n",
                {"BAD a: Invalid date-time", "z NOOP"});
        }
        row("bad year", "a APPEND x \"01-Jan-+020 00:00:00 +0000\" {1+}\r\nx\r\nz NOOP\r\n", {"BAD a: Invalid date-time", "z NOOP"});
        // Issue #15: STORE and APPEND take the system flags and keywords; NIL (an atom, but the nil token to
        // response parsers) and "\" extensions no server defines are refused as Dovecot refuses them.
        row("store keyword", "a STORE 1 +FLAGS ($Label1 nil-ish Nil2 \\Recent)\r\n", {"a STORE set=1 flags+=($Label1 nil-ish Nil2 \\Recent)"});
        row("store NIL", "a STORE 1 +FLAGS (NIL)\r\nz NOOP\r\n", {"BAD a: NIL is not a valid keyword", "z NOOP"});
        row("store nil bare", "a UID STORE 1 FLAGS $A nil\r\nz NOOP\r\n", {"BAD a: NIL is not a valid keyword", "z NOOP"});
        row("store \\Foo", "a STORE 1 +FLAGS (\\Seen \\Foo)\r\nz NOOP\r\n", {"BAD a: Invalid system flag \\Foo", "z NOOP"});
        row("store \\*", "a STORE 1 +FLAGS (\\*)\r\nz NOOP\r\n", {"BAD a: Invalid system flag \\*", "z NOOP"});
        row("append NIL", "a APPEND INBOX (\\Seen NIL) {1+}\r\nx\r\nz NOOP\r\n", {"BAD a: NIL is not a valid keyword", "z NOOP"});
        row("append keyword", "a APPEND INBOX ($Junk) {1+}\r\nx\r\n", {"a APPEND args=[INBOX] flags=($Junk) message=1octets"});
        row("list options stay free", "a LIST (SUBSCRIBED) \"\" %\r\n", {"a LIST args=[|%] flags=(SUBSCRIBED)"});
        // LIST patterns (§9 list-mailbox): any ATOM-CHAR, wildcards and resp-specials, or a string.
        row("list pattern chars", "a LIST \"\" a+b*\r\nb LIST \"\" x]y%\r\nc LIST \"\" \"(a){b}\\\\\"\r\n",
            {"a LIST args=[|a+b*]", "b LIST args=[|x]y%]", "c LIST args=[|(a){b}\\]"});
        // A refusal never echoes a first word that is no valid tag (a bare LF would split our reply).
        row("toobig bad tag", "x\ny APPEND INBOX {99999999999}\r\nz NOOP\r\n", {"TOOBIG ", "z NOOP"});
    }

    void commands()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QByteArrayList, expected);
        QFETCH(bool, byteByByte);
        QCOMPARE(run(wire, byteByByte), expected);
    }

    void literalLimits()
    {
        for (bool bytewise : {false, true}) {
            // A refused LITERAL+ literal is read and dropped (never stored), then refused; the session goes on.
            QCOMPARE(run("a APPEND x {20+}\r\n01234567890123456789\r\nb NOOP\r\n", bytewise, 10),
                     (QByteArrayList{"TOOBIG a", "b NOOP"}));
            QCOMPARE(run("a APPEND x {11}\r\nb NOOP\r\n", bytewise, 10), (QByteArrayList{"TOOBIG a", "b NOOP"}));
            QCOMPARE(run("a APPEND x {10}\r\n0123456789\r\n", bytewise, 10),
                     (QByteArrayList{"+", "a APPEND args=[x] message=10octets"}));
        }
    }

    // Search keys nest at most imap::kMaxSearchNesting levels ("(", NOT and OR each open one): at the
    // limit the command parses, one past it is a BAD, and the next command still parses.
    void searchNesting_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("byteByByte");
        const int limit = imap::kMaxSearchNesting;
        auto parens = [](int n) { return "a SEARCH " + QByteArray(n, '(') + "ALL" + QByteArray(n, ')') + "\r\n"; };
        auto nots = [](int n) { return "a SEARCH " + QByteArray("NOT ").repeated(n) + "ALL\r\n"; };
        auto ors = [](int n) { return "a SEARCH " + QByteArray("OR ").repeated(n) + QByteArray("ALL ").repeated(n) + "ALL\r\n"; };
        auto mixed = [](int n) {
            QByteArray w = "a SEARCH ";
            for (int i = 0; i < n; ++i)
                w += i % 3 == 0 ? "(" : i % 3 == 1 ? "NOT " : "OR SEEN ";
            w += "ALL";
            for (int i = 0; i < n; ++i)
                w += i % 3 == 0 ? ")" : "";
            return w + "\r\n";
        };
        for (bool bytewise : {false, true}) {
            const char *how = bytewise ? "bytewise" : "whole";
            QTest::addRow("( at the limit %s", how) << parens(limit) << true << bytewise;
            QTest::addRow("( past the limit %s", how) << parens(limit + 1) << false << bytewise;
            QTest::addRow("NOT at the limit %s", how) << nots(limit) << true << bytewise;
            QTest::addRow("NOT past the limit %s", how) << nots(limit + 1) << false << bytewise;
            QTest::addRow("OR at the limit %s", how) << ors(limit) << true << bytewise;
            QTest::addRow("OR past the limit %s", how) << ors(limit + 1) << false << bytewise;
            QTest::addRow("mixed at the limit %s", how) << mixed(limit) << true << bytewise;
            QTest::addRow("mixed past the limit %s", how) << mixed(limit + 1) << false << bytewise;
        }
    }

    void searchNesting()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, ok);
        QFETCH(bool, byteByByte);
        const QByteArrayList events = run(wire + "z NOOP\r\n", byteByByte);
        QCOMPARE(events.size(), 2);
        if (ok)
            QVERIFY2(events[0].startsWith("a SEARCH search=AND("), events[0].constData());
        else
            QCOMPARE(events[0], "BAD a: Search keys nested too deeply (limit " + QByteArray::number(imap::kMaxSearchNesting) + ")");
        QCOMPARE(events[1], QByteArray("z NOOP"));
    }

    // The inputs of issue #15 that crashed a release build before any login: straight to the parser (the
    // session test feeds them through a whole session).
    void searchNestingCrashes()
    {
        const QByteArrayList hostile{
            "a SEARCH ALL " + QByteArray(60000, '(') + "ALL",
            "a SEARCH " + QByteArray("NOT ").repeated(16000) + "ALL",
            "a SEARCH " + QByteArray("OR ").repeated(9000) + QByteArray("ALL ").repeated(9000) + "ALL",
        };
        for (const QByteArray &command : hostile) {
            const ImapParseResult r = ImapCommandParser::parse(command);
            QVERIFY(!r.ok);
            QCOMPARE(r.tag, QByteArray("a"));
            QVERIFY2(r.error.startsWith("Search keys nested too deeply"), r.error.constData());
        }
    }

    // The whole command, lines and literals together, is bounded (here 100 octets, without the final CRLF);
    // APPEND may exceed it by its message literal only.
    void commandLimit()
    {
        const QByteArray at = "a LOGIN {5+}\r\nalice " + QByteArray(100 - 20, 'x'); // exactly 100 octets
        QCOMPARE(at.size(), 100);
        for (bool bytewise : {false, true}) {
            QCOMPARE(run(at + "\r\nz NOOP\r\n", bytewise, 1000, 100), (QByteArrayList{"a LOGIN args=[alice|" + QByteArray(80, 'x') + ']', "z NOOP"}));
            QCOMPARE(run(at + "x\r\nz NOOP\r\n", bytewise, 1000, 100), (QByteArrayList{"COMMANDTOOBIG a", "z NOOP"}));
            // Many empty LITERAL+ literals: refused once the total passes the limit, the rest thrown away.
            QCOMPARE(run("a SEARCH TEXT {0+}\r\n" + QByteArray(" TEXT {0+}\r\n").repeated(20) + " ALL\r\nz NOOP\r\n", bytewise, 1000, 100),
                     (QByteArrayList{"COMMANDTOOBIG a", "z NOOP"}));
            // A synchronising literal that would pass the limit is refused before the client sends it.
            QCOMPARE(run("a LOGIN alice {90}\r\nz NOOP\r\n", bytewise, 1000, 100), (QByteArrayList{"COMMANDTOOBIG a", "z NOOP"}));
            // APPEND's message may be as large as a literal may be.
            QCOMPARE(run("a APPEND x {1000+}\r\n" + QByteArray(1000, 'm') + "\r\n", bytewise, 1000, 100, 1000),
                     (QByteArrayList{"a APPEND args=[x] message=1000octets"}));
            QCOMPARE(run("a LOGIN x {1000+}\r\n" + QByteArray(1000, 'm') + "\r\nz NOOP\r\n", bytewise, 1000, 100, 1000),
                     (QByteArrayList{"COMMANDTOOBIG a", "z NOOP"}));
        }
    }

    void dateTime()
    {
        const auto dt = ImapCommandParser::parseDateTime("17-Jul-1996 02:44:25 -0700");
        QVERIFY(dt);
        QCOMPARE(ImapCommandParser::formatDateTime(*dt), QByteArray("17-Jul-1996 02:44:25 -0700"));
        QVERIFY(!ImapCommandParser::parseDateTime("17-Jux-1996 02:44:25 -0700"));
    }

    void modifiedUtf7_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("wire");
        // RFC 3501 §5.1.3 example, and a few more.
        QTest::newRow("rfc") << QString::fromUtf8("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e")
                             << QByteArray("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        QTest::newRow("amp") << QStringLiteral("Tom & Jerry") << QByteArray("Tom &- Jerry");
        QTest::newRow("latin") << QString::fromUtf8("Entw\xc3\xbcrfe") << QByteArray("Entw&APw-rfe");
        QTest::newRow("plain") << QStringLiteral("INBOX/Sent") << QByteArray("INBOX/Sent");
    }

    void modifiedUtf7()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, wire);
        QCOMPARE(imap::encodeMailboxName(name), wire);
        QCOMPARE(imap::decodeMailboxName(wire), std::optional<QString>(name));
        QVERIFY(!imap::decodeMailboxName("bad&Jjo"));
    }

    void sequenceSets()
    {
        ImapSequenceSet s;
        s.ranges = {{5, 1}, {9, ImapSequenceSet::star}};
        QVERIFY(s.contains(3, 20));
        QVERIFY(!s.contains(7, 20));
        QVERIFY(s.contains(20, 20));
        QCOMPARE(ImapSequenceSet::compress({7, 1, 2, 3, 9, 10}), QByteArray("1:3,7,9:10"));
    }
};

QTEST_GUILESS_MAIN(TestImapParser)
#include "tst_imapparser.moc"
