#pragma once

#include "ImapCommandAssembler.h"
#include "ImapResponseValue.h"
#include "core/ProtocolSession.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QSet>
#include <QString>

namespace mf {

struct ImapClientOptions {
    enum class Security : quint8 { None, StartTls, ImplicitTls };
    // Automatic: AUTHENTICATE PLAIN when AUTH=PLAIN is offered, else the LOGIN command (unless
    // LOGINDISABLED). Login is the SASL LOGIN mechanism (draft-murchison-sasl-login).
    enum class Auth : quint8 { Automatic, Plain, Login, LoginCommand };

    struct FlagChange {
        quint32 uid = 0;
        bool add = true;
        QByteArrayList flags;
    };

    QByteArray login;
    QByteArray password;
    Security security = Security::None;
    Auth auth = Auth::Automatic;
    QString mailbox = QStringLiteral("INBOX");
    // Messages already downloaded (valid while the mailbox keeps this UIDVALIDITY): not fetched again.
    quint32 knownUidValidity = 0;
    QSet<quint32> knownUids;
    bool fetchBodies = true;
    // After fetching: UID STORE these, then EXPUNGE when asked, then IDLE when asked, then LOGOUT.
    QList<FlagChange> storeFlags;
    bool expunge = false;
    bool idle = false;
    int commandTimeoutMs = 60000;
    qsizetype maxLiteral = 64 * 1024 * 1024;
};

struct ImapClientMessage {
    quint32 uid = 0;
    QByteArrayList flags;
    qint64 size = 0;
    QByteArray header; // BODY[HEADER]
    QByteArray bytes;  // BODY[] (empty when bodies were not fetched)
    bool operator==(const ImapClientMessage &) const = default;
};

struct ImapClientResult {
    bool ok = false;
    QByteArray error;
    QByteArrayList capabilities; // the last ones announced (after STARTTLS and login when given)
    quint32 uidValidity = 0;
    quint32 uidNext = 0;
    quint32 exists = 0;
    QList<ImapClientMessage> messages; // new messages, ascending UID
    // Every message in the mailbox (known ones too) with its flags as last reported by the server.
    QMap<quint32, QByteArrayList> mailboxFlags;
    QList<quint32> expunged;           // sequence numbers from EXPUNGE responses to our EXPUNGE
    QByteArrayList idleUpdates;        // untagged responses received while idling ("3 EXISTS"...)
};

// The user agent's IMAP client (RFC 3501): greeting, CAPABILITY, optional STARTTLS (then CAPABILITY
// again, §6.2.1), AUTHENTICATE PLAIN (with SASL-IR when offered, RFC 4959) or LOGIN, SELECT, UID FETCH of
// headers then of the new messages' bodies (BODY.PEEK, so nothing is marked \Seen behind the user's back),
// UID STORE, EXPUNGE, IDLE (RFC 2177) until stopIdle(), LOGOUT. One command at a time.
class ImapClientSession : public ProtocolSession
{
public:
    enum class State : quint8 {
        Greeting, Capability, StartTls, Authenticate, Login, Select, FetchHeaders, FetchBodies, Store,
        Expunge, IdleStarting, Idling, IdleDone, Logout, Done, Failed
    };

    explicit ImapClientSession(ImapClientOptions options);

    void feed(QByteArrayView bytes) override;
    void tlsEstablished() override;
    void connectionLost() override;
    void timeout() override;
    int pendingTimeoutMs() const override;

    // Ends IDLE (sends DONE) and logs out. Call pump() on the connection afterwards.
    void stopIdle();

    State state() const { return m_state; }
    bool finished() const { return m_state == State::Done || m_state == State::Failed; }
    const ImapClientResult &result() const { return m_result; }

private:
    void handleResponse(const QByteArray &response);
    void handleUntagged(const QByteArray &text);
    void handleContinuation(const QByteArray &text);
    void handleTagged(bool ok, const QByteArray &status, const QByteArray &text);
    void send(const QByteArray &command, const QByteArray &shown = {});
    void afterGreeting();
    void afterCapabilities();
    void authenticate();
    void select();
    void fetchBodies();
    void nextStore();
    void afterStores();
    void logout();
    void fail(const QByteArray &why, bool sendLogout);
    bool hasCapability(const QByteArray &name) const;
    void takeCapabilities(const QByteArray &text);

    ImapClientOptions m_options;
    ImapCommandAssembler m_assembler;
    State m_state = State::Greeting;
    QByteArray m_tag;
    int m_tagCounter = 0;
    bool m_awaitingTls = false;
    bool m_preauth = false;
    int m_loginStep = 0;  // SASL LOGIN: 0 username, 1 password
    int m_storeIndex = 0;
    QMap<quint32, ImapClientMessage> m_messages;
    QList<quint32> m_newUids;
    ImapClientResult m_result;
};

} // namespace mf

Q_DECLARE_METATYPE(mf::ImapClientResult)
