#include "ImapClientSession.h"

#include "ImapSequenceSet.h"
#include "ModifiedUtf7.h"
#include "mime/ImapString.h"

namespace mf {

namespace {

// imaplib's own limit for one response line (PROTOCOLS.md); literals are counted separately.
constexpr qsizetype kMaxResponseLine = 1000000;

QByteArray codeValue(const QByteArray &text, const QByteArray &code)
{
    const qsizetype at = text.indexOf('[' + code + ' ');
    if (at < 0)
        return {};
    const qsizetype start = at + code.size() + 2;
    const qsizetype end = text.indexOf(']', start);
    return end < 0 ? QByteArray() : text.mid(start, end - start);
}

} // namespace

ImapClientSession::ImapClientSession(ImapClientOptions options)
    : ProtocolSession(Role::Client)
    , m_options(std::move(options))
    , m_assembler(kMaxResponseLine, m_options.maxLiteral, m_options.maxLiteral + kMaxResponseLine)
{
}

int ImapClientSession::pendingTimeoutMs() const
{
    if (finished())
        return 0;
    // RFC 2177 §3: clients re-issue IDLE at least every 29 minutes; we leave instead.
    return m_state == State::Idling ? 29 * 60 * 1000 : m_options.commandTimeoutMs;
}

void ImapClientSession::timeout()
{
    if (m_state == State::Idling) {
        stopIdle();
        return;
    }
    fail("timed out waiting for the server", false);
    error("timeout");
    requestClose();
}

void ImapClientSession::connectionLost()
{
    if (!finished())
        fail("the connection was lost", false);
}

void ImapClientSession::tlsEstablished()
{
    ProtocolSession::tlsEstablished();
    if (!m_awaitingTls)
        return; // implicit TLS: nothing to do before the greeting
    m_awaitingTls = false;
    // §6.2.1: after STARTTLS the client must discard what it knew of the server's capabilities.
    m_result.capabilities.clear();
    m_state = State::Capability;
    send("CAPABILITY");
}

void ImapClientSession::feed(QByteArrayView bytes)
{
    if (finished() || m_awaitingTls)
        return;
    m_assembler.append(bytes);
    while (!finished() && !m_awaitingTls) {
        switch (m_assembler.next()) {
        case ImapCommandAssembler::Status::NeedMore:
            return;
        case ImapCommandAssembler::Status::Continuation:
            break; // a literal in a server response: its octets follow at once
        case ImapCommandAssembler::Status::LiteralTooBig:
            fail("the server sent a literal larger than " + QByteArray::number(m_options.maxLiteral) + " octets", false);
            requestClose();
            return;
        case ImapCommandAssembler::Status::CommandTooBig:
            fail("the server sent a response larger than " + QByteArray::number(m_options.maxLiteral) + " octets", false);
            requestClose();
            return;
        case ImapCommandAssembler::Status::LineTooLong:
            fail("the server sent an overlong line", false);
            requestClose();
            return;
        case ImapCommandAssembler::Status::Command:
            handleResponse(m_assembler.takeCommand());
            break;
        }
    }
}

void ImapClientSession::send(const QByteArray &command, const QByteArray &shown)
{
    m_tag = 'M' + QByteArray::number(++m_tagCounter).rightJustified(3, '0');
    if (shown.isEmpty()) {
        sendLine(m_tag + ' ' + command);
    } else {
        sendRaw(m_tag + ' ' + command + "\r\n");
        recordSent(m_tag + ' ' + shown);
    }
}

void ImapClientSession::handleResponse(const QByteArray &response)
{
    recordReceived(summarizeLiterals(response));
    if (response.startsWith("* "))
        return handleUntagged(response.mid(2));
    if (response == "+" || response.startsWith("+ "))
        return handleContinuation(response.mid(2));
    const qsizetype sp = response.indexOf(' ');
    if (sp < 0 || response.left(sp) != m_tag) {
        notice("ignored an unexpected response");
        return;
    }
    const qsizetype sp2 = response.indexOf(' ', sp + 1);
    const QByteArray status = response.mid(sp + 1, sp2 < 0 ? -1 : sp2 - sp - 1).toUpper();
    const QByteArray text = sp2 < 0 ? QByteArray() : response.mid(sp2 + 1);
    handleTagged(status == "OK", status, text);
}

bool ImapClientSession::hasCapability(const QByteArray &name) const
{
    for (const QByteArray &c : m_result.capabilities) {
        if (c.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void ImapClientSession::takeCapabilities(const QByteArray &text)
{
    m_result.capabilities = text.simplified().split(' ');
}

void ImapClientSession::handleUntagged(const QByteArray &text)
{
    const QByteArray caps = codeValue(text, "CAPABILITY");
    if (!caps.isEmpty())
        takeCapabilities(caps);
    if (text.startsWith("CAPABILITY "))
        takeCapabilities(text.mid(11));
    if (const QByteArray v = codeValue(text, "UIDVALIDITY"); !v.isEmpty())
        m_result.uidValidity = v.toUInt();
    if (const QByteArray v = codeValue(text, "UIDNEXT"); !v.isEmpty())
        m_result.uidNext = v.toUInt();

    if (m_state == State::Greeting) {
        if (text.startsWith("PREAUTH"))
            m_preauth = true;
        else if (text.startsWith("BYE"))
            return fail("the server refused the connection: " + text, false);
        return afterGreeting();
    }
    if (m_state == State::Idling) {
        m_result.idleUpdates.append(text);
        notice("IDLE update: " + text);
    }
    const qsizetype sp = text.indexOf(' ');
    bool isNumber = false;
    const quint32 number = text.left(sp).toUInt(&isNumber);
    if (!isNumber)
        return;
    const QByteArray kind = text.mid(sp + 1, text.indexOf(' ', sp + 1) < 0 ? -1 : text.indexOf(' ', sp + 1) - sp - 1);
    if (kind == "EXISTS") {
        m_result.exists = number;
    } else if (kind == "EXPUNGE") {
        if (m_state == State::Expunge)
            m_result.expunged.append(number);
        if (m_result.exists)
            --m_result.exists;
    } else if (kind == "FETCH") {
        qsizetype pos = text.indexOf('(');
        if (pos < 0)
            return;
        const auto value = ImapResponseValue::parse(text, pos);
        if (!value || !value->isList())
            return notice("could not parse a FETCH response");
        const ImapResponseValue *uid = value->find("UID");
        if (!uid)
            return;
        ImapClientMessage &m = m_messages[uid->text.toUInt()];
        m.uid = uid->text.toUInt();
        if (const ImapResponseValue *flags = value->find("FLAGS")) {
            m.flags.clear();
            for (const ImapResponseValue &f : flags->list)
                m.flags.append(f.text);
        }
        if (const ImapResponseValue *size = value->find("RFC822.SIZE"))
            m.size = size->text.toLongLong();
        if (const ImapResponseValue *header = value->find("BODY[HEADER]"))
            m.header = header->text;
        if (const ImapResponseValue *body = value->find("BODY[]"))
            m.bytes = body->text;
    }
}

void ImapClientSession::handleContinuation(const QByteArray &text)
{
    if (m_state == State::Authenticate) {
        if (m_options.auth == ImapClientOptions::Auth::Login) {
            // SASL LOGIN: the server asks for the user name, then the password (base64 both ways).
            const QByteArray answer = (m_loginStep++ == 0 ? m_options.login : m_options.password).toBase64();
            sendRaw(answer + "\r\n");
            recordSent(m_loginStep == 1 ? "[user name, base64]" : "[password, base64]");
        } else {
            sendRaw(('\0' + m_options.login + '\0' + m_options.password).toBase64() + "\r\n");
            recordSent("[SASL PLAIN credentials]");
        }
        return;
    }
    if (m_state == State::IdleStarting) {
        m_state = State::Idling;
        notice("idling: waiting for the server to push changes");
        return;
    }
    Q_UNUSED(text);
    fail("unexpected continuation request from the server", true);
}

void ImapClientSession::afterGreeting()
{
    if (m_result.capabilities.isEmpty()) {
        m_state = State::Capability;
        send("CAPABILITY");
        return;
    }
    afterCapabilities();
}

void ImapClientSession::afterCapabilities()
{
    if (!hasCapability("IMAP4rev1"))
        return fail("the server is not IMAP4rev1", true);
    if (m_options.security == ImapClientOptions::Security::StartTls && !isTls()) {
        if (!hasCapability("STARTTLS"))
            return fail("the server does not offer STARTTLS", true);
        m_state = State::StartTls;
        send("STARTTLS");
        return;
    }
    if (m_preauth)
        return select();
    authenticate();
}

void ImapClientSession::authenticate()
{
    using Auth = ImapClientOptions::Auth;
    Auth auth = m_options.auth;
    if (auth == Auth::Automatic)
        auth = hasCapability("AUTH=PLAIN") ? Auth::Plain : Auth::LoginCommand;
    m_options.auth = auth;
    if (auth == Auth::LoginCommand) {
        if (hasCapability("LOGINDISABLED"))
            return fail("the server refuses LOGIN here (LOGINDISABLED): use TLS", true);
        if (!imap::canQuote(m_options.login) || !imap::canQuote(m_options.password))
            return fail("the login or password cannot be sent as a quoted string", true);
        m_state = State::Login;
        send("LOGIN " + imap::quoted(m_options.login) + ' ' + imap::quoted(m_options.password),
             "LOGIN " + imap::quoted(m_options.login) + " [password]");
        return;
    }
    m_state = State::Authenticate;
    m_loginStep = 0;
    if (auth == Auth::Login) {
        send("AUTHENTICATE LOGIN");
        return;
    }
    if (hasCapability("SASL-IR")) {
        const QByteArray response = ('\0' + m_options.login + '\0' + m_options.password).toBase64();
        send("AUTHENTICATE PLAIN " + response, "AUTHENTICATE PLAIN [credentials]");
    } else {
        send("AUTHENTICATE PLAIN");
    }
}

void ImapClientSession::select()
{
    m_state = State::Select;
    send("SELECT " + imap::astring(imap::encodeMailboxName(m_options.mailbox)));
}

void ImapClientSession::fetchBodies()
{
    const bool sameValidity = m_result.uidValidity == m_options.knownUidValidity;
    m_newUids.clear();
    for (auto it = m_messages.begin(); it != m_messages.end(); ++it) {
        if (!sameValidity || !m_options.knownUids.contains(it.key()))
            m_newUids.append(it.key());
    }
    if (m_options.fetchBodies && !m_newUids.isEmpty()) {
        m_state = State::FetchBodies;
        send("UID FETCH " + ImapSequenceSet::compress(m_newUids) + " (UID BODY.PEEK[])");
        return;
    }
    nextStore();
}

void ImapClientSession::nextStore()
{
    if (m_storeIndex < m_options.storeFlags.size()) {
        const ImapClientOptions::FlagChange &change = m_options.storeFlags[m_storeIndex++];
        m_state = State::Store;
        send("UID STORE " + QByteArray::number(change.uid) + (change.add ? " +FLAGS (" : " -FLAGS (")
             + change.flags.join(' ') + ')');
        return;
    }
    afterStores();
}

void ImapClientSession::afterStores()
{
    if (m_options.expunge && m_state != State::Expunge) {
        m_state = State::Expunge;
        send("EXPUNGE");
        return;
    }
    if (m_options.idle && hasCapability("IDLE") && m_state != State::IdleDone) {
        m_state = State::IdleStarting;
        send("IDLE");
        return;
    }
    logout();
}

void ImapClientSession::stopIdle()
{
    if (m_state == State::IdleStarting || m_state == State::Idling) {
        m_state = State::IdleDone;
        sendLine("DONE");
    }
}

void ImapClientSession::logout()
{
    m_state = State::Logout;
    send("LOGOUT");
}

void ImapClientSession::handleTagged(bool ok, const QByteArray &status, const QByteArray &text)
{
    if (const QByteArray caps = codeValue(text, "CAPABILITY"); !caps.isEmpty())
        takeCapabilities(caps);
    switch (m_state) {
    case State::Capability:
        if (!ok)
            return fail("CAPABILITY failed: " + status + ' ' + text, true);
        return afterCapabilities();
    case State::StartTls:
        if (!ok)
            return fail("STARTTLS refused: " + status + ' ' + text, true);
        m_awaitingTls = true;
        // Bytes the server sent after its OK but before the handshake must not be trusted either.
        m_assembler.clear();
        requestTls();
        return;
    case State::Authenticate:
    case State::Login:
        if (!ok)
            return fail("login failed: " + status + ' ' + text, true);
        notice("logged in as " + m_options.login);
        return select();
    case State::Select:
        if (!ok)
            return fail("SELECT failed: " + status + ' ' + text, true);
        if (m_result.exists == 0)
            return nextStore();
        m_state = State::FetchHeaders;
        send("UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])");
        return;
    case State::FetchHeaders:
        if (!ok)
            return fail("UID FETCH of headers failed: " + status + ' ' + text, true);
        return fetchBodies();
    case State::FetchBodies:
        if (!ok)
            return fail("UID FETCH of bodies failed: " + status + ' ' + text, true);
        return nextStore();
    case State::Store:
        if (!ok)
            return fail("UID STORE failed: " + status + ' ' + text, true);
        return nextStore();
    case State::Expunge:
        if (!ok)
            return fail("EXPUNGE failed: " + status + ' ' + text, true);
        return afterStores();
    case State::IdleStarting:
    case State::Idling:
    case State::IdleDone:
        if (!ok && m_state == State::IdleStarting)
            notice("the server refused IDLE: " + text);
        m_state = State::IdleDone;
        return afterStores();
    case State::Logout:
        for (const quint32 uid : std::as_const(m_newUids))
            m_result.messages.append(m_messages.value(uid));
        for (auto it = m_messages.cbegin(); it != m_messages.cend(); ++it)
            m_result.mailboxFlags.insert(it.key(), it->flags);
        m_result.ok = m_result.error.isEmpty();
        m_state = m_result.ok ? State::Done : State::Failed;
        requestClose();
        return;
    case State::Greeting:
    case State::Done:
    case State::Failed:
        return;
    }
}

void ImapClientSession::fail(const QByteArray &why, bool sendLogout)
{
    if (m_result.error.isEmpty())
        m_result.error = why;
    error(why);
    if (sendLogout && m_state != State::Logout) {
        logout();
        return;
    }
    m_state = State::Failed;
    m_result.ok = false;
    requestClose();
}

} // namespace mf
