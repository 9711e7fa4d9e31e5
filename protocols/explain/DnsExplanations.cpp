#include "DnsExplanations.h"

#include "dns/DnsEvent.h"
#include "dns/DnsMessage.h"

#include <algorithm>

namespace mf {

namespace {

QString tr2(Language language, const char *english, const char *indonesian)
{
    return BilingualText{english, indonesian}.in(language);
}

QString questionText(const DnsQuestion &q, Language language)
{
    const QString name = QString::fromUtf8(q.name);
    switch (q.type) {
    case DnsType::MX:
        return tr2(language, "Which mail servers accept mail for %1? (an MX query)",
                   "Server surat mana yang menerima surat untuk %1? (kueri MX)").arg(name);
    case DnsType::A:
        return tr2(language, "What is the IPv4 address of %1? (an A query)", "Berapa alamat IPv4 %1? (kueri A)").arg(name);
    case DnsType::AAAA:
        return tr2(language, "What is the IPv6 address of %1? (an AAAA query)", "Berapa alamat IPv6 %1? (kueri AAAA)")
            .arg(name);
    default:
        return tr2(language, "A %1 query for %2.", "Kueri %1 untuk %2.").arg(QString::fromLatin1(DnsType::name(q.type)), name);
    }
}

Explanation explainQuery(const DnsMessage &m, Language language)
{
    if (m.questions.isEmpty())
        return {tr2(language, "A DNS query without a question.", "Kueri DNS tanpa pertanyaan."), QStringLiteral("RFC 1035 §4.1.2")};
    const DnsQuestion &q = m.questions.first();
    const QString asked = questionText(q, language);
    if (q.type == DnsType::MX)
        return {tr2(language, "The sending MTA asks the DNS: %1 Mail is routed by the domain after the @.",
                    "MTA pengirim bertanya ke DNS: %1 Surat diarahkan menurut domain setelah tanda @.")
                    .arg(asked),
                QStringLiteral("RFC 5321 §5.1")};
    return {tr2(language, "The DNS is asked: %1", "DNS ditanya: %1").arg(asked), QStringLiteral("RFC 1035 §4.1.2")};
}

Explanation explainAnswer(const DnsMessage &m, Language language)
{
    const QString name = m.questions.isEmpty() ? QString() : QString::fromUtf8(m.questions.first().name);
    const quint16 type = m.questions.isEmpty() ? 0 : m.questions.first().type;
    if (m.header.tc)
        return {tr2(language, "The answer was too big for one UDP packet (truncated): ask again over TCP.",
                    "Jawaban terlalu besar untuk satu paket UDP (terpotong): tanyakan lagi lewat TCP."),
                QStringLiteral("RFC 1035 §4.2.1, RFC 7766")};
    switch (m.rcode()) {
    case DnsRcode::NoError:
        break;
    case DnsRcode::NxDomain:
        return {tr2(language, "%1 does not exist (NXDOMAIN): mail for it can never be delivered and bounces.",
                    "%1 tidak ada (NXDOMAIN): surat untuknya tidak akan pernah sampai dan dipantulkan.")
                    .arg(name),
                QStringLiteral("RFC 1035 §4.1.1, RFC 5321 §5.1")};
    case DnsRcode::ServFail:
        return {tr2(language, "The DNS server failed (SERVFAIL): a temporary problem, the mail waits and is retried later.",
                    "Server DNS gagal (SERVFAIL): masalah sementara, surat menunggu dan dicoba lagi nanti."),
                QStringLiteral("RFC 1035 §4.1.1, RFC 5321 §5.1")};
    default:
        return {tr2(language, "The DNS server refused or did not understand the query (%1).",
                    "Server DNS menolak atau tidak memahami kueri (%1).")
                    .arg(QString::fromLatin1(dnsRcodeName(m.rcode()))),
                QStringLiteral("RFC 1035 §4.1.1")};
    }

    QList<DnsRecord> mx;
    QStringList addresses;
    for (const DnsRecord &r : m.answers) {
        if (r.type == DnsType::MX)
            mx << r;
        else if (r.type == DnsType::A || r.type == DnsType::AAAA)
            addresses << r.address.toString();
    }
    if (type == DnsType::MX) {
        if (mx.size() == 1 && mx.first().target.isEmpty())
            return {tr2(language, "%1 publishes a null MX: it accepts no mail at all, so the mail bounces at once.",
                        "%1 memasang null MX: domain itu sama sekali tidak menerima surat, jadi surat langsung dipantulkan.")
                        .arg(name),
                    QStringLiteral("RFC 7505 §3")};
        if (mx.isEmpty())
            return {tr2(language, "%1 has no MX record: the sender falls back to the domain's own address (implicit MX).",
                        "%1 tidak punya rekaman MX: pengirim memakai alamat domain itu sendiri (MX implisit).")
                        .arg(name),
                    QStringLiteral("RFC 5321 §5.1")};
        std::stable_sort(mx.begin(), mx.end(), [](const DnsRecord &a, const DnsRecord &b) { return a.preference < b.preference; });
        QStringList servers;
        for (const DnsRecord &r : mx)
            servers << QStringLiteral("%1 (%2)").arg(QString::fromUtf8(r.target)).arg(r.preference);
        if (mx.size() == 1)
            return {tr2(language, "Mail for %1 goes to %2. The number is the MX preference.",
                        "Surat untuk %1 dikirim ke %2. Angkanya adalah preferensi MX.")
                        .arg(name, servers.first()),
                    QStringLiteral("RFC 5321 §5.1")};
        return {tr2(language, "Mail for %1 goes to %2: the lowest preference is tried first, the others are backups.",
                    "Surat untuk %1 dikirim ke %2: preferensi terkecil dicoba dulu, yang lain cadangan.")
                    .arg(name, servers.join(QStringLiteral(", "))),
                QStringLiteral("RFC 5321 §5.1")};
    }
    if (type == DnsType::A || type == DnsType::AAAA) {
        if (addresses.isEmpty())
            return {tr2(language, "%1 exists but has no address of this kind.", "%1 ada tetapi tidak punya alamat jenis ini.").arg(name),
                    QStringLiteral("RFC 2308 §2.2")};
        return {tr2(language, "%1 is at %2: the sender opens its SMTP connection to this address.",
                    "%1 berada di %2: pengirim membuka koneksi SMTP ke alamat ini.")
                    .arg(name, addresses.join(QStringLiteral(", "))),
                QStringLiteral("RFC 1035 §3.4.1, RFC 5321 §5.1")};
    }
    return {tr2(language, "The DNS answered with %n record(s).", "DNS menjawab dengan %n rekaman.")
                .replace(QStringLiteral("%n"), QString::number(m.answers.size())),
            QStringLiteral("RFC 1035 §4.1.3")};
}

} // namespace

Explanation explainDnsEvent(const DnsEvent &event, Language language)
{
    switch (event.kind) {
    case DnsEvent::Kind::Timeout:
        return {tr2(language, "No DNS answer arrived in time: the question is asked again, and without an answer the mail waits.",
                    "Jawaban DNS tidak datang tepat waktu: pertanyaan diulang, dan tanpa jawaban surat menunggu."),
                QStringLiteral("RFC 1035 §4.2.1")};
    case DnsEvent::Kind::Ignored:
        return {tr2(language, "A DNS packet that was malformed or did not match the question was ignored.",
                    "Paket DNS yang rusak atau tidak cocok dengan pertanyaan diabaikan."),
                QStringLiteral("RFC 5452 §9.1")};
    case DnsEvent::Kind::Query:
    case DnsEvent::Kind::Answer:
        break;
    }
    const DnsParseResult parsed = DnsMessage::parse(event.wire);
    if (!parsed.message)
        return {};
    return parsed.message->header.qr ? explainAnswer(*parsed.message, language) : explainQuery(*parsed.message, language);
}

} // namespace mf
