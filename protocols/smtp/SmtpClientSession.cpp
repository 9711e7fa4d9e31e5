#include "SmtpClientSession.h"

namespace mf {

namespace {

bool hasEightBit(const QByteArray &data)
{
    for (char c : data) {
        if (static_cast<unsigned char>(c) & 0x80)
            return true;
    }
    return false;
}

} // namespace

SmtpClientSession::SmtpClientSession(SmtpClientConfig config, QList<SmtpOutgoingMessage> messages)
    : ProtocolSession(Role::Client),
      m_config(std::move(config)),
      m_messages(std::move(messages)),
      m_reader(m_config.maxReplyLine)
{
    m_results.resize(m_messages.size());
}

QByteArray SmtpClientSession::encodeData(QByteArrayView data)
{
    QByteArray out;
    out.reserve(data.size() + data.size() / 32 + 4);
    bool lineStart = true;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (c == '\r' || c == '\n') {
            // CRLF stays; a bare CR or bare LF becomes CRLF: a client MUST NOT send either alone (§2.3.8).
            if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n')
                ++i;
            out.append("\r\n", 2);
            lineStart = true;
            continue;
        }
        if (lineStart && c == '.')
            out.append('.'); // §4.5.2 transparency
        out.append(c);
        lineStart = false;
    }
    if (!lineStart)
        out.append("\r\n", 2);
    return out;
}

void SmtpClientSession::feed(QByteArrayView bytes)
{
    if (m_state == State::Done || m_state == State::TlsHandshake)
        return;
    m_reader.append(bytes);
    QByteArray line;
    while (m_state != State::Done && m_state != State::TlsHandshake) {
        const LineReader::Result r = m_reader.next(line);
        if (r == LineReader::Result::NeedMore)
            return;
        if (r == LineReader::Result::TooLong) {
            error(QByteArrayLiteral("reply line longer than ") + QByteArray::number(m_config.maxReplyLine)
                  + QByteArrayLiteral(" octets"));
            failAll(SmtpSendResult::Outcome::ConnectionFailure, {}, QByteArrayLiteral("reply line too long"));
            closeNow();
            return;
        }
        recordReceived(line);
        switch (m_parser.feedLine(line)) {
        case SmtpReplyParser::Status::Incomplete:
            break;
        case SmtpReplyParser::Status::Malformed:
            error(QByteArrayLiteral("not an SMTP reply: ") + line.left(80));
            failAll(SmtpSendResult::Outcome::ConnectionFailure, {}, QByteArrayLiteral("garbled reply from the server"));
            closeNow();
            return;
        case SmtpReplyParser::Status::Complete:
            handleReply(m_parser.takeReply());
            break;
        }
    }
    // STARTTLS accepted: whatever else arrived in plaintext is discarded (RFC 3207 §4.2, CVE-2011-0411).
    if (m_state == State::TlsHandshake) {
        m_reader.clear();
        m_parser.reset();
    }
}

void SmtpClientSession::handleReply(const SmtpReply &reply)
{
    // 421: the server is closing the channel, whatever we asked (RFC 5321 §3.8).
    if (reply.code == 421 && m_state != State::Quit) {
        failAll(SmtpSendResult::Outcome::TemporaryFailure, reply, QByteArrayLiteral("the server is closing the connection"));
        closeNow();
        return;
    }
    switch (m_state) {
    case State::Greeting: onGreeting(reply); break;
    case State::Ehlo: onEhlo(reply); break;
    case State::Helo: onHelo(reply); break;
    case State::StartTls: onStartTls(reply); break;
    case State::AuthPlain:
    case State::AuthLogin:
    case State::AuthLoginUser:
    case State::AuthLoginPassword: onAuth(reply); break;
    case State::Transaction: onTransactionReply(reply); break;
    case State::DataBody: onDataEnd(reply); break;
    case State::Rset:
        if (reply.isPositive()) {
            startNextMessage();
        } else {
            failAll(outcomeOf(reply), reply, QByteArrayLiteral("RSET refused"));
            quit();
        }
        break;
    case State::Quit: closeNow(); break;
    case State::TlsHandshake:
    case State::Done: break;
    }
}

void SmtpClientSession::onGreeting(const SmtpReply &reply)
{
    if (reply.code == 220) {
        sendLine(QByteArrayLiteral("EHLO ") + m_config.clientHost);
        m_state = State::Ehlo;
        return;
    }
    // §3.1: a 554 greeting still expects QUIT.
    failAll(outcomeOf(reply), reply, QByteArrayLiteral("the server refused the connection"));
    quit();
}

