#include "EventNarrator.h"

#include "explain/ExplanationTables.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mf::narration {

namespace {

// A sentence in both languages; %1, %2... are the event's parameters.
using T = BilingualText;

QString say(const T &text, Language language) { return text.in(language); }


bool isImap(const QString &protocol) { return protocol.startsWith(QLatin1String("imap")); }

// --- hops -------------------------------------------------------------------------------------------

struct HopText {
    EventReason reason;
    T summary;     // after "from → to: "
    T explanation; // why it happens
};

// Parameters: %1 message author / host / domain / account / user, %2 preference / protocol, %3 device.
const HopText kHops[] = {
    {EventReason::UserWrites,
     {"%1 writes the mail", "%1 menulis surat"},
     {"User A writes the message in a mail program, the user agent (like Thunderbird). The program adds the header "
      "fields From:, To:, Subject:, Date: and Message-ID: (RFC 5322 §3.6).",
      "User A menulis pesan di program surel, yaitu agen pengguna (user agent, seperti Thunderbird). Program itu "
      "menambahkan field header From:, To:, Subject:, Date:, dan Message-ID: (RFC 5322 §3.6)."}},
    {EventReason::UaToSpool,
     {"the user agent puts the mail in the spool", "agen pengguna menaruh surat di spool"},
     {"The user agent hands the finished message to the local spool, the outgoing queue on disk (what sendmail or "
      "Postfix's pickup keeps), so nothing is lost if sending has to wait.",
      "Agen pengguna menyerahkan pesan yang sudah jadi ke spool lokal, antrean keluar di disk (seperti yang dijaga "
      "sendmail atau pickup milik Postfix), sehingga tidak ada yang hilang bila pengiriman harus menunggu."}},
    {EventReason::AliasCheckOutgoing,
     {"is any recipient an alias?", "apakah ada penerima yang berupa alias?"},
     {"Before sending, the alias expander looks at every recipient: an alias or a mailing list must be replaced by "
      "real addresses first (like Postfix's virtual_alias_maps or aliases(5)).",
      "Sebelum dikirim, pengurai alias memeriksa setiap penerima: alias atau milis harus diganti dulu dengan alamat "
      "sebenarnya (seperti virtual_alias_maps milik Postfix atau aliases(5))."}},
    {EventReason::AliasLookup,
     {"alias lookup in the database", "pencarian alias di basis data"},
     {"The alias expander asks the database table of aliases about each recipient; the next row shows its answer.",
      "Pengurai alias menanyakan setiap penerima ke tabel alias di basis data; baris berikutnya menunjukkan jawabannya."}},
    {EventReason::AddressesResolved,
     {"final addresses known", "alamat akhir sudah diketahui"},
     {"The database has answered. With the final recipient addresses the message goes to the MTA client, the "
      "program that sends mail with SMTP (like Postfix's smtp).",
      "Basis data sudah menjawab. Dengan alamat penerima akhir, pesan diteruskan ke klien MTA, program yang mengirim "
      "surat dengan SMTP (seperti smtp milik Postfix)."}},
    {EventReason::Submission,
     {"submission to %1 (port 587, STARTTLS, AUTH)", "submission ke %1 (port 587, STARTTLS, AUTH)"},
     {"The MTA client submits the message to its own domain's MTA server %1 on the submission port 587, encrypted "
      "with STARTTLS and logged in with AUTH, so only the domain's own users can send through it (RFC 6409). The "
      "message has arrived when %1 answers 250 to the end of DATA: from then on %1 is responsible for it (RFC 5321 §6.1).",
      "Klien MTA mengirimkan pesan ke server MTA domainnya sendiri, %1, lewat port submission 587, dienkripsi dengan "
      "STARTTLS dan login dengan AUTH, sehingga hanya pengguna domain itu yang bisa mengirim lewatnya (RFC 6409). Pesan "
      "dianggap tiba ketika %1 menjawab 250 pada akhir DATA: sejak itu %1 yang bertanggung jawab atasnya (RFC 5321 §6.1)."}},
    {EventReason::MxFound,
     {"MX of %1 found", "MX untuk %1 ditemukan"},
     {"The MTA server asked DNS for the MX records of %1. The answer names the mail servers that receive mail for "
      "that domain, so the message can leave across the Internet (RFC 5321 §5.1).",
      "Server MTA menanyakan record MX untuk %1 ke DNS. Jawabannya menyebutkan server surat yang menerima surat untuk "
      "domain itu, sehingga pesan bisa berangkat melewati Internet (RFC 5321 §5.1)."}},
    {EventReason::LinkDown,
     {"the link to %1 is down", "tautan ke %1 putus"},
     {"The Internet link to %1 is down, so no connection can be made. The message stays in the queue and is tried "
      "again later; watch its retry countdown (RFC 5321 §4.5.4.1).",
      "Tautan Internet ke %1 putus, jadi koneksi tidak bisa dibuat. Pesan tetap di antrean dan dicoba lagi nanti; "
      "perhatikan hitung mundur percobaan ulangnya (RFC 5321 §4.5.4.1)."}},
    {EventReason::RelayToMx,
     {"SMTP to %1 (MX preference %2)", "SMTP ke %1 (preferensi MX %2)"},
     {"The sending MTA connects to %1, the MX with preference %2 (the lowest value is tried first), on port 25 and "
      "hands the message over with SMTP; %1 has it once it answers 250 to the end of DATA (RFC 5321 §5.1, §6.1).",
      "MTA pengirim terhubung ke %1, MX dengan preferensi %2 (nilai terendah dicoba lebih dulu), di port 25 lalu "
      "menyerahkan pesan dengan SMTP; %1 memegangnya begitu ia menjawab 250 pada akhir DATA (RFC 5321 §5.1, §6.1)."}},
    {EventReason::InjectDirect,
     {"an outside client connects straight to %1", "klien dari luar langsung terhubung ke %1"},
     {"A client from outside connects straight to the MTA server %1 on port 25, without logging in. An MTA accepts "
      "such mail only for its own domains; relaying it elsewhere would make it an open relay for spam (RFC 5321 §3.6).",
      "Klien dari luar langsung terhubung ke server MTA %1 di port 25, tanpa login. MTA hanya menerima surat seperti "
      "itu untuk domainnya sendiri; meneruskannya ke tempat lain menjadikannya open relay bagi spam (RFC 5321 §3.6)."}},
    {EventReason::InjectAccepted,
     {"%1 accepts the outside client's message", "%1 menerima pesan dari klien luar"},
     {"%1 answered 250 to the end of DATA: the recipient is in one of its own domains, so it takes responsibility "
      "for the message without a login (RFC 5321 §6.1).",
      "%1 menjawab 250 pada akhir DATA: penerimanya ada di salah satu domainnya sendiri, jadi ia mengambil alih "
      "tanggung jawab atas pesan itu tanpa login (RFC 5321 §6.1)."}},
    {EventReason::AliasCheckIncoming,
     {"is the recipient an alias?", "apakah penerimanya sebuah alias?"},
     {"The receiving MTA passes the message to its own alias expander: an alias or list of this domain becomes one "
      "copy for each member.",
      "MTA penerima meneruskan pesan ke pengurai alias miliknya: alias atau milis domain ini menjadi satu salinan "
      "untuk setiap anggotanya."}},
    {EventReason::StoredInMailbox,
     {"stored in %1's mailbox", "disimpan di kotak surat %1"},
     {"The delivery agent writes the message into %1's mailbox (like Dovecot's Maildir), adding Return-Path: and "
      "Delivered-To:. It waits there until the user's mail program fetches it.",
      "Agen pengantar menulis pesan ke kotak surat %1 (seperti Maildir milik Dovecot), sambil menambahkan Return-Path: "
      "dan Delivered-To:. Pesan menunggu di sana sampai program surel pengguna mengambilnya."}},
    {EventReason::AccessServerReads,
     {"the %2 access server reads the mailbox", "server akses %2 membaca kotak surat"},
     {"The message access agent (the %2 server, like Dovecot) reads the message from the mailbox because the user's "
      "mail program asked for it. On the seed's path this is the spool before User B's agent.",
      "Agen akses pesan (server %2, seperti Dovecot) membaca pesan dari kotak surat karena program surel pengguna "
      "memintanya. Di jalur pada ringkasan kuliah, inilah spool sebelum agen User B."}},
    {EventReason::Pop3Download,
     {"%1 downloads it with %2", "%1 mengunduhnya dengan %2"},
     {"%1's mail program downloads the message with %2. POP3 copies the mail to the device and, unless told to keep "
      "it, deletes it from the server when the session ends (RFC 1939 §6).",
      "Program surel %1 mengunduh pesan dengan %2. POP3 menyalin surat ke perangkat dan, kecuali diminta "
      "menyimpannya, menghapusnya dari server saat sesi berakhir (RFC 1939 §6)."}},
    {EventReason::ImapRead,
     {"%1 reads it with %2 on the %3", "%1 membacanya dengan %2 di %3"},
     {"%1 reads the message with %2 on the %3. IMAP leaves it on the server, so every device sees the same mailbox "
      "and the same read (\\Seen) state (RFC 3501 §2.3.2).",
      "%1 membaca pesan dengan %2 di %3. IMAP membiarkannya di server, sehingga setiap perangkat melihat kotak surat "
      "dan status terbaca (\\Seen) yang sama (RFC 3501 §2.3.2)."}},
    {EventReason::BounceWritten,
     {"a bounce to %1 is written", "bounce untuk %1 ditulis"},
     {"The MTA could not deliver the message, so it writes a delivery status notification (a bounce) to the sender %1. "
      "It is sent from the empty address <> so that it can never bounce again (RFC 3464, RFC 5321 §4.5.5).",
      "MTA tidak bisa mengantar pesan, jadi ia menulis pemberitahuan status pengiriman (bounce) untuk pengirim %1. "
      "Bounce dikirim dari alamat kosong <> agar tidak pernah memantul lagi (RFC 3464, RFC 5321 §4.5.5)."}},
    // The explanation is submissionRefusedExplanation(): the reply's own meaning, then what the UA does.
    {EventReason::SubmissionRefused,
     {"%1 refused it with \u201c%2\u201d: the message was not sent", "%1 menolaknya dengan \u201c%2\u201d: pesan tidak terkirim"},
     {"", ""}},
};

const HopText *hopText(EventReason reason)
{
    for (const HopText &h : kHops)
        if (h.reason == reason)
            return &h;
    return nullptr;
}

QString fillHop(const QString &text, const SimEvent &e, Language l)
{
    QString first;
    switch (e.reason) {
    case EventReason::UserWrites: first = e.text("from"); break; // the hop's from is a node; the author is below
    case EventReason::StoredInMailbox: first = e.text("account"); break;
    case EventReason::Pop3Download:
    case EventReason::ImapRead: first = e.text("user"); break;
    case EventReason::MxFound:
    case EventReason::LinkDown: first = e.text("domain"); break;
    case EventReason::BounceWritten: first = e.text("to"); break;
    default: first = e.text("host"); break;
    }
    if (e.reason == EventReason::UserWrites)
        first = e.text("author").isEmpty() ? QStringLiteral("User A") : e.text("author");
    QString out = text;
    out.replace(QLatin1String("%1"), first);
    const QString second = e.reason == EventReason::RelayToMx           ? e.text("preference")
                           : e.reason == EventReason::SubmissionRefused ? e.text("reply")
                                                                        : e.text("protocol").toUpper();
    out.replace(QLatin1String("%2"), second);
    out.replace(QLatin1String("%3"), deviceName(e.text("device"), l));
    return out;
}

// What the refusing reply's enhanced status code means (RFC 3463), then what the sender's mail program does.
QString submissionRefusedExplanation(const SimEvent &e, Language l)
{
    const QString reply = e.text("reply");
    QString text;
    const QByteArray status = reply.section(QLatin1Char(' '), 1, 1).toLatin1();
    if (const explain::EnhancedStatus *s = explain::enhancedStatus(status))
        text = say({"%1 answered %2: %3 ", "%1 menjawab %2: %3 "}, l)
                   .arg(e.text("host"), reply.left(3), explain::enhancedStatusMeaning(*s, explain::mailDomainIn(reply.toUtf8()), l));
    const explain::Entry *what = explain::submissionRefused();
    return text + what->text.in(l) + QStringLiteral(" (") + QString::fromUtf8(what->reference) + QLatin1Char(')');
}

// --- notes ------------------------------------------------------------------------------------------

struct NoteText {
    EventReason reason;
    T summary;
    T explanation;
};

// Parameters are named in braces: {title}, {account}, {error}...
const NoteText kNotes[] = {
    {EventReason::WorldStarted,
     {"lesson started: {title}", "pelajaran dimulai: {title}"},
     {"Every server of the lesson's world now listens on its own loopback address. Step forward to watch the first "
      "message leave User A.",
      "Semua server dunia pelajaran ini sekarang mendengarkan di alamat loopback masing-masing. Majulah selangkah "
      "untuk melihat pesan pertama berangkat dari User A."}},
    {EventReason::DuplicateSuppressed,
     {"{account} already has message {key}: not stored twice", "{account} sudah punya pesan {key}: tidak disimpan dua kali"},
     {"After a restart the same message arrived again; the mailbox keeps a single copy, so the message is delivered "
      "exactly once (RFC 5321 §6.1).",
      "Setelah restart, pesan yang sama datang lagi; kotak surat hanya menyimpan satu salinan, sehingga pesan diantar "
      "tepat satu kali (RFC 5321 §6.1)."}},
    {EventReason::RelayNotDone,
     {"not delivered this time: {error}", "belum terkirim kali ini: {error}"},
     {"The attempt failed for a temporary reason, so the message stays in the queue and is tried again later with a "
      "growing wait (RFC 5321 §4.5.4.1).",
      "Percobaan gagal karena alasan sementara, jadi pesan tetap di antrean dan dicoba lagi nanti dengan jeda yang "
      "makin panjang (RFC 5321 §4.5.4.1)."}},
    {EventReason::MxDidNotAnswer,
     {"{host} did not answer ({error}); trying the next MX", "{host} tidak menjawab ({error}); mencoba MX berikutnya"},
     {"A mail server that refuses or does not answer is skipped: the sender tries the next MX record, in order of "
      "preference, which is why a domain publishes a backup MX (RFC 5321 §5.1).",
      "Server surat yang menolak atau tidak menjawab dilewati: pengirim mencoba record MX berikutnya, sesuai urutan "
      "preferensi; karena itulah sebuah domain memasang MX cadangan (RFC 5321 §5.1)."}},
    {EventReason::BounceNotBounced,
     {"a failed bounce is not bounced again", "bounce yang gagal tidak dipantulkan lagi"},
     {"A bounce that cannot be delivered is only logged, never answered with another bounce, so two servers can never "
      "bounce mail to each other forever (RFC 5321 §4.5.5).",
      "Bounce yang tidak bisa diantar hanya dicatat, tidak pernah dibalas dengan bounce lain, sehingga dua server tidak "
      "akan saling memantulkan surat selamanya (RFC 5321 §4.5.5)."}},
    {EventReason::BounceAlreadyQueued,
     {"the bounce for {to} was already queued before a restart", "bounce untuk {to} sudah diantrekan sebelum restart"},
     {"The queue remembers which bounces it has written, so a restart does not send the sender a second one.",
      "Antrean mengingat bounce mana yang sudah ditulis, sehingga restart tidak mengirim bounce kedua ke pengirim."}},
    {EventReason::OutsiderResult,
     {"the outside client's message: {outcome} {reply}", "pesan dari klien luar: {outcome} {reply}"},
     {"The MTA decided at RCPT TO: mail for its own domains is accepted from anyone, mail for other domains only from "
      "users who logged in; otherwise it would be an open relay (RFC 5321 §3.6).",
      "MTA memutuskannya saat RCPT TO: surat untuk domainnya sendiri diterima dari siapa saja, surat untuk domain lain "
      "hanya dari pengguna yang sudah login; kalau tidak, ia menjadi open relay (RFC 5321 §3.6)."}},
    {EventReason::AlreadyInSpool,
     {"{message} is already in the spool from an earlier run: not sent again",
      "{message} sudah ada di spool dari jalankan sebelumnya: tidak dikirim lagi"},
     {"The world was restarted on the same files; the spool still holds this message and sends it from where it "
      "stopped, so nothing is sent twice.",
      "Dunia dijalankan ulang dengan berkas yang sama; spool masih menyimpan pesan ini dan melanjutkannya dari tempat "
      "terakhir, sehingga tidak ada yang terkirim dua kali."}},
    {EventReason::DataNotKept,
     {"{lines} more line(s) of data on {conn} ({octets} octets) not kept in the log",
      "{lines} baris data lagi di {conn} ({octets} oktet) tidak disimpan di log"},
     {"The data went through in full; `mailflow serve` records only the first lines of each message or multi-line "
      "answer, so that a server that runs for a whole term stays within its memory budget (docs/LIMITS.md).",
      "Datanya terkirim utuh; `mailflow serve` hanya mencatat baris-baris pertama setiap pesan atau jawaban banyak "
      "baris, agar server yang berjalan selama satu semester tetap dalam batas memorinya (docs/LIMITS.md)."}},
};

const NoteText kSeenStored{EventReason::SeenStored,
     {"message {message} is now read (\\Seen) in {account}'s mailbox on the server",
      "pesan {message} kini berstatus terbaca (\\Seen) di kotak surat {account} di server"},
     {"The IMAP client stored the \\Seen flag with STORE. The flag lives on the server, so every other device that "
      "opens this mailbox sees the message as read too (RFC 3501 §6.4.6, §2.3.2).",
      "Klien IMAP menyimpan flag \\Seen dengan STORE. Flag itu tersimpan di server, sehingga setiap perangkat lain "
      "yang membuka kotak surat ini juga melihat pesan itu sudah dibaca (RFC 3501 §6.4.6, §2.3.2)."}};

const NoteText *noteText(EventReason reason)
{
    for (const NoteText &n : kNotes)
        if (n.reason == reason)
            return &n;
    return reason == EventReason::SeenStored ? &kSeenStored : nullptr;
}

// Replaces every "{name}" with the event's field of that name.
QString fillNamed(QString text, const SimEvent &e)
{
    qsizetype open = 0;
    while ((open = text.indexOf(QLatin1Char('{'), open)) >= 0) {
        const qsizetype close = text.indexOf(QLatin1Char('}'), open);
        if (close < 0)
            break;
        const QString value = e.text(QStringView(text).sliced(open + 1, close - open - 1));
        text.replace(open, close - open + 1, value);
        open += value.size();
    }
    return text.trimmed();
}

// --- the other kinds --------------------------------------------------------------------------------

// The fallbacks for an event nothing specific is known of; genericTexts() lists them for the test that
// no bundled lesson uses one.
const T kGenericNote{"Something happened in the world.", "Sesuatu terjadi di dunia simulasi."};
const T kGenericError{"Something went wrong.", "Terjadi kesalahan."};
const T kGenericHop{"The message moves one step along its path.", "Pesan bergerak satu langkah di jalurnya."};
const T kGenericQueue{"The queue entry changed state.", "Status entri antrean berubah."};
const T kGenericDb{"The alias expander asks the database about an address.",
                   "Pengurai alias menanyakan sebuah alamat ke basis data."};

QString queueName(const SimEvent &e, Language l)
{
    return e.text("queue") == QLatin1String("spool") ? say({"spool", "spool"}, l) : say({"MTA queue", "antrean MTA"}, l);
}

QString stateWord(const QString &state, Language l)
{
    static const struct { const char *state; T word; } words[] = {
        {"queued", {"queued", "diantrekan"}},   {"active", {"being sent", "sedang dikirim"}},
        {"deferred", {"deferred", "ditunda"}},  {"delivered", {"passed on", "sudah diteruskan"}},
        {"bounced", {"bounced", "dipantulkan"}}, {"resumed", {"resumed", "dilanjutkan"}},
    };
    for (const auto &w : words)
        if (state == QLatin1String(w.state))
            return say(w.word, l);
    return state;
}

QString seconds(qint64 ms) { return QString::number(double(ms) / 1000.0, 'f', 3); }

QString queueSummary(const SimEvent &e, Language l)
{
    const QString state = e.text("state");
    if (state == QLatin1String("resumed"))
        return say({"%1 resumed after a restart: %2 entries", "%1 dilanjutkan setelah restart: %2 entri"}, l)
            .arg(queueName(e, l), e.text("count"));
    QString s = say({"message %1 (#%2) in the %3: %4, attempts %5", "pesan %1 (#%2) di %3: %4, percobaan %5"}, l)
                    .arg(e.text("message"), e.text("id"), queueName(e, l), stateWord(state, l), e.text("attempts"));
    if (state == QLatin1String("deferred") && e.field(QStringLiteral("next_retry")).toInteger(-1) >= 0)
        s += say({", next try at %1 s", ", dicoba lagi pada %1 dtk"}, l).arg(seconds(e.field(QStringLiteral("next_retry")).toInteger()));
    if (!e.text("error").isEmpty())
        s += QStringLiteral(": ") + e.text("error");
    return s;
}

QString queueExplanation(const SimEvent &e, Language l)
{
    const bool spool = e.text("queue") == QLatin1String("spool");
    const QString state = e.text("state");
    if (state == QLatin1String("resumed"))
        return say({"MailFlow was restarted on the same files: every message still waiting in the queue is picked up "
                    "again, and none accepted before is lost (RFC 5321 §6.1).",
                    "MailFlow dijalankan ulang dengan berkas yang sama: setiap pesan yang masih menunggu di antrean "
                    "diambil lagi, dan tidak ada pesan yang sudah diterima yang hilang (RFC 5321 §6.1)."}, l);
    if (state == QLatin1String("queued"))
        return spool ? say({"The message is on disk in the sender's spool; the next pass of the queue sends it.",
                            "Pesan sudah tersimpan di disk, di spool pengirim; putaran antrean berikutnya mengirimnya."}, l)
                     : say({"The MTA has written the message to its queue on disk before answering 250, so it is now "
                            "responsible for it (RFC 5321 §6.1). Next it looks up where the mail must go.",
                            "MTA sudah menulis pesan ke antreannya di disk sebelum menjawab 250, jadi sekarang ia yang "
                            "bertanggung jawab atasnya (RFC 5321 §6.1). Berikutnya ia mencari ke mana surat harus pergi."}, l);
    if (state == QLatin1String("active"))
        return say({"The queue takes the message out to try it now.", "Antrean mengambil pesan untuk dicoba sekarang."}, l);
    if (state == QLatin1String("deferred"))
        return say({"This attempt failed for a temporary reason. The message stays queued and is tried again at the "
                    "time shown, waiting longer after each failure (RFC 5321 §4.5.4.1).",
                    "Percobaan ini gagal karena alasan sementara. Pesan tetap di antrean dan dicoba lagi pada waktu "
                    "yang ditunjukkan, dengan jeda makin panjang setelah setiap kegagalan (RFC 5321 §4.5.4.1)."}, l);
    if (state == QLatin1String("delivered"))
        return spool ? say({"The next server took responsibility for the message (it answered 250), so the spool "
                            "forgets it.",
                            "Server berikutnya sudah mengambil alih tanggung jawab atas pesan (ia menjawab 250), jadi "
                            "spool melupakannya."}, l)
                     : say({"Every recipient is done: the message was handed on or stored, so the queue entry is "
                            "finished.",
                            "Semua penerima sudah selesai: pesan sudah diteruskan atau disimpan, jadi entri antrean "
                            "ini selesai."}, l);
    if (state == QLatin1String("bounced") && spool)
        return say({"The submission server refused the message for good, so the spool gives it up. No bounce is "
                    "written: the refusal goes straight back to the sender's mail program (the next hop).",
                    "Server submission menolak pesan secara permanen, jadi spool melepaskannya. Tidak ada bounce yang "
                    "ditulis: penolakan itu langsung kembali ke program surel pengirim (hop berikutnya)."}, l);
    if (state == QLatin1String("bounced"))
        return say({"Delivery failed permanently, so the message leaves the queue and a bounce tells the sender why.",
                    "Pengiriman gagal permanen, jadi pesan keluar dari antrean dan sebuah bounce memberi tahu pengirim "
                    "alasannya."}, l);
    return say(kGenericQueue, l);
}

QString actionSummary(const SimEvent &e, Language l)
{
    const QString action = e.text("action");
    if (action == QLatin1String("send"))
        return say({"%1 sends \"%2\" to %3", "%1 mengirim \"%2\" ke %3"}, l).arg(e.text("from"), e.text("subject"), e.text("to"));
    if (action == QLatin1String("inject"))
        return say({"an outside client sends from %1 to %2 via %3", "klien luar mengirim dari %1 ke %2 lewat %3"}, l)
            .arg(e.text("from"), e.text("to"), e.text("host"));
    if (action == QLatin1String("fetch"))
        return say({"%1 checks mail with %2 on the %3", "%1 memeriksa surat dengan %2 di %3"}, l)
            .arg(e.text("user"), e.text("protocol").toUpper(), deviceName(e.text("device"), l));
    if (action == QLatin1String("link"))
        return (e.text("state") == QLatin1String("up") ? say({"the Internet link %1 is back up", "tautan Internet %1 tersambung lagi"}, l)
                                                       : say({"the Internet link %1 goes down", "tautan Internet %1 putus"}, l))
            .arg(e.text("between").replace(QStringLiteral(", "), QStringLiteral(" ↔ ")));
    if (action == QLatin1String("server"))
        return (e.text("state") == QLatin1String("up") ? say({"%1 is started again", "%1 dinyalakan lagi"}, l)
                                                       : say({"%1 is shut down", "%1 dimatikan"}, l))
            .arg(e.text("node"));
    if (action == QLatin1String("alias"))
        return say({"alias %1 now means %2", "alias %1 sekarang berarti %2"}, l).arg(e.text("address"), e.text("members"));
    if (action == QLatin1String("read"))
        return say({"%1 opens message %2 on the %3", "%1 membuka pesan %2 di %3"}, l).arg(e.text("user"), e.text("message"), deviceName(e.text("device"), l));
    return action;
}

QString actionExplanation(const SimEvent &e, Language l)
{
    const QString action = e.text("action");
    const bool up = e.text("state") == QLatin1String("up");
    if (action == QLatin1String("send"))
        return say({"The lesson's timeline makes a user write a message. Watch it travel hop by hop; its envelope and "
                    "header are in the message inspector.",
                    "Lini masa pelajaran membuat seorang pengguna menulis pesan. Perhatikan pesan itu bergerak langkah "
                    "demi langkah; amplop dan header-nya ada di inspektur pesan."}, l);
    if (action == QLatin1String("inject"))
        return say({"A client outside MailFlow's domains talks SMTP straight to an MTA, as a spammer or another mail "
                    "server would. Watch whether the MTA accepts the recipients.",
                    "Klien di luar domain MailFlow berbicara SMTP langsung ke MTA, seperti yang dilakukan spammer atau "
                    "server surat lain. Perhatikan apakah MTA menerima para penerimanya."}, l);
    if (action == QLatin1String("fetch"))
        return isImap(e.text("protocol"))
                   ? say({"The mail program connects to the IMAP server: the messages stay on the server and only "
                          "their flags change, so other devices stay in sync (RFC 3501).",
                          "Program surel terhubung ke server IMAP: pesan tetap di server dan hanya flag-nya yang "
                          "berubah, sehingga perangkat lain tetap sinkron (RFC 3501)."}, l)
                   : say({"The mail program connects to the POP3 server to download new mail; watch RETR bring each "
                          "message and QUIT delete it from the server (RFC 1939).",
                          "Program surel terhubung ke server POP3 untuk mengunduh surat baru; perhatikan RETR membawa "
                          "setiap pesan dan QUIT menghapusnya dari server (RFC 1939)."}, l);
    if (action == QLatin1String("link"))
        return up ? say({"The Internet link works again. Messages waiting in a queue go out at their next retry; "
                         "watch the deferred message leave.",
                         "Tautan Internet berfungsi lagi. Pesan yang menunggu di antrean berangkat pada percobaan "
                         "berikutnya; perhatikan pesan yang ditunda itu berangkat."}, l)
                  : say({"The Internet link between the two domains is cut. A message sent now cannot connect, so "
                         "watch it wait in the queue with a retry countdown.",
                         "Tautan Internet antara kedua domain diputus. Pesan yang dikirim sekarang tidak bisa "
                         "terhubung, jadi perhatikan pesan itu menunggu di antrean dengan hitung mundur."}, l);
    if (action == QLatin1String("server"))
        return up ? say({"The mail server listens again on port 25 and accepts connections.",
                         "Server surat mendengarkan lagi di port 25 dan menerima koneksi."}, l)
                  : say({"The mail server stops listening: a connection to it is refused. Watch the sender fall back "
                         "to the next MX record (RFC 5321 §5.1).",
                         "Server surat berhenti mendengarkan: koneksi ke sana ditolak. Perhatikan pengirim beralih ke "
                         "record MX berikutnya (RFC 5321 §5.1)."}, l);
    if (action == QLatin1String("alias"))
        return say({"The alias table in the database changed. The next message to this alias is expanded with the new "
                    "members; messages already expanded keep their copies.",
                    "Tabel alias di basis data berubah. Pesan berikutnya ke alias ini diuraikan dengan anggota yang "
                    "baru; pesan yang sudah diuraikan tetap dengan salinannya."}, l);
    if (action == QLatin1String("read"))
        return isImap(e.text("protocol"))
                   ? say({"Opening the message sets its \\Seen flag on the IMAP server, so it shows as read on every "
                          "device (RFC 3501 §2.3.2).",
                          "Membuka pesan memasang flag \\Seen di server IMAP, sehingga pesan tampil sudah dibaca di "
                          "setiap perangkat (RFC 3501 §2.3.2)."}, l)
                   : say({"The message is opened on this device only: POP3 has no read flags on the server, so other "
                          "devices do not know.",
                          "Pesan dibuka hanya di perangkat ini: POP3 tidak punya flag baca di server, jadi perangkat "
                          "lain tidak tahu."}, l);
    return say(kGenericNote, l);
}

QString errorExplanation(const SimEvent &e, Language l)
{
    const QString text = e.text("text");
    if (!e.text("message").isEmpty() && text.startsWith(QLatin1Char('<'))) {
        const QString address = text.section(QLatin1Char('>'), 0, 0).mid(1);
        if (text.contains(QLatin1String("5.1.1")))
            return say({"The mailbox %1 does not exist at its domain, a permanent failure: the MTA will not retry and "
                        "writes a bounce to the sender instead (RFC 3463 §3.2, RFC 5321 §4.2.2).",
                        "Kotak surat %1 tidak ada di domainnya, sebuah kegagalan permanen: MTA tidak akan mencoba lagi "
                        "dan menulis bounce untuk pengirim (RFC 3463 §3.2, RFC 5321 §4.2.2)."}, l).arg(address);
        return say({"Delivery to %1 failed permanently, so the MTA writes a bounce to the sender with this reason "
                    "(RFC 3464, RFC 5321 §4.2.2).",
                    "Pengiriman ke %1 gagal permanen, jadi MTA menulis bounce untuk pengirim dengan alasan ini "
                    "(RFC 3464, RFC 5321 §4.2.2)."}, l).arg(address);
    }
    if (text.startsWith(QLatin1String("authentication failed"), Qt::CaseInsensitive))
        return say({"The server refused the login: the user name or password is wrong, so the client cannot go on "
                    "and ends the session (RFC 4954 §6).",
                    "Server menolak login: nama pengguna atau kata sandi salah, jadi klien tidak bisa melanjutkan dan "
                    "mengakhiri sesi (RFC 4954 §6)."}, l);
    if (text.contains(QLatin1String("refused"), Qt::CaseInsensitive))
        return say({"Connection refused: nothing listens at that address and port (the server is down). The client "
                    "moves on to the next server or tries later.",
                    "Koneksi ditolak: tidak ada yang mendengarkan di alamat dan port itu (server mati). Klien beralih "
                    "ke server berikutnya atau mencoba nanti."}, l);
    if (text.contains(QLatin1String("timed out"), Qt::CaseInsensitive) || text.contains(QLatin1String("timeout"), Qt::CaseInsensitive))
        return say({"The other side did not answer in time, so the client gives up on this connection and tries later.",
                    "Pihak lain tidak menjawab tepat waktu, jadi klien menyerah pada koneksi ini dan mencoba nanti."}, l);
    if (text.contains(QLatin1String("certificate"), Qt::CaseInsensitive) || text.contains(QLatin1String("TLS"), Qt::CaseInsensitive))
        return say({"TLS could not be set up (for example the certificate is not trusted), so the client stops rather "
                    "than send a password or mail unprotected.",
                    "TLS tidak bisa disiapkan (misalnya sertifikatnya tidak dipercaya), jadi klien berhenti daripada "
                    "mengirim kata sandi atau surat tanpa perlindungan."}, l);
    if (text.contains(QLatin1String("lost"), Qt::CaseInsensitive))
        return say({"The connection broke off before the conversation ended: the server is down or unreachable. The "
                    "sender treats it as temporary and tries the next MX, or the same one later (RFC 5321 §4.5.4.1).",
                    "Koneksi terputus sebelum percakapan selesai: server mati atau tidak terjangkau. Pengirim "
                    "menganggapnya sementara dan mencoba MX berikutnya, atau yang sama nanti (RFC 5321 §4.5.4.1)."}, l);
    if (text.contains(QLatin1String("closed"), Qt::CaseInsensitive))
        return say({"The connection was closed before the conversation ended; the client treats it as a temporary "
                    "failure.",
                    "Koneksi ditutup sebelum percakapan selesai; klien menganggapnya kegagalan sementara."}, l);
    return say(kGenericError, l);
}

QString retrievedExplanation(const SimEvent &e, Language l)
{
    if (!e.field(QStringLiteral("ok")).toBool(true) || !e.text("error").isEmpty())
        return say({"Retrieval failed: %1. A wrong password or a refused connection leaves the mail on the server.",
                    "Pengambilan gagal: %1. Kata sandi yang salah atau koneksi yang ditolak membuat surat tetap di "
                    "server."}, l).arg(e.text("error"));
    if (isImap(e.text("protocol")))
        return say({"IMAP showed the mailbox on the %1 and left every message on the server, so another device sees the "
                    "same messages and flags (RFC 3501).",
                    "IMAP menampilkan kotak surat di %1 dan membiarkan semua pesan di server, sehingga perangkat lain "
                    "melihat pesan dan flag yang sama (RFC 3501)."}, l).arg(deviceName(e.text("device"), l));
    if (e.field(QStringLiteral("deleted")).toInteger() > 0)
        return say({"POP3 downloaded the mail to the %1 and QUIT deleted it from the server (RFC 1939 §6): another "
                    "device will not find it there.",
                    "POP3 mengunduh surat ke %1 dan QUIT menghapusnya dari server (RFC 1939 §6): perangkat lain tidak "
                    "akan menemukannya di sana."}, l).arg(deviceName(e.text("device"), l));
    return say({"POP3 downloaded the mail to the %1 and left it on the server (it was asked to keep it).",
                "POP3 mengunduh surat ke %1 dan membiarkannya di server (ia diminta menyimpannya)."}, l).arg(deviceName(e.text("device"), l));
}

QString localized(const SimEvent &e, Language l)
{
    const QString own = e.text(l == Language::Indonesian ? "explain_id" : "explain_en");
    return own.isEmpty() ? e.text("explain") : own;
}

// A DNS row in a few words: the question, and for an answer its status and records (DnsMessage::describe
// writes "id ..., flags ..., status ..., question ..., answers: ..."); the whole message stays in the
// detail pane (rawDetail).
QString dnsSummary(const SimEvent &e, Language l)
{
    const QString event = e.text("event");
    QString question, status, answers;
    for (const QString &part : e.text("text").split(QStringLiteral(", "))) {
        if (part.startsWith(QLatin1String("question ")))
            question = part.mid(9);
        else if (part.startsWith(QLatin1String("status ")))
            status = part.mid(7);
        else if (part.startsWith(QLatin1String("answers: ")))
            answers = part.mid(9);
    }
    if (event == QLatin1String("query"))
        // The world's MTAs share one stub resolver: the question comes from its address, not an MTA's.
        return say({"the resolver at %1 asks: %2?", "resolver di %1 bertanya: %2?"}, l).arg(e.text("peer"), question);
    if (event == QLatin1String("answer")) {
        if (!answers.isEmpty())
            return say({"answer to %1: %2", "jawaban untuk %1: %2"}, l).arg(question, answers);
        return say({"answer to %1: %2, no records", "jawaban untuk %1: %2, tanpa record"}, l).arg(question, status);
    }
    return QStringLiteral("%1: %2").arg(event, question.isEmpty() ? e.text("text") : question);
}

} // namespace

