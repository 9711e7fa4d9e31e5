#pragma once

#include "WireCapture.h"

#include <QString>
#include <QStringList>

class QIODevice;

namespace mf::pcap {

// Turns what a WireCapture recorded into a pcapng file Wireshark and tshark read: every TCP connection
// as a real one would look on the loopback interface (three-way handshake, its bytes in segments of at
// most kMss octets with their sequence and acknowledgement numbers, the receiver's ACKs, a FIN from each
// side as it closed) and every DNS datagram as a UDP packet, each with the time it was seen.
//
// MailFlow's ports are ephemeral, so Wireshark cannot tell SMTP, POP3 or IMAP from the port numbers:
// decodeAsOptions() says which port carries which protocol, in tshark's and wireshark's `-d` syntax, and
// the file's comment repeats it.

// Segment sizes: what an Ethernet MTU of 1500 leaves for TCP payload (RFC 9293 §3.7.1), so segments look
// as on a real network rather than loopback's 64 KiB.
constexpr int kMssIpv4 = 1460;
constexpr int kMssIpv6 = 1440;

struct ExportSummary {
    int packets = 0;
    int connections = 0;
    int datagrams = 0;
    bool captureStopped = false; // the capture reached its size limit: later traffic is missing
    QStringList decodeAs;        // tshark/wireshark options, e.g. {"-d", "tcp.port==40001,smtp", ...}
};

// ["-d", "tcp.port==N,smtp", "-d", "udp.port==M,dns", ...] for every server port in `records`.
QStringList decodeAsOptions(const QList<WireCapture::Record> &records);
// A tshark command line that opens `pcapPath` with those options (and the key log, when given).
QString tsharkCommand(const QString &pcapPath, const QStringList &decodeAs, const QString &keyLogPath = {});

// Writes the capture to `out`. `lesson` names the lesson in the file's comment.
bool writeCapture(const WireCapture &capture, QIODevice &out, const QString &lesson, ExportSummary *summary,
                  QString *error);
// The same into a file, replaced atomically.
bool writeCaptureFile(const WireCapture &capture, const QString &path, const QString &lesson,
                      ExportSummary *summary, QString *error);

} // namespace mf::pcap
