// The packet capture writer: pcapng block layout (draft-ietf-opsawg-pcapng), IP/TCP/UDP checksums
// (RFC 1071, 791, 9293, 768, 8200), and the TCP conversation it makes of a recorded stream: handshake,
// sequence and acknowledgement numbers, segments of at most one MSS, FINs, and the bytes fed in coming
// out the same whether they were fed whole or a byte at a time.
#include "core/PacketFrames.h"
#include "core/PcapngExport.h"
#include "core/PcapngWriter.h"
#include "core/WireCapture.h"

#include <QBuffer>
#include <QtEndian>
#include <QtTest>

#include <cstring>

using namespace mf;
using namespace mf::pcap;

namespace {

template<typename T>
T host(const QByteArray &b, qsizetype at)
{
    T v;
    std::memcpy(&v, b.constData() + at, sizeof(T));
    return v;
}
quint16 be16(const QByteArray &b, qsizetype at) { return qFromBigEndian<quint16>(b.constData() + at); }
quint32 be32(const QByteArray &b, qsizetype at) { return qFromBigEndian<quint32>(b.constData() + at); }

struct Block {
    quint32 type = 0;
    QByteArray body;
};

// Splits a pcapng file into blocks, checking each block's framing on the way.
QList<Block> blocks(const QByteArray &file)
{
    QList<Block> out;
    qsizetype at = 0;
    while (at < file.size()) {
        if (at + 12 > file.size()) {
            qWarning() << "truncated block at" << at;
            return {};
        }
        const quint32 type = host<quint32>(file, at);
        const quint32 length = host<quint32>(file, at + 4);
        if (length % 4 != 0 || length < 12 || at + length > file.size() || host<quint32>(file, at + length - 4) != length) {
            qWarning() << "bad block length at" << at;
            return {};
        }
        out.append({type, file.mid(at + 8, length - 12)});
        at += length;
    }
    return out;
}

// Options of a block body starting at `from`: code -> value.
QMultiMap<quint16, QByteArray> options(const QByteArray &body, qsizetype from)
{
    QMultiMap<quint16, QByteArray> out;
    qsizetype at = from;
    while (at + 4 <= body.size()) {
        const quint16 code = host<quint16>(body, at);
        const quint16 length = host<quint16>(body, at + 2);
        if (code == 0)
            break;
        out.insert(code, body.mid(at + 4, length));
        at += 4 + ((length + 3) / 4) * 4;
    }
    return out;
}

struct Tcp {
    int version = 0;
    QByteArray src, dst;
    quint16 sport = 0, dport = 0;
    quint32 seq = 0, ack = 0;
    quint8 flags = 0;
    quint16 mss = 0;
    QByteArray payload;
    bool checksumsOk = false;
};

// The sum over a pseudo header and the segment, checksum included: zero when the checksum is right.
bool transportChecksumOk(const QByteArray &src, const QByteArray &dst, quint8 protocol, const QByteArray &segment)
{
    QByteArray pseudo = src + dst;
    pseudo.append(char(0));
    pseudo.append(char(protocol));
    pseudo.append(char(segment.size() >> 8));
    pseudo.append(char(segment.size() & 0xff));
    return internetChecksum(pseudo + segment) == 0;
}

Tcp parseTcp(const QByteArray &packet)
{
    Tcp t;
    t.version = quint8(packet.at(0)) >> 4;
    qsizetype ipLength = 0;
    bool ipOk = false;
    if (t.version == 4) {
        ipLength = (quint8(packet.at(0)) & 0x0f) * 4;
        t.src = packet.mid(12, 4);
        t.dst = packet.mid(16, 4);
        ipOk = internetChecksum(packet.first(ipLength)) == 0 && be16(packet, 2) == packet.size() && packet.at(9) == 6;
    } else {
        ipLength = 40;
        t.src = packet.mid(8, 16);
        t.dst = packet.mid(24, 16);
        ipOk = be16(packet, 4) == packet.size() - 40 && packet.at(6) == 6;
    }
    const QByteArray tcp = packet.mid(ipLength);
    t.sport = be16(tcp, 0);
    t.dport = be16(tcp, 2);
    t.seq = be32(tcp, 4);
    t.ack = be32(tcp, 8);
    const int offset = (quint8(tcp.at(12)) >> 4) * 4;
    t.flags = quint8(tcp.at(13));
    if (offset == 24 && tcp.at(20) == 2 && tcp.at(21) == 4)
        t.mss = be16(tcp, 22);
    t.payload = tcp.mid(offset);
    t.checksumsOk = ipOk && transportChecksumOk(t.src, t.dst, 6, tcp);
    return t;
}

struct Packets {
    QList<QByteArray> data;
    QList<qint64> times;
    QByteArray sectionComment;
    bool layoutOk = false;
};

Packets readCapture(const QByteArray &file)
{
    Packets p;
    const QList<Block> all = blocks(file);
    if (all.size() < 2 || all[0].type != PcapngWriter::kSectionHeaderBlock || all[1].type != PcapngWriter::kInterfaceDescriptionBlock)
        return p;
    const QByteArray &shb = all[0].body;
    if (host<quint32>(shb, 0) != PcapngWriter::kByteOrderMagic || host<quint16>(shb, 4) != 1 || host<quint16>(shb, 6) != 0
        || host<qint64>(shb, 8) != -1)
        return p;
    p.sectionComment = options(shb, 16).value(1);
    const QByteArray &idb = all[1].body;
    if (host<quint16>(idb, 0) != PcapngWriter::kLinkTypeRaw || options(idb, 8).value(9) != QByteArray(1, char(6)))
        return p;
    for (qsizetype i = 2; i < all.size(); ++i) {
        const QByteArray &epb = all[i].body;
        if (all[i].type != PcapngWriter::kEnhancedPacketBlock || host<quint32>(epb, 0) != 0)
            return p;
        const quint32 captured = host<quint32>(epb, 12);
        if (captured != host<quint32>(epb, 16) || epb.size() < 20 + qsizetype((captured + 3) / 4 * 4))
            return p;
        p.times.append(qint64(quint64(host<quint32>(epb, 4)) << 32 | host<quint32>(epb, 8)));
        p.data.append(epb.mid(20, captured));
    }
    p.layoutOk = true;
    return p;
}

QByteArray exportOf(const WireCapture &capture, ExportSummary *summary = nullptr)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    if (!writeCapture(capture, buffer, QStringLiteral("test lesson"), summary, &error))
        qWarning() << error;
    return buffer.data();
}

