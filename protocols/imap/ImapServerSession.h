#pragma once

#include "core/ConnectionLimits.h"

#include "ImapCommand.h"
#include "ImapCommandAssembler.h"
#include "ImapLimits.h"
#include "core/CredentialChecker.h"
#include "core/ProtocolSession.h"
#include "store/MailboxStore.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QString>
#include <functional>
#include <list>
#include <memory>

namespace mf {

class MimeMessage;

struct ImapServerConfig {
    QByteArray hostName = "localhost";
    // Offer STARTTLS (the adapter has a certificate). Never offered once TLS is up.
    bool tlsAvailable = true;
    // RFC 3501 §6.2.3: refuse LOGIN and AUTHENTICATE PLAIN before TLS and announce LOGINDISABLED.
    bool loginDisabledWithoutTls = false;
    // Limits (ImapLimits.h explains each and the reply it gets).
    qsizetype maxLineLength = imap::kMaxLineLength;
    qsizetype maxLiteral = imap::kMaxLiteral;
    qsizetype maxCommandSize = imap::kMaxCommandSize;
    qsizetype maxMailboxNameLength = imap::kMaxMailboxNameLength;
    int maxMailboxDepth = imap::kMaxMailboxDepth;
    int maxMailboxes = imap::kMaxMailboxesPerAccount;
    // §5.4: an autologout timer must be at least 30 minutes. Only a complete line or literal restarts it,
    // never a lone byte.
    int idleTimeoutMs = 30 * 60 * 1000;
    // Connections at once, in total and per client address, over IMAP and IMAPS together (ImapServer).
    // Past them: `* BYE Too many connections` (§7.1.5) in place of the greeting, then close.
    ConnectionLimits connectionLimits;
    // The clock used for APPEND without a date (sessions never read the clock themselves).
    std::function<QDateTime()> clock = [] { return QDateTime::currentDateTime(); };
};

// The server side of IMAP4rev1 (RFC 3501) with LITERAL+ (7888), SASL-IR (4959), UIDPLUS (4315), IDLE
// (2177), ID (2971), NAMESPACE (2342), UNSELECT (3691), MOVE (6851), CHILDREN (3348) and SPECIAL-USE
// (6154), over the shared MailboxStore. Sans-I/O: bytes in, bytes and events out.
//
// Other sessions' changes reach this one through mailboxChanged(), which the glue calls when the store
// signals; the session reports them (EXISTS, RECENT, FETCH FLAGS, EXPUNGE) when RFC 3501 §5.2/§7.4.1
// allow: at the end of the next command (no EXPUNGE after FETCH, STORE or SEARCH), or at once while in
// IDLE. After mailboxChanged() the glue must pump the connection (output may be waiting).
class ImapServerSession : public ProtocolSession
{
public:
    enum class State { NotAuthenticated, Authenticated, Selected, Logout };

    ImapServerSession(MailboxStore *store, const CredentialChecker *credentials, ImapServerConfig config = {});
    ~ImapServerSession() override;

    void start() override;
    void refuse() override;
    void feed(QByteArrayView bytes) override;
    void tlsEstablished() override;
    void timeout() override;
    int pendingTimeoutMs() const override;

    void mailboxChanged(const QString &account, const QString &mailbox);

    State state() const { return m_state; }
    QString account() const { return m_account; }
    QString selectedMailbox() const { return m_state == State::Selected ? m_mailbox : QString(); }
    bool isIdling() const { return m_input == Input::Idle; }
    QByteArray capabilities() const;

private:
    enum class Input { Commands, AuthenticateResponse, Idle, AwaitingTls };

    // framing and dispatch (ImapServerSession.cpp)
    void process();
    void handleCommand(const QByteArray &bytes);
    void execute(const ImapCommand &c);
    void tagged(const QByteArray &tag, const QByteArray &status, const QByteArray &text);
    void untagged(const QByteArray &text);
    // Sends a response that may contain literals; the transcript shows literal data briefly.
    void sendResponse(const QByteArray &bytes);

