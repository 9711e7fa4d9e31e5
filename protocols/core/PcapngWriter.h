#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class QIODevice;

namespace mf::pcap {

// Writes the blocks of a pcapng file (draft-ietf-opsawg-pcapng, "PCAP Next Generation Dump File
// Format") in this machine's byte order, which the Section Header Block's magic number declares: one
// Section Header Block, then Interface Description Blocks, then Enhanced Packet Blocks.
class PcapngWriter
{
public:
    // Link types (https://www.tcpdump.org/linktypes.html): raw IPv4/IPv6 packets, no link-layer header.
    static constexpr quint16 kLinkTypeRaw = 101;
    // Block types (pcapng §4).
    static constexpr quint32 kSectionHeaderBlock = 0x0A0D0D0A;
    static constexpr quint32 kInterfaceDescriptionBlock = 0x00000001;
    static constexpr quint32 kEnhancedPacketBlock = 0x00000006;
    static constexpr quint32 kByteOrderMagic = 0x1A2B3C4D;

    explicit PcapngWriter(QIODevice &out) : m_out(out) {}

    // `comment`: opt_comment; `application`: shb_userappl.
    bool writeSectionHeader(const QString &comment, const QString &application);
    // if_name, opt_comment, if_tsresol (10^-6: timestamps are in microseconds). Returns the interface's
    // number for writePacket(), or -1 on a write error.
    int writeInterface(quint16 linkType, const QString &name, const QString &comment, quint32 snapLength = 262144);
    // One packet seen at `timeUs` microseconds since the Unix epoch, captured whole.
    bool writePacket(int interface, qint64 timeUs, QByteArrayView packet, const QString &comment = {});

    QString errorString() const { return m_error; }
    int packetCount() const { return m_packets; }

private:
    bool writeBlock(quint32 type, const QByteArray &body);

    QIODevice &m_out;
    QString m_error;
    int m_interfaces = 0;
    int m_packets = 0;
};

} // namespace mf::pcap
