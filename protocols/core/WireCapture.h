#pragma once

#include "SessionEvent.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QString>
#include <functional>

namespace mf {

// What crossed MailFlow's loopback network, kept for a packet capture (PcapngExport): each TCP connection
// a WireTap relayed (its real client and server addresses and ports, the bytes each way, who closed) and
// each DNS datagram the DNS server received or sent, with the wall-clock time it was seen.
//
// Thread-safe: the wire taps and the DNS server may live in another thread than whoever exports.
// Bounded: past `limitBytes` of payload the capture stops recording (isStopped()), so a long session in
// the GUI cannot grow without end; an export of a stopped capture says so.
class WireCapture
{
public:
    static constexpr qint64 kDefaultLimitBytes = qint64(64) * 1024 * 1024;
    // A connection or datagram costs this much besides its payload (addresses, the record itself).
    static constexpr qint64 kRecordOverheadBytes = 128;

    struct Endpoint {
        QHostAddress address;
        quint16 port = 0;
    };
    struct Record {
        enum class Kind : quint8 {
            Open,     // a TCP connection was accepted: `from` is the client, `to` the server; `service` its port's protocol
            Data,     // `bytes` crossed stream `stream` in direction `dir`
            Close,    // the side `dir` closed stream `stream` (sent its FIN)
            Datagram, // one UDP datagram (DNS) from `from` to `to`: a query (`dir` Client) or an answer (Server)
        };
        Kind kind = Kind::Data;
        qint64 timeUs = 0; // microseconds since the Unix epoch
        int stream = -1;
        Direction dir = Direction::Client;
        Endpoint from;
        Endpoint to;
        QString service; // Open: "smtp", "submission", "smtps", "pop3", "pop3s", "imap", "imaps"; Datagram: "dns"
        QByteArray bytes;
    };

    explicit WireCapture(qint64 limitBytes = kDefaultLimitBytes);

    // Returns the new stream's number, or -1 once the capture has stopped.
    int openStream(const Endpoint &client, const Endpoint &server, const QString &service);
    void streamData(int stream, Direction dir, const QByteArray &bytes);
    void streamClosed(int stream, Direction dir);
    void datagram(const Endpoint &from, const Endpoint &to, Direction dir, const QString &service, const QByteArray &bytes);

    // Everything recorded so far, in the order it was seen (the payloads are shared, not copied).
    QList<Record> records() const;
    bool isStopped() const;
    qint64 limitBytes() const { return m_limit; }
    qint64 recordedBytes() const;

    // Tests: where timestamps come from (default: the system clock, in microseconds).
    void setClock(std::function<qint64()> nowUs);

private:
    bool admit(qint64 cost); // with m_mutex held
    void append(Record record); // with m_mutex held

    mutable QMutex m_mutex;
    QList<Record> m_records;
    std::function<qint64()> m_clock;
    qint64 m_limit;
    qint64 m_recorded = 0;
    qint64 m_lastUs = 0;
    int m_nextStream = 0;
    bool m_stopped = false;
};

} // namespace mf