QString hopSummary(const SimEvent &e, Language l)
{
    const HopText *h = e.kind == EventKind::Hop ? hopText(e.reason) : nullptr;
    return h ? fillHop(say(h->summary, l), e, l) : QString();
}

QString deviceName(const QString &device, Language language)
{
    if (device == QLatin1String("laptop"))
        return say({"laptop", "laptop"}, language);
    if (device == QLatin1String("phone"))
        return say({"phone", "ponsel"}, language);
    return device;
}

QString connectionLabel(const QString &conn)
{
    const qsizetype slash = conn.indexOf(QLatin1Char('/'));
    const qsizetype hash = conn.lastIndexOf(QLatin1Char('#'));
    if (slash < 0 || hash < slash)
        return conn;
    return QStringLiteral("%1 · %2 #%3").arg(conn.left(slash), conn.mid(slash + 1, hash - slash - 1), conn.mid(hash + 1));
}

QString marker(const SimEvent &e, Language l)
{
    const bool client = e.text("dir") == QLatin1String("C");
    switch (e.kind) {
    case EventKind::Line: return client ? QStringLiteral("C:") : QStringLiteral("S:");
    case EventKind::Wire: return client ? QStringLiteral("C→S") : QStringLiteral("S→C");
    case EventKind::Hop: return say({"hop", "hop"}, l);
    case EventKind::Tls: return QStringLiteral("TLS");
    case EventKind::Dns: return QStringLiteral("DNS");
    case EventKind::Db: return QStringLiteral("DB");
    case EventKind::Queue: return say({"queue", "antrean"}, l);
    case EventKind::Delivered: return say({"stored", "disimpan"}, l);
    case EventKind::Expunged: return say({"deleted", "dihapus"}, l);
    case EventKind::Bounced: return say({"bounce", "bounce"}, l);
    case EventKind::Retrieved: return say({"fetched", "diambil"}, l);
    case EventKind::Action: return say({"action", "aksi"}, l);
    case EventKind::Error: return say({"error", "galat"}, l);
    case EventKind::Expectation: return say({"check", "cek"}, l);
    case EventKind::Note: break;
    }
    return say({"note", "catatan"}, l);
}

