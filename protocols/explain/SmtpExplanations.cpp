#include "ExplanationTables.h"

namespace mf::explain {

namespace {

const Entry kCommands[] = {
    {"EHLO", {"The client introduces itself and asks which ESMTP extensions the server supports.",
              "Klien memperkenalkan diri dan menanyakan ekstensi ESMTP apa saja yang didukung server."},
     "RFC 5321 §4.1.1.1"},
    {"HELO", {"The client introduces itself the old way (plain SMTP, no extensions).",
              "Klien memperkenalkan diri dengan cara lama (SMTP biasa, tanpa ekstensi)."},
     "RFC 5321 §4.1.1.1"},
    {"MAIL", {"Starts a new mail transaction and gives the envelope sender (the bounce address).",
              "Memulai transaksi surat baru dan menyebutkan pengirim amplop (alamat untuk pesan gagal kirim)."},
     "RFC 5321 §4.1.1.2"},
    {"RCPT", {"Names one envelope recipient; repeated once per recipient.",
              "Menyebutkan satu penerima amplop; diulang untuk setiap penerima."},
     "RFC 5321 §4.1.1.3"},
    {"DATA", {"The client asks to send the message itself (headers and body).",
              "Klien meminta izin untuk mengirim isi pesan (header dan badan)."},
     "RFC 5321 §4.1.1.4"},
    {"RSET", {"Aborts the current mail transaction; the connection stays open.",
              "Membatalkan transaksi surat yang sedang berjalan; koneksi tetap terbuka."},
     "RFC 5321 §4.1.1.5"},
    {"VRFY", {"Asks whether a user exists. Servers usually answer 252 to avoid revealing addresses.",
              "Menanyakan apakah seorang pengguna ada. Server biasanya menjawab 252 agar alamat tidak bocor."},
     "RFC 5321 §4.1.1.6"},
    {"EXPN", {"Asks the server to expand a mailing list.",
              "Meminta server menguraikan isi sebuah milis."},
     "RFC 5321 §4.1.1.7"},
    {"HELP", {"Asks the server for help text.", "Meminta teks bantuan dari server."}, "RFC 5321 §4.1.1.8"},
    {"NOOP", {"Does nothing; checks that the server is still there.",
              "Tidak melakukan apa-apa; memeriksa bahwa server masih aktif."},
     "RFC 5321 §4.1.1.9"},
    {"QUIT", {"The client says goodbye; the server answers 221 and closes the connection.",
              "Klien berpamitan; server menjawab 221 lalu menutup koneksi."},
     "RFC 5321 §4.1.1.10"},
    {"STARTTLS", {"Asks to switch this connection to TLS encryption before going on.",
                  "Meminta agar koneksi ini beralih ke enkripsi TLS sebelum melanjutkan."},
     "RFC 3207 §4"},
    {"AUTH", {"The client logs in with a SASL mechanism (PLAIN or LOGIN send the password, so only inside TLS).",
              "Klien masuk (login) dengan mekanisme SASL (PLAIN atau LOGIN mengirim kata sandi, jadi hanya di dalam TLS)."},
     "RFC 4954 §4"},
    {"BDAT", {"Sends a chunk of the message (CHUNKING).", "Mengirim sepotong isi pesan (CHUNKING)."},
     "RFC 3030 §2"},
};

const Entry kReplies[] = {
    {"211", {"System status.", "Status sistem."}, "RFC 5321 §4.2.2"},
    {"214", {"Help message.", "Pesan bantuan."}, "RFC 5321 §4.2.2"},
    {"220", {"The service is ready (a greeting, or ready to start TLS).",
             "Layanan siap (salam pembuka, atau siap memulai TLS)."},
     "RFC 5321 §4.2.2"},
    {"221", {"The server closes the connection.", "Server menutup koneksi."}, "RFC 5321 §4.2.2"},
    {"235", {"Authentication succeeded.", "Autentikasi berhasil."}, "RFC 4954 §6"},
    {"250", {"OK: the requested action was completed.", "OK: tindakan yang diminta sudah selesai."},
     "RFC 5321 §4.2.2"},
    {"251", {"User not local; the server will forward the message.",
             "Pengguna bukan lokal; server akan meneruskan pesan."},
     "RFC 5321 §4.2.2"},
    {"252", {"Cannot verify the user, but the server will accept the message and try.",
             "Pengguna tidak bisa diverifikasi, tetapi server akan menerima pesan dan mencoba mengirimkannya."},
     "RFC 5321 §3.5.3"},
    {"334", {"The server sends a SASL challenge (base64) and waits for the client's answer.",
             "Server mengirim tantangan SASL (base64) dan menunggu jawaban klien."},
     "RFC 4954 §4"},
    {"354", {"Go ahead: send the message, end it with a line containing only a dot.",
             "Silakan kirim isi pesan, akhiri dengan baris yang hanya berisi satu titik."},
     "RFC 5321 §4.1.1.4"},
    {"421", {"Service not available: the server is closing the connection (try again later).",
             "Layanan tidak tersedia: server menutup koneksi (coba lagi nanti)."},
     "RFC 5321 §4.2.2"},
    {"450", {"Temporary failure: mailbox unavailable; the sender must retry later.",
             "Gagal sementara: kotak surat tidak tersedia; pengirim harus mencoba lagi nanti."},
     "RFC 5321 §4.2.2"},
    {"451", {"Temporary local error; the sender must retry later.",
             "Kesalahan lokal sementara; pengirim harus mencoba lagi nanti."},
     "RFC 5321 §4.2.2"},
    {"452", {"Temporary: too many recipients or not enough storage; retry the rest later.",
             "Sementara: penerima terlalu banyak atau penyimpanan kurang; sisanya dicoba lagi nanti."},
     "RFC 5321 §4.5.3.1.10"},
    {"454", {"Temporary failure: TLS or authentication not available now.",
             "Gagal sementara: TLS atau autentikasi sedang tidak tersedia."},
     "RFC 3207 §4, RFC 4954 §6"},
    {"500", {"Syntax error: command not recognised or line too long. The connection stays open.",
             "Kesalahan sintaks: perintah tidak dikenal atau baris terlalu panjang. Koneksi tetap terbuka."},
     "RFC 5321 §4.2.2, §4.5.3.1.4"},
    {"501", {"Syntax error in the command's parameters.", "Kesalahan sintaks pada parameter perintah."},
     "RFC 5321 §4.2.2"},
    {"502", {"Command not implemented.", "Perintah tidak diimplementasikan."}, "RFC 5321 §4.2.2"},
    {"503", {"Bad sequence of commands: this command is not allowed at this point.",
             "Urutan perintah salah: perintah ini tidak diizinkan pada tahap ini."},
     "RFC 5321 §4.2.2, §4.1.4"},
    {"504", {"Command parameter not implemented.", "Parameter perintah tidak diimplementasikan."},
     "RFC 5321 §4.2.2"},
    {"530", {"Authentication required before this command (log in first).",
             "Harus autentikasi dulu sebelum perintah ini (login terlebih dahulu)."},
     "RFC 4954 §6, RFC 6409 §4.3"},
    {"534", {"Authentication mechanism is too weak.", "Mekanisme autentikasi terlalu lemah."}, "RFC 4954 §6"},
    {"535", {"Authentication failed: wrong user name or password.",
             "Autentikasi gagal: nama pengguna atau kata sandi salah."},
     "RFC 4954 §6"},
    {"538", {"Encryption required: start TLS before sending a password.",
             "Enkripsi wajib: mulai TLS sebelum mengirim kata sandi."},
     "RFC 4954 §6"},
    {"550", {"Permanent failure: mailbox unavailable (unknown user) or action refused (e.g. relaying denied).",
             "Gagal permanen: kotak surat tidak ada (pengguna tidak dikenal) atau tindakan ditolak (misalnya relay ditolak)."},
     "RFC 5321 §4.2.2"},
    {"551", {"User not local; the client should try another path.",
             "Pengguna bukan lokal; klien sebaiknya mencoba jalur lain."},
     "RFC 5321 §4.2.2"},
    {"552", {"Permanent failure: message too big for the server (exceeds its SIZE limit).",
             "Gagal permanen: pesan terlalu besar untuk server (melebihi batas SIZE)."},
     "RFC 5321 §4.2.2, RFC 1870"},
    {"553", {"Mailbox name not allowed (bad address syntax).", "Nama kotak surat tidak diizinkan (sintaks alamat salah)."},
     "RFC 5321 §4.2.2"},
    {"554", {"Transaction failed (for example no valid recipients, or relay access denied).",
             "Transaksi gagal (misalnya tidak ada penerima yang valid, atau relay ditolak)."},
     "RFC 5321 §4.2.2"},
    {"555", {"MAIL or RCPT parameters not recognised.", "Parameter MAIL atau RCPT tidak dikenal."},
     "RFC 5321 §4.2.2"},
    {"556", {"The domain does not accept mail (null MX).", "Domain ini tidak menerima surat (null MX)."},
     "RFC 7504, RFC 7505"},
};

const Entry kExtensions[] = {
    {"PIPELINING", {"The server accepts several commands sent at once without waiting for each reply.",
                    "Server menerima beberapa perintah sekaligus tanpa menunggu setiap balasan."},
     "RFC 2920"},
    {"SIZE", {"The largest message the server accepts, in octets.", "Ukuran pesan terbesar yang diterima server, dalam oktet."},
     "RFC 1870"},
    {"8BITMIME", {"The server accepts 8-bit message content.", "Server menerima isi pesan 8-bit."}, "RFC 6152"},
    {"STARTTLS", {"The server can switch this connection to TLS encryption.",
                  "Server dapat mengalihkan koneksi ini ke enkripsi TLS."},
     "RFC 3207"},
    {"AUTH", {"Login mechanisms the server offers (only shown inside TLS here).",
              "Mekanisme login yang ditawarkan server (di sini hanya ditampilkan di dalam TLS)."},
     "RFC 4954"},
    {"ENHANCEDSTATUSCODES", {"Replies carry a detailed status code such as 2.1.5 after the number.",
                             "Balasan membawa kode status rinci seperti 2.1.5 setelah angka."},
     "RFC 2034, RFC 3463"},
    {"HELP", {"The server answers HELP.", "Server menjawab perintah HELP."}, "RFC 5321 §4.1.1.8"},
    {"DSN", {"The server can send delivery status notifications on request.",
             "Server dapat mengirim notifikasi status pengiriman bila diminta."},
     "RFC 3461"},
    {"SMTPUTF8", {"The server accepts UTF-8 addresses and headers.", "Server menerima alamat dan header UTF-8."},
     "RFC 6531"},
    {"CHUNKING", {"The server accepts the message in chunks with BDAT.", "Server menerima pesan dalam potongan dengan BDAT."},
     "RFC 3030"},
};

const Entry kReplyClasses[] = {
    {"2", {"Success (a 2xx reply).", "Berhasil (balasan 2xx)."}, "RFC 5321 §4.2.1"},
    {"3", {"Go on: the server waits for more input (a 3xx reply).", "Lanjutkan: server menunggu masukan berikutnya (balasan 3xx)."},
     "RFC 5321 §4.2.1"},
    {"4", {"Temporary failure: try again later (a 4xx reply).", "Gagal sementara: coba lagi nanti (balasan 4xx)."},
     "RFC 5321 §4.2.1"},
    {"5", {"Permanent failure: do not retry as is (a 5xx reply).", "Gagal permanen: jangan diulang begitu saja (balasan 5xx)."},
     "RFC 5321 §4.2.1"},
};

// Replies in the context of the command they answer (the key is "COMMAND code"); more specific than the
// code alone, because "250" means something else after MAIL, RCPT or the end of DATA. They come before the
// enhanced status code.
const Entry kRepliesInContext[] = {
    {"GREETING 220", {"The server greets the client: it names itself and is ready for EHLO.",
                      "Server menyapa klien: menyebutkan namanya dan siap menerima EHLO."},
     "RFC 5321 §3.1"},
    {"SUBMISSION-GREETING 220",
     {"The server greets the mail program on its submission port with the name mail programs are set up with "
      "(smtp. and the domain). The same MTA server takes mail from other servers on port 25 under its MX "
      "name: one machine with two names, each port with a certificate for its own name.",
      "Server menyapa program surel di port submission dengan nama yang dipasang di program surel (smtp. "
      "ditambah domain). Server MTA yang sama menerima surat dari server lain di port 25 dengan nama MX-nya: "
      "satu mesin dengan dua nama, setiap port dengan sertifikat untuk namanya sendiri."},
     "RFC 6409 §3.1"},
    {"GREETING 554", {"The server refuses this connection from the start; the client must try elsewhere (another MX) or give up.",
                      "Server menolak koneksi ini sejak awal; klien harus mencoba tempat lain (MX lain) atau menyerah."},
     "RFC 5321 §3.1"},
    {"EHLO 250", {"The server answers EHLO with its own name; each following line names one ESMTP extension it supports.",
                  "Server menjawab EHLO dengan namanya sendiri; setiap baris berikutnya menyebutkan satu ekstensi ESMTP yang didukungnya."},
     "RFC 5321 §4.1.1.1"},
    {"HELO 250", {"The server greets the client back (plain SMTP: no list of extensions).",
                  "Server membalas salam klien (SMTP biasa: tanpa daftar ekstensi)."},
     "RFC 5321 §4.1.1.1"},
    {"MAIL 250", {"The server accepts the envelope sender (MAIL FROM); next the client names the recipients with RCPT TO.",
                  "Server menerima pengirim amplop (MAIL FROM); berikutnya klien menyebutkan penerima dengan RCPT TO."},
     "RFC 5321 §4.1.1.2"},
    {"RCPT 250", {"The server accepts this envelope recipient: it will deliver to it or pass the message on. After the last RCPT the client sends DATA.",
                  "Server menerima penerima amplop ini: server akan mengantarkan pesan kepadanya atau meneruskannya. Setelah RCPT terakhir, klien mengirim DATA."},
     "RFC 5321 §4.1.1.3"},
    {". 250", {"The server has stored the message and is now responsible for delivering it; the client may forget it.",
               "Server sudah menyimpan pesan dan kini bertanggung jawab mengantarkannya; klien boleh melupakannya."},
     "RFC 5321 §4.1.1.4, §6.1"},
    {"DATA 554", {"DATA refused: no recipient was accepted, so there is no one to send the message to. The client ends the transaction (RSET or QUIT).",
                  "DATA ditolak: tidak ada penerima yang diterima, jadi pesan tidak punya tujuan. Klien mengakhiri transaksi (RSET atau QUIT)."},
     "RFC 5321 §3.3, RFC 2920 §3.1"},
    {"STARTTLS 220", {"Ready for TLS: the TLS handshake follows and everything after it is encrypted; then the client says EHLO again.",
                      "Siap untuk TLS: jabat tangan TLS menyusul dan semua yang sesudahnya terenkripsi; lalu klien mengirim EHLO lagi."},
     "RFC 3207 §4.2"},
    {"AUTH 235", {"Authentication succeeded: the client is logged in, so the server will now accept its mail for any destination.",
                  "Autentikasi berhasil: klien sudah login, sehingga kini server mau menerima suratnya untuk tujuan mana pun."},
     "RFC 4954 §6"},
    {"RSET 250", {"The transaction is cancelled: the server has forgotten the sender and the recipients.",
                  "Transaksi dibatalkan: server sudah melupakan pengirim dan para penerima."},
     "RFC 5321 §4.1.1.5"},
    {"NOOP 250", {"The server is still there and answers.", "Server masih ada dan menjawab."}, "RFC 5321 §4.1.1.9"},
};

} // namespace

const Entry *smtpReplyTo(QByteArrayView commandAndCode) { return find(kRepliesInContext, commandAndCode); }

const Entry *submissionRefused()
{
    // The submission server refuses while the client is still connected, so the refusal goes straight back
    // to the user, not as a bounce: a bounce is for failures after a server took responsibility (§6.1).
    static const Entry entry{
        "",
        {"Refused while the mail program was still connected, so the message was not sent: nothing was queued and "
         "no bounce is written; the mail program shows the reply (Thunderbird: \"Sending of the message failed\") and keeps the message to "
         "send again once it is put right.",
         "Ditolak saat program surel masih tersambung, jadi pesan tidak terkirim: tidak ada yang masuk antrean dan "
         "tidak ada bounce; program surel menampilkan balasannya (Thunderbird: \"Sending of the message failed\") dan menyimpan pesan untuk "
         "dikirim lagi setelah dibetulkan."},
        "RFC 5321 §4.2.1, §6.1; RFC 6409 §4"};
    return &entry;
}

const Entry *smtpReplyClass(QByteArrayView firstDigit) { return find(kReplyClasses, firstDigit); }

const Entry *smtpCommand(QByteArrayView verb) { return find(kCommands, verb); }
const Entry *smtpReply(QByteArrayView code) { return find(kReplies, code); }
const Entry *smtpExtension(QByteArrayView keyword) { return find(kExtensions, keyword); }

namespace common {
const Entry messageContent{"", {"A line of the message itself (header or body), sent after 354.",
                                "Satu baris isi pesan (header atau badan), dikirim setelah 354."},
                           "RFC 5321 §4.1.1.4, RFC 5322"};
const Entry endOfData{"", {"A line with only a dot: the end of the message. (A dot at the start of a content line is doubled.)",
                           "Baris yang hanya berisi titik: akhir pesan. (Titik di awal baris isi ditulis dua kali.)"},
                      "RFC 5321 §4.5.2"};
const Entry saslResponse{"", {"The client's answer to the login challenge, base64-encoded (not encrypted: only TLS protects it).",
                              "Jawaban klien atas tantangan login, dikodekan base64 (bukan enkripsi: hanya TLS yang melindunginya)."},
                         "RFC 4954 §4, RFC 4616"};
const Entry saslChallenge{"", {"The server asks for the next login step (base64).",
                               "Server meminta langkah login berikutnya (base64)."},
                          "RFC 4954 §4"};
const Entry literalData{"", {"Raw data of a literal announced with {n}: exactly n octets.",
                             "Data mentah dari literal yang diumumkan dengan {n}: tepat n oktet."},
                        "RFC 3501 §4.3"};
const Entry unknownCommand{"", {"Not a command this protocol knows; the server should answer with an error and keep going.",
                                "Bukan perintah yang dikenal protokol ini; server seharusnya menjawab galat dan tetap melayani."},
                           ""};
const Entry otherExtension{"", {"An ESMTP extension the server offers (a keyword and its parameters).",
                                "Sebuah ekstensi ESMTP yang ditawarkan server (kata kunci dan parameternya)."},
                           "RFC 5321 §4.1.1.1"};
const Entry multilineData{"", {"Part of a multi-line answer; a line with only a dot ends it.",
                               "Bagian dari jawaban banyak baris; baris yang hanya berisi titik mengakhirinya."},
                          "RFC 1939 §3"};
} // namespace common

} // namespace mf::explain
