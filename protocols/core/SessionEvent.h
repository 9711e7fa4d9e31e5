#pragma once

#include <QByteArray>
#include <QMetaType>

namespace mf {

// Who sent a transcript line: the side that opened the connection (client) or the side that accepted it.
enum class Direction : quint8 { Client, Server };

inline char directionLetter(Direction d) { return d == Direction::Client ? 'C' : 'S'; }

// What a protocol session reports besides the bytes it wants sent. The transcript view, the event log
// and the tests all consume these.
struct SessionEvent {
    enum class Kind : quint8 {
        Line,           // one protocol line (without CRLF) travelled in direction `dir`
        StartTls,       // the session asks its adapter to begin the TLS handshake now
        TlsEstablished, // the adapter finished a handshake; text describes protocol, cipher and peer
        TlsFailed,      // a handshake failed; text says why
        Close,          // the session asks its adapter to close once pending output is flushed
        Notice,         // a state change or decision worth showing ("message committed as 17")
        Error,          // something went wrong that is not a protocol reply (timeout, connection lost)
        Wire,           // bytes exactly as they crossed the network in direction `dir` (ciphertext once TLS
                        // is on); only reported by connections behind a WireTap
    };
    Kind kind = Kind::Line;
    Direction dir = Direction::Server;
    QByteArray text;

    bool operator==(const SessionEvent &) const = default;
};

} // namespace mf

Q_DECLARE_METATYPE(mf::SessionEvent)