namespace {

// The operating system's words for a failed connection (Qt's socket error text), in `l` where they are
// the usual ones; other texts as they came.
QString socketFailure(const QString &text, Language l)
{
    if (text.compare(QLatin1String("Connection refused"), Qt::CaseInsensitive) == 0)
        return say({"Connection refused", "Koneksi ditolak"}, l);
    if (text.contains(QLatin1String("timed out"), Qt::CaseInsensitive))
        return say({"Connection timed out", "Waktu koneksi habis"}, l);
    if (text.compare(QLatin1String("Network unreachable"), Qt::CaseInsensitive) == 0)
        return say({"Network unreachable", "Jaringan tidak terjangkau"}, l);
    if (text.compare(QLatin1String("Host unreachable"), Qt::CaseInsensitive) == 0)
        return say({"Host unreachable", "Host tidak terjangkau"}, l);
    return text;
}

} // namespace

QString place(const SimEvent &e)
{
    if (!e.text("conn").isEmpty())
        return connectionLabel(e.text("conn"));
    if (e.kind == EventKind::Hop)
        return e.text("message");
    return e.text("node");
}

QString summary(const SimEvent &e, Language l)
{
    switch (e.kind) {
    case EventKind::Line: return e.text("text");
    case EventKind::Wire: return say({"%1 bytes on the wire", "%1 byte di kabel"}, l).arg(e.text("size"));
    case EventKind::Hop: {
        QString s = QStringLiteral("%1 → %2").arg(e.text("from"), e.text("to"));
        if (const QString what = hopSummary(e, l); !what.isEmpty())
            s += QStringLiteral(": ") + what;
        return s;
    }
    case EventKind::Tls:
        return e.field(QStringLiteral("ok")).toBool(true) ? say({"encrypted: %1", "terenkripsi: %1"}, l).arg(e.text("text"))
                                                          : say({"TLS failed: %1", "TLS gagal: %1"}, l).arg(e.text("text"));
    case EventKind::Dns: return dnsSummary(e, l);
    case EventKind::Db: {
        const QJsonArray members = e.field(QStringLiteral("members")).toArray();
        if (!e.hasField(u"members"))
            return QStringLiteral("%1  ⇒ %2").arg(e.text("query"), e.text("result"));
        return members.isEmpty() ? say({"%1  ⇒ no alias", "%1  ⇒ bukan alias"}, l).arg(e.text("query"))
                                 : QStringLiteral("%1  ⇒ %2").arg(e.text("query"), e.text("members"));
    }
    case EventKind::Queue: return queueSummary(e, l);
    case EventKind::Delivered:
        return say({"message %1 stored in the mailbox of %2 (UID %3)", "pesan %1 disimpan di kotak surat %2 (UID %3)"}, l)
            .arg(e.text("message"), e.text("to"), e.text("uid"));
    case EventKind::Expunged:
        return say({"message %1 removed from the mailbox of %2 (UID %3)", "pesan %1 dihapus dari kotak surat %2 (UID %3)"}, l)
            .arg(e.text("message"), e.text("mailbox"), e.text("uid"));
    case EventKind::Bounced:
        return say({"bounce message %1 delivered to %2", "pesan bounce %1 diantar ke %2"}, l).arg(e.text("message"), e.text("to"));
    case EventKind::Retrieved: {
        QString s = say({"%1 fetched %2 message(s) with %3 on the %4; %5 deleted from the server",
                         "%1 mengambil %2 pesan dengan %3 di %4; %5 dihapus dari server"}, l)
                        .arg(e.text("user"), e.text("count"), e.text("protocol").toUpper(), deviceName(e.text("device"), l), e.text("deleted"));
        if (!e.text("error").isEmpty())
            s += QStringLiteral(" (") + e.text("error") + QLatin1Char(')');
        return s;
    }
    case EventKind::Action: return actionSummary(e, l);
    case EventKind::Expectation:
        return (e.field(QStringLiteral("held")).toBool() ? say({"holds: %1", "terpenuhi: %1"}, l)
                                                         : say({"FAILS: %1", "GAGAL: %1"}, l)).arg(e.text("detail"));
    case EventKind::Error:
        // A connection to a mail server that failed names the server.
        if (!e.text("host").isEmpty())
            return say({"connecting to %1: %2", "menyambung ke %1: %2"}, l).arg(e.text("host"), socketFailure(e.text("text"), l));
        return e.text("text");
    case EventKind::Note:
        if (const NoteText *n = noteText(e.reason))
            return fillNamed(say(n->summary, l), e);
        return e.text("text");
    }
    return {};
}

