#include "SmtpServerSession.h"

#include "SmtpTraceHeader.h"

namespace mf::smtp {

namespace {

const QByteArray kUsername = QByteArray("Username:").toBase64();
const QByteArray kPassword = QByteArray("Password:").toBase64();

} // namespace

SmtpServerSession::SmtpServerSession(SmtpServerConfig config, SmtpMessageSink *sink,
                                     const SmtpRecipientPolicy *policy, const CredentialChecker *credentials,
                                     QHostAddress peerAddress, QByteArray sessionId)
    : ProtocolSession(Role::Server),
      m_config(std::move(config)),
      m_sink(sink),
      m_policy(policy),
      m_credentials(credentials),
      m_peerAddress(std::move(peerAddress)),
      m_sessionId(std::move(sessionId)),
      m_reader(m_config.maxAuthLine)
{
}

SmtpServerSession::~SmtpServerSession() = default;

void SmtpServerSession::start()
{
    // §4.2: the greeting carries no enhanced status code (RFC 2034 §3).
    sendLine(QByteArray("220 ") + m_config.hostName + " ESMTP MailFlow");
}

void SmtpServerSession::refuse()
{
    // §3.8, §4.2.2: a server that cannot take the connection now answers it with 421 instead of 220 and
    // closes it; the client tries again later.
    reply(421, "4.7.0", m_config.hostName + " Too many connections, try again later");
    setState(State::Closed);
    requestClose();
}

void SmtpServerSession::feed(QByteArrayView bytes)
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::StartingTls) {
        // Plaintext after STARTTLS and before the handshake is never interpreted (RFC 3207 §4.2).
        notice("discarded " + QByteArray::number(bytes.size()) + " bytes received while starting TLS");
        return;
    }
    m_reader.append(bytes);
    m_inFeed = true;
    processInput();
    m_inFeed = false;
}

void SmtpServerSession::processInput()
{
    if (m_processing)
        return;
    m_processing = true;
    for (;;) {
        // PIPELINING (RFC 2920 §3.2): answer in order, and keep whatever is still buffered while a
        // reply is pending on the sink.
        if (m_state == State::WaitingForCommit || m_state == State::StartingTls || m_state == State::Closed)
            break;
        QByteArray line;
        const LineReader::Result result = m_reader.next(line);
        if (result == LineReader::Result::NeedMore)
            break;
        countInput(); // a whole line, command or DATA: the idle timer starts again
        switch (m_state) {
        case State::ReceivingData:
            handleDataLine(result, line);
            break;
        case State::Authenticating:
            handleAuthResponse(result, line);
            break;
        case State::Connected:
        case State::Greeted:
        case State::MailGiven:
        case State::RecipientsGiven:
            handleCommandLine(result, line);
            break;
        case State::WaitingForCommit:
        case State::StartingTls:
        case State::Closed:
            break;
        }
    }
    m_processing = false;
}

void SmtpServerSession::setState(State state)
{
    m_state = state;
    // In DATA the limit is the text line (§4.5.3.1.6); otherwise the reader admits up to the AUTH line
    // limit (RFC 4954 §4) and handleCommandLine applies the command limit to everything but AUTH.
    m_reader.setLimit(state == State::ReceivingData ? m_config.maxTextLine : m_config.maxAuthLine);
}

void SmtpServerSession::reply(int code, QByteArray enhanced, QByteArray text)
{
    reply(SmtpReply(code, std::move(enhanced), std::move(text)));
}

void SmtpServerSession::reply(const SmtpReply &r)
{
    for (const QByteArray &line : r.toLines())
        sendLine(line);
}

void SmtpServerSession::resetTransaction()
{
    m_mailFrom.clear();
    m_bodyType.clear();
    m_recipients.clear();
    m_data.clear();
    m_dataSize = 0;
    m_dataTooBig = false;
    m_dataLineTooLong = false;
    if (inTransaction() || m_state == State::ReceivingData || m_state == State::WaitingForCommit)
        setState(m_helo.isEmpty() ? State::Connected : State::Greeted);
}

