#include "PacketFrames.h"

#include <QtEndian>

namespace mf::pcap {

namespace {

constexpr quint8 kProtocolTcp = 6;
constexpr quint8 kProtocolUdp = 17;
constexpr quint8 kTtl = 64; // Linux's default, as a loopback capture shows

void put16(QByteArray &b, int at, quint16 v) { qToBigEndian(v, b.data() + at); }
void put32(QByteArray &b, int at, quint32 v) { qToBigEndian(v, b.data() + at); }

quint32 sum16(QByteArrayView data, quint32 sum)
{
    const auto *p = reinterpret_cast<const quint8 *>(data.data());
    qsizetype i = 0;
    for (; i + 1 < data.size(); i += 2)
        sum += quint32(p[i] << 8 | p[i + 1]);
    if (i < data.size())
        sum += quint32(p[i] << 8); // an odd last octet is padded with zero (RFC 1071 §4.1)
    return sum;
}

QByteArray addressBytes(const QHostAddress &a)
{
    if (a.protocol() == QAbstractSocket::IPv4Protocol) {
        QByteArray b(4, '\0');
        put32(b, 0, a.toIPv4Address());
        return b;
    }
    const Q_IPV6ADDR v6 = a.toIPv6Address();
    return QByteArray(reinterpret_cast<const char *>(v6.c), 16);
}

// The transport checksum covers a pseudo-header of the IP addresses, protocol and length
// (RFC 9293 §3.1 for IPv4, RFC 8200 §8.1 for IPv6).
quint32 pseudoHeaderSum(const QByteArray &src, const QByteArray &dst, quint8 protocol, quint32 length)
{
    quint32 sum = sum16(src, 0);
    sum = sum16(dst, sum);
    sum += protocol;
    sum += length >> 16;
    sum += length & 0xffff;
    return sum;
}

// Puts `transport` (with its checksum field at `checksumAt` still zero) inside an IP header.
QByteArray ipPacket(const QHostAddress &source, const QHostAddress &destination, quint8 protocol, QByteArray transport,
                    int checksumAt, bool zeroMeansNone, quint16 ipId)
{
    const QByteArray src = addressBytes(source);
    const QByteArray dst = addressBytes(destination);
    quint16 checksum = internetChecksum(transport, pseudoHeaderSum(src, dst, protocol, quint32(transport.size())));
    if (checksum == 0 && zeroMeansNone)
        checksum = 0xffff; // UDP: a computed zero is sent as all ones (RFC 768)
    put16(transport, checksumAt, checksum);

    QByteArray header;
    if (source.protocol() == QAbstractSocket::IPv4Protocol) {
        header = QByteArray(20, '\0');
        header[0] = char(0x45); // version 4, 5 words of header
        put16(header, 2, quint16(20 + transport.size()));
        put16(header, 4, ipId);
        put16(header, 6, 0x4000); // don't fragment
        header[8] = char(kTtl);
        header[9] = char(protocol);
        header.replace(12, 4, src);
        header.replace(16, 4, dst);
        put16(header, 10, internetChecksum(header));
    } else {
        header = QByteArray(40, '\0');
        header[0] = char(0x60); // version 6, no traffic class or flow label
        put16(header, 4, quint16(transport.size()));
        header[6] = char(protocol);
        header[7] = char(kTtl);
        header.replace(8, 16, src);
        header.replace(24, 16, dst);
    }
    return header + transport;
}

} // namespace

quint16 internetChecksum(QByteArrayView data, quint32 partialSum)
{
    quint32 sum = sum16(data, partialSum);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

bool commonFamily(QHostAddress &a, QHostAddress &b)
{
    bool aOk = false;
    bool bOk = false;
    const quint32 a4 = a.toIPv4Address(&aOk);
    const quint32 b4 = b.toIPv4Address(&bOk);
    if (aOk && bOk) {
        a = QHostAddress(a4);
        b = QHostAddress(b4);
        return true;
    }
    for (QHostAddress *x : {&a, &b}) {
        if (x->protocol() == QAbstractSocket::IPv4Protocol)
            *x = QHostAddress(QStringLiteral("::ffff:") + x->toString());
        else if (x->protocol() != QAbstractSocket::IPv6Protocol)
            return false;
        x->setScopeId({});
    }
    return true;
}

QByteArray tcpPacket(const TcpSegment &s, quint16 ipId)
{
    const int headerLength = s.mssOption ? 24 : 20;
    QByteArray tcp(headerLength, '\0');
    put16(tcp, 0, s.sourcePort);
    put16(tcp, 2, s.destinationPort);
    put32(tcp, 4, s.seq);
    put32(tcp, 8, (s.flags & Ack) ? s.ack : 0);
    tcp[12] = char((headerLength / 4) << 4);
    tcp[13] = char(s.flags);
    put16(tcp, 14, s.window);
    if (s.mssOption) {
        tcp[20] = 2; // kind: Maximum Segment Size
        tcp[21] = 4; // length
        put16(tcp, 22, s.mssOption);
    }
    tcp.append(s.payload.data(), s.payload.size());
    return ipPacket(s.source, s.destination, kProtocolTcp, std::move(tcp), 16, false, ipId);
}

QByteArray udpPacket(const QHostAddress &source, quint16 sourcePort, const QHostAddress &destination,
                     quint16 destinationPort, QByteArrayView payload, quint16 ipId)
{
    QByteArray udp(8, '\0');
    put16(udp, 0, sourcePort);
    put16(udp, 2, destinationPort);
    put16(udp, 4, quint16(8 + payload.size()));
    udp.append(payload.data(), payload.size());
    return ipPacket(source, destination, kProtocolUdp, std::move(udp), 6, true, ipId);
}

} // namespace mf::pcap