QString explanation(const SimEvent &e, Language l)
{
    switch (e.kind) {
    case EventKind::Line:
    case EventKind::Dns: return localized(e, l);
    case EventKind::Wire:
        return say({"The bytes that crossed the loopback network, as an eavesdropper would capture them.",
                    "Byte yang melintasi jaringan loopback, seperti yang akan ditangkap penyadap."}, l);
    case EventKind::Hop:
        if (e.reason == EventReason::SubmissionRefused)
            return submissionRefusedExplanation(e, l);
        if (const HopText *h = hopText(e.reason))
            return fillHop(say(h->explanation, l), e, l);
        return say(kGenericHop, l);
    case EventKind::Tls:
        return e.field(QStringLiteral("ok")).toBool(true)
                   ? say({"From here on the connection is encrypted: an eavesdropper sees only TLS records, and the "
                          "server's certificate proved its name (RFC 8446, RFC 3207).",
                          "Mulai sini koneksi terenkripsi: penyadap hanya melihat record TLS, dan sertifikat server "
                          "sudah membuktikan namanya (RFC 8446, RFC 3207)."}, l)
                   : say({"The TLS handshake failed, so the connection cannot be protected and the client stops.",
                          "Handshake TLS gagal, jadi koneksi tidak dapat dilindungi dan klien berhenti."}, l);
    case EventKind::Db: {
        if (!e.hasField(u"members"))
            return say(kGenericDb, l);
        const QJsonArray members = e.field(QStringLiteral("members")).toArray();
        const QString address = e.text("query").section(QLatin1Char(' '), -1);
        return members.isEmpty()
                   ? say({"%1 is not in the alias table, so it is a real mailbox address and stays as it is.",
                          "%1 tidak ada di tabel alias, jadi itu alamat kotak surat sebenarnya dan tetap seperti itu."}, l).arg(address)
                   : say({"%1 is an alias (a list): the message is copied to each of its %2 members, each copy with its "
                          "own envelope recipient.",
                          "%1 adalah alias (milis): pesan disalin ke setiap anggotanya yang berjumlah %2, masing-masing "
                          "salinan dengan penerima amplopnya sendiri."}, l).arg(address).arg(members.size());
    }
    case EventKind::Queue: return queueExplanation(e, l);
    case EventKind::Delivered:
        return e.field(QStringLiteral("dsn")).toBool()
                   ? say({"The bounce is stored in %1's mailbox: the sender will read why the message failed.",
                          "Bounce disimpan di kotak surat %1: pengirim akan membaca mengapa pesannya gagal."}, l).arg(e.text("to"))
                   : say({"The message is safely stored in %1's mailbox; UID %2 is its number there (RFC 3501 "
                          "§2.3.1.1). It waits for %1's mail program to fetch it.",
                          "Pesan tersimpan aman di kotak surat %1; UID %2 adalah nomornya di sana (RFC 3501 §2.3.1.1). "
                          "Pesan menunggu diambil oleh program surel %1."}, l).arg(e.text("to"), e.text("uid"));
    case EventKind::Expunged:
        return say({"QUIT ends the POP3 session in its UPDATE state: only now are the messages marked with DELE "
                    "removed from the server, so the mailbox is one message lighter (RFC 1939 §6).",
                    "QUIT mengakhiri sesi POP3 dalam keadaan UPDATE: baru sekarang pesan yang ditandai DELE "
                    "dihapus dari server, sehingga kotak surat berkurang satu pesan (RFC 1939 §6)."}, l);
    case EventKind::Bounced:
        return say({"The bounce reached %1: the sender now learns that the message could not be delivered, and why "
                    "(RFC 3464).",
                    "Bounce sampai ke %1: pengirim sekarang tahu bahwa pesannya tidak dapat diantar, dan alasannya "
                    "(RFC 3464)."}, l).arg(e.text("to"));
    case EventKind::Retrieved: return retrievedExplanation(e, l);
    case EventKind::Action: return actionExplanation(e, l);
    case EventKind::Error: return errorExplanation(e, l);
    case EventKind::Expectation:
        return e.field(QStringLiteral("held")).toBool()
                   ? say({"The lesson's check agrees with what happened.", "Pemeriksaan pelajaran cocok dengan yang terjadi."}, l)
                   : say({"The lesson expected something else; compare the rows above with this check.",
                          "Pelajaran mengharapkan hal lain; bandingkan baris di atas dengan pemeriksaan ini."}, l);
    case EventKind::Note:
        if (const NoteText *n = noteText(e.reason))
            return fillNamed(say(n->explanation, l), e);
        return say(kGenericNote, l);
    }
    return {};
}

