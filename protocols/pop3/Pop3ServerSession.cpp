#include "Pop3ServerSession.h"

#include "Pop3Text.h"
#include "store/MailboxStore.h"

#include <QCryptographicHash>

namespace mf {

namespace {

const QString inbox = QStringLiteral("INBOX");

bool isAuthorizationCommand(const QByteArray &verb)
{
    return verb == "USER" || verb == "PASS" || verb == "APOP" || verb == "AUTH" || verb == "STLS";
}

bool isTransactionCommand(const QByteArray &verb)
{
    return verb == "STAT" || verb == "LIST" || verb == "RETR" || verb == "DELE" || verb == "NOOP"
        || verb == "RSET" || verb == "TOP" || verb == "UIDL";
}

} // namespace

Pop3ServerSession::Pop3ServerSession(MailboxStore &store, const CredentialChecker &credentials,
                                     Pop3ServerConfig config, QByteArray apopBanner)
    : ProtocolSession(Role::Server)
    , m_store(store)
    , m_credentials(credentials)
    , m_config(std::move(config))
    , m_banner(std::move(apopBanner))
    , m_reader(m_config.maxCommandLength)
{
}

Pop3ServerSession::~Pop3ServerSession() = default;

void Pop3ServerSession::start()
{
    // RFC 1939 §4 leaves the greeting's text free; it names the host, as an SMTP greeting does.
    QByteArray greeting = m_config.hostName.isEmpty() ? QByteArray("+OK MailFlow POP3 server ready")
                                                      : "+OK " + m_config.hostName + " MailFlow POP3 server ready";
    if (!m_banner.isEmpty() && m_config.apopSecret)
        greeting += ' ' + m_banner;
    sendLine(greeting);
}

void Pop3ServerSession::refuse()
{
    // RFC 3206 §4: SYS/TEMP, a temporary problem on the server's side; the client may try again later.
    sendLine("-ERR [SYS/TEMP] Too many connections");
    m_state = State::Closed;
    requestClose();
}

void Pop3ServerSession::feed(QByteArrayView bytes)
{
    // RFC 2595 §4: after STLS, whatever the client sent before the handshake is discarded.
    if (m_awaitingTls || m_state == State::Closed)
        return;
    m_reader.append(bytes);
    processInput();
}

void Pop3ServerSession::processInput()
{
    QByteArray line;
    while (!m_delaying && !m_awaitingTls && m_state != State::Closed && !isClosing()) {
        const LineReader::Result r = m_reader.next(line);
        if (r == LineReader::Result::NeedMore)
            return;
        countInput(); // a whole command line: the autologout timer starts again
        if (r == LineReader::Result::TooLong) {
            recordReceived("<line too long, discarded>");
            if (m_state == State::AuthContinue)
                m_state = State::Authorization;
            sendLine("-ERR Line too long");
            continue;
        }
        handleLine(line);
    }
}

void Pop3ServerSession::tlsEstablished()
{
    ProtocolSession::tlsEstablished();
    m_awaitingTls = false;
    m_reader.clear();
}

void Pop3ServerSession::connectionLost()
{
    // RFC 1939 §6: without QUIT there is no UPDATE state, so nothing marked with DELE is removed.
    if (m_state == State::Transaction) {
        int marked = 0;
        for (const Entry &e : m_entries)
            marked += e.deleted ? 1 : 0;
        notice("connection lost before QUIT: " + QByteArray::number(marked)
               + " message(s) marked for deletion stay in the maildrop");
    }
    m_state = State::Closed;
    m_lock.reset();
}

void Pop3ServerSession::timeout()
{
    if (m_delaying) {
        m_delaying = false;
        sendLine(m_delayedReply);
        if (m_authFailures >= m_config.maxAuthFailures) {
            m_state = State::Closed;
            notice("too many failed logins: closing");
            requestClose();
            return;
        }
        processInput();
        return;
    }
    // RFC 1939 §3: the autologout timer closes the connection without entering UPDATE.
    error("idle for too long: closing without deleting anything");
    m_state = State::Closed;
    m_lock.reset();
    requestClose();
}

int Pop3ServerSession::pendingTimeoutMs() const
{
    if (m_delaying)
        return std::max(1, m_config.authFailureDelayMs);
    return m_state == State::Closed ? 0 : m_config.idleTimeoutMs;
}

void Pop3ServerSession::handleLine(const QByteArray &line)
{
    if (m_state == State::AuthContinue) {
        recordReceived(line == "*" ? line : QByteArray("<SASL response>"));
        handleAuthResponse(line);
        return;
    }
    const qsizetype space = line.indexOf(' ');
    const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper();
    const QByteArray args = space < 0 ? QByteArray() : line.mid(space + 1);
    // Passwords stay out of the transcript.
    if (verb == "PASS")
        recordReceived("PASS <password>");
    else if (verb == "AUTH" && args.contains(' '))
        recordReceived(line.left(line.lastIndexOf(' ')) + " <initial response>");
    else
        recordReceived(line);

    if (verb == "CAPA") {
        sendCapabilities(); // RFC 2449 §5: valid in every state
        return;
    }
    if (verb == "QUIT") {
        quit();
        return;
    }
    switch (m_state) {
    case State::Authorization:
        if (isAuthorizationCommand(verb))
            handleAuthorization(verb, args);
        else if (isTransactionCommand(verb))
            sendLine("-ERR " + verb + " is not valid before login");
        else
            sendLine("-ERR Unknown command");
        return;
    case State::Transaction:
        if (isTransactionCommand(verb))
            handleTransaction(verb, args);
        else if (isAuthorizationCommand(verb))
            sendLine("-ERR " + verb + " is not valid after login");
        else
            sendLine("-ERR Unknown command");
        return;
    case State::AuthContinue:
    case State::Closed:
        return;
    }
}

void Pop3ServerSession::sendCapabilities()
{
    sendLine("+OK Capability list follows");
    sendLine("TOP");
    sendLine("UIDL");
    if (plaintextAllowed()) {
        sendLine("USER");
        sendLine("SASL PLAIN");
    }
    sendLine("RESP-CODES");
    sendLine("AUTH-RESP-CODE");
    sendLine("PIPELINING");
    if (m_config.tlsAvailable && !isTls() && m_state == State::Authorization)
        sendLine("STLS");
    sendLine("IMPLEMENTATION MailFlow");
    sendLine(".");
}

void Pop3ServerSession::handleAuthorization(const QByteArray &verb, const QByteArray &args)
{
    if (verb == "STLS") {
        startTls();
        return;
    }
    if (verb == "APOP") {
        tryApop(args);
        return;
    }
    if (!plaintextAllowed() && (verb == "USER" || verb == "PASS" || verb == "AUTH")) {
        sendLine("-ERR [AUTH] Plaintext authentication disallowed: TLS required, use STLS first");
        return;
    }
    if (verb == "USER") {
        if (args.isEmpty()) {
            sendLine("-ERR Usage: USER name");
            return;
        }
        m_user = args;
        sendLine("+OK Send PASS");
        return;
    }
    if (verb == "PASS") {
        if (m_user.isEmpty()) {
            sendLine("-ERR Send USER first");
            return;
        }
        tryLogin(std::exchange(m_user, QByteArray()), args);
        return;
    }
    // AUTH (RFC 5034 §4)
    if (args.isEmpty()) {
        // The mechanism list, as many servers answer to a bare AUTH (RFC 1734 style).
        sendLine("+OK Supported mechanisms follow");
        sendLine("PLAIN");
        sendLine(".");
        return;
    }
    const qsizetype space = args.indexOf(' ');
    const QByteArray mechanism = (space < 0 ? args : args.left(space)).toUpper();
    if (mechanism != "PLAIN") {
        sendLine("-ERR Unsupported authentication mechanism");
        return;
    }
    if (space < 0) {
        m_state = State::AuthContinue;
        sendLine("+ ");
        return;
    }
    handleAuthResponse(args.mid(space + 1));
}

void Pop3ServerSession::handleAuthResponse(const QByteArray &line)
{
    m_state = State::Authorization;
    if (line == "*") {
        sendLine("-ERR Authentication cancelled");
        return;
    }
    // RFC 4616: [authzid] NUL authcid NUL passwd; "=" is an empty initial response (RFC 5034 §4).
    const QByteArray text = line == "=" ? QByteArray() : line;
    const auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    const QList<QByteArray> parts = decoded ? decoded.decoded.split('\0') : QList<QByteArray>();
    if (!decoded || parts.size() != 3 || parts[1].isEmpty()) {
        sendLine("-ERR Malformed AUTH PLAIN response");
        return;
    }
    if (!parts[0].isEmpty() && parts[0] != parts[1]) {
        loginFailed("-ERR [AUTH] Authorization identity differs from the login");
        return;
    }
    tryLogin(parts[1], parts[2]);
}

void Pop3ServerSession::startTls()
{
    if (isTls()) {
        sendLine("-ERR Already using TLS");
        return;
    }
    if (!m_config.tlsAvailable) {
        sendLine("-ERR TLS not available");
        return;
    }
    sendLine("+OK Begin TLS negotiation");
    m_user.clear();
    m_reader.clear();
    m_awaitingTls = true;
    requestTls();
}

void Pop3ServerSession::tryLogin(const QByteArray &login, const QByteArray &password)
{
    if (!m_credentials.checkPassword(login, password)) {
        loginFailed("-ERR [AUTH] Invalid login or password");
        return;
    }
    loginSucceeded(m_credentials.canonicalAccount(login));
}

void Pop3ServerSession::tryApop(const QByteArray &args)
{
    const QList<QByteArray> parts = args.split(' ');
    if (!m_config.apopSecret || m_banner.isEmpty()) {
        sendLine("-ERR APOP not supported");
        return;
    }
    if (parts.size() != 2 || parts[1].size() != 32) {
        sendLine("-ERR Usage: APOP name digest");
        return;
    }
    const QByteArray secret = m_config.apopSecret(parts[0]);
    const QByteArray expected = QCryptographicHash::hash(m_banner + secret, QCryptographicHash::Md5).toHex();
    if (secret.isEmpty() || expected != parts[1].toLower()) {
        loginFailed("-ERR [AUTH] Invalid login or digest");
        return;
    }
    loginSucceeded(m_credentials.canonicalAccount(parts[0]));
}

void Pop3ServerSession::loginFailed(const QByteArray &reply)
{
    ++m_authFailures;
    notice("login failed (" + QByteArray::number(m_authFailures) + " of at most "
           + QByteArray::number(m_config.maxAuthFailures) + ")");
    if (m_config.authFailureDelayMs <= 0) {
        m_delayedReply = reply;
        m_delaying = true;
        timeout();
        return;
    }
    // Held back until the adapter's timer calls timeout(); pipelined commands wait behind it.
    m_delayedReply = reply;
    m_delaying = true;
}

void Pop3ServerSession::loginSucceeded(const QByteArray &account)
{
    const QString name = QString::fromUtf8(account);
    m_lock = m_store.lockMaildrop(name);
    if (!m_lock) {
        // RFC 2449 §8.1.1 / RFC 1939 §8: the maildrop is already locked by another session.
        sendLine("-ERR [IN-USE] Maildrop of " + account + " is already locked by another session");
        return;
    }
    const QList<StoredMessage> listed = m_store.messages(name, inbox);
    m_entries.clear();
    m_entries.reserve(listed.size());
    for (const StoredMessage &m : listed)
        m_entries.push_back(Entry{m.uid, m.size, m.uniqueId, false});
    m_account = account;
    m_state = State::Transaction;
    qint64 octets = 0;
    for (const Entry &e : m_entries)
        octets += e.size;
    notice("maildrop of " + account + " locked");
    sendLine("+OK " + account + " has " + QByteArray::number(qsizetype(m_entries.size())) + " messages ("
             + QByteArray::number(octets) + " octets)");
}

void Pop3ServerSession::handleTransaction(const QByteArray &verb, const QByteArray &args)
{
    if (verb == "STAT") {
        stat();
    } else if (verb == "LIST") {
        list(args, false);
    } else if (verb == "UIDL") {
        list(args, true);
    } else if (verb == "RETR") {
        retrieve(args, false);
    } else if (verb == "TOP") {
        retrieve(args, true);
    } else if (verb == "DELE") {
        dele(args);
    } else if (verb == "RSET") {
        rset();
    } else if (verb == "NOOP") {
        sendLine("+OK");
    }
}

void Pop3ServerSession::stat()
{
    qsizetype count = 0;
    qint64 octets = 0;
    for (const Entry &e : m_entries) {
        if (!e.deleted) {
            ++count;
            octets += e.size;
        }
    }
    sendLine("+OK " + QByteArray::number(count) + ' ' + QByteArray::number(octets));
}

int Pop3ServerSession::messageIndex(QByteArrayView arg)
{
    const auto number = pop3::parseNumber(arg);
    if (!number) {
        sendLine("-ERR Invalid message number");
        return -1;
    }
    if (*number < 1 || *number > m_entries.size()) {
        sendLine("-ERR No such message");
        return -1;
    }
    const int index = int(*number - 1);
    if (m_entries[index].deleted) {
        sendLine("-ERR Message " + QByteArray::number(index + 1) + " already deleted");
        return -1;
    }
    return index;
}

void Pop3ServerSession::list(const QByteArray &args, bool uidl)
{
    auto describe = [&](int index) {
        const Entry &e = m_entries[index];
        return QByteArray::number(index + 1) + ' ' + (uidl ? e.uniqueId : QByteArray::number(e.size));
    };
    if (!args.isEmpty()) {
        const int index = messageIndex(args);
        if (index >= 0)
            sendLine("+OK " + describe(index));
        return;
    }
    qsizetype count = 0;
    qint64 octets = 0;
    for (const Entry &e : m_entries) {
        if (!e.deleted) {
            ++count;
            octets += e.size;
        }
    }
    sendLine(uidl ? QByteArray("+OK Unique-ID listing follows")
                  : "+OK " + QByteArray::number(count) + " messages (" + QByteArray::number(octets) + " octets)");
    for (int i = 0; i < int(m_entries.size()); ++i) {
        if (!m_entries[i].deleted)
            sendLine(describe(i));
    }
    sendLine(".");
}

void Pop3ServerSession::retrieve(const QByteArray &args, bool top)
{
    std::optional<quint64> bodyLines;
    QByteArray numberArg = args;
    if (top) {
        const QList<QByteArray> parts = args.split(' ');
        if (parts.size() != 2 || parts[0].isEmpty()) {
            sendLine("-ERR Usage: TOP message lines");
            return;
        }
        bodyLines = pop3::parseNumber(parts[1]);
        if (!bodyLines) {
            sendLine("-ERR Invalid number of lines");
            return;
        }
        numberArg = parts[0];
    } else if (args.isEmpty()) {
        sendLine("-ERR Usage: RETR message");
        return;
    }
    const int index = messageIndex(numberArg);
    if (index < 0)
        return;
    const Entry &e = m_entries[index];
    const auto bytes = m_store.messageBytes(QString::fromUtf8(m_account), inbox, e.uid);
    if (!bytes) {
        // RFC 2449 §8.1.2 [SYS/TEMP]: a problem on the server side, not the client's fault.
        sendLine("-ERR [SYS/TEMP] Message " + QByteArray::number(index + 1) + " cannot be read");
        return;
    }
    // Told before the data flows: the world records the message reaching the user agent here.
    if (!top)
        notice("RETR uid " + QByteArray::number(e.uid));
    QByteArray first = top ? QByteArray("+OK Top of message follows")
                           : "+OK " + QByteArray::number(e.size) + " octets";
    sendMessageText(*bytes, first, bodyLines);
}

void Pop3ServerSession::sendMessageText(const QByteArray &bytes, QByteArray firstLine,
                                        std::optional<quint64> bodyLines)
{
    sendLine(firstLine);
    QByteArray out;
    pop3::appendMultiLine(out, bytes, bodyLines);
    sendRaw(out);
    if (m_config.recordMessageLines) {
        qsizetype pos = 0;
        while (pos < out.size()) {
            const qsizetype crlf = out.indexOf("\r\n", pos);
            recordSent(QByteArrayView(out).sliced(pos, crlf - pos));
            pos = crlf + 2;
        }
    } else {
        recordSent("<" + QByteArray::number(out.size()) + " octets of message text>");
        recordSent(".");
    }
}

void Pop3ServerSession::dele(const QByteArray &args)
{
    const int index = messageIndex(args);
    if (index < 0)
        return;
    m_entries[index].deleted = true;
    sendLine("+OK Message " + QByteArray::number(index + 1) + " marked for deletion");
}

void Pop3ServerSession::rset()
{
    qsizetype count = 0;
    qint64 octets = 0;
    for (Entry &e : m_entries) {
        e.deleted = false;
        ++count;
        octets += e.size;
    }
    sendLine("+OK Maildrop has " + QByteArray::number(count) + " messages (" + QByteArray::number(octets)
             + " octets)");
}

void Pop3ServerSession::quit()
{
    if (m_state != State::Transaction) {
        m_state = State::Closed;
        sendLine("+OK MailFlow POP3 server signing off");
        requestClose();
        return;
    }
    // UPDATE state (RFC 1939 §6): only now are the messages marked with DELE removed.
    QList<quint32> doomed;
    for (const Entry &e : m_entries) {
        if (e.deleted)
            doomed << e.uid;
    }
    const QList<quint32> removed =
        doomed.isEmpty() ? QList<quint32>() : m_store.expunge(QString::fromUtf8(m_account), inbox, doomed);
    m_state = State::Closed;
    // A message another session (IMAP) expunged meanwhile is gone as asked; only one still there failed.
    bool allGone = true;
    for (quint32 uid : std::as_const(doomed)) {
        if (!removed.contains(uid) && m_store.message(QString::fromUtf8(m_account), inbox, uid))
            allGone = false;
    }
    const qsizetype left = qsizetype(m_entries.size()) - doomed.size();
    if (!allGone) {
        sendLine("-ERR [SYS/TEMP] Some deleted messages were not removed");
    } else {
        if (!removed.isEmpty()) {
            for (quint32 uid : removed)
                notice("EXPUNGE uid " + QByteArray::number(uid));
            notice("UPDATE: " + QByteArray::number(removed.size()) + " message(s) removed from the maildrop");
        }
        sendLine("+OK MailFlow POP3 server signing off (" + QByteArray::number(left) + " messages left)");
    }
    m_lock.reset();
    requestClose();
}

} // namespace mf
