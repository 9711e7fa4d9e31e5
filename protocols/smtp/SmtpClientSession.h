#pragma once

#include "SmtpClientTypes.h"
#include "SmtpReplyParser.h"
#include "core/LineReader.h"
#include "core/ProtocolSession.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <deque>

namespace mf {

// The client side of SMTP (RFC 5321), sans-I/O: waits for the greeting, EHLO (HELO when EHLO is not
// understood), STARTTLS and EHLO again, AUTH PLAIN/LOGIN, then for each message MAIL, RCPT per recipient
// and DATA (batched under PIPELINING), the dot-stuffed content, and finally QUIT. Each message gets an
// SmtpSendResult, announced by a notice as soon as it is decided.
class SmtpClientSession : public ProtocolSession
{
public:
    enum class State : quint8 {
        Greeting,     // waiting for 220
        Ehlo,
        Helo,
        StartTls,     // STARTTLS sent, waiting for 220
        TlsHandshake, // the adapter is doing the handshake
        AuthPlain,
        AuthLogin,    // AUTH LOGIN sent, waiting for the username challenge
        AuthLoginUser,
        AuthLoginPassword,
        Transaction,  // MAIL/RCPT/DATA replies pending (see m_pending)
        DataBody,     // content sent, waiting for the final reply
        Rset,
        Quit,
        Done,
    };

    SmtpClientSession(SmtpClientConfig config, QList<SmtpOutgoingMessage> messages);

    void feed(QByteArrayView bytes) override;
    void tlsEstablished() override;
    void connectionLost() override;
    void timeout() override;
    int pendingTimeoutMs() const override;

    State state() const { return m_state; }
    const QList<SmtpSendResult> &results() const { return m_results; }
    bool isFinished() const { return m_state == State::Done; }
    // What EHLO announced (upper-case keywords, e.g. "PIPELINING", "SIZE", "AUTH").
    bool hasExtension(const QByteArray &keyword) const { return m_extensions.contains(keyword); }
    qint64 serverSizeLimit() const { return m_sizeLimit; }

    // The content as sent after 354: every line ending CRLF (bare LF or CR become CRLF, RFC 5321
    // §2.3.8), lines starting with "." doubled (§4.5.2), without the terminating ".".
    static QByteArray encodeData(QByteArrayView data);

private:
    enum class Pending : quint8 { Mail, Rcpt, Data };

    void handleReply(const SmtpReply &reply);
    void onGreeting(const SmtpReply &reply);
    void onEhlo(const SmtpReply &reply);
    void onHelo(const SmtpReply &reply);
    void onStartTls(const SmtpReply &reply);
    void onAuth(const SmtpReply &reply);
    void onTransactionReply(const SmtpReply &reply);
    void onDataEnd(const SmtpReply &reply);
    void finishRefusedTransaction();

    void readExtensions(const SmtpReply &reply);
    void afterGreetingExchange(); // STARTTLS, AUTH or the first message
    void startAuth();
    void startNextMessage();
    void sendRcpt(qsizetype index);
    void sendBody();
    void finishMessage(SmtpSendResult::Outcome outcome, const SmtpReply &reply, const QByteArray &why = {});
    void afterMessage(bool clean);
    void failAll(SmtpSendResult::Outcome outcome, const SmtpReply &reply, const QByteArray &why);
    void quit();
    void closeNow();
    void sendCredentialLine(const QByteArray &line, const QByteArray &shown);
    static SmtpSendResult::Outcome outcomeOf(const SmtpReply &reply);

    SmtpClientConfig m_config;
    QList<SmtpOutgoingMessage> m_messages;
    QList<SmtpSendResult> m_results;
    State m_state = State::Greeting;
    LineReader m_reader;
    SmtpReplyParser m_parser;

    QSet<QByteArray> m_extensions;
    QList<QByteArray> m_authMechanisms;
    qint64 m_sizeLimit = 0; // 0: none announced
    bool m_authenticated = false;
    bool m_heloOnly = false;

    qsizetype m_current = -1;   // index of the message in progress
    QByteArray m_encoded;       // its encoded content
    std::deque<Pending> m_pending;
    qsizetype m_nextRcptReply = 0; // which recipient the next RCPT reply belongs to
    bool m_pipelined = false;      // this transaction was sent as one RFC 2920 group
    bool m_mailFailed = false;
    SmtpReply m_mailReply;
    bool m_discardingData = false; // DATA got 354 although nothing was acceptable: send "." only
};

} // namespace mf