// A clock that advances 1 ms per reading, from a fixed moment.
std::function<qint64()> steppingClock()
{
    auto t = std::make_shared<qint64>(Q_INT64_C(1700000000000000));
    return [t] { return *t += 1000; };
}

QByteArray serverReply(int size)
{
    QByteArray b;
    while (b.size() < size)
        b += "250-a line of a long reply\r\n";
    return b.left(size);
}

} // namespace

class TstPcapngWriter : public QObject
{
    Q_OBJECT
private slots:
    void checksumIsRfc1071()
    {
        // RFC 1071 §3's example: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the checksum is 220d.
        QCOMPARE(internetChecksum(QByteArray::fromHex("0001f203f4f5f6f7")), quint16(0x220d));
        // An odd length is padded with a zero octet.
        QCOMPARE(internetChecksum(QByteArray::fromHex("0001f203f4f5f6")), internetChecksum(QByteArray::fromHex("0001f203f4f5f600")));
    }

    void ipv4TcpPacket()
    {
        TcpSegment s;
        s.source = QHostAddress(QStringLiteral("127.0.0.2"));
        s.destination = QHostAddress(QStringLiteral("127.0.0.3"));
        s.sourcePort = 40000;
        s.destinationPort = 25;
        s.seq = 1000;
        s.ack = 2000;
        s.flags = Ack | Psh;
        s.payload = "EHLO a.example\r\n";
        const QByteArray p = tcpPacket(s, 7);
        QCOMPARE(p.size(), 20 + 20 + 16);
        const Tcp t = parseTcp(p);
        QVERIFY(t.checksumsOk);
        QCOMPARE(t.version, 4);
        QCOMPARE(t.src, QByteArray::fromHex("7f000002"));
        QCOMPARE(t.dst, QByteArray::fromHex("7f000003"));
        QCOMPARE(be16(p, 4), quint16(7));  // identification
        QCOMPARE(be16(p, 6), quint16(0x4000)); // don't fragment
        QCOMPARE(quint8(p.at(8)), quint8(64));
        QCOMPARE(t.sport, quint16(40000));
        QCOMPARE(t.dport, quint16(25));
        QCOMPARE(t.seq, 1000u);
        QCOMPARE(t.ack, 2000u);
        QCOMPARE(t.flags, quint8(Ack | Psh));
        QCOMPARE(t.payload, QByteArray("EHLO a.example\r\n"));
    }