    // not authenticated / any state
    void cmdCapability(const ImapCommand &c);
    void cmdStartTls(const ImapCommand &c);
    void cmdLogin(const ImapCommand &c);
    void cmdAuthenticate(const ImapCommand &c);
    void finishAuthenticate(const QByteArray &tag, const QByteArray &base64);
    void loggedIn(const QByteArray &tag, const QByteArray &login);
    void cmdId(const ImapCommand &c);
    bool loginAllowed(const QByteArray &tag);

    // authenticated (ImapServerMailboxes.cpp)
    void cmdSelect(const ImapCommand &c, bool readOnly);
    void cmdCreate(const ImapCommand &c);
    void cmdDelete(const ImapCommand &c);
    void cmdRename(const ImapCommand &c);
    void cmdSubscribe(const ImapCommand &c, bool subscribe);
    void cmdList(const ImapCommand &c, bool subscribedOnly);
    void cmdStatus(const ImapCommand &c);
    void cmdAppend(const ImapCommand &c);
    bool mailboxArg(const ImapCommand &c, int index, QString &name);
    // NO [LIMIT] (RFC 5530) when `name` is too long or too deep; false after that reply.
    bool mailboxNameWithinLimits(const QByteArray &tag, const QString &name);

    // selected (ImapServerMessages.cpp)
    void cmdClose(const ImapCommand &c, bool expunge);
    void cmdExpunge(const ImapCommand &c);
    void cmdSearch(const ImapCommand &c);
    void cmdFetch(const ImapCommand &c);
    void cmdStore(const ImapCommand &c);
    void cmdCopy(const ImapCommand &c, bool move);
    void cmdIdle(const ImapCommand &c);
    // Resolves a sequence set (or UID set) against the session's view into 0-based indexes, ascending.
    // False (after a BAD reply) when a sequence number is out of range.
    bool resolve(const ImapCommand &c, QList<int> &indexes);
    void expungedFromView(const QList<quint32> &uids);
    // Brings the client's view up to date with the store (§5.2): EXPUNGE (when allowed), EXISTS, RECENT
    // and FETCH FLAGS for changes made elsewhere.
    void synchronize(bool allowExpunge);
    // Records the flags the client is told message `uid` has. A keyword the session has not announced yet
    // is announced first (FLAGS and PERMANENTFLAGS, §7.2.6), so call it before sending the response.
    void noteFlags(quint32 uid, const QByteArrayList &flags);
    // Untagged FLAGS and OK [PERMANENTFLAGS]: the system flags and every keyword announced so far.
    void announceFlags();
    QByteArray flagsOf(quint32 uid) const;
    void appendFlagsOf(QByteArray &out, quint32 uid) const;
    std::shared_ptr<MimeMessage> parsed(quint32 uid);

    MailboxStore *m_store;
    const CredentialChecker *m_credentials;
    ImapServerConfig m_config;
    ImapCommandAssembler m_assembler;
    State m_state = State::NotAuthenticated;
    Input m_input = Input::Commands;
    QByteArray m_pendingTag; // AUTHENTICATE or IDLE in progress
    QString m_account;

    // The selected mailbox as the client knows it.
    QString m_mailbox;
    bool m_readOnly = false;
    quint32 m_uidValidity = 0;
    QList<quint32> m_uids;                // sequence number n is m_uids[n - 1]
    QHash<quint32, QByteArrayList> m_flags; // flags last reported to the client
    QSet<QByteArray> m_keywords;            // keywords announced in FLAGS for the selected mailbox
    QSet<quint32> m_recent;
    bool m_dirty = false;
    bool m_expungeAllowed = true; // for the command being executed
    std::list<std::pair<quint32, std::shared_ptr<MimeMessage>>> m_parsedCache;
    QHash<quint32, QByteArray> m_envelopes; // ENVELOPE by UID for the selected mailbox
};

} // namespace mf
