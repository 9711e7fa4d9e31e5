#include "PcapngExport.h"

#include "PacketFrames.h"
#include "PcapngWriter.h"

#include <QCoreApplication>
#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include <algorithm>

namespace mf::pcap {

namespace {

using Record = WireCapture::Record;

// One TCP connection being told as packets.
struct TcpStream {
    QHostAddress address[2]; // [client, server]
    quint16 port[2] = {0, 0};
    quint32 nextSeq[2] = {0, 0};
    bool finSent[2] = {false, false};
    int mss = kMssIpv4;
};

int side(Direction d) { return d == Direction::Client ? 0 : 1; }

// Initial sequence numbers that look like a real stack's (RFC 9293 §3.4.1 asks for unpredictable ones;
// a capture only needs them distinct), and the same for the same stream in every export.
quint32 initialSequence(int stream, int who)
{
    quint32 x = quint32(stream) * 2654435761u + quint32(who + 1) * 40503u;
    x ^= x >> 15;
    x *= 2246822519u;
    x ^= x >> 13;
    return x;
}

class PacketSink
{
public:
    PacketSink(PcapngWriter &writer, int interface) : m_writer(writer), m_interface(interface) {}

    bool segment(const TcpStream &s, int from, quint32 seq, quint8 flags, QByteArrayView payload, qint64 timeUs,
                 quint16 mss = 0)
    {
        TcpSegment seg;
        seg.source = s.address[from];
        seg.destination = s.address[1 - from];
        seg.sourcePort = s.port[from];
        seg.destinationPort = s.port[1 - from];
        seg.seq = seq;
        seg.ack = s.nextSeq[1 - from];
        seg.flags = flags;
        seg.mssOption = mss;
        seg.payload = payload;
        return m_writer.writePacket(m_interface, timeUs, tcpPacket(seg, ++m_ipId));
    }
    bool datagram(const Record &r)
    {
        QHostAddress from = r.from.address;
        QHostAddress to = r.to.address;
        if (!commonFamily(from, to) || r.bytes.size() > kMaxUdpPayloadV4)
            return true; // not representable as one UDP packet: left out
        return m_writer.writePacket(m_interface, r.timeUs, udpPacket(from, r.from.port, to, r.to.port, r.bytes, ++m_ipId));
    }

private:
    PcapngWriter &m_writer;
    int m_interface;
    quint16 m_ipId = 0;
};

bool openStream(PacketSink &out, QHash<int, TcpStream> &streams, const Record &r)
{
    TcpStream s;
    s.address[0] = r.from.address;
    s.address[1] = r.to.address;
    if (!commonFamily(s.address[0], s.address[1]))
        return true; // not an IP connection: left out
    s.port[0] = r.from.port;
    s.port[1] = r.to.port;
    s.mss = s.address[0].protocol() == QAbstractSocket::IPv4Protocol ? kMssIpv4 : kMssIpv6;
    const quint32 clientIsn = initialSequence(r.stream, 0);
    const quint32 serverIsn = initialSequence(r.stream, 1);
    // The three-way handshake (RFC 9293 §3.5).
    s.nextSeq[1] = 0; // the SYN acknowledges nothing
    bool ok = out.segment(s, 0, clientIsn, Syn, {}, r.timeUs, quint16(s.mss));
    s.nextSeq[0] = clientIsn + 1;
    ok = ok && out.segment(s, 1, serverIsn, Syn | Ack, {}, r.timeUs, quint16(s.mss));
    s.nextSeq[1] = serverIsn + 1;
    ok = ok && out.segment(s, 0, s.nextSeq[0], Ack, {}, r.timeUs);
    streams.insert(r.stream, s);
    return ok;
}

bool streamData(PacketSink &out, TcpStream &s, const Record &r)
{
    const int from = side(r.dir);
    if (s.finSent[from])
        return true; // nothing follows a FIN from the same side
    bool ok = true;
    int unacknowledged = 0;
    for (qsizetype at = 0; ok && at < r.bytes.size(); at += s.mss) {
        const QByteArrayView piece = QByteArrayView(r.bytes).sliced(at, std::min<qsizetype>(s.mss, r.bytes.size() - at));
        const bool last = at + s.mss >= r.bytes.size();
        ok = out.segment(s, from, s.nextSeq[from], Ack | (last ? Psh : 0), piece, r.timeUs);
        s.nextSeq[from] += quint32(piece.size());
        // The receiver acknowledges every second full segment and the end of the chunk (RFC 9293
        // §3.8.6.3, delayed ACKs), so the window never looks full.
        if (ok && (++unacknowledged == 2 || last)) {
            ok = out.segment(s, 1 - from, s.nextSeq[1 - from], Ack, {}, r.timeUs);
            unacknowledged = 0;
        }
    }
    return ok;
}

bool streamClosed(PacketSink &out, TcpStream &s, const Record &r)
{
    const int from = side(r.dir);
    if (s.finSent[from])
        return true;
    s.finSent[from] = true;
    bool ok = out.segment(s, from, s.nextSeq[from], Fin | Ack, {}, r.timeUs);
    s.nextSeq[from] += 1; // a FIN takes one sequence number
    return ok && out.segment(s, 1 - from, s.nextSeq[1 - from], Ack, {}, r.timeUs);
}

QString captureComment(const QString &lesson, const QStringList &decodeAs, bool stopped)
{
    QString text = QStringLiteral("Written by MailFlow %1: what its wire taps saw on the loopback network")
                       .arg(QCoreApplication::applicationVersion());
    if (!lesson.isEmpty())
        text += QStringLiteral(" during the lesson \"%1\"").arg(lesson);
    text += QStringLiteral(
        ". TCP handshakes, segment boundaries and ACKs are synthetic; addresses, ports, payload bytes and times are "
        "real. The servers' ports are not the well-known ones; decode them with: %1")
                .arg(decodeAs.join(QLatin1Char(' ')));
    if (stopped)
        text += QStringLiteral(". The capture reached its size limit and stopped: later traffic is missing.");
    return text;
}

} // namespace

QStringList decodeAsOptions(const QList<WireCapture::Record> &records)
{
    // Wireshark's dissector names: smtp, pop, imap, tls, dns. Implicit-TLS ports are TLS on TCP and the
    // protocol inside TLS ("tls.port" is the table of what TLS carries).
    static const QMap<QString, QStringList> table{
        {QStringLiteral("smtp"), {QStringLiteral("tcp.port==%1,smtp")}},
        {QStringLiteral("submission"), {QStringLiteral("tcp.port==%1,smtp")}},
        {QStringLiteral("smtps"), {QStringLiteral("tcp.port==%1,tls"), QStringLiteral("tls.port==%1,smtp")}},
        {QStringLiteral("pop3"), {QStringLiteral("tcp.port==%1,pop")}},
        {QStringLiteral("pop3s"), {QStringLiteral("tcp.port==%1,tls"), QStringLiteral("tls.port==%1,pop")}},
        {QStringLiteral("imap"), {QStringLiteral("tcp.port==%1,imap")}},
        {QStringLiteral("imaps"), {QStringLiteral("tcp.port==%1,tls"), QStringLiteral("tls.port==%1,imap")}},
        {QStringLiteral("dns"), {QStringLiteral("udp.port==%1,dns")}},
    };
    QStringList options;
    QSet<QString> seen;
    for (const Record &r : records) {
        if (r.kind != Record::Kind::Open && r.kind != Record::Kind::Datagram)
            continue;
        // The server's port: where a connection or a query went, where an answer came from.
        const bool answer = r.kind == Record::Kind::Datagram && r.dir == Direction::Server;
        const quint16 port = answer ? r.from.port : r.to.port;
        const QString key = r.service + QString::number(port);
        if (seen.contains(key))
            continue;
        seen.insert(key);
        for (const QString &pattern : table.value(r.service))
            options << QStringLiteral("-d") << pattern.arg(port);
    }
    return options;
}

QString tsharkCommand(const QString &pcapPath, const QStringList &decodeAs, const QString &keyLogPath)
{
    auto quoted = [](const QString &s) {
        if (!s.isEmpty() && s.indexOf(QRegularExpression(QStringLiteral("[^A-Za-z0-9_./=,:+-]"))) < 0)
            return s;
        return QLatin1Char('\'') + QString(s).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
    };
    QStringList words{QStringLiteral("tshark"), QStringLiteral("-r"), quoted(pcapPath)};
    for (const QString &o : decodeAs)
        words << quoted(o);
    if (!keyLogPath.isEmpty())
        words << QStringLiteral("-o") << quoted(QStringLiteral("tls.keylog_file:") + keyLogPath);
    return words.join(QLatin1Char(' '));
}

bool writeCapture(const WireCapture &capture, QIODevice &device, const QString &lesson, ExportSummary *summary,
                  QString *error)
{
    const QList<Record> records = capture.records();
    ExportSummary result;
    result.decodeAs = decodeAsOptions(records);
    result.captureStopped = capture.isStopped();

    PcapngWriter writer(device);
    bool ok = writer.writeSectionHeader(captureComment(lesson, result.decodeAs, result.captureStopped),
                                        QStringLiteral("MailFlow %1").arg(QCoreApplication::applicationVersion()));
    const int interface = ok ? writer.writeInterface(PcapngWriter::kLinkTypeRaw, QStringLiteral("lo"),
                                                     QStringLiteral("MailFlow's loopback network, as raw IP packets"))
                             : -1;
    ok = ok && interface >= 0;
    PacketSink out(writer, interface);
    QHash<int, TcpStream> streams;
    for (const Record &r : records) {
        if (!ok)
            break;
        switch (r.kind) {
        case Record::Kind::Open:
            ok = openStream(out, streams, r);
            result.connections += streams.contains(r.stream) ? 1 : 0;
            break;
        case Record::Kind::Data:
            if (auto it = streams.find(r.stream); it != streams.end())
                ok = streamData(out, *it, r);
            break;
        case Record::Kind::Close:
            if (auto it = streams.find(r.stream); it != streams.end())
                ok = streamClosed(out, *it, r);
            break;
        case Record::Kind::Datagram:
            ok = out.datagram(r);
            ++result.datagrams;
            break;
        }
    }
    result.packets = writer.packetCount();
    if (!ok && error)
        *error = writer.errorString();
    if (summary)
        *summary = result;
    return ok;
}

bool writeCaptureFile(const WireCapture &capture, const QString &path, const QString &lesson,
                      ExportSummary *summary, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    if (!writeCapture(capture, file, lesson, summary, error)) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace mf::pcap