    void ipv6TcpAndUdpPackets()
    {
        TcpSegment s;
        s.source = QHostAddress(QStringLiteral("::1"));
        s.destination = QHostAddress(QStringLiteral("::1"));
        s.sourcePort = 5;
        s.destinationPort = 6;
        s.flags = Syn;
        s.mssOption = 1440;
        const Tcp t = parseTcp(tcpPacket(s));
        QVERIFY(t.checksumsOk);
        QCOMPARE(t.version, 6);
        QCOMPARE(t.mss, quint16(1440));
        QCOMPARE(t.ack, 0u); // no ACK flag: the field is zero

        const QByteArray dns = QByteArray::fromHex("12340100000100000000000001610765786d706c650000");
        for (const QString &address : {QStringLiteral("127.0.0.1"), QStringLiteral("::1")}) {
            const QHostAddress a(address);
            const QByteArray p = udpPacket(a, 5353, a, 53, dns);
            const int ip = a.protocol() == QAbstractSocket::IPv4Protocol ? 20 : 40;
            const QByteArray udp = p.mid(ip);
            QCOMPARE(be16(udp, 4), quint16(8 + dns.size()));
            QCOMPARE(udp.mid(8), dns);
            const QByteArray src = ip == 20 ? p.mid(12, 4) : p.mid(8, 16);
            const QByteArray dst = ip == 20 ? p.mid(16, 4) : p.mid(24, 16);
            QVERIFY(transportChecksumOk(src, dst, 17, udp));
            QVERIFY(be16(udp, 6) != 0); // a UDP checksum is present (mandatory over IPv6)
            if (ip == 20)
                QCOMPARE(internetChecksum(p.first(20)), quint16(0));
        }
    }

    void mixedFamiliesBecomeIpv6()
    {
        QHostAddress a(QStringLiteral("127.0.0.1"));
        QHostAddress b(QStringLiteral("::1"));
        QVERIFY(commonFamily(a, b));
        QCOMPARE(a.protocol(), QAbstractSocket::IPv6Protocol);
        QCOMPARE(a, QHostAddress(QStringLiteral("::ffff:127.0.0.1")));
        QHostAddress mappedA(QStringLiteral("::ffff:127.0.0.2"));
        QHostAddress v4(QStringLiteral("127.0.0.3"));
        QVERIFY(commonFamily(mappedA, v4));
        QCOMPARE(mappedA.protocol(), QAbstractSocket::IPv4Protocol);
    }