void SmtpServerSession::handleCommandLine(LineReader::Result result, const QByteArray &line)
{
    if (result == LineReader::Result::TooLong) {
        recordReceived("<command line longer than " + QByteArray::number(m_config.maxAuthLine) + " octets>");
        // §4.5.3.1.10 names "500 Line too long" as the reply; RFC 3463 has no detail code for it, so it
        // gets the generic syntax code 5.5.2. The line was consumed to its CRLF and the session goes on.
        reply(500, "5.5.2", "Line too long");
        return;
    }
    recordReceived(line);
    const SmtpCommand command = SmtpCommandParser::parseCommand(line);
    if (command.verb != "AUTH" && line.size() + 2 > m_config.maxCommandLine) {
        reply(500, "5.5.2", "Line too long");
        return;
    }

    const auto noArgument = [&](const char *syntax) {
        if (!command.hasArgument)
            return true;
        // §4.1.1.5, §4.1.1.9, §4.1.1.10 (RSET, DATA, QUIT take no parameters); §4.3.2 says 501.
        reply(501, "5.5.4", QByteArray("Syntax: ") + syntax);
        return false;
    };

    const QByteArray &verb = command.verb;
    if (verb == "EHLO") {
        onEhlo(command, true);
    } else if (verb == "HELO") {
        onEhlo(command, false);
    } else if (verb == "MAIL") {
        onMail(command);
    } else if (verb == "RCPT") {
        onRcpt(command);
    } else if (verb == "DATA") {
        if (noArgument("DATA"))
            onData(command);
    } else if (verb == "RSET") {
        if (noArgument("RSET")) {
            resetTransaction();
            reply(250, "2.0.0", "Ok");
        }
    } else if (verb == "NOOP") {
        reply(250, "2.0.0", "Ok"); // §4.1.1.9: a parameter string is allowed and ignored
    } else if (verb == "QUIT") {
        if (noArgument("QUIT")) {
            reply(221, "2.0.0", "Bye");
            setState(State::Closed);
            requestClose();
        }
    } else if (verb == "VRFY") {
        if (!command.hasArgument)
            reply(501, "5.5.4", "Syntax: VRFY address");
        else // §3.5.3: 252 when we neither confirm nor deny, and will still accept mail for it.
            reply(252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery");
    } else if (verb == "EXPN") {
        reply(502, "5.5.1", "Error: EXPN not supported");
    } else if (verb == "HELP") {
        reply(SmtpReply(214, "2.0.0", QByteArrayList{
            "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP STARTTLS AUTH",
            "See RFC 5321 for their syntax"}));
    } else if (verb == "STARTTLS") {
        onStartTls(command);
    } else if (verb == "AUTH") {
        if (line.size() + 2 > m_config.maxAuthLine)
            reply(500, "5.5.6", "Authentication Exchange line is too long");
        else
            onAuth(command);
    } else if (verb.isEmpty()) {
        reply(500, "5.5.2", "Error: bad syntax");
    } else {
        // §3.8/§4.2.4: unrecognised command, 500, and the connection stays open.
        reply(500, "5.5.2", "Error: command not recognized");
    }
}

void SmtpServerSession::onEhlo(const SmtpCommand &command, bool extended)
{
    // RFC 2034 §3: EHLO/HELO replies carry no enhanced codes. A failing EHLO leaves the state unchanged
    // (§4.1.4), so every check comes before any change.
    const QByteArray syntax = extended ? "501 Syntax: EHLO hostname" : "501 Syntax: HELO hostname";
    if (!command.hasArgument || command.argument.contains(' ')) {
        sendLine(syntax);
        return;
    }
    if (!SmtpCommandParser::isValidHeloName(command.argument)) {
        // §4.1.2: invalid characters in the domain must be rejected with 501.
        sendLine("501 Invalid " + QByteArray(extended ? "EHLO" : "HELO") + " name");
        return;
    }
    // A later EHLO/HELO acts as RSET (§4.1.4).
    resetTransaction();
    m_helo = command.argument;
    m_extended = extended;
    setState(State::Greeted);
    if (!extended) {
        // §3.2: never the extended response to HELO.
        sendLine("250 " + m_config.hostName);
        return;
    }
    QByteArrayList lines{m_config.hostName, "PIPELINING", "SIZE " + QByteArray::number(m_config.maxMessageSize)};
    if (m_config.offerStartTls && !isTls())
        lines.append("STARTTLS"); // never after TLS (RFC 3207 §4.2)
    if (authOffered())
        lines.append("AUTH PLAIN LOGIN"); // plaintext mechanisms only under TLS (RFC 4954 §4, §14)
    lines.append("ENHANCEDSTATUSCODES");
    lines.append("8BITMIME");
    reply(SmtpReply(250, {}, lines));
}

void SmtpServerSession::onMail(const SmtpCommand &command)
{
    if (m_helo.isEmpty()) {
        reply(503, "5.5.1", "Error: send HELO/EHLO first");
        return;
    }
    if (inTransaction()) {
        reply(503, "5.5.1", "Error: nested MAIL command"); // §4.1.4
        return;
    }
    if (m_config.requireAuth && m_authUser.isEmpty()) {
        // RFC 6409 §4.3 (submission requires authentication); RFC 4954 §6 for the code.
        if (!isTls() && m_config.offerStartTls)
            reply(530, "5.7.0", "Must issue a STARTTLS command first");
        else
            reply(530, "5.7.0", "Authentication required");
        return;
    }
    const SmtpPathArgument path = SmtpCommandParser::parsePath(command.argument, "FROM:", true, false);
    switch (path.error) {
    case SmtpPathArgument::Error::None:
        break;
    case SmtpPathArgument::Error::Syntax:
        reply(501, "5.5.2", "Syntax: MAIL FROM:<address>");
        return;
    case SmtpPathArgument::Error::BadAddress:
        reply(501, "5.1.7", "Bad sender address syntax");
        return;
    case SmtpPathArgument::Error::LocalPartTooLong:
    case SmtpPathArgument::Error::DomainTooLong:
    case SmtpPathArgument::Error::PathTooLong:
        reply(501, "5.1.7", "Path too long"); // §4.5.3.1.10
        return;
    }
    QByteArray bodyType;
    for (const SmtpParameter &p : path.parameters) {
        if (p.keyword == "SIZE") {
            bool ok = false;
            const qint64 declared = p.value.toLongLong(&ok);
            if (!ok || declared < 0) {
                reply(501, "5.5.4", "Bad SIZE parameter");
                return;
            }
            if (declared > m_config.maxMessageSize) {
                reply(552, "5.3.4", "Message size exceeds fixed limit"); // RFC 1870 §6.1
                return;
            }
        } else if (p.keyword == "BODY") {
            bodyType = p.value.toUpper();
            if (bodyType != "7BIT" && bodyType != "8BITMIME") {
                reply(501, "5.5.4", "Unsupported BODY type"); // RFC 6152 §2
                return;
            }
        } else if (p.keyword == "AUTH" && authOffered()) {
            // RFC 4954 §5: accepted; we do not trust another MTA's claim, so it is not recorded.
        } else {
            reply(555, "5.5.4", "Unsupported option: " + p.keyword); // §4.1.1.11
            return;
        }
    }
    m_mailFrom = path.address;
    m_bodyType = bodyType;
    m_recipients.clear();
    setState(State::MailGiven);
    reply(250, "2.1.0", "Ok");
}

void SmtpServerSession::onRcpt(const SmtpCommand &command)
{
    if (!inTransaction()) {
        reply(503, "5.5.1", "Error: need MAIL command"); // §3.3
        return;
    }
    const SmtpPathArgument path = SmtpCommandParser::parsePath(command.argument, "TO:", false, true);
    switch (path.error) {
    case SmtpPathArgument::Error::None:
        break;
    case SmtpPathArgument::Error::Syntax:
        reply(501, "5.5.2", "Syntax: RCPT TO:<address>");
        return;
    case SmtpPathArgument::Error::BadAddress:
        reply(501, "5.1.3", "Bad recipient address syntax");
        return;
    case SmtpPathArgument::Error::LocalPartTooLong:
    case SmtpPathArgument::Error::DomainTooLong:
    case SmtpPathArgument::Error::PathTooLong:
        reply(501, "5.1.3", "Path too long"); // §4.5.3.1.10
        return;
    }
    if (!path.parameters.isEmpty()) {
        reply(555, "5.5.4", "Unsupported option: " + path.parameters.front().keyword);
        return;
    }
    if (m_recipients.size() >= m_config.maxRecipients) {
        reply(452, "4.5.3", "Too many recipients"); // §4.5.3.1.10: 452, not 552
        return;
    }
    const QByteArray &address = path.address;
    const bool postmaster = SmtpCommandParser::localPart(address).compare("postmaster", Qt::CaseInsensitive) == 0;
    const bool bareAddress = !address.contains('@');
    using Decision = SmtpRecipientPolicy::Decision;
    Decision decision = Decision::Accept;
    if (bareAddress) {
        decision = Decision::Accept; // <postmaster> without a domain (§4.1.1.3); the parser allows only it
    } else if (m_policy) {
        decision = m_policy->check(address, !m_authUser.isEmpty());
        // §4.5.1: postmaster at any domain we serve is always accepted.
        if (postmaster && decision == Decision::UnknownUser)
            decision = Decision::Accept;
    }
    switch (decision) {
    case Decision::Accept:
        m_recipients.append(address);
        setState(State::RecipientsGiven);
        reply(250, "2.1.5", "Ok");
        break;
    case Decision::UnknownUser:
        reply(550, "5.1.1", '<' + address + ">: Recipient address rejected: User unknown");
        break;
    case Decision::RelayDenied:
        reply(554, "5.7.1", '<' + address + ">: Relay access denied");
        break;
    case Decision::TemporaryFailure:
        reply(451, "4.3.0", '<' + address + ">: Temporary lookup failure");
        break;
    }
}

void SmtpServerSession::onData(const SmtpCommand &)
{
    // §3.3: DATA with no valid recipient gets 503 or 554. Like Postfix: 503 without a transaction,
    // 554 when MAIL was given but every RCPT failed.
    if (m_state == State::MailGiven) {
        reply(554, "5.5.1", "Error: no valid recipients");
        return;
    }
    if (m_state != State::RecipientsGiven) {
        reply(503, "5.5.1", "Error: need RCPT command");
        return;
    }
    m_data.clear();
    m_dataSize = 0;
    m_dataTooBig = false;
    m_dataLineTooLong = false;
    setState(State::ReceivingData);
    sendLine("354 End data with <CR><LF>.<CR><LF>");
}

void SmtpServerSession::handleDataLine(LineReader::Result result, const QByteArray &line)
{
    if (result == LineReader::Result::TooLong) {
        recordReceived("<text line longer than " + QByteArray::number(m_config.maxTextLine) + " octets>");
        m_dataLineTooLong = true;
        return;
    }
    recordReceived(line);
    if (line == ".") {
        finishData();
        return;
    }
    // §4.5.2: remove one leading dot. Only CRLF ends lines, so "\n.\n" inside a line stays content.
    const qsizetype skip = line.startsWith('.') ? 1 : 0;
    const qint64 added = line.size() - skip + 2;
    m_dataSize += added;
    if (m_dataSize > m_config.maxMessageSize) {
        m_dataTooBig = true; // keep reading to the end of the data, then refuse (RFC 1870 §6.3)
        m_data.clear();
        return;
    }
    m_data.append(line.constData() + skip, line.size() - skip);
    m_data.append("\r\n", 2);
}

void SmtpServerSession::finishData()
{
    if (m_dataTooBig) {
        resetTransaction();
        reply(552, "5.3.4", "Message size exceeds fixed maximum message size");
        return;
    }
    if (m_dataLineTooLong) {
        // §4.5.3.1.6: a text line is at most 1000 octets with its CRLF. We read to the end of the data so
        // the stream stays in step, then refuse the whole message rather than alter it.
        resetTransaction();
        reply(554, "5.6.0", "Message refused: a text line is longer than 1000 octets (RFC 5321 4.5.3.1.6)");
        return;
    }
    ++m_transactions;
    SmtpMessage message;
    message.mailFrom = m_mailFrom;
    message.recipients = m_recipients;
    message.helo = m_helo;
    message.peerAddress = m_peerAddress;
    message.tls = isTls();
    message.authUser = m_authUser;
    message.bodyType = m_bodyType;
    message.transactionId = m_sessionId + '.' + QByteArray::number(m_transactions);
    message.receivedAt = m_clock ? m_clock() : QDateTime::fromSecsSinceEpoch(0, Qt::UTC);

    SmtpTraceHeader trace;
    trace.heloName = m_helo;
    trace.peerHostName = m_peerHostName;
    trace.peerAddress = m_peerAddress;
    trace.byHost = m_config.hostName;
    trace.protocol = receivedProtocol();
    trace.id = message.transactionId;
    if (m_recipients.size() == 1)
        trace.forRecipient = m_recipients.front();
    trace.date = message.receivedAt;
    message.data = trace.toField() + m_data;
    m_data.clear();

    setState(State::WaitingForCommit);
    if (!m_sink) {
        completeCommit(CommitResult::failed(451, "4.3.0", "Error: no message store"));
        return;
    }
    const std::weak_ptr<char> alive = m_alive;
    m_sink->commit(message, [this, alive](const CommitResult &result) {
        if (alive.expired())
            return; // the connection went away while the store was writing
        completeCommit(result);
    });
}

void SmtpServerSession::completeCommit(const CommitResult &result)
{
    if (m_state != State::WaitingForCommit)
        return;
    if (result.ok) {
        notice("message committed as " + result.queueId);
        reply(250, "2.0.0", "Ok: queued as " + result.queueId);
    } else {
        notice("message not committed: " + result.text);
        reply(result.code, result.enhanced, result.text);
    }
    resetTransaction();
    processInput(); // pipelined commands that arrived meanwhile
    if (!m_inFeed && m_outputReady)
        m_outputReady();
}

QByteArray SmtpServerSession::receivedProtocol() const
{
    // RFC 3848 "with" keywords.
    if (!m_extended)
        return "SMTP";
    QByteArray p = "ESMTP";
    if (isTls())
        p += 'S';
    if (!m_authUser.isEmpty())
        p += 'A';
    return p;
}

void SmtpServerSession::onStartTls(const SmtpCommand &command)
{
    if (command.hasArgument) {
        reply(501, "5.5.4", "Syntax: STARTTLS"); // RFC 3207 §4
        return;
    }
    if (isTls()) {
        // RFC 3207 §4.2: not offered once TLS is active, so it is out of sequence here.
        reply(503, "5.5.1", "Error: TLS already active");
        return;
    }
    if (!m_config.offerStartTls) {
        reply(502, "5.5.1", "Error: command not implemented");
        return;
    }
    reply(220, "2.0.0", "Ready to start TLS");
    // RFC 3207 §4.2: forget everything the client said, and never act on bytes it sent after the
    // STARTTLS line before the handshake (the CVE-2011-0411 plaintext injection).
    if (const qsizetype pending = m_reader.buffered(); pending > 0)
        notice("discarded " + QByteArray::number(pending) + " bytes sent after STARTTLS before the TLS handshake");
    m_reader.clear();
    resetTransaction();
    m_helo.clear();
    m_extended = false;
    m_authUser.clear();
    setState(State::StartingTls);
    requestTls();
}

void SmtpServerSession::tlsEstablished()
{
    ProtocolSession::tlsEstablished();
    if (m_state == State::StartingTls) {
        m_reader.clear();
        setState(State::Connected); // the client must send EHLO again
    }
}

void SmtpServerSession::onAuth(const SmtpCommand &command)
{
    if (!m_config.offerAuth) {
        reply(502, "5.5.1", "Error: authentication not enabled");
        return;
    }
    if (!isTls()) {
        // Plaintext mechanisms are never offered nor accepted without TLS (RFC 4954 §4, §6).
        reply(538, "5.7.11", "Encryption required for requested authentication mechanism");
        return;
    }
    if (m_helo.isEmpty()) {
        reply(503, "5.5.1", "Error: send EHLO first");
        return;
    }
    if (!m_authUser.isEmpty()) {
        reply(503, "5.5.1", "Error: already authenticated"); // RFC 4954 §4
        return;
    }
    if (inTransaction()) {
        reply(503, "5.5.1", "Error: MAIL transaction in progress"); // RFC 4954 §4
        return;
    }
    if (!command.hasArgument) {
        reply(501, "5.5.4", "Syntax: AUTH mechanism");
        return;
    }
    const QList<QByteArray> words = command.argument.split(' ');
    if (words.size() > 2) {
        reply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
        return;
    }
    const QByteArray mechanism = words[0].toUpper();
    const bool hasInitial = words.size() == 2;
    if (mechanism != "PLAIN" && mechanism != "LOGIN") {
        reply(504, "5.5.4", "Unrecognized authentication type"); // RFC 4954 §4
        return;
    }
    if (!m_credentials) {
        reply(454, "4.7.0", "Temporary authentication failure");
        return;
    }
    QByteArray decoded;
    if (hasInitial) {
        // "=" is an empty initial response (RFC 4954 §4); "*" cancels only as a reply to a challenge.
        if (words[1] != "=") {
            auto r = QByteArray::fromBase64Encoding(words[1], QByteArray::AbortOnBase64DecodingErrors);
            if (!r) {
                reply(501, "5.5.2", "Cannot decode response");
                return;
            }
            decoded = *r;
        }
    }
    if (mechanism == "PLAIN") {
        if (hasInitial) {
            finishPlain(decoded);
            return;
        }
        m_authStep = AuthStep::PlainResponse;
        setState(State::Authenticating);
        sendLine("334 "); // RFC 4954 §4: an empty challenge is "334" SP
        return;
    }
    if (hasInitial) {
        m_loginUser = decoded;
        m_authStep = AuthStep::LoginPassword;
        setState(State::Authenticating);
        sendLine("334 " + kPassword);
        return;
    }
    m_authStep = AuthStep::LoginUser;
    setState(State::Authenticating);
    sendLine("334 " + kUsername);
}

bool SmtpServerSession::decodeSaslResponse(const QByteArray &line, QByteArray &decoded)
{
    if (line == "*") {
        setState(State::Greeted);
        reply(501, "5.0.0", "Authentication cancelled"); // RFC 4954 §4
        return false;
    }
    auto r = QByteArray::fromBase64Encoding(line, QByteArray::AbortOnBase64DecodingErrors);
    if (!r) {
        setState(State::Greeted);
        reply(501, "5.5.2", "Cannot decode response");
        return false;
    }
    decoded = *r;
    return true;
}

void SmtpServerSession::handleAuthResponse(LineReader::Result result, const QByteArray &line)
{
    if (result == LineReader::Result::TooLong) {
        recordReceived("<authentication line too long>");
        setState(State::Greeted);
        reply(500, "5.5.6", "Authentication Exchange line is too long"); // RFC 4954 §4
        return;
    }
    recordReceived(line);
    QByteArray decoded;
    if (!decodeSaslResponse(line, decoded))
        return;
    switch (m_authStep) {
    case AuthStep::PlainResponse:
        setState(State::Greeted);
        finishPlain(decoded);
        break;
    case AuthStep::LoginUser:
        m_loginUser = decoded;
        m_authStep = AuthStep::LoginPassword;
        sendLine("334 " + kPassword);
        break;
    case AuthStep::LoginPassword:
        setState(State::Greeted);
        if (m_credentials->checkPassword(m_loginUser, decoded))
            authSucceeded(m_loginUser);
        else
            reply(535, "5.7.8", "Authentication credentials invalid");
        m_loginUser.clear();
        break;
    }
}

void SmtpServerSession::finishPlain(const QByteArray &decoded)
{
    // RFC 4616 §2: [authzid] NUL authcid NUL passwd.
    const QList<QByteArray> parts = decoded.split('\0');
    if (parts.size() != 3 || parts[1].isEmpty()) {
        reply(535, "5.7.8", "Authentication credentials invalid");
        return;
    }
    const QByteArray &authzid = parts[0];
    const QByteArray &authcid = parts[1];
    const bool identityOk = authzid.isEmpty() || authzid == authcid
        || m_credentials->canonicalAccount(authzid) == m_credentials->canonicalAccount(authcid);
    if (!identityOk || !m_credentials->checkPassword(authcid, parts[2])) {
        reply(535, "5.7.8", "Authentication credentials invalid");
        return;
    }
    authSucceeded(authcid);
}

void SmtpServerSession::authSucceeded(const QByteArray &login)
{
    m_authUser = m_credentials->canonicalAccount(login);
    if (m_authUser.isEmpty())
        m_authUser = login;
    notice("authenticated as " + m_authUser);
    reply(235, "2.7.0", "Authentication successful");
}

void SmtpServerSession::connectionLost()
{
    if (m_state == State::WaitingForCommit)
        notice("connection lost while the message was being committed");
    setState(State::Closed);
}

void SmtpServerSession::timeout()
{
    if (m_state == State::Closed)
        return;
    error("idle timeout");
    reply(421, "4.4.2", m_config.hostName + " Error: timeout exceeded"); // §3.8, §4.5.3.2.7
    setState(State::Closed);
    requestClose();
}

int SmtpServerSession::pendingTimeoutMs() const
{
    switch (m_state) {
    case State::WaitingForCommit: // our turn, not the client's
    case State::StartingTls:      // the adapter times the handshake
    case State::Closed:
        return 0;
    default:
        return m_config.idleTimeoutMs;
    }
}

} // namespace mf::smtp
