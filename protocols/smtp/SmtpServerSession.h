#pragma once

#include "core/CredentialChecker.h"
#include "core/LineReader.h"
#include "core/ProtocolSession.h"
#include "SmtpCommandParser.h"
#include "SmtpMessage.h"
#include "SmtpRecipientPolicy.h"
#include "SmtpReply.h"
#include "SmtpServerConfig.h"

#include <QDateTime>
#include <QHostAddress>
#include <functional>
#include <memory>

namespace mf::smtp {

// The server side of one SMTP connection (RFC 5321 with PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES,
// STARTTLS and AUTH PLAIN/LOGIN), sans I/O. At the end of DATA it hands the message to the sink and
// answers only when the sink reports the commit (WaitingForCommit), meanwhile buffering pipelined input.
class SmtpServerSession : public ProtocolSession
{
public:
    enum class State : quint8 {
        Connected,        // greeting sent, no EHLO/HELO yet
        Greeted,          // EHLO/HELO done, no transaction
        MailGiven,        // MAIL accepted, no recipient yet
        RecipientsGiven,  // at least one RCPT accepted
        ReceivingData,    // after 354, until the lone "."
        WaitingForCommit, // message handed to the sink; the reply waits for its answer
        Authenticating,   // inside an AUTH exchange (334 challenges)
        StartingTls,      // 220 to STARTTLS sent; the adapter is handshaking
        Closed,           // QUIT answered, timed out, or connection lost
    };
    using Clock = std::function<QDateTime()>;

    // `sink`, `policy` and `credentials` must outlive the session; `policy` and `credentials` may be null
    // (every recipient accepted; AUTH answered 454). `sessionId` prefixes the ids of Received headers.
    SmtpServerSession(SmtpServerConfig config, SmtpMessageSink *sink, const SmtpRecipientPolicy *policy,
                      const CredentialChecker *credentials, QHostAddress peerAddress, QByteArray sessionId);
    ~SmtpServerSession() override;

    // The time used in Received headers; the session never reads the clock itself.
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setPeerHostName(QByteArray reverseDns) { m_peerHostName = std::move(reverseDns); }
    // Called after an asynchronous commit produced output outside feed(), so the owner can flush it
    // (SmtpServer calls SessionConnection::pump()).
    void setOutputReadyHandler(std::function<void()> handler) { m_outputReady = std::move(handler); }

    void start() override;
    void refuse() override;
    void feed(QByteArrayView bytes) override;
    void tlsEstablished() override;
    void connectionLost() override;
    void timeout() override;
    int pendingTimeoutMs() const override;

    State state() const { return m_state; }
    QByteArray authenticatedUser() const { return m_authUser; }
    const SmtpServerConfig &config() const { return m_config; }

private:
    enum class AuthStep : quint8 { PlainResponse, LoginUser, LoginPassword };

    void processInput();
    void handleCommandLine(LineReader::Result result, const QByteArray &line);
    void handleDataLine(LineReader::Result result, const QByteArray &line);
    void handleAuthResponse(LineReader::Result result, const QByteArray &line);

    void onEhlo(const SmtpCommand &command, bool extended);
    void onMail(const SmtpCommand &command);
    void onRcpt(const SmtpCommand &command);
    void onData(const SmtpCommand &command);
    void onStartTls(const SmtpCommand &command);
    void onAuth(const SmtpCommand &command);

    void finishData();
    void completeCommit(const CommitResult &result);
    void finishPlain(const QByteArray &decoded);
    void finishLogin();
    void authSucceeded(const QByteArray &login);
    // Decodes one SASL response; false (after replying) when it was "*" or not base64.
    bool decodeSaslResponse(const QByteArray &line, QByteArray &decoded);

    void reply(int code, QByteArray enhanced, QByteArray text);
    void reply(const SmtpReply &r);
    void resetTransaction();
    void setState(State state);
    bool inTransaction() const { return m_state == State::MailGiven || m_state == State::RecipientsGiven; }
    bool authOffered() const { return m_config.offerAuth && isTls(); }
    QByteArray receivedProtocol() const;

    SmtpServerConfig m_config;
    SmtpMessageSink *m_sink;
    const SmtpRecipientPolicy *m_policy;
    const CredentialChecker *m_credentials;
    QHostAddress m_peerAddress;
    QByteArray m_peerHostName;
    QByteArray m_sessionId;
    Clock m_clock;
    std::function<void()> m_outputReady;
    std::shared_ptr<char> m_alive = std::make_shared<char>(0); // lets late commit callbacks see we are gone

    LineReader m_reader;
    State m_state = State::Connected;
    bool m_processing = false;
    bool m_inFeed = false;

    // What the client told us; all of it is forgotten on STARTTLS (RFC 3207 §4.2).
    QByteArray m_helo;
    bool m_extended = false;
    QByteArray m_authUser;
    AuthStep m_authStep = AuthStep::PlainResponse;
    QByteArray m_loginUser;

    // The transaction.
    QByteArray m_mailFrom;
    QByteArray m_bodyType;
    QByteArrayList m_recipients;
    QByteArray m_data;
    qint64 m_dataSize = 0;
    bool m_dataTooBig = false;
    bool m_dataLineTooLong = false;
    int m_transactions = 0;
};

} // namespace mf::smtp
