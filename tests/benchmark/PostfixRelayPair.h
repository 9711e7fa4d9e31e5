#pragma once

// The end-to-end reference: Debian's Postfix relaying to Postfix on this machine, in the same run as
// MailFlow. Two private instances (own main.cf, master.cf, queue and log in a temporary folder, nothing
// under /etc touched): "a" accepts mail on 127.0.0.1 (STARTTLS offered) and relays everything to "b" over
// STARTTLS with certificate verification; "b" expands the alias team@b.example to bob and carol and
// delivers into Maildirs with its virtual(8) agent. Each commits to disk before its 250, as MailFlow does.
// Postfix's master must start as root.

#include <QSslConfiguration>
#include <QString>
#include <QTemporaryDir>

namespace mf::bench {

class PostfixRelayPair
{
public:
    // MAILFLOW_KEEP_POSTFIX=1 keeps the instances' folder (configuration, queues, maillog) for a look after.
    PostfixRelayPair();
    ~PostfixRelayPair();
    PostfixRelayPair(const PostfixRelayPair &) = delete;
    PostfixRelayPair &operator=(const PostfixRelayPair &) = delete;

    // Why it cannot run here, or empty.
    static QString missing();

    bool start();
    void stop();
    QString errorString() const { return m_error; }

    quint16 submissionPort() const { return m_portA; }
    // The client side of "a"'s STARTTLS: our CA, name mx.a.example.
    QSslConfiguration clientTls() const { return m_clientTls; }
    // Messages delivered so far: the files in b's Maildirs (bob's and carol's new/).
    int delivered() const;

private:
    bool fail(const QString &error);
    bool startInstance(const QString &name);

    QTemporaryDir m_dir;
    QSslConfiguration m_clientTls;
    QString m_error;
    quint16 m_portA = 0;
    quint16 m_portB = 0;
    bool m_started[2] = {false, false};
};

} // namespace mf::bench