void SmtpClientSession::onEhlo(const SmtpReply &reply)
{
    if (reply.code == 250) {
        readExtensions(reply);
        afterGreetingExchange();
    } else if (reply.code == 500 || reply.code == 502) {
        sendLine(QByteArrayLiteral("HELO ") + m_config.clientHost); // §3.2: an old server
        m_state = State::Helo;
    } else {
        failAll(outcomeOf(reply), reply, QByteArrayLiteral("EHLO refused"));
        quit();
    }
}

void SmtpClientSession::onHelo(const SmtpReply &reply)
{
    if (reply.code == 250) {
        m_extensions.clear();
        m_heloOnly = true;
        afterGreetingExchange();
    } else {
        failAll(outcomeOf(reply), reply, QByteArrayLiteral("HELO refused"));
        quit();
    }
}

void SmtpClientSession::readExtensions(const SmtpReply &reply)
{
    m_extensions.clear();
    m_authMechanisms.clear();
    m_sizeLimit = 0;
    // The first line is the server's name; each further line is "KEYWORD params" (RFC 5321 §4.1.1.1).
    for (qsizetype i = 1; i < reply.lines.size(); ++i) {
        const QList<QByteArray> words = reply.lines[i].simplified().split(' ');
        const QByteArray keyword = words.first().toUpper();
        if (keyword.isEmpty())
            continue;
        m_extensions.insert(keyword);
        if (keyword == "SIZE" && words.size() > 1)
            m_sizeLimit = words[1].toLongLong(); // 0 or garbage: no fixed limit (RFC 1870 §4)
        if (keyword == "AUTH") {
            for (qsizetype w = 1; w < words.size(); ++w)
                m_authMechanisms.append(words[w].toUpper());
        }
    }
}

void SmtpClientSession::afterGreetingExchange()
{
    if (!isTls()) {
        if (hasExtension(QByteArrayLiteral("STARTTLS")) && (m_config.useStartTls || m_config.requireTls)) {
            sendLine(QByteArrayLiteral("STARTTLS"));
            m_state = State::StartTls;
            return;
        }
        if (m_config.requireTls) {
            error(QByteArrayLiteral("TLS is required but the server does not offer STARTTLS"));
            failAll(SmtpSendResult::Outcome::TlsFailure, {},
                    QByteArrayLiteral("TLS is required but the server does not offer STARTTLS"));
            quit();
            return;
        }
    }
    if (!m_config.username.isEmpty() && !m_authenticated) {
        startAuth();
        return;
    }
    startNextMessage();
}

void SmtpClientSession::onStartTls(const SmtpReply &reply)
{
    if (reply.code == 220) {
        m_state = State::TlsHandshake;
        requestTls();
        return;
    }
    if (m_config.requireTls) {
        error(QByteArrayLiteral("the server refused STARTTLS: ") + reply.summary());
        failAll(SmtpSendResult::Outcome::TlsFailure, reply, QByteArrayLiteral("the server refused STARTTLS"));
        quit();
        return;
    }
    notice(QByteArrayLiteral("STARTTLS refused; continuing without TLS"));
    m_extensions.remove(QByteArrayLiteral("STARTTLS"));
    afterGreetingExchange();
}

void SmtpClientSession::tlsEstablished()
{
    ProtocolSession::tlsEstablished();
    if (m_state != State::TlsHandshake)
        return; // implicit TLS: the greeting is still to come
    // RFC 3207 §4.2: forget what the server said before TLS and ask again.
    m_extensions.clear();
    m_authMechanisms.clear();
    m_sizeLimit = 0;
    m_reader.clear();
    m_parser.reset();
    sendLine(QByteArrayLiteral("EHLO ") + m_config.clientHost);
    m_state = State::Ehlo;
}

void SmtpClientSession::startAuth()
{
    if (!isTls() && !m_config.allowAuthWithoutTls) {
        error(QByteArrayLiteral("refusing to send credentials without TLS"));
        failAll(SmtpSendResult::Outcome::TlsFailure, {}, QByteArrayLiteral("refusing to send credentials without TLS"));
        quit();
        return;
    }
    if (m_authMechanisms.contains(QByteArrayLiteral("PLAIN"))) {
        // RFC 4616: authzid NUL authcid NUL passwd, sent as the initial response (RFC 4954 §4).
        const QByteArray token = (QByteArray(1, '\0') + m_config.username + '\0' + m_config.password).toBase64();
        sendCredentialLine(QByteArrayLiteral("AUTH PLAIN ") + token, QByteArrayLiteral("AUTH PLAIN <credentials hidden>"));
        m_state = State::AuthPlain;
    } else if (m_authMechanisms.contains(QByteArrayLiteral("LOGIN"))) {
        sendLine(QByteArrayLiteral("AUTH LOGIN"));
        m_state = State::AuthLogin;
    } else {
        error(QByteArrayLiteral("the server offers no AUTH mechanism we support (PLAIN, LOGIN)"));
        failAll(SmtpSendResult::Outcome::PermanentFailure, {},
                QByteArrayLiteral("the server offers no AUTH mechanism we support (PLAIN, LOGIN)"));
        quit();
    }
}

