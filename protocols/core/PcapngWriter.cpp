#include "PcapngWriter.h"

#include <QIODevice>

#include <algorithm>

#include <cstring>

namespace mf::pcap {

namespace {

// Option codes (pcapng §3.5, §4.1, §4.2).
constexpr quint16 kOptEnd = 0;
constexpr quint16 kOptComment = 1;
constexpr quint16 kShbUserAppl = 4;
constexpr quint16 kIfName = 2;
constexpr quint16 kIfTsresol = 9;

template<typename T>
void append(QByteArray &b, T value)
{
    char raw[sizeof(T)];
    std::memcpy(raw, &value, sizeof(T)); // host byte order: the section's magic tells readers which
    b.append(raw, sizeof(T));
}

void pad32(QByteArray &b)
{
    while (b.size() % 4)
        b.append('\0');
}

void appendOption(QByteArray &b, quint16 code, QByteArrayView value)
{
    // An option's length is 16 bits: longer values are cut (utf8Cut() cuts text between characters).
    QByteArrayView v = value.first(std::min<qsizetype>(value.size(), 0xfff0));
    append<quint16>(b, code);
    append<quint16>(b, quint16(v.size()));
    b.append(v.data(), v.size());
    pad32(b);
}

QByteArray utf8Cut(const QString &text)
{
    QByteArray u = text.toUtf8();
    if (u.size() <= 0xfff0)
        return u;
    qsizetype n = 0xfff0;
    while (n > 0 && (quint8(u.at(n)) & 0xc0) == 0x80)
        --n; // do not end inside a multi-byte character
    return u.left(n);
}

void endOptions(QByteArray &b, bool any)
{
    if (any) {
        append<quint16>(b, kOptEnd);
        append<quint16>(b, 0);
    }
}

} // namespace

bool PcapngWriter::writeBlock(quint32 type, const QByteArray &body)
{
    // Block Type, Block Total Length, body (a multiple of 4 octets), Block Total Length again (§3.1).
    QByteArray block;
    const quint32 total = quint32(12 + body.size());
    append<quint32>(block, type);
    append<quint32>(block, total);
    block += body;
    append<quint32>(block, total);
    if (m_out.write(block) != block.size()) {
        m_error = m_out.errorString();
        return false;
    }
    return true;
}

bool PcapngWriter::writeSectionHeader(const QString &comment, const QString &application)
{
    QByteArray body;
    append<quint32>(body, kByteOrderMagic);
    append<quint16>(body, 1); // major version
    append<quint16>(body, 0); // minor version
    append<qint64>(body, -1); // section length: not stated
    if (!comment.isEmpty())
        appendOption(body, kOptComment, utf8Cut(comment));
    if (!application.isEmpty())
        appendOption(body, kShbUserAppl, utf8Cut(application));
    endOptions(body, !comment.isEmpty() || !application.isEmpty());
    return writeBlock(kSectionHeaderBlock, body);
}

int PcapngWriter::writeInterface(quint16 linkType, const QString &name, const QString &comment, quint32 snapLength)
{
    QByteArray body;
    append<quint16>(body, linkType);
    append<quint16>(body, 0); // reserved
    append<quint32>(body, snapLength);
    if (!name.isEmpty())
        appendOption(body, kIfName, utf8Cut(name));
    if (!comment.isEmpty())
        appendOption(body, kOptComment, utf8Cut(comment));
    const char microseconds = 6; // if_tsresol: 10^-6 seconds per timestamp unit
    appendOption(body, kIfTsresol, QByteArrayView(&microseconds, 1));
    endOptions(body, true);
    if (!writeBlock(kInterfaceDescriptionBlock, body))
        return -1;
    return m_interfaces++;
}

bool PcapngWriter::writePacket(int interface, qint64 timeUs, QByteArrayView packet, const QString &comment)
{
    QByteArray body;
    append<quint32>(body, quint32(interface));
    append<quint32>(body, quint32(quint64(timeUs) >> 32)); // timestamp, upper 32 bits
    append<quint32>(body, quint32(quint64(timeUs) & 0xffffffffu));
    append<quint32>(body, quint32(packet.size())); // captured length
    append<quint32>(body, quint32(packet.size())); // original length
    body.append(packet.data(), packet.size());
    pad32(body);
    if (!comment.isEmpty())
        appendOption(body, kOptComment, utf8Cut(comment));
    endOptions(body, !comment.isEmpty());
    if (!writeBlock(kEnhancedPacketBlock, body))
        return false;
    ++m_packets;
    return true;
}

} // namespace mf::pcap
