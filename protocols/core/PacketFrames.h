#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>

namespace mf::pcap {

// Synthetic but valid IP packets for a packet capture: an IPv4 (RFC 791) or IPv6 (RFC 8200) header with
// a TCP (RFC 9293) or UDP (RFC 768) segment inside, every checksum filled in. Both addresses must be of
// one family: use commonFamily() first.

// TCP header flags (RFC 9293 §3.1).
enum TcpFlag : quint8 { Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10 };

struct TcpSegment {
    QHostAddress source;
    QHostAddress destination;
    quint16 sourcePort = 0;
    quint16 destinationPort = 0;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0;
    quint16 window = 65535;
    quint16 mssOption = 0; // non-zero: a Maximum Segment Size option (SYN segments, RFC 9293 §3.7.1)
    QByteArrayView payload;
};

// The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words,
// continuing from `partialSum` (a pseudo-header's sum, say).
quint16 internetChecksum(QByteArrayView data, quint32 partialSum = 0);

// The two addresses in one family: both IPv4 when both can be, else both IPv6 (IPv4 as ::ffff:a.b.c.d).
// False when either is not an IP address.
bool commonFamily(QHostAddress &a, QHostAddress &b);

// A whole IP packet carrying `segment` (IPv4 when its addresses are IPv4). `ipId` is the IPv4
// identification field.
QByteArray tcpPacket(const TcpSegment &segment, quint16 ipId = 0);
QByteArray udpPacket(const QHostAddress &source, quint16 sourcePort, const QHostAddress &destination,
                     quint16 destinationPort, QByteArrayView payload, quint16 ipId = 0);

// The largest payload that goes in one packet: 65535 minus the headers (used to bound datagrams).
constexpr int kMaxUdpPayloadV4 = 65535 - 20 - 8;

} // namespace mf::pcap