void SmtpClientSession::onAuth(const SmtpReply &reply)
{
    if (reply.code == 334 && m_state == State::AuthLogin) {
        sendCredentialLine(m_config.username.toBase64(), QByteArrayLiteral("<username hidden>"));
        m_state = State::AuthLoginUser;
        return;
    }
    if (reply.code == 334 && m_state == State::AuthLoginUser) {
        sendCredentialLine(m_config.password.toBase64(), QByteArrayLiteral("<password hidden>"));
        m_state = State::AuthLoginPassword;
        return;
    }
    if (reply.code == 235 && (m_state == State::AuthPlain || m_state == State::AuthLoginPassword)) {
        m_authenticated = true;
        notice(QByteArrayLiteral("authenticated as ") + m_config.username);
        startNextMessage();
        return;
    }
    if (reply.code == 334) {
        // A challenge we did not expect: cancel the exchange (RFC 4954 §4), then give up.
        sendLine(QByteArrayLiteral("*"));
        m_state = State::AuthLoginPassword; // the 501 that follows ends in failure below
        return;
    }
    error(QByteArrayLiteral("authentication failed: ") + reply.summary());
    failAll(outcomeOf(reply), reply, QByteArrayLiteral("authentication failed"));
    quit();
}

void SmtpClientSession::startNextMessage()
{
    while (++m_current < m_messages.size()) {
        const SmtpOutgoingMessage &msg = m_messages[m_current];
        m_encoded = encodeData(msg.data);
        if (msg.recipients.isEmpty()) {
            finishMessage(SmtpSendResult::Outcome::PermanentFailure, {}, QByteArrayLiteral("the message has no recipients"));
            continue;
        }
        if (m_sizeLimit > 0 && m_encoded.size() > m_sizeLimit) {
            // RFC 1870 §6: do not send what the server announced it will not take.
            finishMessage(SmtpSendResult::Outcome::PermanentFailure, {},
                          QByteArrayLiteral("the message (") + QByteArray::number(m_encoded.size())
                              + QByteArrayLiteral(" octets) exceeds the server's SIZE limit of ")
                              + QByteArray::number(m_sizeLimit));
            continue;
        }
        const bool eightBit = hasEightBit(m_encoded);
        if (eightBit && !hasExtension(QByteArrayLiteral("8BITMIME"))) {
            finishMessage(SmtpSendResult::Outcome::PermanentFailure, {},
                          QByteArrayLiteral("8-bit content, but the server does not offer 8BITMIME (RFC 6152)"));
            continue;
        }
        QByteArray mail = QByteArrayLiteral("MAIL FROM:<") + msg.from + '>';
        if (hasExtension(QByteArrayLiteral("SIZE")))
            mail += QByteArrayLiteral(" SIZE=") + QByteArray::number(m_encoded.size());
        if (eightBit)
            mail += QByteArrayLiteral(" BODY=8BITMIME");
        m_mailFailed = false;
        m_mailReply = {};
        m_discardingData = false;
        m_nextRcptReply = 0;
        m_pending.clear();
        m_state = State::Transaction;
        sendLine(mail);
        m_pending.push_back(Pending::Mail);
        m_pipelined = m_config.usePipelining && hasExtension(QByteArrayLiteral("PIPELINING"));
        if (m_pipelined) {
            // RFC 2920 §3.1: MAIL, every RCPT and DATA in one group; DATA ends it.
            for (qsizetype i = 0; i < msg.recipients.size(); ++i)
                sendRcpt(i);
            sendLine(QByteArrayLiteral("DATA"));
            m_pending.push_back(Pending::Data);
        }
        return;
    }
    quit();
}

void SmtpClientSession::sendRcpt(qsizetype index)
{
    sendLine(QByteArrayLiteral("RCPT TO:<") + m_messages[m_current].recipients[index] + '>');
    m_pending.push_back(Pending::Rcpt);
}

