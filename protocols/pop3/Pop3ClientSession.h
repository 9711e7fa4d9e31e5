#pragma once

#include "core/LineReader.h"
#include "core/ProtocolSession.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QMetaType>
#include <QSet>

namespace mf {

struct Pop3ClientOptions {
    enum class Security : quint8 { None, StartTls, ImplicitTls };
    enum class Auth : quint8 { Automatic, UserPass, SaslPlain };

    QByteArray login;
    QByteArray password;
    // ImplicitTls is POP3S: the adapter does the handshake before the greeting (the session only notes it).
    Security security = Security::None;
    // Automatic uses AUTH PLAIN when CAPA lists "SASL ... PLAIN", else USER/PASS.
    Auth auth = Auth::Automatic;
    // "Leave messages on server": no DELE. Without it every retrieved message is deleted at QUIT.
    bool leaveOnServer = false;
    // UIDLs already downloaded earlier: not retrieved again (RFC 1939 §7 UIDL's purpose).
    QSet<QByteArray> seenUidls;
    int commandTimeoutMs = 60000;
    // Record every line of retrieved messages in the transcript (off for benchmarks).
    bool recordMessageLines = true;
};

struct Pop3RetrievedMessage {
    int number = 0;     // message number in that session
    QByteArray uidl;    // empty when the server has no UIDL
    qint64 listedSize = 0;
    QByteArray bytes;   // exactly the message's octets (dot-stuffing undone)
    bool operator==(const Pop3RetrievedMessage &) const = default;
};

struct Pop3FetchResult {
    bool ok = false;
    QByteArray error;               // what went wrong, with the server's reply when there was one
    QList<Pop3RetrievedMessage> messages;
    QByteArrayList deletedUidls;    // DELE'd and confirmed by QUIT's +OK
    int skipped = 0;                // already seen
    QByteArrayList capabilities;    // CAPA, after STLS when used
};

// The user agent's retrieval client (RFC 1939, CAPA RFC 2449, STLS RFC 2595, AUTH PLAIN RFC 5034):
// greeting, CAPA, optional STLS and CAPA again, login, STAT, UIDL, LIST, then RETR (and DELE unless
// leaving messages on the server) for every message not seen before, then QUIT. One command at a time.
class Pop3ClientSession : public ProtocolSession
{
public:
    enum class State : quint8 {
        Greeting, Capa, Stls, User, Pass, AuthPlain, Stat, Uidl, List, Retr, Dele, Quit, Done, Failed
    };

    explicit Pop3ClientSession(Pop3ClientOptions options);

    void feed(QByteArrayView bytes) override;
    void tlsEstablished() override;
    void connectionLost() override;
    void timeout() override;
    int pendingTimeoutMs() const override;

    State state() const { return m_state; }
    bool finished() const { return m_state == State::Done || m_state == State::Failed; }
    const Pop3FetchResult &result() const { return m_result; }

private:
    struct Listed {
        int number = 0;
        qint64 size = 0;
        QByteArray uidl;
    };

    void handleLine(const QByteArray &line);
    void handleStatus(bool ok, const QByteArray &line);
    void handleMultiLineEnd();
    void send(const QByteArray &command, bool multiLine, const QByteArray &shown = {});
    void afterCapabilities();
    void login();
    void nextMessage();
    void quit();
    void fail(const QByteArray &why, bool sendQuit);
    bool hasCapability(const QByteArray &name) const;

    Pop3ClientOptions m_options;
    LineReader m_reader;
    State m_state = State::Greeting;
    bool m_expectMultiLine = false; // the current command's +OK is followed by lines up to "."
    bool m_inMultiLine = false;
    QByteArrayList m_lines;         // body of the current multi-line response
    QByteArray m_body;              // RETR text being reassembled
    bool m_capaDone = false;
    bool m_awaitingTls = false;
    int m_count = 0;
    QList<Listed> m_listed;
    int m_cursor = -1;              // index in m_listed of the message being retrieved
    QByteArrayList m_pendingDeletes;
    Pop3FetchResult m_result;
};

} // namespace mf

Q_DECLARE_METATYPE(mf::Pop3FetchResult)