    void blockLayout()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        PcapngWriter writer(buffer);
        QVERIFY(writer.writeSectionHeader(QStringLiteral("hello"), QStringLiteral("MailFlow test")));
        QCOMPARE(writer.writeInterface(PcapngWriter::kLinkTypeRaw, QStringLiteral("lo"), {}), 0);
        QVERIFY(writer.writePacket(0, Q_INT64_C(0x123456789a), QByteArray("abcde"), QStringLiteral("c")));
        const QByteArray file = buffer.data();
        const QList<Block> all = blocks(file);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all[0].type, 0x0A0D0D0Au);
        QCOMPARE(options(all[0].body, 16).value(1), QByteArray("hello"));
        QCOMPARE(options(all[0].body, 16).value(4), QByteArray("MailFlow test"));
        QCOMPARE(all[1].type, 1u);
        QCOMPARE(options(all[1].body, 8).value(2), QByteArray("lo"));
        const QByteArray &epb = all[2].body;
        QCOMPARE(all[2].type, 6u);
        QCOMPARE(host<quint32>(epb, 4), 0x12u);       // timestamp, upper half
        QCOMPARE(host<quint32>(epb, 8), 0x3456789au); // lower half
        QCOMPARE(host<quint32>(epb, 12), 5u);
        QCOMPARE(epb.mid(20, 5), QByteArray("abcde"));
        QCOMPARE(epb.mid(25, 3), QByteArray(3, '\0')); // padded to 32 bits
        QCOMPARE(options(epb, 28).value(1), QByteArray("c"));
        QCOMPARE(writer.packetCount(), 1);
    }

    void tcpConversation_data()
    {
        QTest::addColumn<bool>("byteByByte");
        QTest::newRow("fed whole") << false;
        QTest::newRow("fed one byte at a time") << true;
    }

    void tcpConversation()
    {
        QFETCH(bool, byteByByte);
        WireCapture capture;
        capture.setClock(steppingClock());
        const QByteArray request = "EHLO a.example\r\n";
        const QByteArray reply = serverReply(3000);
        const int stream = capture.openStream({QHostAddress(QStringLiteral("127.0.0.2")), 41000},
                                              {QHostAddress(QStringLiteral("127.0.0.3")), 42000}, QStringLiteral("smtp"));
        QCOMPARE(stream, 0);
        auto feed = [&](Direction dir, const QByteArray &bytes) {
            if (!byteByByte)
                return capture.streamData(stream, dir, bytes);
            for (char c : bytes)
                capture.streamData(stream, dir, QByteArray(1, c));
        };
        feed(Direction::Server, "220 mx.b.example ESMTP\r\n");
        feed(Direction::Client, request);
        feed(Direction::Server, reply);
        capture.streamClosed(stream, Direction::Client);
        capture.streamClosed(stream, Direction::Server);

        ExportSummary summary;
        const Packets p = readCapture(exportOf(capture, &summary));
        QVERIFY(p.layoutOk);
        QVERIFY(p.sectionComment.contains("MailFlow"));
        QVERIFY(p.sectionComment.contains("test lesson"));
        QVERIFY(p.sectionComment.contains("-d tcp.port==42000,smtp"));
        QCOMPARE(summary.connections, 1);
        QCOMPARE(summary.decodeAs, QStringList({QStringLiteral("-d"), QStringLiteral("tcp.port==42000,smtp")}));

        QList<Tcp> t;
        for (const QByteArray &packet : p.data) {
            t.append(parseTcp(packet));
            QVERIFY(t.last().checksumsOk);
        }
        for (qsizetype i = 1; i < p.times.size(); ++i)
            QVERIFY(p.times[i] >= p.times[i - 1]);
        QCOMPARE(p.times.first(), Q_INT64_C(1700000000001000));

        // The three-way handshake.
        QCOMPARE(t[0].flags, quint8(Syn));
        QCOMPARE(t[0].sport, quint16(41000));
        QCOMPARE(t[0].dport, quint16(42000));
        QCOMPARE(t[0].mss, quint16(kMssIpv4));
        QCOMPARE(t[1].flags, quint8(Syn | Ack));
        QCOMPARE(t[1].ack, t[0].seq + 1);
        QCOMPARE(t[2].flags, quint8(Ack));
        QCOMPARE(t[2].seq, t[0].seq + 1);
        QCOMPARE(t[2].ack, t[1].seq + 1);
        const quint32 clientIsn = t[0].seq;
        const quint32 serverIsn = t[1].seq;

        // Every segment: sequence numbers follow the bytes sent, acknowledgements the bytes received,
        // no segment over the MSS, and the payload each way is exactly what was fed.
        QByteArray fromClient, fromServer;
        quint32 nextClient = clientIsn + 1, nextServer = serverIsn + 1;
        for (qsizetype i = 3; i < t.size(); ++i) {
            const Tcp &s = t[i];
            const bool client = s.sport == 41000;
            QVERIFY(s.payload.size() <= kMssIpv4);
            QVERIFY(s.flags & Ack);
            QCOMPARE(s.seq, client ? nextClient : nextServer);
            QCOMPARE(s.ack, client ? nextServer : nextClient);
            (client ? fromClient : fromServer) += s.payload;
            (client ? nextClient : nextServer) += quint32(s.payload.size()) + ((s.flags & Fin) ? 1 : 0);
        }
        QCOMPARE(fromClient, request);
        QCOMPARE(fromServer, "220 mx.b.example ESMTP\r\n" + reply);

        // Both FINs, each acknowledged; the last packet acknowledges the server's FIN.
        int fins = 0;
        for (const Tcp &s : t)
            fins += (s.flags & Fin) ? 1 : 0;
        QCOMPARE(fins, 2);
        QCOMPARE(t.last().flags, quint8(Ack));
        QCOMPARE(t.last().ack, nextServer);
        if (!byteByByte) {
            // The 3000-byte reply went as 1460 + 1460 + 80.
            QList<qsizetype> sizes;
            for (const Tcp &s : t)
                if (s.sport == 42000 && !s.payload.isEmpty())
                    sizes << s.payload.size();
            QCOMPARE(sizes, QList<qsizetype>({24, 1460, 1460, 80}));
        }
    }

    void dnsDatagrams()
    {
        WireCapture capture;
        capture.setClock(steppingClock());
        const WireCapture::Endpoint client{QHostAddress(QStringLiteral("127.0.0.2")), 50000};
        const WireCapture::Endpoint server{QHostAddress(QStringLiteral("127.0.0.53")), 45353};
        capture.datagram(client, server, Direction::Client, QStringLiteral("dns"), "query");
        capture.datagram(server, client, Direction::Server, QStringLiteral("dns"), "answer");
        ExportSummary summary;
        const Packets p = readCapture(exportOf(capture, &summary));
        QVERIFY(p.layoutOk);
        QCOMPARE(p.data.size(), 2);
        QCOMPARE(summary.datagrams, 2);
        QCOMPARE(summary.decodeAs, QStringList({QStringLiteral("-d"), QStringLiteral("udp.port==45353,dns")}));
        QCOMPARE(p.data[0].mid(28), QByteArray("query"));
        QCOMPARE(be16(p.data[1], 20), quint16(45353)); // the answer comes from the server's port
        QCOMPARE(p.data[1].mid(28), QByteArray("answer"));
    }

    void decodeAsForEveryService()
    {
        WireCapture capture;
        const QHostAddress lo(QStringLiteral("127.0.0.2"));
        quint16 port = 1000;
        for (const char *service : {"smtp", "submission", "smtps", "pop3", "pop3s", "imap", "imaps"})
            capture.openStream({lo, 60000}, {lo, ++port}, QString::fromLatin1(service));
        capture.openStream({lo, 60001}, {lo, 1001}, QStringLiteral("smtp")); // a port named once
        QCOMPARE(decodeAsOptions(capture.records()).join(QLatin1Char(' ')),
                 QStringLiteral("-d tcp.port==1001,smtp -d tcp.port==1002,smtp -d tcp.port==1003,tls -d tls.port==1003,smtp "
                                "-d tcp.port==1004,pop -d tcp.port==1005,tls -d tls.port==1005,pop -d tcp.port==1006,imap "
                                "-d tcp.port==1007,tls -d tls.port==1007,imap"));
        QCOMPARE(tsharkCommand(QStringLiteral("/tmp/a b.pcapng"), {QStringLiteral("-d"), QStringLiteral("tcp.port==1,smtp")},
                               QStringLiteral("/tmp/k")),
                 QStringLiteral("tshark -r '/tmp/a b.pcapng' -d tcp.port==1,smtp -o tls.keylog_file:/tmp/k"));
    }

    void captureStopsAtItsLimit()
    {
        WireCapture capture(1000);
        const QHostAddress lo(QStringLiteral("127.0.0.2"));
        const int stream = capture.openStream({lo, 1}, {lo, 2}, QStringLiteral("smtp"));
        QVERIFY(stream >= 0);
        capture.streamData(stream, Direction::Client, QByteArray(500, 'x'));
        QVERIFY(!capture.isStopped());
        capture.streamData(stream, Direction::Client, QByteArray(500, 'y')); // over the limit
        QVERIFY(capture.isStopped());
        capture.streamData(stream, Direction::Client, "z"); // nothing after the stop, not even small
        QCOMPARE(capture.openStream({lo, 3}, {lo, 4}, QStringLiteral("smtp")), -1);
        QCOMPARE(capture.records().size(), 2);
        QVERIFY(capture.recordedBytes() <= 1000);
        ExportSummary summary;
        const Packets p = readCapture(exportOf(capture, &summary));
        QVERIFY(summary.captureStopped);
        QVERIFY(p.sectionComment.contains("size limit"));
    }
};

QTEST_GUILESS_MAIN(TstPcapngWriter)
#include "tst_pcapngwriter.moc"
