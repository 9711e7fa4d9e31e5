#include "DnsMessage.h"

#include <QHash>
#include <cctype>
#include <QStringList>

namespace mf {

namespace {

constexpr int kHeaderSize = 12;
constexpr int kMaxLabel = 63;     // RFC 1035 §2.3.4
constexpr int kMaxNameWire = 255; // RFC 1035 §2.3.4, counting length octets and the final zero
constexpr int kMaxPointerJumps = 64;

struct NameTables {
    static const QList<QPair<quint16, const char *>> &types()
    {
        static const QList<QPair<quint16, const char *>> t = {
            {DnsType::A, "A"},       {DnsType::NS, "NS"},   {DnsType::CNAME, "CNAME"}, {DnsType::SOA, "SOA"},
            {DnsType::MX, "MX"},     {DnsType::TXT, "TXT"}, {DnsType::AAAA, "AAAA"},   {DnsType::OPT, "OPT"},
            {DnsType::IXFR, "IXFR"}, {DnsType::AXFR, "AXFR"}, {DnsType::ANY, "ANY"},   {12, "PTR"},
            {33, "SRV"},             {43, "DS"},            {46, "RRSIG"},             {48, "DNSKEY"},
            {257, "CAA"},            {65, "HTTPS"},
        };
        return t;
    }
};

// Splits a presentation name into raw labels, undoing "\." , "\\" and "\DDD" escapes.
std::optional<QList<QByteArray>> splitLabels(QByteArrayView name)
{
    QList<QByteArray> labels;
    if (name.isEmpty() || name == ".")
        return labels;
    QByteArray current;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c == '\\') {
            if (i + 1 >= name.size())
                return std::nullopt;
            if (i + 3 < name.size() && std::isdigit(uchar(name[i + 1])) && std::isdigit(uchar(name[i + 2]))
                && std::isdigit(uchar(name[i + 3]))) {
                const int v = (name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0');
                if (v > 255)
                    return std::nullopt;
                current.append(char(v));
                i += 3;
            } else {
                current.append(name[i + 1]);
                ++i;
            }
        } else if (c == '.') {
            if (current.isEmpty())
                return std::nullopt; // empty label in the middle
            labels.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    if (!current.isEmpty())
        labels.append(current);
    return labels;
}

QByteArray escapeLabel(const QByteArray &label)
{
    QByteArray out;
    for (const char c : label) {
        const uchar u = uchar(c);
        if (c == '.' || c == '\\' || c == '"' || c == ';' || c == '(' || c == ')' || c == '@' || c == '$')
            out.append('\\').append(c);
        else if (u <= 0x20 || u >= 0x7f)
            out.append('\\').append(QByteArray::number(u).rightJustified(3, '0'));
        else
            out.append(c);
    }
    return out;
}

void putU16(QByteArray &out, quint16 v)
{
    out.append(char(v >> 8)).append(char(v & 0xff));
}

void putU32(QByteArray &out, quint32 v)
{
    putU16(out, quint16(v >> 16));
    putU16(out, quint16(v & 0xffff));
}

// Writes names, remembering every suffix's offset so later names can point at it (RFC 1035 §4.1.4).
// Suffixes match byte for byte (not case-insensitively) so every name decodes exactly as it was given.
class NameWriter
{
public:
    explicit NameWriter(QByteArray &out) : m_out(out) {}

    void write(const QByteArray &name, bool compress)
    {
        const QList<QByteArray> labels = splitLabels(name).value_or(QList<QByteArray>{});
        for (qsizetype i = 0; i < labels.size(); ++i) {
            QByteArray suffix;
            for (qsizetype j = i; j < labels.size(); ++j)
                suffix.append(char(labels[j].size())).append(labels[j]);
            if (compress) {
                const auto it = m_offsets.constFind(suffix);
                if (it != m_offsets.constEnd()) {
                    putU16(m_out, quint16(0xC000 | *it));
                    return;
                }
            }
            if (m_out.size() < 0x3FFF)
                m_offsets.insert(suffix, quint16(m_out.size()));
            const QByteArray label = labels[i].left(kMaxLabel);
            m_out.append(char(label.size())).append(label);
        }
        m_out.append('\0');
    }

private:
    QByteArray &m_out;
    QHash<QByteArray, quint16> m_offsets;
};

void writeRecord(QByteArray &out, NameWriter &names, const DnsRecord &r)
{
    names.write(r.name, true);
    putU16(out, r.type);
    putU16(out, r.cls);
    putU32(out, r.ttl);
    const qsizetype lengthAt = out.size();
    putU16(out, 0);
    switch (r.type) {
    case DnsType::A: {
        const quint32 v4 = r.address.toIPv4Address();
        putU32(out, v4);
        break;
    }
    case DnsType::AAAA: {
        const Q_IPV6ADDR v6 = r.address.toIPv6Address();
        out.append(reinterpret_cast<const char *>(v6.c), 16);
        break;
    }
    case DnsType::MX:
        putU16(out, r.preference);
        names.write(r.target, true);
        break;
    case DnsType::NS:
    case DnsType::CNAME:
        names.write(r.target, true);
        break;
    case DnsType::SOA:
        names.write(r.soa.mname, true);
        names.write(r.soa.rname, true);
        putU32(out, r.soa.serial);
        putU32(out, r.soa.refresh);
        putU32(out, r.soa.retry);
        putU32(out, r.soa.expire);
        putU32(out, r.soa.minimum);
        break;
    case DnsType::TXT:
        for (const QByteArray &t : r.texts) {
            // A character-string holds at most 255 octets (RFC 1035 §3.3); longer texts are split.
            qsizetype at = 0;
            do {
                const QByteArray part = t.mid(at, 255);
                out.append(char(part.size())).append(part);
                at += 255;
            } while (at < t.size());
        }
        break;
    default:
        out.append(r.raw);
        break;
    }
    const qsizetype rdlength = out.size() - lengthAt - 2;
    out[lengthAt] = char(rdlength >> 8);
    out[lengthAt + 1] = char(rdlength & 0xff);
}

class Reader
{
public:
    explicit Reader(QByteArrayView wire) : m_wire(wire) {}

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qsizetype pos() const { return m_pos; }
    qsizetype size() const { return m_wire.size(); }

    void fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = why;
    }

    bool need(qsizetype n, const char *what)
    {
        if (failed())
            return false;
        if (m_pos + n > m_wire.size()) {
            fail(QStringLiteral("message ends inside %1").arg(QLatin1String(what)));
            return false;
        }
        return true;
    }

    quint8 u8(const char *what)
    {
        if (!need(1, what))
            return 0;
        return quint8(m_wire[m_pos++]);
    }
    quint16 u16(const char *what)
    {
        if (!need(2, what))
            return 0;
        const quint16 v = quint16((uchar(m_wire[m_pos]) << 8) | uchar(m_wire[m_pos + 1]));
        m_pos += 2;
        return v;
    }
    quint32 u32(const char *what)
    {
        const quint32 hi = u16(what);
        return (hi << 16) | u16(what);
    }
    QByteArray bytes(qsizetype n, const char *what)
    {
        if (!need(n, what))
            return {};
        const QByteArray b = m_wire.sliced(m_pos, n).toByteArray();
        m_pos += n;
        return b;
    }

    // Reads a possibly compressed name. A pointer must point strictly before the place where the label
    // sequence it continues began, so every jump goes backwards and loops are impossible; the jump count
    // is bounded as well.
    QByteArray name(const char *what)
    {
        if (failed())
            return {};
        QList<QByteArray> labels;
        qsizetype at = m_pos;
        qsizetype sequenceStart = m_pos;
        qsizetype resumeAt = -1;
        int wireLength = 1;
        int jumps = 0;
        for (;;) {
            if (at >= m_wire.size()) {
                fail(QStringLiteral("message ends inside %1").arg(QLatin1String(what)));
                return {};
            }
            const uchar len = uchar(m_wire[at]);
            if ((len & 0xC0) == 0xC0) {
                if (at + 1 >= m_wire.size()) {
                    fail(QStringLiteral("message ends inside a compression pointer in %1").arg(QLatin1String(what)));
                    return {};
                }
                const qsizetype target = ((len & 0x3F) << 8) | uchar(m_wire[at + 1]);
                if (resumeAt < 0)
                    resumeAt = at + 2;
                if (target >= sequenceStart || ++jumps > kMaxPointerJumps) {
                    fail(QStringLiteral("compression pointer in %1 does not point backwards (loop)").arg(QLatin1String(what)));
                    return {};
                }
                at = target;
                sequenceStart = target;
                continue;
            }
            if ((len & 0xC0) != 0) {
                // 0x40 and 0x80 prefixes are reserved (RFC 6891 §5 obsoleted extended labels): a label
                // length over 63.
                fail(QStringLiteral("label length %1 over 63 in %2").arg(int(len)).arg(QLatin1String(what)));
                return {};
            }
            if (len == 0) {
                ++at;
                break;
            }
            wireLength += len + 1;
            if (wireLength > kMaxNameWire) {
                fail(QStringLiteral("name longer than 255 octets in %1").arg(QLatin1String(what)));
                return {};
            }
            if (at + 1 + len > m_wire.size()) {
                fail(QStringLiteral("message ends inside a label of %1").arg(QLatin1String(what)));
                return {};
            }
            labels.append(m_wire.sliced(at + 1, len).toByteArray());
            at += 1 + len;
        }
        m_pos = resumeAt >= 0 ? resumeAt : at;
        QByteArray out;
        for (const QByteArray &l : labels) {
            if (!out.isEmpty())
                out.append('.');
            out.append(escapeLabel(l));
        }
        return out;
    }

private:
    QByteArrayView m_wire;
    qsizetype m_pos = 0;
    QString m_error;
};

std::optional<DnsRecord> readRecord(Reader &in, const char *section)
{
    DnsRecord r;
    r.name = in.name(section);
    r.type = in.u16(section);
    r.cls = in.u16(section);
    r.ttl = in.u32(section);
    const quint16 rdlength = in.u16(section);
    if (in.failed())
        return std::nullopt;
    if (!in.need(rdlength, "RDATA"))
        return std::nullopt;
    const qsizetype end = in.pos() + rdlength;
    switch (r.type) {
    case DnsType::A:
        if (rdlength != 4) {
            in.fail(QStringLiteral("A record with RDLENGTH %1, not 4").arg(rdlength));
            return std::nullopt;
        }
        r.address = QHostAddress(in.u32("A RDATA"));
        break;
    case DnsType::AAAA: {
        if (rdlength != 16) {
            in.fail(QStringLiteral("AAAA record with RDLENGTH %1, not 16").arg(rdlength));
            return std::nullopt;
        }
        const QByteArray b = in.bytes(16, "AAAA RDATA");
        r.address = QHostAddress(reinterpret_cast<const quint8 *>(b.constData()));
        break;
    }
    case DnsType::MX:
        r.preference = in.u16("MX RDATA");
        r.target = in.name("MX exchange");
        break;
    case DnsType::NS:
    case DnsType::CNAME:
        r.target = in.name("RDATA name");
        break;
    case DnsType::SOA:
        r.soa.mname = in.name("SOA MNAME");
        r.soa.rname = in.name("SOA RNAME");
        r.soa.serial = in.u32("SOA RDATA");
        r.soa.refresh = in.u32("SOA RDATA");
        r.soa.retry = in.u32("SOA RDATA");
        r.soa.expire = in.u32("SOA RDATA");
        r.soa.minimum = in.u32("SOA RDATA");
        break;
    case DnsType::TXT:
        while (!in.failed() && in.pos() < end) {
            const quint8 len = in.u8("TXT RDATA");
            if (in.pos() + len > end) {
                in.fail(QStringLiteral("TXT character-string runs past its RDATA"));
                return std::nullopt;
            }
            r.texts.append(in.bytes(len, "TXT RDATA"));
        }
        break;
    default:
        r.raw = in.bytes(rdlength, "RDATA");
        break;
    }
    if (in.failed())
        return std::nullopt;
    if (in.pos() != end) {
        in.fail(QStringLiteral("%1 RDATA is %2 octets but RDLENGTH says %3")
                    .arg(QString::fromLatin1(DnsType::name(r.type)))
                    .arg(in.pos() - (end - rdlength))
                    .arg(rdlength));
        return std::nullopt;
    }
    return r;
}

QString sectionText(const QList<DnsRecord> &records)
{
    QStringList parts;
    for (const DnsRecord &r : records)
        parts.append(r.describe());
    return parts.join(QLatin1String("; "));
}

} // namespace

QByteArray DnsType::name(quint16 type)
{
    for (const auto &[value, text] : NameTables::types())
        if (value == type)
            return QByteArray(text);
    return "TYPE" + QByteArray::number(type);
}

std::optional<quint16> DnsType::fromName(QByteArrayView name)
{
    const QByteArray upper = name.toByteArray().toUpper();
    for (const auto &[value, text] : NameTables::types())
        if (upper == text)
            return value;
    if (upper.startsWith("TYPE")) {
        bool ok = false;
        const uint v = upper.mid(4).toUInt(&ok);
        if (ok && v <= 0xFFFF)
            return quint16(v);
    }
    return std::nullopt;
}

QByteArray DnsClass::name(quint16 cls)
{
    switch (cls) {
    case IN: return "IN";
    case CH: return "CH";
    case ANY: return "ANY";
    default: return "CLASS" + QByteArray::number(cls);
    }
}

QByteArray dnsRcodeName(DnsRcode rcode)
{
    switch (rcode) {
    case DnsRcode::NoError: return "NOERROR";
    case DnsRcode::FormErr: return "FORMERR";
    case DnsRcode::ServFail: return "SERVFAIL";
    case DnsRcode::NxDomain: return "NXDOMAIN";
    case DnsRcode::NotImp: return "NOTIMP";
    case DnsRcode::Refused: return "REFUSED";
    case DnsRcode::BadVers: return "BADVERS";
    }
    return "RCODE" + QByteArray::number(int(rcode));
}

DnsRecord DnsRecord::a(const QByteArray &name, const QHostAddress &address, quint32 ttl)
{
    DnsRecord r;
    r.name = name;
    r.type = address.protocol() == QAbstractSocket::IPv6Protocol ? DnsType::AAAA : DnsType::A;
    r.ttl = ttl;
    r.address = address;
    return r;
}

DnsRecord DnsRecord::mx(const QByteArray &name, quint16 preference, const QByteArray &target, quint32 ttl)
{
    DnsRecord r;
    r.name = name;
    r.type = DnsType::MX;
    r.ttl = ttl;
    r.preference = preference;
    r.target = target;
    return r;
}

DnsRecord DnsRecord::ns(const QByteArray &name, const QByteArray &target, quint32 ttl)
{
    DnsRecord r;
    r.name = name;
    r.type = DnsType::NS;
    r.ttl = ttl;
    r.target = target;
    return r;
}

DnsRecord DnsRecord::cname(const QByteArray &name, const QByteArray &target, quint32 ttl)
{
    DnsRecord r = ns(name, target, ttl);
    r.type = DnsType::CNAME;
    return r;
}

DnsRecord DnsRecord::soaRecord(const QByteArray &name, const DnsSoa &soa, quint32 ttl)
{
    DnsRecord r;
    r.name = name;
    r.type = DnsType::SOA;
    r.ttl = ttl;
    r.soa = soa;
    return r;
}

DnsRecord DnsRecord::txt(const QByteArray &name, const QList<QByteArray> &texts, quint32 ttl)
{
    DnsRecord r;
    r.name = name;
    r.type = DnsType::TXT;
    r.ttl = ttl;
    r.texts = texts;
    return r;
}

DnsRecord DnsRecord::other(const QByteArray &name, quint16 type, const QByteArray &rdata, quint32 ttl)
{
    DnsRecord r;
    r.name = name;
    r.type = type;
    r.ttl = ttl;
    r.raw = rdata;
    return r;
}

QString DnsRecord::describe() const
{
    QByteArray data;
    switch (type) {
    case DnsType::A:
    case DnsType::AAAA:
        data = address.toString().toLatin1();
        break;
    case DnsType::MX:
        data = QByteArray::number(preference) + ' ' + DnsName::display(target);
        break;
    case DnsType::NS:
    case DnsType::CNAME:
        data = DnsName::display(target);
        break;
    case DnsType::SOA:
        data = DnsName::display(soa.mname) + ' ' + DnsName::display(soa.rname) + ' ' + QByteArray::number(soa.serial)
            + ' ' + QByteArray::number(soa.refresh) + ' ' + QByteArray::number(soa.retry) + ' '
            + QByteArray::number(soa.expire) + ' ' + QByteArray::number(soa.minimum);
        break;
    case DnsType::TXT: {
        QList<QByteArray> quoted;
        for (const QByteArray &t : texts) {
            QByteArray q = "\"";
            for (const char c : t) {
                if (c == '"' || c == '\\')
                    q.append('\\').append(c);
                else if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
                    q.append('\\').append(QByteArray::number(uchar(c)).rightJustified(3, '0'));
                else
                    q.append(c);
            }
            quoted.append(q + '"');
        }
        data = quoted.join(' ');
        break;
    }
    default:
        // RFC 3597 §5 generic presentation.
        data = "\\# " + QByteArray::number(raw.size()) + (raw.isEmpty() ? QByteArray() : ' ' + raw.toHex());
        break;
    }
    return QString::fromLatin1(DnsName::display(name) + ' ' + QByteArray::number(ttl) + ' ' + DnsClass::name(cls)
                               + ' ' + DnsType::name(type) + ' ' + data);
}

DnsRcode DnsMessage::rcode() const
{
    const int ext = edns ? edns->extendedRcode : 0;
    return DnsRcode((ext << 4) | header.rcode);
}

void DnsMessage::setRcode(DnsRcode rcode)
{
    const int v = int(rcode);
    header.rcode = quint8(v & 0xF);
    if (edns)
        edns->extendedRcode = quint8(v >> 4);
}

QByteArray DnsMessage::encode() const
{
    QByteArray out;
    out.reserve(512);
    putU16(out, header.id);
    quint16 flags = 0;
    flags |= header.qr ? 0x8000 : 0;
    flags |= quint16((header.opcode & 0xF) << 11);
    flags |= header.aa ? 0x0400 : 0;
    flags |= header.tc ? 0x0200 : 0;
    flags |= header.rd ? 0x0100 : 0;
    flags |= header.ra ? 0x0080 : 0;
    flags |= header.ad ? 0x0020 : 0;
    flags |= header.cd ? 0x0010 : 0;
    flags |= header.rcode & 0xF;
    putU16(out, flags);
    putU16(out, quint16(questions.size()));
    putU16(out, quint16(answers.size()));
    putU16(out, quint16(authority.size()));
    putU16(out, quint16(additional.size() + (edns ? 1 : 0)));

    NameWriter names(out);
    for (const DnsQuestion &q : questions) {
        names.write(q.name, true);
        putU16(out, q.type);
        putU16(out, q.cls);
    }
    for (const DnsRecord &r : answers)
        writeRecord(out, names, r);
    for (const DnsRecord &r : authority)
        writeRecord(out, names, r);
    for (const DnsRecord &r : additional)
        writeRecord(out, names, r);
    if (edns) {
        // OPT: root owner, CLASS = payload size, TTL = ext-rcode | version | DO | Z (RFC 6891 §6.1.2-3).
        out.append('\0');
        putU16(out, DnsType::OPT);
        putU16(out, edns->udpPayloadSize);
        out.append(char(edns->extendedRcode)).append(char(edns->version));
        putU16(out, edns->dnssecOk ? 0x8000 : 0);
        putU16(out, quint16(edns->options.size()));
        out.append(edns->options);
    }
    return out;
}

DnsParseResult DnsMessage::parse(QByteArrayView wire)
{
    DnsParseResult result;
    if (wire.size() < kHeaderSize) {
        result.error = QStringLiteral("message shorter than the 12-octet header");
        return result;
    }
    Reader in(wire);
    DnsMessage m;
    m.header.id = in.u16("header");
    const quint16 flags = in.u16("header");
    m.header.qr = flags & 0x8000;
    m.header.opcode = quint8((flags >> 11) & 0xF);
    m.header.aa = flags & 0x0400;
    m.header.tc = flags & 0x0200;
    m.header.rd = flags & 0x0100;
    m.header.ra = flags & 0x0080;
    m.header.ad = flags & 0x0020;
    m.header.cd = flags & 0x0010;
    m.header.rcode = quint8(flags & 0xF);
    const quint16 qd = in.u16("header");
    const quint16 an = in.u16("header");
    const quint16 ns = in.u16("header");
    const quint16 ar = in.u16("header");

    // Each question needs at least 5 octets and each record 11: refuse absurd counts before looping.
    if (qd * 5 + (an + ns + ar) * 11 > wire.size() - kHeaderSize) {
        result.error = QStringLiteral("section counts (%1/%2/%3/%4) exceed the message size").arg(qd).arg(an).arg(ns).arg(ar);
        return result;
    }
    for (int i = 0; i < qd && !in.failed(); ++i) {
        DnsQuestion q;
        q.name = in.name("question name");
        q.type = in.u16("question");
        q.cls = in.u16("question");
        m.questions.append(q);
    }
    const auto readSection = [&](int count, QList<DnsRecord> &into, const char *name) {
        for (int i = 0; i < count && !in.failed(); ++i) {
            std::optional<DnsRecord> r = readRecord(in, name);
            if (r)
                into.append(std::move(*r));
        }
    };
    readSection(an, m.answers, "answer record");
    readSection(ns, m.authority, "authority record");
    QList<DnsRecord> additional;
    readSection(ar, additional, "additional record");
    if (in.failed()) {
        result.error = in.error();
        return result;
    }
    if (in.pos() != in.size()) {
        result.error = QStringLiteral("%1 octets after the last record").arg(in.size() - in.pos());
        return result;
    }
    for (DnsRecord &r : additional) {
        if (r.type != DnsType::OPT) {
            m.additional.append(std::move(r));
            continue;
        }
        // RFC 6891 §6.1.1: one OPT at most, owned by the root.
        if (m.edns) {
            result.error = QStringLiteral("more than one OPT record");
            return result;
        }
        if (!r.name.isEmpty()) {
            result.error = QStringLiteral("OPT record not owned by the root");
            return result;
        }
        DnsEdns e;
        e.udpPayloadSize = r.cls;
        e.extendedRcode = quint8(r.ttl >> 24);
        e.version = quint8((r.ttl >> 16) & 0xFF);
        e.dnssecOk = r.ttl & 0x8000;
        e.options = r.raw;
        m.edns = e;
    }
    result.message = std::move(m);
    return result;
}

QString DnsMessage::describe() const
{
    QStringList parts;
    parts.append(QStringLiteral("id 0x%1").arg(header.id, 4, 16, QLatin1Char('0')));
    if (header.opcode != 0)
        parts.append(QStringLiteral("opcode %1").arg(header.opcode));
    QStringList flags;
    if (header.qr) flags.append(QStringLiteral("qr"));
    if (header.aa) flags.append(QStringLiteral("aa"));
    if (header.tc) flags.append(QStringLiteral("tc"));
    if (header.rd) flags.append(QStringLiteral("rd"));
    if (header.ra) flags.append(QStringLiteral("ra"));
    if (header.ad) flags.append(QStringLiteral("ad"));
    if (header.cd) flags.append(QStringLiteral("cd"));
    parts.append(QStringLiteral("flags ") + (flags.isEmpty() ? QStringLiteral("none") : flags.join(QLatin1Char(' '))));
    if (header.qr)
        parts.append(QStringLiteral("status ") + QString::fromLatin1(dnsRcodeName(rcode())));
    QStringList qs;
    for (const DnsQuestion &q : questions)
        qs.append(QString::fromLatin1(DnsName::display(q.name) + ' ' + DnsClass::name(q.cls) + ' ' + DnsType::name(q.type)));
    parts.append(QStringLiteral("question ") + (qs.isEmpty() ? QStringLiteral("none") : qs.join(QLatin1String("; "))));
    if (!answers.isEmpty())
        parts.append(QStringLiteral("answers: ") + sectionText(answers));
    if (!authority.isEmpty())
        parts.append(QStringLiteral("authority: ") + sectionText(authority));
    if (!additional.isEmpty())
        parts.append(QStringLiteral("additional: ") + sectionText(additional));
    if (edns)
        parts.append(QStringLiteral("edns version %1 udp %2%3")
                         .arg(edns->version)
                         .arg(edns->udpPayloadSize)
                         .arg(edns->dnssecOk ? QStringLiteral(" do") : QString()));
    return parts.join(QLatin1String(", "));
}

bool DnsName::equal(QByteArrayView a, QByteArrayView b)
{
    return normalized(a) == normalized(b);
}

bool DnsName::isAtOrBelow(QByteArrayView name, QByteArrayView zone)
{
    const QByteArray n = normalized(name);
    const QByteArray z = normalized(zone);
    if (z.isEmpty())
        return true;
    return n == z || (n.endsWith(z) && n.size() > z.size() && n[n.size() - z.size() - 1] == '.'
                      && (n.size() - z.size() < 2 || n[n.size() - z.size() - 2] != '\\'));
}

QByteArray DnsName::normalized(QByteArrayView name)
{
    QByteArray n = name.toByteArray().toLower();
    if (n.endsWith('.') && !n.endsWith("\\."))
        n.chop(1);
    return n;
}

bool DnsName::isValid(QByteArrayView name)
{
    const std::optional<QList<QByteArray>> labels = splitLabels(name);
    if (!labels)
        return false;
    int wire = 1;
    for (const QByteArray &l : *labels) {
        if (l.size() > kMaxLabel)
            return false;
        wire += int(l.size()) + 1;
    }
    return wire <= kMaxNameWire;
}

QByteArray DnsName::display(QByteArrayView name)
{
    if (name.isEmpty())
        return ".";
    return name.toByteArray() + '.';
}

} // namespace mf