void SmtpClientSession::onTransactionReply(const SmtpReply &reply)
{
    if (m_pending.empty()) {
        error(QByteArrayLiteral("unexpected reply: ") + reply.summary());
        return;
    }
    const Pending what = m_pending.front();
    m_pending.pop_front();
    const bool pipelined = m_pipelined;
    const SmtpOutgoingMessage &msg = m_messages[m_current];
    SmtpSendResult &result = m_results[m_current];

    switch (what) {
    case Pending::Mail:
        m_mailReply = reply;
        m_mailFailed = !reply.isPositive();
        if (!pipelined) {
            if (m_mailFailed) {
                finishMessage(outcomeOf(reply), reply, QByteArrayLiteral("the sender was refused"));
                afterMessage(false);
            } else {
                sendRcpt(0);
            }
        }
        return;
    case Pending::Rcpt: {
        const QByteArray &address = msg.recipients[m_nextRcptReply++];
        if (reply.isPositive() && !m_mailFailed)
            result.accepted.append(address);
        else
            result.rejected.append({address, reply});
        if (pipelined)
            return;
        if (m_nextRcptReply < msg.recipients.size()) {
            sendRcpt(m_nextRcptReply);
        } else if (!result.accepted.isEmpty()) {
            sendLine(QByteArrayLiteral("DATA"));
            m_pending.push_back(Pending::Data);
        } else {
            finishMessage(result.rejected.last().reply.isTransient() ? SmtpSendResult::Outcome::TemporaryFailure
                                                                     : SmtpSendResult::Outcome::PermanentFailure,
                          result.rejected.last().reply, QByteArrayLiteral("every recipient was refused"));
            afterMessage(false);
        }
        return;
    }
    case Pending::Data:
        if (reply.code == 354) {
            m_state = State::DataBody;
            if (m_mailFailed || result.accepted.isEmpty()) {
                // Pipelined DATA accepted although nothing can be delivered: end it at once (RFC 2920 §3.1).
                m_discardingData = true;
                sendLine(QByteArrayLiteral("."));
            } else {
                sendBody();
            }
            return;
        }
        if (m_mailFailed || result.accepted.isEmpty())
            finishRefusedTransaction();
        else
            finishMessage(outcomeOf(reply), reply, QByteArrayLiteral("DATA was refused"));
        afterMessage(false);
        return;
    }
}

void SmtpClientSession::finishRefusedTransaction()
{
    const SmtpSendResult &result = m_results[m_current];
    if (m_mailFailed) {
        finishMessage(outcomeOf(m_mailReply), m_mailReply, QByteArrayLiteral("the sender was refused"));
        return;
    }
    bool anyTransient = false;
    for (const auto &r : result.rejected)
        anyTransient = anyTransient || r.reply.isTransient();
    const SmtpReply last = result.rejected.isEmpty() ? SmtpReply{} : result.rejected.last().reply;
    finishMessage(anyTransient ? SmtpSendResult::Outcome::TemporaryFailure : SmtpSendResult::Outcome::PermanentFailure,
                  last, QByteArrayLiteral("every recipient was refused"));
}

void SmtpClientSession::sendBody()
{
    if (m_config.recordBodyLines) {
        qsizetype pos = 0;
        while (pos < m_encoded.size()) {
            const qsizetype end = m_encoded.indexOf("\r\n", pos);
            recordSent(QByteArrayView(m_encoded).sliced(pos, end - pos));
            pos = end + 2;
        }
    }
    sendRaw(m_encoded);
    sendLine(QByteArrayLiteral("."));
}

void SmtpClientSession::onDataEnd(const SmtpReply &reply)
{
    if (m_discardingData) {
        m_discardingData = false;
        finishRefusedTransaction();
        afterMessage(false);
        return;
    }
    if (reply.isPositive())
        finishMessage(SmtpSendResult::Outcome::Delivered, reply);
    else
        finishMessage(outcomeOf(reply), reply, QByteArrayLiteral("the content was refused"));
    afterMessage(true); // the transaction is over either way (§4.1.1.4)
}

void SmtpClientSession::finishMessage(SmtpSendResult::Outcome outcome, const SmtpReply &reply, const QByteArray &why)
{
    SmtpSendResult &result = m_results[m_current];
    result.outcome = outcome;
    result.finalReply = reply;
    result.errorText = why;
    QByteArray text = QByteArrayLiteral("message ") + QByteArray::number(m_current + 1) + '/'
                      + QByteArray::number(m_messages.size()) + ": " + SmtpSendResult::outcomeName(outcome);
    if (outcome == SmtpSendResult::Outcome::Delivered) {
        text += QByteArrayLiteral(" to ") + result.accepted.join(", ");
    } else if (!why.isEmpty()) {
        text += QByteArrayLiteral(" (") + why + ')';
    }
    for (const auto &r : std::as_const(result.rejected))
        text += QByteArrayLiteral("; refused ") + r.address + QByteArrayLiteral(": ") + r.reply.summary();
    if (reply.code != 0)
        text += QByteArrayLiteral("; server said ") + reply.summary();
    notice(text);
}

