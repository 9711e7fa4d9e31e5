#pragma once

#include "core/ConnectionLimits.h"

#include "core/CredentialChecker.h"
#include "core/LineReader.h"
#include "core/ProtocolSession.h"

#include <QByteArray>
#include <QList>
#include <functional>
#include <memory>
#include <vector>

namespace mf {

class MailboxStore;
class MaildropLock;

struct Pop3ServerConfig {
    // STLS is offered (the server has a certificate). Implicit-TLS sessions never offer it.
    bool tlsAvailable = true;
    // USER/PASS and AUTH PLAIN are refused, and not advertised, until TLS is active (RFC 2595 §2.1 lets a
    // server refuse plaintext passwords). Permissive by default: the lessons show passwords on the wire.
    bool requireTlsForPlaintextAuth = false;
    // How long a failed login waits before its -ERR [AUTH] (RFC 1939 §8 recommends a delay against
    // password guessing). The adapter times it through pendingTimeoutMs()/timeout().
    int authFailureDelayMs = 1000;
    // After this many failed logins the connection is closed.
    int maxAuthFailures = 5;
    // RFC 1939 §3: an inactivity autologout timer of at least 10 minutes; closes without UPDATE. Only a
    // complete command line restarts it, never a lone byte.
    int idleTimeoutMs = 10 * 60 * 1000;
    // Connections at once, in total and per client address, over POP3 and POP3S together (Pop3Server).
    // Past them: `-ERR [SYS/TEMP] Too many connections` (RFC 3206 §4) in place of the greeting, then close.
    ConnectionLimits connectionLimits;
    // RFC 2449 §4: command lines are at most 255 octets including CRLF.
    int maxCommandLength = 255;
    // Record every line of RETR/TOP message text in the transcript (off for benchmarks).
    bool recordMessageLines = true;
    // APOP (RFC 1939 §7) needs the shared secret in clear: given a login, the plaintext password, or
    // empty when unknown. APOP is offered only when this is set and the greeting carries a banner.
    std::function<QByteArray(const QByteArray &login)> apopSecret;
    // The name of the host this server runs as ("pop.b.example"), named in the greeting; none when empty.
    QByteArray hostName;
};

// The server side of one POP3 conversation (RFC 1939, with CAPA/RESP-CODES/PIPELINING from RFC 2449,
// STLS from RFC 2595, AUTH PLAIN from RFC 5034/4616). The maildrop is the INBOX of the logged-in account
// in a MailboxStore; it is locked exclusively while the session is in TRANSACTION, and messages marked
// with DELE are removed only in the UPDATE state that QUIT enters.
class Pop3ServerSession : public ProtocolSession
{
public:
    enum class State : quint8 {
        Authorization, // greeting sent; USER/PASS, APOP, AUTH, CAPA, STLS, QUIT
        AuthContinue,  // AUTH PLAIN sent "+ " and waits for the client's response line
        Transaction,   // logged in, maildrop locked
        Closed,        // QUIT answered (after UPDATE), or the connection is being dropped
    };

    // `apopBanner` is the greeting's timestamp, e.g. "<1896.697170952@pop.b.example>" (RFC 1939 §7),
    // made by the adapter since a session never reads the clock; empty means no APOP.
    Pop3ServerSession(MailboxStore &store, const CredentialChecker &credentials, Pop3ServerConfig config,
                      QByteArray apopBanner = {});
    ~Pop3ServerSession() override;

    void start() override;
    void refuse() override;
    void feed(QByteArrayView bytes) override;
    void tlsEstablished() override;
    void connectionLost() override;
    void timeout() override;
    int pendingTimeoutMs() const override;

    State state() const { return m_state; }
    // The canonical account once logged in.
    QByteArray account() const { return m_account; }

private:
    struct Entry {
        quint32 uid = 0;
        qint64 size = 0;
        QByteArray uniqueId;
        bool deleted = false;
    };

    void processInput();
    void handleLine(const QByteArray &line);
    void handleAuthorization(const QByteArray &verb, const QByteArray &args);
    void handleTransaction(const QByteArray &verb, const QByteArray &args);
    void handleAuthResponse(const QByteArray &line);
    void sendCapabilities();
    void startTls();
    void tryLogin(const QByteArray &login, const QByteArray &password);
    void tryApop(const QByteArray &args);
    void loginSucceeded(const QByteArray &account);
    void loginFailed(const QByteArray &reply);
    void stat();
    void list(const QByteArray &args, bool uidl);
    void retrieve(const QByteArray &args, bool top);
    void dele(const QByteArray &args);
    void rset();
    void quit();
    // Resolves a message number argument; sends the -ERR itself and returns -1 when it is unusable.
    int messageIndex(QByteArrayView arg);
    void sendMessageText(const QByteArray &bytes, QByteArray firstLine, std::optional<quint64> bodyLines);
    bool plaintextAllowed() const { return isTls() || !m_config.requireTlsForPlaintextAuth; }

    MailboxStore &m_store;
    const CredentialChecker &m_credentials;
    Pop3ServerConfig m_config;
    QByteArray m_banner;
    LineReader m_reader;
    State m_state = State::Authorization;
    QByteArray m_user;    // from USER, waiting for PASS
    QByteArray m_account; // canonical account after login
    std::unique_ptr<MaildropLock> m_lock;
    std::vector<Entry> m_entries;
    int m_authFailures = 0;
    bool m_delaying = false;     // a failed login's reply is held back until timeout()
    QByteArray m_delayedReply;
    bool m_awaitingTls = false;  // STLS answered: input until the handshake is discarded
};

} // namespace mf