QString rawDetail(const SimEvent &e)
{
    if (e.kind == EventKind::Dns)
        return e.text("text");
    return {};
}

QString textLine(const SimEvent &e, Language l, bool withExplanation)
{
    const QString time = QStringLiteral("[%1s]").arg(double(e.t) / 1000.0, 10, 'f', 3);
    // Markers up to 8 letters line up in a column; longer ones still get a space after them.
    QString body;
    const QString where = place(e);
    if (e.kind == EventKind::Line)
        body = QStringLiteral("%1  %2 %3").arg(e.text("conn"), marker(e, l), summary(e, l));
    else
        body = where.isEmpty() ? summary(e, l) : where + QStringLiteral("  ") + summary(e, l);
    QString out = time + QLatin1Char(' ') + (e.kind == EventKind::Line ? QStringLiteral("line") : marker(e, l)).leftJustified(8)
                  + QLatin1Char(' ') + body;
    if (withExplanation) {
        const QString why = explanation(e, l);
        if (!why.isEmpty())
            out += QStringLiteral("\n%1= %2").arg(QString(26, QLatin1Char(' ')), why);
    }
    return out;
}

QString expectationText(const ExpectationSpec &spec, int actual, const QStringList &actualPath, Language l)
{
    using K = ExpectationSpec::Kind;
    switch (spec.kind) {
    case K::Delivered:
        return say({"delivered to %1: expected %2, got %3", "diantar ke %1: diharapkan %2, terjadi %3"}, l).arg(spec.address).arg(spec.count).arg(actual);
    case K::Bounced:
        return say({"bounces delivered to %1: expected %2, got %3", "bounce yang diantar ke %1: diharapkan %2, terjadi %3"}, l)
            .arg(spec.address).arg(spec.count).arg(actual);
    case K::Deferred:
        return say({"deferrals: expected at least %1, got %2", "penundaan: diharapkan paling sedikit %1, terjadi %2"}, l).arg(spec.count).arg(actual);
    case K::Retrieved:
        if (spec.protocol.isEmpty())
            return say({"messages %1 retrieved: expected %2, got %3", "pesan yang diambil %1: diharapkan %2, terjadi %3"}, l)
                .arg(spec.address).arg(spec.count).arg(actual);
        return say({"messages %1 retrieved with %2: expected %3, got %4", "pesan yang diambil %1 dengan %2: diharapkan %3, terjadi %4"}, l)
            .arg(spec.address, spec.protocol.toUpper()).arg(spec.count).arg(actual);
    case K::LeftOnServer:
        return say({"messages left in %1's mailbox: expected %2, got %3", "pesan yang tersisa di kotak surat %1: diharapkan %2, terjadi %3"}, l)
            .arg(spec.address).arg(spec.count).arg(actual);
    case K::Reply:
        return say({"%1 reply %2 seen %3 time(s)", "balasan %1 %2 terlihat %3 kali"}, l).arg(spec.protocol.toUpper()).arg(spec.code).arg(actual);
    case K::HopCount:
        return say({"hops to %1: expected %2, got %3", "hop menuju %1: diharapkan %2, terjadi %3"}, l).arg(spec.address).arg(spec.count).arg(actual);
    case K::Path:
        return say({"path to %1:\n    expected %2\n    got      %3", "jalur menuju %1:\n    diharapkan %2\n    terjadi    %3"}, l)
            .arg(spec.address, spec.path.join(QStringLiteral(" -> ")), actualPath.join(QStringLiteral(" -> ")));
    }
    return {};
}

QByteArray jsonLine(const SimEvent &e, Language l)
{
    QJsonObject o = e.toJson();
    o.insert(QStringLiteral("summary"), summary(e, l));
    o.insert(QStringLiteral("explain"), explanation(e, l));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList genericTexts()
{
    QStringList out;
    for (Language l : {Language::English, Language::Indonesian}) {
        for (const T *generic : {&kGenericNote, &kGenericError, &kGenericHop, &kGenericQueue, &kGenericDb})
            out << say(*generic, l);
    }
    return out;
}

} // namespace mf::narration