void SmtpClientSession::afterMessage(bool clean)
{
    m_pending.clear();
    const bool moreToSend = m_current + 1 < m_messages.size();
    if (!moreToSend) {
        quit();
    } else if (clean) {
        startNextMessage(); // a completed transaction needs no RSET before the next MAIL (§4.1.1.4)
    } else {
        sendLine(QByteArrayLiteral("RSET"));
        m_state = State::Rset;
    }
}

void SmtpClientSession::failAll(SmtpSendResult::Outcome outcome, const SmtpReply &reply, const QByteArray &why)
{
    const qsizetype from = qMax<qsizetype>(m_current, 0);
    for (qsizetype i = from; i < m_results.size(); ++i) {
        if (m_results[i].outcome != SmtpSendResult::Outcome::Pending)
            continue;
        m_current = i;
        finishMessage(outcome, reply, why);
    }
    m_current = m_results.size();
    m_pending.clear();
}

void SmtpClientSession::quit()
{
    sendLine(QByteArrayLiteral("QUIT"));
    m_state = State::Quit;
}

void SmtpClientSession::closeNow()
{
    m_state = State::Done;
    requestClose();
}

void SmtpClientSession::sendCredentialLine(const QByteArray &line, const QByteArray &shown)
{
    sendRaw(line + "\r\n");
    recordSent(m_config.showCredentialsInTranscript ? line : shown);
}

SmtpSendResult::Outcome SmtpClientSession::outcomeOf(const SmtpReply &reply)
{
    return reply.isTransient() ? SmtpSendResult::Outcome::TemporaryFailure : SmtpSendResult::Outcome::PermanentFailure;
}

void SmtpClientSession::connectionLost()
{
    if (m_state == State::Done)
        return;
    const bool duringTls = m_state == State::TlsHandshake;
    if (m_state != State::Quit) {
        error(duringTls ? QByteArrayLiteral("connection lost during the TLS handshake")
                        : QByteArrayLiteral("connection lost"));
    }
    failAll(duringTls ? SmtpSendResult::Outcome::TlsFailure : SmtpSendResult::Outcome::ConnectionFailure, {},
            duringTls ? QByteArrayLiteral("the TLS handshake failed") : QByteArrayLiteral("the connection was lost"));
    m_state = State::Done;
}

void SmtpClientSession::timeout()
{
    if (m_state == State::Done)
        return;
    const int ms = pendingTimeoutMs();
    QByteArray what;
    switch (m_state) {
    case State::Greeting: what = QByteArrayLiteral("the greeting"); break;
    case State::DataBody: what = QByteArrayLiteral("the end of data"); break;
    case State::Transaction:
        what = m_pending.empty() ? QByteArrayLiteral("a reply")
               : m_pending.front() == Pending::Mail ? QByteArrayLiteral("MAIL")
               : m_pending.front() == Pending::Rcpt ? QByteArrayLiteral("RCPT")
                                                    : QByteArrayLiteral("DATA");
        break;
    default: what = QByteArrayLiteral("the last command"); break;
    }
    const QByteArray text = QByteArrayLiteral("no reply to ") + what + QByteArrayLiteral(" within ")
                            + QByteArray::number(ms) + QByteArrayLiteral(" ms (RFC 5321 §4.5.3.2)");
    error(text);
    failAll(SmtpSendResult::Outcome::ConnectionFailure, {}, text);
    closeNow();
}

int SmtpClientSession::pendingTimeoutMs() const
{
    const SmtpClientTimeouts &t = m_config.timeouts;
    switch (m_state) {
    case State::Greeting: return t.greeting;
    case State::Transaction:
        if (m_pending.empty())
            return t.command;
        switch (m_pending.front()) {
        case Pending::Mail: return t.mail;
        case Pending::Rcpt: return t.rcpt;
        case Pending::Data: return t.dataInitiation;
        }
        return t.command;
    // The whole content is handed to the adapter at once, so the data block timeout (3 min per block)
    // and the 10 min for the final reply are waited together.
    case State::DataBody: return t.dataBlock + t.dataTermination;
    case State::TlsHandshake:
    case State::Done: return 0;
    default: return t.command;
    }
}

} // namespace mf
