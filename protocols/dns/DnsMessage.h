#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <optional>

namespace mf {

// Record types MailFlow understands (RFC 1035 §3.2.2, RFC 3596 AAAA, RFC 6891 OPT). Other type numbers
// are carried as plain integers with their RDATA kept raw (RFC 3597).
namespace DnsType {
constexpr quint16 A = 1;
constexpr quint16 NS = 2;
constexpr quint16 CNAME = 5;
constexpr quint16 SOA = 6;
constexpr quint16 MX = 15;
constexpr quint16 TXT = 16;
constexpr quint16 AAAA = 28;
constexpr quint16 OPT = 41;
constexpr quint16 IXFR = 251;
constexpr quint16 AXFR = 252;
constexpr quint16 ANY = 255;
QByteArray name(quint16 type);                 // "MX", or "TYPE65" for unknown ones (RFC 3597 §5)
std::optional<quint16> fromName(QByteArrayView name);
} // namespace DnsType

namespace DnsClass {
constexpr quint16 IN = 1;
constexpr quint16 CH = 3;
constexpr quint16 ANY = 255;
QByteArray name(quint16 cls);
} // namespace DnsClass

// RCODE values (RFC 1035 §4.1.1; BADVERS is the EDNS extended code of RFC 6891 §9).
enum class DnsRcode : quint16 {
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NxDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
};
QByteArray dnsRcodeName(DnsRcode rcode);

enum class DnsOpcode : quint8 { Query = 0, IQuery = 1, Status = 2, Notify = 4, Update = 5 };

struct DnsHeader {
    quint16 id = 0;
    bool qr = false;  // response
    quint8 opcode = 0;
    bool aa = false;  // authoritative answer
    bool tc = false;  // truncated
    bool rd = false;  // recursion desired
    bool ra = false;  // recursion available
    bool ad = false;  // authentic data (RFC 4035), echoed only for display
    bool cd = false;  // checking disabled (RFC 4035)
    quint8 rcode = 0; // low 4 bits; the full code is in DnsMessage::rcode()

    bool operator==(const DnsHeader &) const = default;
};

struct DnsQuestion {
    QByteArray name; // presentation form without the trailing dot, "" is the root
    quint16 type = DnsType::A;
    quint16 cls = DnsClass::IN;

    bool operator==(const DnsQuestion &) const = default;
};

struct DnsSoa {
    QByteArray mname;
    QByteArray rname;
    quint32 serial = 1;
    quint32 refresh = 3600;
    quint32 retry = 600;
    quint32 expire = 86400;
    quint32 minimum = 300; // the negative-caching TTL (RFC 2308 §4)

    bool operator==(const DnsSoa &) const = default;
};

// One resource record. Which data fields are meaningful depends on `type`:
//   A/AAAA: address; MX: preference + target; NS/CNAME: target; SOA: soa; TXT: texts;
//   anything else (and OPT): raw RDATA.
struct DnsRecord {
    QByteArray name;
    quint16 type = DnsType::A;
    quint16 cls = DnsClass::IN;
    quint32 ttl = 300;
    QHostAddress address;
    quint16 preference = 0;
    QByteArray target;
    DnsSoa soa;
    QList<QByteArray> texts;
    QByteArray raw;

    bool operator==(const DnsRecord &) const = default;

    static DnsRecord a(const QByteArray &name, const QHostAddress &address, quint32 ttl = 300);
    static DnsRecord mx(const QByteArray &name, quint16 preference, const QByteArray &target, quint32 ttl = 300);
    static DnsRecord ns(const QByteArray &name, const QByteArray &target, quint32 ttl = 300);
    static DnsRecord cname(const QByteArray &name, const QByteArray &target, quint32 ttl = 300);
    static DnsRecord soaRecord(const QByteArray &name, const DnsSoa &soa, quint32 ttl = 300);
    static DnsRecord txt(const QByteArray &name, const QList<QByteArray> &texts, quint32 ttl = 300);
    static DnsRecord other(const QByteArray &name, quint16 type, const QByteArray &rdata, quint32 ttl = 300);

    // "a.example. 300 IN MX 10 mx1.a.example." (dig-like presentation)
    QString describe() const;
};

// The EDNS0 pseudo-record (RFC 6891 §6.1), kept out of the additional section.
struct DnsEdns {
    quint16 udpPayloadSize = 1232;
    quint8 extendedRcode = 0; // upper 8 bits of the 12-bit RCODE
    quint8 version = 0;
    bool dnssecOk = false;
    QByteArray options; // raw option list, echoed for display only

    bool operator==(const DnsEdns &) const = default;
};

struct DnsParseResult;

// A whole DNS message in the RFC 1035 §4 wire format, as a value.
struct DnsMessage {
    DnsHeader header;
    QList<DnsQuestion> questions;
    QList<DnsRecord> answers;
    QList<DnsRecord> authority;
    QList<DnsRecord> additional;
    std::optional<DnsEdns> edns;

    bool operator==(const DnsMessage &) const = default;

    // Full RCODE, combining the header's 4 bits with the EDNS extended bits (RFC 6891 §6.1.3).
    DnsRcode rcode() const;
    void setRcode(DnsRcode rcode);

    // Wire form with name compression (RFC 1035 §4.1.4) for owner names and the names inside the RDATA
    // of the RFC 1035 types (never inside unknown types, RFC 3597 §4).
    QByteArray encode() const;

    // Strict parse: any malformation (out-of-range or looping pointers, labels over 63 octets, names over
    // 255 octets, RDATA overruns, counts larger than the data, trailing bytes, two OPT records) rejects
    // the whole message.
    static DnsParseResult parse(QByteArrayView wire);

    // "id 0x1a2b, flags qr aa rd, status NOERROR, question a.example. IN MX, answers: a.example. 300 IN MX
    //  10 mx1.a.example."
    QString describe() const;
};

struct DnsParseResult {
    std::optional<DnsMessage> message;
    QString error; // why the bytes were rejected, when message is empty
};

// Name helpers shared by the codec, the authority and the resolver.
namespace DnsName {
// Case-insensitive name comparison (RFC 4343); both in presentation form without the trailing dot.
bool equal(QByteArrayView a, QByteArrayView b);
// True when `name` is `zone` or below it.
bool isAtOrBelow(QByteArrayView name, QByteArrayView zone);
// Lower-cased, without a trailing dot ("A.Example." -> "a.example").
QByteArray normalized(QByteArrayView name);
// True when `name` can be written on the wire: no empty label, labels of at most 63 octets, at most
// 255 octets in all (RFC 1035 §2.3.4). encode() silently shortens names that are not.
bool isValid(QByteArrayView name);
// Adds the trailing dot for display ("a.example" -> "a.example.", "" -> ".").
QByteArray display(QByteArrayView name);
} // namespace DnsName

} // namespace mf
