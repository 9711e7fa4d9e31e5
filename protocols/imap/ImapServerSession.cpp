#include "ImapServerSession.h"

#include "ImapCommandParser.h"
#include "ImapResponseValue.h"
#include "mime/ImapString.h"
#include "mime/MimeMessage.h"

namespace mf {

namespace {

bool isAnyOf(const QByteArray &name, std::initializer_list<const char *> names)
{
    for (const char *n : names) {
        if (name == n)
            return true;
    }
    return false;
}

} // namespace

ImapServerSession::ImapServerSession(MailboxStore *store, const CredentialChecker *credentials,
                                     ImapServerConfig config)
    : ProtocolSession(Role::Server)
    , m_store(store)
    , m_credentials(credentials)
    , m_config(std::move(config))
    , m_assembler(m_config.maxLineLength, m_config.maxLiteral, m_config.maxCommandSize, m_config.maxLiteral)
{
}

ImapServerSession::~ImapServerSession() = default;

QByteArray ImapServerSession::capabilities() const
{
    QByteArray caps = "IMAP4rev1";
    const bool loginDisabled = m_config.loginDisabledWithoutTls && !isTls();
    if (m_state == State::NotAuthenticated) {
        if (m_config.tlsAvailable && !isTls())
            caps += " STARTTLS";
        if (loginDisabled)
            caps += " LOGINDISABLED";
        else
            caps += " AUTH=PLAIN";
    }
    caps += " SASL-IR LITERAL+ UIDPLUS IDLE ID NAMESPACE UNSELECT MOVE CHILDREN SPECIAL-USE";
    return caps;
}

void ImapServerSession::start()
{
    untagged("OK [CAPABILITY " + capabilities() + "] " + m_config.hostName + " MailFlow IMAP4rev1 ready");
}

void ImapServerSession::refuse()
{
    // §7.1.5: BYE as the greeting, the server is not willing to accept the connection.
    untagged("BYE Too many connections");
    m_state = State::Logout;
    requestClose();
}

void ImapServerSession::tlsEstablished()
{
    ProtocolSession::tlsEstablished();
    if (m_input == Input::AwaitingTls)
        m_input = Input::Commands;
}

int ImapServerSession::pendingTimeoutMs() const
{
    return m_state == State::Logout ? 0 : m_config.idleTimeoutMs;
}

void ImapServerSession::timeout()
{
    if (m_state == State::Logout)
        return;
    untagged("BYE Autologout; idle for too long");
    m_state = State::Logout;
    requestClose();
}

void ImapServerSession::untagged(const QByteArray &text)
{
    sendLine("* " + text);
}

void ImapServerSession::tagged(const QByteArray &tag, const QByteArray &status, const QByteArray &text)
{
    // §5.2: changes observed while a command runs are reported before it completes, whatever the command
    // (EXPUNGE only where §7.4.1 allows it).
    if (m_state == State::Selected && m_dirty)
        synchronize(m_expungeAllowed);
    sendLine(tag + ' ' + status + ' ' + text);
}

void ImapServerSession::sendResponse(const QByteArray &bytes)
{
    sendRaw(bytes);
    sendRaw("\r\n");
    recordSent(summarizeLiterals(bytes));
}

void ImapServerSession::feed(QByteArrayView bytes)
{
    if (m_state == State::Logout || m_input == Input::AwaitingTls)
        return;
    m_assembler.append(bytes);
    process();
}

void ImapServerSession::process()
{
    while (m_state != State::Logout && m_input != Input::AwaitingTls) {
        if (m_input == Input::AuthenticateResponse || m_input == Input::Idle) {
            QByteArray line;
            const LineReader::Result r = m_assembler.nextLine(line);
            if (r == LineReader::Result::NeedMore)
                return;
            countInput(); // a whole line: the autologout timer starts again
            if (r == LineReader::Result::TooLong) {
                recordReceived("[overlong line]");
                line = "*";
            } else {
                recordReceived(m_input == Input::AuthenticateResponse ? QByteArray("[credentials]") : line);
            }
            const QByteArray tag = std::exchange(m_pendingTag, QByteArray());
            if (m_input == Input::AuthenticateResponse) {
                m_input = Input::Commands;
                finishAuthenticate(tag, line);
            } else {
                m_input = Input::Commands;
                if (line.compare("DONE", Qt::CaseInsensitive) == 0) {
                    synchronize(true);
                    tagged(tag, "OK", "Idle completed");
                } else {
                    tagged(tag, "BAD", "Expected DONE to end IDLE");
                }
            }
            continue;
        }
        const quint64 taken = m_assembler.unitsTaken();
        const ImapCommandAssembler::Status status = m_assembler.next();
        if (m_assembler.unitsTaken() != taken)
            countInput(); // whole lines or literals: the autologout timer starts again
        switch (status) {
        case ImapCommandAssembler::Status::NeedMore:
            return;
        case ImapCommandAssembler::Status::Continuation:
            // §7.5: the continuation request is "+" SP text.
            sendLine("+ Ready for literal data");
            break;
        case ImapCommandAssembler::Status::LiteralTooBig:
        case ImapCommandAssembler::Status::CommandTooBig: {
            // The tag is echoed only when it is a valid one (the assembler checks): an unchecked first word
            // could carry a bare LF into our reply.
            m_expungeAllowed = false;
            const QByteArray tag = m_assembler.tag();
            const bool literal = status == ImapCommandAssembler::Status::LiteralTooBig;
            recordReceived((tag.isEmpty() ? QByteArray("[invalid tag]") : tag)
                           + (literal ? " ... {literal refused}" : " ... {command refused}"));
            // A message over the literal limit is a NO (RFC 7889 §3 APPENDLIMIT answers it so); a command
            // over the command limit is a BAD (RFC 7888 §4). RFC 5530 §3: TOOBIG.
            const QByteArray text = literal
                ? QByteArray("[TOOBIG] Literal too big")
                : "[TOOBIG] Command too long (limit " + QByteArray::number(m_config.maxCommandSize) + " octets)";
            if (tag.isEmpty())
                untagged("BAD " + text);
            else
                tagged(tag, literal ? "NO" : "BAD", text);
            break;
        }
        case ImapCommandAssembler::Status::LineTooLong:
            recordReceived("[overlong line]");
            untagged("BAD Command line too long");
            break;
        case ImapCommandAssembler::Status::Command:
            handleCommand(m_assembler.takeCommand());
            break;
        }
    }
}

void ImapServerSession::handleCommand(const QByteArray &bytes)
{
    m_expungeAllowed = false; // until execute() knows which command this is
    const ImapParseResult parsed = ImapCommandParser::parse(bytes);
    if (parsed.ok && (parsed.command.name == "LOGIN" || parsed.command.name == "AUTHENTICATE")) {
        // Keep passwords out of the transcript.
        recordReceived(parsed.tag + ' ' + parsed.command.name + ' '
                       + (parsed.command.name == "LOGIN" ? imap::astring(parsed.command.args.value(0)) + " [password]"
                                                         : parsed.command.args.value(0)
                                                               + (parsed.command.args.size() > 1 ? " [credentials]" : "")));
    } else if (parsed.ok && parsed.command.name == "APPEND") {
        const qsizetype lit = bytes.indexOf("}\r\n");
        recordReceived(bytes.left(lit + 1) + " [" + QByteArray::number(parsed.command.message.size()) + " octets]");
    } else {
        for (const QByteArray &line : bytes.split('\n'))
            recordReceived(line.endsWith('\r') ? line.chopped(1) : line);
    }
    if (!parsed.ok) {
        if (parsed.tag.isEmpty())
            untagged("BAD " + parsed.error);
        else
            tagged(parsed.tag, "BAD", parsed.error);
        return;
    }
    execute(parsed.command);
}

void ImapServerSession::execute(const ImapCommand &c)
{
    const QByteArray &n = c.name;
    // §7.4.1: no EXPUNGE response during FETCH, STORE or SEARCH (their UID forms may send one).
    m_expungeAllowed = c.uid || (n != "FETCH" && n != "STORE" && n != "SEARCH");
    // Commands valid in any state (§6.1).
    if (n == "CAPABILITY")
        return cmdCapability(c);
    if (n == "NOOP" || n == "CHECK") {
        if (n == "CHECK" && m_state != State::Selected)
            return tagged(c.tag, "BAD", "No mailbox selected");
        if (m_state == State::Selected)
            synchronize(true);
        return tagged(c.tag, "OK", n + " completed");
    }
    if (n == "LOGOUT") {
        // §6.1.3: the answer is BYE and then the tagged OK, nothing else. The client has left the mailbox:
        // changes still waiting to be reported (EXPUNGE, FETCH FLAGS, EXISTS) are dropped, not sent.
        m_state = State::Logout;
        m_dirty = false;
        untagged("BYE Logging out");
        tagged(c.tag, "OK", "Logout completed");
        requestClose();
        return;
    }
    if (n == "ID")
        return cmdId(c);
    if (m_state == State::NotAuthenticated) {
        if (n == "STARTTLS")
            return cmdStartTls(c);
        if (n == "LOGIN")
            return cmdLogin(c);
        if (n == "AUTHENTICATE")
            return cmdAuthenticate(c);
        return tagged(c.tag, "BAD", "Log in first");
    }
    if (isAnyOf(n, {"STARTTLS", "LOGIN", "AUTHENTICATE"}))
        return tagged(c.tag, "BAD", "Already logged in");
    if (n == "SELECT" || n == "EXAMINE")
        return cmdSelect(c, n == "EXAMINE");
    if (n == "CREATE")
        return cmdCreate(c);
    if (n == "DELETE")
        return cmdDelete(c);
    if (n == "RENAME")
        return cmdRename(c);
    if (n == "SUBSCRIBE" || n == "UNSUBSCRIBE")
        return cmdSubscribe(c, n == "SUBSCRIBE");
    if (n == "LIST" || n == "LSUB")
        return cmdList(c, n == "LSUB");
    if (n == "STATUS")
        return cmdStatus(c);
    if (n == "APPEND")
        return cmdAppend(c);
    if (n == "NAMESPACE") {
        untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
        return tagged(c.tag, "OK", "Namespace completed");
    }
    if (n == "IDLE")
        return cmdIdle(c);
    if (m_state != State::Selected)
        return tagged(c.tag, "BAD", "No mailbox selected");
    if (n == "CLOSE" || n == "UNSELECT")
        return cmdClose(c, n == "CLOSE");
    if (n == "EXPUNGE")
        return cmdExpunge(c);
    if (n == "SEARCH")
        return cmdSearch(c);
    if (n == "FETCH")
        return cmdFetch(c);
    if (n == "STORE")
        return cmdStore(c);
    if (n == "COPY" || n == "MOVE")
        return cmdCopy(c, n == "MOVE");
    tagged(c.tag, "BAD", "Unknown command");
}

void ImapServerSession::cmdCapability(const ImapCommand &c)
{
    untagged("CAPABILITY " + capabilities());
    tagged(c.tag, "OK", "Capability completed");
}

void ImapServerSession::cmdStartTls(const ImapCommand &c)
{
    if (isTls())
        return tagged(c.tag, "BAD", "TLS is already active");
    if (!m_config.tlsAvailable)
        return tagged(c.tag, "NO", "TLS is not available");
    tagged(c.tag, "OK", "Begin TLS negotiation now");
    // §6.2.1 / CVE-2011-0411: nothing the client sent after STARTTLS in plaintext may be acted upon.
    if (m_assembler.buffered() > 0)
        notice("discarded " + QByteArray::number(m_assembler.buffered()) + " plaintext octets sent after STARTTLS");
    m_assembler.clear();
    m_input = Input::AwaitingTls;
    requestTls();
}

bool ImapServerSession::loginAllowed(const QByteArray &tag)
{
    if (m_config.loginDisabledWithoutTls && !isTls()) {
        tagged(tag, "NO", "[PRIVACYREQUIRED] Plaintext authentication is disabled without TLS: use STARTTLS");
        return false;
    }
    return true;
}

void ImapServerSession::cmdLogin(const ImapCommand &c)
{
    if (!loginAllowed(c.tag))
        return;
    const QByteArray &login = c.args[0];
    if (!m_credentials || !m_credentials->checkPassword(login, c.args[1]))
        return tagged(c.tag, "NO", "[AUTHENTICATIONFAILED] Authentication failed");
    loggedIn(c.tag, login);
}

void ImapServerSession::cmdAuthenticate(const ImapCommand &c)
{
    if (c.args[0] != "PLAIN")
        return tagged(c.tag, "NO", "Unsupported authentication mechanism");
    if (!loginAllowed(c.tag))
        return;
    if (c.args.size() > 1)
        return finishAuthenticate(c.tag, c.args[1]); // RFC 4959 initial response
    m_pendingTag = c.tag;
    m_input = Input::AuthenticateResponse;
    sendLine("+ "); // an empty challenge: "+" SP, nothing else (RFC 4959 §3, RFC 3501 §7.5)
}

void ImapServerSession::finishAuthenticate(const QByteArray &tag, const QByteArray &base64)
{
    if (base64 == "*")
        return tagged(tag, "BAD", "Authentication cancelled");
    const QByteArray::FromBase64Result decoded =
        QByteArray::fromBase64Encoding(base64 == "=" ? QByteArray() : base64, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return tagged(tag, "BAD", "Invalid base64 data");
    // RFC 4616: [authzid] NUL authcid NUL passwd
    const QList<QByteArray> parts = decoded.decoded.split('\0');
    if (parts.size() != 3)
        return tagged(tag, "NO", "[AUTHENTICATIONFAILED] Authentication failed");
    const QByteArray &authzid = parts[0];
    const QByteArray &login = parts[1];
    if (!m_credentials || !m_credentials->checkPassword(login, parts[2])
        || (!authzid.isEmpty() && m_credentials->canonicalAccount(authzid) != m_credentials->canonicalAccount(login)))
        return tagged(tag, "NO", "[AUTHENTICATIONFAILED] Authentication failed");
    loggedIn(tag, login);
}

void ImapServerSession::loggedIn(const QByteArray &tag, const QByteArray &login)
{
    m_account = QString::fromUtf8(m_credentials->canonicalAccount(login));
    if (m_account.isEmpty())
        m_account = QString::fromUtf8(login);
    m_store->ensureAccount(m_account);
    m_state = State::Authenticated;
    notice("logged in as " + m_account.toUtf8());
    // imaplib never asks again after login (bpo-18921), so the new capabilities go in the OK.
    tagged(tag, "OK", "[CAPABILITY " + capabilities() + "] Logged in");
}

void ImapServerSession::cmdId(const ImapCommand &c)
{
    untagged("ID (\"name\" \"MailFlow\" \"vendor\" \"MailFlow teaching mail system\")");
    tagged(c.tag, "OK", "ID completed");
}

void ImapServerSession::cmdIdle(const ImapCommand &c)
{
    if (m_state == State::Selected)
        synchronize(true);
    m_pendingTag = c.tag;
    m_input = Input::Idle;
    sendLine("+ idling");
}

void ImapServerSession::mailboxChanged(const QString &account, const QString &mailbox)
{
    if (m_state != State::Selected || account != m_account
        || MailboxStore::normalizedName(mailbox) != MailboxStore::normalizedName(m_mailbox))
        return;
    m_dirty = true;
    // RFC 2177: while idling the server sends updates as they happen.
    if (m_input == Input::Idle)
        synchronize(true);
}

} // namespace mf
