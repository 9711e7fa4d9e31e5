#include "Pop3ClientSession.h"

#include "Pop3Text.h"

#include <QHash>

namespace mf {

namespace {

// Long enough for any message line a server sends; a line beyond it is a broken server.
constexpr qsizetype maxResponseLine = 4 * 1024 * 1024;

bool isOk(const QByteArray &line)
{
    return line == "+OK" || line.startsWith("+OK ");
}

bool isErr(const QByteArray &line)
{
    return line == "-ERR" || line.startsWith("-ERR ");
}

} // namespace

Pop3ClientSession::Pop3ClientSession(Pop3ClientOptions options)
    : ProtocolSession(Role::Client), m_options(std::move(options)), m_reader(maxResponseLine)
{
}

void Pop3ClientSession::feed(QByteArrayView bytes)
{
    if (finished() || m_awaitingTls)
        return;
    m_reader.append(bytes);
    QByteArray line;
    while (!finished() && !isClosing()) {
        const LineReader::Result r = m_reader.next(line);
        if (r == LineReader::Result::NeedMore)
            return;
        if (r == LineReader::Result::TooLong) {
            fail("the server sent a line longer than " + QByteArray::number(maxResponseLine) + " octets", false);
            return;
        }
        handleLine(line);
        if (m_awaitingTls)
            return;
    }
}

void Pop3ClientSession::handleLine(const QByteArray &line)
{
    if (m_inMultiLine) {
        if (line == ".") {
            recordReceived(line);
            m_inMultiLine = false;
            handleMultiLineEnd();
            return;
        }
        // RFC 1939 §3: a line starting with "." had another "." put in front by the server.
        const QByteArrayView content = line.startsWith('.') ? QByteArrayView(line).sliced(1) : QByteArrayView(line);
        if (m_state == State::Retr) {
            if (m_options.recordMessageLines)
                recordReceived(line);
            m_body.append(content.data(), content.size());
            m_body.append("\r\n", 2);
        } else {
            recordReceived(line);
            m_lines << content.toByteArray();
        }
        return;
    }
    recordReceived(line);
    if (m_state == State::AuthPlain && (line == "+" || line.startsWith("+ "))) {
        // The server did not take the initial response and asks for it (RFC 5034 §4).
        const QByteArray response = ('\0' + m_options.login + '\0' + m_options.password).toBase64();
        sendRaw(response + "\r\n");
        recordSent("<SASL PLAIN response>");
        return;
    }
    const bool ok = isOk(line);
    if (!ok && !isErr(line)) {
        fail("unexpected reply from the server: " + line, false);
        return;
    }
    if (ok && m_expectMultiLine) {
        m_inMultiLine = true;
        m_lines.clear();
        m_body.clear();
        return;
    }
    handleStatus(ok, line);
}

void Pop3ClientSession::send(const QByteArray &command, bool multiLine, const QByteArray &shown)
{
    m_expectMultiLine = multiLine;
    if (shown.isEmpty()) {
        sendLine(command);
    } else {
        sendRaw(command + "\r\n");
        recordSent(shown);
    }
}

void Pop3ClientSession::handleStatus(bool ok, const QByteArray &line)
{
    switch (m_state) {
    case State::Greeting:
        if (!ok) {
            fail("the server refused the connection: " + line, false);
            return;
        }
        m_state = State::Capa;
        send("CAPA", true);
        return;
    case State::Capa:
        // An old server without CAPA (RFC 2449 is optional): go on without knowing its capabilities.
        m_result.capabilities.clear();
        m_capaDone = false;
        afterCapabilities();
        return;
    case State::Stls:
        if (!ok) {
            fail("STLS refused: " + line, true);
            return;
        }
        // RFC 2595 §4: bytes after the +OK belong to the TLS handshake; nothing may be read until then.
        m_reader.clear();
        m_awaitingTls = true;
        requestTls();
        return;
    case State::User:
        if (!ok) {
            fail("USER refused: " + line, true);
            return;
        }
        m_state = State::Pass;
        send("PASS " + m_options.password, false, "PASS <password>");
        return;
    case State::Pass:
    case State::AuthPlain:
        if (!ok) {
            fail("login failed: " + line, true);
            return;
        }
        m_state = State::Stat;
        send("STAT", false);
        return;
    case State::Stat: {
        const QList<QByteArray> parts = line.split(' ');
        const auto count = parts.size() >= 3 ? pop3::parseNumber(parts[1]) : std::nullopt;
        if (!ok || !count) {
            fail("STAT failed: " + line, true);
            return;
        }
        m_count = int(*count);
        if (m_count == 0) {
            quit();
            return;
        }
        m_state = State::Uidl;
        send("UIDL", true);
        return;
    }
    case State::Uidl:
        // No UIDL support: every message is new to us.
        m_state = State::List;
        send("LIST", true);
        return;
    case State::List:
        fail("LIST failed: " + line, true);
        return;
    case State::Retr:
        fail("RETR failed: " + line, true);
        return;
    case State::Dele:
        if (!ok) {
            fail("DELE failed: " + line, true);
            return;
        }
        m_pendingDeletes << m_listed[m_cursor].uidl;
        nextMessage();
        return;
    case State::Quit:
        if (ok)
            m_result.deletedUidls = m_pendingDeletes;
        if (!ok && m_result.error.isEmpty())
            m_result.error = "QUIT failed, deletions may not have happened: " + line;
        m_result.ok = m_result.error.isEmpty();
        m_state = m_result.ok ? State::Done : State::Failed;
        notice(m_result.ok ? "retrieved " + QByteArray::number(m_result.messages.size()) + " message(s)"
                           : QByteArray("retrieval failed"));
        requestClose();
        return;
    case State::Done:
    case State::Failed:
        return;
    }
}

void Pop3ClientSession::handleMultiLineEnd()
{
    switch (m_state) {
    case State::Capa:
        m_result.capabilities = m_lines;
        m_capaDone = true;
        afterCapabilities();
        return;
    case State::Uidl: {
        QHash<int, QByteArray> uidls;
        for (const QByteArray &l : std::as_const(m_lines)) {
            const QList<QByteArray> parts = l.split(' ');
            if (parts.size() >= 2)
                uidls.insert(parts[0].toInt(), parts[1]);
        }
        m_listed.clear();
        for (auto it = uidls.begin(); it != uidls.end(); ++it)
            m_listed.append(Listed{it.key(), 0, it.value()});
        m_state = State::List;
        send("LIST", true);
        return;
    }
    case State::List: {
        QHash<int, QByteArray> uidls;
        for (const Listed &l : std::as_const(m_listed))
            uidls.insert(l.number, l.uidl);
        m_listed.clear();
        for (const QByteArray &l : std::as_const(m_lines)) {
            const QList<QByteArray> parts = l.split(' ');
            if (parts.size() < 2)
                continue;
            const int number = parts[0].toInt();
            m_listed.append(Listed{number, parts[1].toLongLong(), uidls.value(number)});
        }
        std::sort(m_listed.begin(), m_listed.end(),
                  [](const Listed &a, const Listed &b) { return a.number < b.number; });
        m_cursor = -1;
        nextMessage();
        return;
    }
    case State::Retr: {
        const Listed &l = m_listed[m_cursor];
        m_result.messages.append(Pop3RetrievedMessage{l.number, l.uidl, l.size, std::exchange(m_body, {})});
        if (m_options.leaveOnServer) {
            nextMessage();
            return;
        }
        m_state = State::Dele;
        send("DELE " + QByteArray::number(l.number), false);
        return;
    }
    default:
        fail("unexpected multi-line response", true);
        return;
    }
}

bool Pop3ClientSession::hasCapability(const QByteArray &name) const
{
    for (const QByteArray &cap : m_result.capabilities) {
        if (cap.toUpper() == name || cap.toUpper().startsWith(name + ' '))
            return true;
    }
    return false;
}

void Pop3ClientSession::afterCapabilities()
{
    if (m_options.security == Pop3ClientOptions::Security::StartTls && !isTls()) {
        if (m_capaDone && !hasCapability("STLS")) {
            fail("the server does not offer STLS", true);
            return;
        }
        m_state = State::Stls;
        send("STLS", false);
        return;
    }
    login();
}

void Pop3ClientSession::login()
{
    bool saslPlain = m_options.auth == Pop3ClientOptions::Auth::SaslPlain;
    if (m_options.auth == Pop3ClientOptions::Auth::Automatic) {
        for (const QByteArray &cap : std::as_const(m_result.capabilities)) {
            const QList<QByteArray> words = cap.toUpper().split(' ');
            saslPlain = saslPlain || (words.first() == "SASL" && words.contains("PLAIN"));
        }
    }
    if (saslPlain) {
        m_state = State::AuthPlain;
        const QByteArray response = ('\0' + m_options.login + '\0' + m_options.password).toBase64();
        send("AUTH PLAIN " + response, false, "AUTH PLAIN <initial response>");
        return;
    }
    m_state = State::User;
    send("USER " + m_options.login, false);
}

void Pop3ClientSession::nextMessage()
{
    while (++m_cursor < m_listed.size()) {
        const Listed &l = m_listed[m_cursor];
        if (!l.uidl.isEmpty() && m_options.seenUidls.contains(l.uidl)) {
            ++m_result.skipped;
            continue;
        }
        m_state = State::Retr;
        send("RETR " + QByteArray::number(l.number), true);
        return;
    }
    quit();
}

void Pop3ClientSession::quit()
{
    m_state = State::Quit;
    send("QUIT", false);
}

void Pop3ClientSession::fail(const QByteArray &why, bool sendQuit)
{
    if (m_result.error.isEmpty())
        m_result.error = why;
    error(why);
    if (sendQuit && m_state != State::Quit) {
        quit();
        return;
    }
    m_state = State::Failed;
    m_result.ok = false;
    requestClose();
}

void Pop3ClientSession::tlsEstablished()
{
    ProtocolSession::tlsEstablished();
    if (m_state != State::Stls)
        return; // implicit TLS: the greeting comes next
    // RFC 2595 §4: forget what was learned before TLS and ask again.
    m_awaitingTls = false;
    m_result.capabilities.clear();
    m_capaDone = false;
    m_state = State::Capa;
    send("CAPA", true);
}

void Pop3ClientSession::connectionLost()
{
    if (finished())
        return;
    m_result.error = m_result.error.isEmpty() ? QByteArray("the connection was closed before QUIT was answered")
                                              : m_result.error;
    error(m_result.error);
    m_state = State::Failed;
    m_result.ok = false;
}

void Pop3ClientSession::timeout()
{
    if (finished())
        return;
    m_result.error = "timed out waiting for the server";
    error(m_result.error);
    m_state = State::Failed;
    m_result.ok = false;
    requestClose();
}

int Pop3ClientSession::pendingTimeoutMs() const
{
    return finished() ? 0 : m_options.commandTimeoutMs;
}

} // namespace mf
