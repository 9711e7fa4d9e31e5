#include "ExplanationTables.h"

// What the lines of a message mean: its header fields (who wrote each one, envelope or header), the MIME
// structure of its body, the fields of a delivery report (a bounce), and RFC 3463 enhanced status codes.

namespace mf::explain {

namespace {

const Entry kHeaderFields[] = {
    // Trace fields, written by the servers on the way.
    {"Received", {"Received: a trace stamp. Each server (MTA) that takes responsibility for the message adds one at the top, so read them bottom-up to follow the message's trail.",
                  "Received: stempel jejak. Setiap server (MTA) yang mengambil alih tanggung jawab atas pesan menambahkan satu di paling atas, jadi bacalah dari bawah ke atas untuk menelusuri perjalanan pesan."},
     "RFC 5321 §4.4"},
    {"Return-Path", {"Return-Path: written at final delivery from the envelope's MAIL FROM. Bounces go to this address, not to From:.",
                     "Return-Path: ditulis saat pengantaran akhir, disalin dari MAIL FROM pada amplop. Bounce (pesan gagal kirim) dikirim ke alamat ini, bukan ke From:."},
     "RFC 5321 §4.4"},
    {"Delivered-To", {"Delivered-To: added by the delivery agent with the mailbox this copy was put into (the envelope recipient after aliases). Servers also use it to spot mail loops.",
                      "Delivered-To: ditambahkan oleh agen pengantar, berisi kotak surat tempat salinan ini disimpan (penerima amplop setelah alias diuraikan). Server juga memakainya untuk mendeteksi surat yang berputar-putar (loop)."},
     "RFC 9228 §4"},
    // Originator and destination fields, written by the author's mail program.
    {"From", {"From: the author, written by the user's mail program. It is header, not envelope: the reader sees it, but bounces go to the envelope sender (MAIL FROM).",
              "From: penulis pesan, ditulis oleh program surat pengguna. Ini header, bukan amplop: pembaca melihatnya, tetapi bounce dikirim ke pengirim amplop (MAIL FROM)."},
     "RFC 5322 §3.6.2"},
    {"Sender", {"Sender: who actually sent the message when that is not the author (e.g. an assistant sending for a manager); written by the mail program.",
                "Sender: siapa yang sebenarnya mengirim pesan bila bukan penulisnya (misalnya asisten yang mengirim atas nama atasannya); ditulis oleh program surat."},
     "RFC 5322 §3.6.2"},
    {"Reply-To", {"Reply-To: where replies should go instead of From:; written by the mail program from the user's settings.",
                  "Reply-To: alamat tujuan balasan sebagai ganti From:; ditulis oleh program surat sesuai pengaturan pengguna."},
     "RFC 5322 §3.6.2"},
    {"To", {"To: the main recipients as the reader sees them, written by the sender's mail program. Delivery does not read it: the envelope's RCPT TO decides where the message goes.",
            "To: penerima utama seperti yang dilihat pembaca, ditulis oleh program surat pengirim. Pengantaran tidak membacanya: RCPT TO pada amplop-lah yang menentukan ke mana pesan pergi."},
     "RFC 5322 §3.6.3"},
    {"Cc", {"Cc: more recipients who get a copy, visible to everyone; written by the mail program. Like To:, it is only header: each one also gets its own RCPT TO on the envelope.",
            "Cc: penerima tambahan yang mendapat salinan, terlihat oleh semua penerima; ditulis oleh program surat. Seperti To:, ini hanya header: masing-masing juga mendapat RCPT TO sendiri pada amplop."},
     "RFC 5322 §3.6.3"},
    {"Bcc", {"Bcc: hidden recipients. The mail program gives each one an envelope RCPT TO but removes this field before sending, so Bcc never appears in the delivered header.",
             "Bcc: penerima tersembunyi. Program surat memberi masing-masing RCPT TO pada amplop, tetapi menghapus field ini sebelum mengirim, sehingga Bcc tidak pernah muncul di header yang diterima."},
     "RFC 5322 §3.6.3"},
    {"Subject", {"Subject: the topic the user typed; written by the mail program and shown to the reader. Servers do not use it for delivery.",
                 "Subject: judul yang diketik pengguna; ditulis oleh program surat dan ditampilkan kepada pembaca. Server tidak memakainya untuk pengantaran."},
     "RFC 5322 §3.6.5"},
    {"Date", {"Date: when the author's mail program handed the message over for sending, with the time zone offset.",
              "Date: kapan program surat penulis menyerahkan pesan untuk dikirim, lengkap dengan selisih zona waktunya."},
     "RFC 5322 §3.6.1"},
    {"Message-ID", {"Message-ID: a unique name for this message, made by the mail program (or the first server). Replies refer back to it with In-Reply-To and References.",
                    "Message-ID: tanda pengenal unik pesan ini, dibuat oleh program surat (atau server pertama). Balasan merujuk ke sini lewat In-Reply-To dan References."},
     "RFC 5322 §3.6.4"},
    {"In-Reply-To", {"In-Reply-To: the Message-ID of the message this one answers; the mail program writes it so the reader's program can show the conversation as a thread.",
                     "In-Reply-To: Message-ID pesan yang dibalas; ditulis oleh program surat agar program pembaca dapat menampilkan percakapan sebagai satu utas (thread)."},
     "RFC 5322 §3.6.4"},
    {"References", {"References: the Message-IDs of the conversation so far, oldest first; mail programs use it to group messages into threads.",
                    "References: Message-ID dari percakapan sejauh ini, mulai dari yang tertua; program surat memakainya untuk mengelompokkan pesan menjadi utas."},
     "RFC 5322 §3.6.4"},
    {"User-Agent", {"User-Agent: the name of the mail program that wrote the message, added by that program.",
                    "User-Agent: nama program surat yang menulis pesan ini, ditambahkan oleh program itu sendiri."},
     "RFC 5536 §3.2.13"},
    // MIME fields, written by the mail program (or the program that made the part).
    {"MIME-Version", {"MIME-Version: says the message uses MIME, so it may have several parts, attachments and text in any language; written by the mail program.",
                      "MIME-Version: menyatakan bahwa pesan memakai MIME, sehingga boleh berisi beberapa bagian, lampiran, dan teks dalam bahasa apa pun; ditulis oleh program surat."},
     "RFC 2045 §4"},
    {"Content-Type", {"Content-Type: what kind of data follows (text, a picture, several parts...), so the reader's program knows how to show it; written by the mail program.",
                      "Content-Type: jenis data yang menyusul (teks, gambar, beberapa bagian...), agar program pembaca tahu cara menampilkannya; ditulis oleh program surat."},
     "RFC 2045 §5"},
    {"Content-Transfer-Encoding", {"Content-Transfer-Encoding: how this part was packed into mail lines: 7bit or 8bit means as it is, quoted-printable or base64 means encoded, and the reader's program decodes it.",
                                   "Content-Transfer-Encoding: cara bagian ini dikemas menjadi baris-baris surat: 7bit atau 8bit berarti apa adanya, quoted-printable atau base64 berarti dikodekan, lalu program pembaca mendekodekannya."},
     "RFC 2045 §6"},
    {"Content-Disposition", {"Content-Disposition: whether this part is shown in the text (inline) or offered as an attachment, and its file name; written by the mail program.",
                             "Content-Disposition: apakah bagian ini ditampilkan di dalam teks (inline) atau sebagai lampiran, beserta nama berkasnya; ditulis oleh program surat."},
     "RFC 2183 §2"},
    {"Content-Description", {"Content-Description: a short label of this part for people (e.g. \"Delivery report\"); programs do not act on it.",
                             "Content-Description: label singkat bagian ini untuk dibaca manusia (misalnya \"Delivery report\"); program tidak bertindak berdasarkan isinya."},
     "RFC 2045 §8"},
    {"Content-ID", {"Content-ID: a unique name for this part, so another part (e.g. an HTML text showing a picture) can refer to it.",
                    "Content-ID: nama unik bagian ini, agar bagian lain (misalnya teks HTML yang menampilkan gambar) dapat merujuk kepadanya."},
     "RFC 2045 §7"},
    {"Content-Language", {"Content-Language: the language the text is written in, set by the mail program.",
                          "Content-Language: bahasa yang dipakai dalam teks, diisi oleh program surat."},
     "RFC 3282 §2"},
    // Fields written by programs on the way.
    {"Auto-Submitted", {"Auto-Submitted: a program wrote this message, not a person (e.g. a bounce). Other programs must not answer it automatically, so two robots cannot keep mailing each other forever.",
                        "Auto-Submitted: pesan ini ditulis oleh program, bukan manusia (misalnya bounce). Program lain tidak boleh membalasnya secara otomatis, agar dua robot tidak saling berkirim surat tanpa henti."},
     "RFC 3834 §5"},
    {"X-MailFlow-Flow", {"X-MailFlow-Flow: MailFlow's own tracking field, added by the sender's mail program in this simulation so the lesson can follow this one message across every hop. Real mail does not carry it.",
                         "X-MailFlow-Flow: field pelacak milik MailFlow, ditambahkan program surat pengirim dalam simulasi ini agar pelajaran dapat mengikuti satu pesan ini di setiap hop. Surat sungguhan tidak memilikinya."},
     "RFC 5322 §3.6.8"},
    {"DKIM-Signature", {"DKIM-Signature: a digital signature added by the sending domain's server; the receiver checks it with a key published in DNS to prove the message comes from that domain unchanged.",
                        "DKIM-Signature: tanda tangan digital yang ditambahkan server domain pengirim; penerima memeriksanya dengan kunci yang diterbitkan di DNS untuk membuktikan pesan berasal dari domain itu tanpa diubah."},
     "RFC 6376 §3.5"},
    {"Authentication-Results", {"Authentication-Results: the receiving server's verdict on the sender checks (SPF, DKIM, DMARC), added on arrival.",
                                "Authentication-Results: hasil pemeriksaan pengirim (SPF, DKIM, DMARC) oleh server penerima, ditambahkan saat pesan tiba."},
     "RFC 8601 §2"},
    {"Received-SPF", {"Received-SPF: the receiving server's SPF check: may the connecting server send mail for the sender's domain?",
                      "Received-SPF: hasil pemeriksaan SPF oleh server penerima: bolehkah server yang terhubung mengirim surat atas nama domain pengirim?"},
     "RFC 7208 §9.1"},
    {"List-Id", {"List-Id: added by a mailing list server, naming the list this message came through.",
                 "List-Id: ditambahkan oleh server milis, menyebutkan milis yang dilalui pesan ini."},
     "RFC 2919 §3"},
    {"List-Unsubscribe", {"List-Unsubscribe: added by a mailing list server: how to leave the list.",
                          "List-Unsubscribe: ditambahkan oleh server milis: cara berhenti berlangganan milis."},
     "RFC 2369 §3.2"},
};

// Content-Type values, named after the field's own text.
const Entry kMediaTypes[] = {
    {"multipart/mixed", {"Here multipart/mixed: the body is several parts (the text and the attachments), separated by the boundary line named in boundary=.",
                         "Di sini multipart/mixed: badan pesan terdiri atas beberapa bagian (teks dan lampiran), dipisahkan oleh baris pembatas yang disebut pada boundary=."},
     "RFC 2046 §5.1.3"},
    {"multipart/alternative", {"Here multipart/alternative: the same content in several forms (plain text and HTML); the reader's program shows the best one it can.",
                               "Di sini multipart/alternative: isi yang sama dalam beberapa bentuk (teks biasa dan HTML); program pembaca menampilkan bentuk terbaik yang bisa ditampilkannya."},
     "RFC 2046 §5.1.4"},
    {"multipart/related", {"Here multipart/related: parts that belong together, such as an HTML text and its pictures.",
                           "Di sini multipart/related: bagian-bagian yang saling terkait, misalnya teks HTML beserta gambarnya."},
     "RFC 2387 §3"},
    {"multipart/report", {"Here multipart/report: a report written by a program, such as a bounce: a note for people, the delivery status for machines, then the original message.",
                          "Di sini multipart/report: laporan yang ditulis program, misalnya bounce: catatan untuk manusia, status pengantaran untuk mesin, lalu pesan aslinya."},
     "RFC 6522 §3"},
    {"text/plain", {"Here text/plain: plain text, shown as it is; charset= says how its letters are encoded.",
                    "Di sini text/plain: teks biasa, ditampilkan apa adanya; charset= menyebutkan pengodean hurufnya."},
     "RFC 2046 §4.1.3"},
    {"text/html", {"Here text/html: a formatted (HTML) version of the text.", "Di sini text/html: versi teks yang diformat (HTML)."},
     "RFC 2854"},
    {"text/rfc822-headers", {"Here text/rfc822-headers: only the header of the original message is returned.",
                             "Di sini text/rfc822-headers: hanya header pesan asli yang dikembalikan."},
     "RFC 6522 §4"},
    {"message/delivery-status", {"Here message/delivery-status: the machine-readable part of a bounce, with one block of fields per failed recipient.",
                                 "Di sini message/delivery-status: bagian bounce yang dapat dibaca mesin, berisi satu blok field untuk setiap penerima yang gagal."},
     "RFC 3464 §2"},
    {"message/rfc822", {"Here message/rfc822: a whole email is enclosed in this one (in a bounce: the original message).",
                        "Di sini message/rfc822: sebuah email utuh disertakan di dalam pesan ini (pada bounce: pesan aslinya)."},
     "RFC 2046 §5.2.1"},
    {"application/octet-stream", {"Here application/octet-stream: the raw bytes of an attachment of no particular type, to be saved as a file.",
                                  "Di sini application/octet-stream: byte mentah sebuah lampiran tanpa jenis khusus, untuk disimpan sebagai berkas."},
     "RFC 2046 §4.5.1"},
};

// The fields of a message/delivery-status part (a bounce's machine-readable report).
const Entry kDeliveryStatusFields[] = {
    {"Reporting-MTA", {"Reporting-MTA: the server (MTA) that wrote this report: the one that tried to deliver the message and failed.",
                       "Reporting-MTA: server (MTA) yang menulis laporan ini, yaitu yang mencoba mengantarkan pesan lalu gagal."},
     "RFC 3464 §2.2.2"},
    {"Original-Envelope-Id", {"Original-Envelope-Id: the sender's own tracking id for the transaction (ENVID), returned so it can match the report.",
                              "Original-Envelope-Id: id pelacakan milik pengirim untuk transaksi itu (ENVID), dikembalikan agar laporan dapat dicocokkan."},
     "RFC 3464 §2.2.1"},
    {"Received-From-MTA", {"Received-From-MTA: the server the reporting MTA got the message from.",
                           "Received-From-MTA: server asal tempat MTA pelapor menerima pesan."},
     "RFC 3464 §2.2.4"},
    {"Arrival-Date", {"Arrival-Date: when the reporting MTA received the original message.",
                      "Arrival-Date: kapan MTA pelapor menerima pesan asli."},
     "RFC 3464 §2.2.5"},
    {"Original-Recipient", {"Original-Recipient: the recipient as the sender gave it in RCPT TO, before any alias was expanded.",
                            "Original-Recipient: penerima seperti yang diberikan pengirim pada RCPT TO, sebelum alias diuraikan."},
     "RFC 3464 §2.3.1"},
    {"Final-Recipient", {"Final-Recipient: the recipient this block is about, as the reporting MTA last tried it.",
                         "Final-Recipient: penerima yang dibahas blok ini, seperti yang terakhir dicoba MTA pelapor."},
     "RFC 3464 §2.3.2"},
    {"Action", {"Action: what happened for this recipient: failed (given up), delayed (still retrying), delivered, relayed or expanded.",
                "Action: apa yang terjadi pada penerima ini: failed (menyerah), delayed (masih dicoba ulang), delivered, relayed, atau expanded."},
     "RFC 3464 §2.3.3"},
    {"Remote-MTA", {"Remote-MTA: the receiving server that answered with the error.",
                    "Remote-MTA: server penerima yang menjawab dengan galat."},
     "RFC 3464 §2.3.5"},
    {"Diagnostic-Code", {"Diagnostic-Code: the receiving server's own reply, word for word (here an SMTP reply), so a person can see exactly why it failed.",
                         "Diagnostic-Code: balasan server penerima apa adanya (di sini balasan SMTP), agar manusia dapat melihat persis penyebab kegagalannya."},
     "RFC 3464 §2.3.6"},
    {"Last-Attempt-Date", {"Last-Attempt-Date: when the reporting MTA last tried to deliver.",
                           "Last-Attempt-Date: kapan MTA pelapor terakhir kali mencoba mengantarkan."},
     "RFC 3464 §2.3.7"},
    {"Will-Retry-Until", {"Will-Retry-Until: for a delayed message, when the MTA will give up and send a final bounce.",
                          "Will-Retry-Until: untuk pesan yang tertunda, kapan MTA akan menyerah dan mengirim bounce terakhir."},
     "RFC 3464 §2.3.8"},
};

const EnhancedStatus kEnhancedStatus[] = {
    {"2.0.0", {"Success: the command was carried out.", "Berhasil: perintah sudah dijalankan."}, {"", ""}, "RFC 3463 §3.1"},
    {"2.1.0", {"The server accepts the envelope sender (MAIL FROM).", "Server menerima pengirim amplop (MAIL FROM)."},
     {"Next the client names the recipients with RCPT TO.", "Berikutnya klien menyebutkan penerima dengan RCPT TO."},
     "RFC 3463 §3.2"},
    {"2.1.5", {"The server accepts this envelope recipient: it will deliver to it or pass the message on.",
               "Server menerima penerima amplop ini: server akan mengantarkan pesan kepadanya atau meneruskannya."},
     {"After the last RCPT the client sends DATA.", "Setelah RCPT terakhir, klien mengirim DATA."},
     "RFC 3463 §3.2"},
    {"2.6.0", {"The message is accepted: the server has stored it and is now responsible for delivering it.",
               "Pesan diterima: server sudah menyimpannya dan kini bertanggung jawab mengantarkannya."},
     {"The client may forget it.", "Klien boleh melupakannya."},
     "RFC 3463 §3.7, RFC 5321 §6.1"},
    {"2.7.0", {"Authentication succeeded: the client is logged in.", "Autentikasi berhasil: klien sudah login."},
     {"The server will now accept mail from it for any destination.",
      "Kini server mau menerima surat darinya untuk tujuan mana pun."},
     "RFC 3463 §3.8, RFC 4954 §6"},
    {"4.2.2", {"The mailbox at %1 is full for now.", "Kotak surat di %1 sedang penuh."},
     {"The sending MTA keeps the message in its queue and tries again later.",
      "MTA pengirim menyimpan pesan di antreannya dan mencoba lagi nanti."},
     "RFC 3463 §3.3"},
    {"4.3.0", {"A temporary problem in the server's mail system (e.g. it could not store the message or look up the address).",
               "Ada masalah sementara pada sistem surat server (misalnya gagal menyimpan pesan atau mencari alamat)."},
     {"Nothing is lost: the sending MTA keeps the message and tries again later.",
      "Tidak ada yang hilang: MTA pengirim menyimpan pesan dan mencoba lagi nanti."},
     "RFC 3463 §3.4"},
    {"4.3.2", {"The server is not accepting mail right now (e.g. it is shutting down or overloaded).",
               "Server sedang tidak menerima surat (misalnya sedang dimatikan atau kelebihan beban)."},
     {"The sending MTA keeps the message in its queue and tries again later.",
      "MTA pengirim menyimpan pesan di antreannya dan mencoba lagi nanti."},
     "RFC 3463 §3.4"},
    {"4.4.1", {"No answer from the receiving server: it is down or cannot be reached.",
               "Tidak ada jawaban dari server penerima: server mati atau tidak dapat dijangkau."},
     {"The sending MTA tries the next MX, or keeps the message in its queue and retries later.",
      "MTA pengirim mencoba MX berikutnya, atau menyimpan pesan di antreannya dan mencoba lagi nanti."},
     "RFC 3463 §3.5, RFC 5321 §4.5.4.1"},
    {"4.4.2", {"The connection is being dropped (e.g. nothing was sent for too long).",
               "Koneksi diputus (misalnya karena terlalu lama tidak ada yang dikirim)."},
     {"A message not yet accepted is tried again later.", "Pesan yang belum diterima akan dicoba lagi nanti."},
     "RFC 3463 §3.5, RFC 5321 §4.5.3.2"},
    {"4.4.7", {"The message waited in the queue too long without being delivered.",
               "Pesan terlalu lama menunggu di antrean tanpa berhasil diantarkan."},
     {"The sender is warned that delivery is delayed; the MTA keeps trying for now.",
      "Pengirim diberi peringatan bahwa pengantaran tertunda; untuk sementara MTA terus mencoba."},
     "RFC 3463 §3.5"},
    {"4.5.3", {"Too many recipients in one transaction.", "Terlalu banyak penerima dalam satu transaksi."},
     {"The client sends the remaining recipients later, in a new transaction.",
      "Klien mengirim penerima sisanya nanti, dalam transaksi baru."},
     "RFC 3463 §3.6, RFC 5321 §4.5.3.1.10"},
    {"4.7.0", {"A temporary security problem (e.g. logging in is not possible right now).",
               "Ada masalah keamanan sementara (misalnya login sedang tidak bisa dilakukan)."},
     {"Try again later.", "Coba lagi nanti."},
     "RFC 3463 §3.8"},
    {"5.1.1", {"That mailbox does not exist at %1 (an unknown user).", "Kotak surat itu tidak ada di %1 (pengguna tidak dikenal)."},
     {"This is permanent, so there is no retry: the sending MTA will now write a bounce (a DSN) back to the envelope sender.",
      "Ini permanen, jadi tidak dicoba ulang: MTA pengirim kini akan menulis bounce (DSN) kembali ke pengirim amplop."},
     "RFC 3463 §3.2, RFC 5321 §4.2.2"},
    {"5.1.2", {"The destination domain %1 does not exist or takes no mail (a bad destination address).",
               "Domain tujuan %1 tidak ada atau tidak menerima surat (alamat tujuan salah)."},
     {"This is permanent: the sending MTA will now write a bounce (a DSN) back to the envelope sender.",
      "Ini permanen: MTA pengirim kini akan menulis bounce (DSN) kembali ke pengirim amplop."},
     "RFC 3463 §3.2"},
    {"5.1.3", {"The recipient address is not written correctly (bad syntax).",
               "Alamat penerima tidak ditulis dengan benar (sintaksnya salah)."},
     {"Nothing is retried: the sender must correct the address.",
      "Tidak ada yang dicoba ulang: pengirim harus membetulkan alamatnya."},
     "RFC 3463 §3.2"},
    {"5.1.7", {"The sender address (MAIL FROM) is not written correctly.",
               "Alamat pengirim (MAIL FROM) tidak ditulis dengan benar."},
     {"The server refuses the transaction until a valid sender is given.",
      "Server menolak transaksi ini sampai pengirim yang valid diberikan."},
     "RFC 3463 §3.2"},
    {"5.1.10", {"The domain %1 publishes a null MX: it accepts no mail at all.", "Domain %1 memasang null MX: domain itu sama sekali tidak menerima surat."},
     {"This is permanent: the sending MTA writes a bounce back to the sender.",
      "Ini permanen: MTA pengirim menulis bounce kembali ke pengirim."},
     "RFC 7505 §4.2"},
    {"5.2.2", {"The mailbox at %1 is full.", "Kotak surat di %1 penuh."},
     {"The server treats it as permanent: the sending MTA will now write a bounce (a DSN) back to the sender.",
      "Server menganggapnya permanen: MTA pengirim kini akan menulis bounce (DSN) kembali ke pengirim."},
     "RFC 3463 §3.3"},
    {"5.2.3", {"The message is larger than this mailbox accepts.", "Pesan lebih besar daripada yang diterima kotak surat ini."},
     {"The sending MTA writes a bounce back to the sender.", "MTA pengirim menulis bounce kembali ke pengirim."},
     "RFC 3463 §3.3"},
    {"5.3.4", {"The message is too big for this server (larger than the SIZE it announced).",
               "Pesan terlalu besar untuk server ini (melebihi SIZE yang diumumkannya)."},
     {"This is permanent: the sender must make it smaller, e.g. leave out a large attachment.",
      "Ini permanen: pengirim harus memperkecilnya, misalnya tanpa lampiran yang besar."},
     "RFC 3463 §3.4, RFC 1870 §6.1"},
    {"5.4.4", {"No route to the destination: DNS gives no mail server or address for it.",
               "Tidak ada rute ke tujuan: DNS tidak memberikan server surat atau alamat untuknya."},
     {"The sending MTA writes a bounce back to the sender.", "MTA pengirim menulis bounce kembali ke pengirim."},
     "RFC 3463 §3.5"},
    {"5.4.6", {"A mail loop: the message came back to a server it had already passed through.",
               "Surat berputar-putar (loop): pesan kembali ke server yang sudah pernah dilaluinya."},
     {"The server stops it and a bounce goes back to the sender.", "Server menghentikannya dan bounce dikirim kembali ke pengirim."},
     "RFC 3463 §3.5, RFC 5321 §6.3"},
    {"5.4.7", {"The message could not be delivered before its time in the queue ran out.",
               "Pesan tidak berhasil diantarkan sebelum batas waktunya di antrean habis."},
     {"The MTA gives up and writes a bounce back to the sender.", "MTA menyerah dan menulis bounce kembali ke pengirim."},
     "RFC 3463 §3.5"},
    {"5.5.1", {"An invalid command, or a command in the wrong order (e.g. RCPT before MAIL).",
               "Perintah tidak sah, atau perintah dengan urutan yang salah (misalnya RCPT sebelum MAIL)."},
     {"The connection stays open; the client can send the right command.",
      "Koneksi tetap terbuka; klien dapat mengirim perintah yang benar."},
     "RFC 3463 §3.6, RFC 5321 §4.1.4"},
    {"5.5.2", {"Syntax error: the server could not understand the command (unknown, badly written, or the line was too long).",
               "Kesalahan sintaks: server tidak memahami perintah itu (tidak dikenal, salah tulis, atau barisnya terlalu panjang)."},
     {"The connection stays open.", "Koneksi tetap terbuka."},
     "RFC 3463 §3.6"},
    {"5.5.4", {"Invalid parameters: the command is known, but its arguments are wrong or not supported.",
               "Parameter tidak sah: perintahnya dikenal, tetapi argumennya salah atau tidak didukung."},
     {"The client must correct them; the connection stays open.", "Klien harus membetulkannya; koneksi tetap terbuka."},
     "RFC 3463 §3.6"},
    {"5.5.6", {"The login exchange sent a line that is too long.", "Pertukaran login mengirim baris yang terlalu panjang."},
     {"The login is cancelled; the connection stays open.", "Login dibatalkan; koneksi tetap terbuka."},
     "RFC 4954 §6"},
    {"5.6.0", {"The content is refused, e.g. a line longer than 998 octets, which SMTP forbids.",
               "Isi pesan ditolak, misalnya ada baris yang lebih panjang dari 998 oktet, yang dilarang SMTP."},
     {"The whole message is rejected; the sender gets an error or a bounce.",
      "Seluruh pesan ditolak; pengirim mendapat pesan galat atau bounce."},
     "RFC 3463 §3.7, RFC 5321 §4.5.3.1.6"},
    {"5.7.0", {"Refused for a security reason: this server wants the client to log in (and to use TLS) first.",
               "Ditolak karena alasan keamanan: server ini meminta klien login (dan memakai TLS) terlebih dahulu."},
     {"The client must send STARTTLS and AUTH, then try again.", "Klien harus mengirim STARTTLS dan AUTH, lalu mencoba lagi."},
     "RFC 3463 §3.8, RFC 4954 §6"},
    {"5.7.1", {"Not authorised: this server will not relay mail to %1 for you, because it is not that domain's server and you have not logged in (an open relay would spread spam).",
               "Tidak diizinkan: server ini tidak mau me-relay surat ke %1 untuk Anda, karena server ini bukan server domain itu dan Anda belum login (open relay akan menyebarkan spam)."},
     {"The message is refused; the sender gets an error or a bounce.", "Pesan ditolak; pengirim mendapat pesan galat atau bounce."},
     "RFC 3463 §3.8, RFC 5321 §3.6.2"},
    {"5.7.8", {"Authentication failed: the user name or password is wrong.", "Autentikasi gagal: nama pengguna atau kata sandi salah."},
     {"The client may try again; after several failures the server may hang up.",
      "Klien boleh mencoba lagi; setelah beberapa kali gagal, server bisa memutus koneksi."},
     "RFC 3463 §3.8, RFC 4954 §6"},
    {"5.7.9", {"This login mechanism is too weak for the server.", "Mekanisme login ini terlalu lemah bagi server."},
     {"The client must choose a stronger one.", "Klien harus memilih mekanisme yang lebih kuat."},
     "RFC 4954 §6"},
    {"5.7.11", {"Encryption required: the password may only be sent inside TLS.",
                "Enkripsi wajib: kata sandi hanya boleh dikirim di dalam TLS."},
     {"The client must send STARTTLS first, then AUTH.", "Klien harus mengirim STARTTLS dahulu, baru AUTH."},
     "RFC 4954 §6"},
};

} // namespace

const Entry *headerField(QByteArrayView name) { return find(kHeaderFields, name); }
const Entry *deliveryStatusField(QByteArrayView name) { return find(kDeliveryStatusFields, name); }

const Entry *mediaType(QByteArrayView type)
{
    return find(kMediaTypes, type.trimmed());
}

const EnhancedStatus *enhancedStatus(QByteArrayView code)
{
    for (const EnhancedStatus &e : kEnhancedStatus) {
        if (QByteArrayView(e.code) == code)
            return &e;
    }
    return nullptr;
}

QString mailDomainIn(QByteArrayView text)
{
    const qsizetype at = text.indexOf('@');
    if (at < 0)
        return {};
    qsizetype end = at + 1;
    while (end < text.size() && end - at <= 253) {
        const char c = text[end];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
            break;
        ++end;
    }
    QByteArrayView domain = text.sliced(at + 1, end - at - 1);
    while (domain.endsWith('.'))
        domain.chop(1);
    return QString::fromLatin1(domain).toLower();
}

QString enhancedStatusMeaning(const EnhancedStatus &status, const QString &domain, Language language)
{
    QString text = status.meaning.in(language);
    if (!text.contains(QLatin1String("%1")))
        return text;
    const QString where = !domain.isEmpty() ? domain
                          : language == Language::Indonesian ? QStringLiteral("domain tujuan")
                                                             : QStringLiteral("the receiving domain");
    text.replace(QLatin1String("%1"), where);
    return text;
}

namespace message {
const Entry headerEnd{"", {"The empty line ends the header; the body follows.", "Baris kosong mengakhiri header; badan pesan menyusul."},
                      "RFC 5322 §2.1"};
const Entry partHeaderEnd{"", {"The empty line ends this part's header; the part's content follows.",
                               "Baris kosong mengakhiri header bagian ini; isi bagian itu menyusul."},
                          "RFC 2046 §5.1.1"};
const Entry partHeaderEndMessage{"", {"The empty line ends this part's header; the enclosed message follows, starting with its own header.",
                                      "Baris kosong mengakhiri header bagian ini; pesan yang disertakan menyusul, diawali header miliknya sendiri."},
                                 "RFC 2046 §5.2.1"};
const Entry partHeaderEndStatus{"", {"The empty line ends this part's header; the fields of the delivery report follow.",
                                     "Baris kosong mengakhiri header bagian ini; field-field laporan pengantaran menyusul."},
                                "RFC 3464 §2.1"};
const Entry continuation{"", {"Continuation of the previous header field (%1): a long field is folded onto lines that start with a space or a tab.",
                              "Lanjutan field header sebelumnya (%1): field yang panjang dilipat ke baris berikutnya yang diawali spasi atau tab."},
                         "RFC 5322 §2.2.3"};
const Entry receivedByContinuation{"", {"Continuation of the Received: field: \"by\" names the server that received the message, \"with\" the protocol it was received with, \"id\" its queue number there.",
                                        "Lanjutan field Received: \"by\" menyebut server yang menerima pesan, \"with\" protokol yang dipakai saat menerimanya, \"id\" nomor antreannya di server itu."},
                                   "RFC 5321 §4.4"};
const Entry receivedForContinuation{"", {"Continuation of the Received: field: \"for\" names the envelope recipient (RCPT TO) of this copy; after the \";\" comes the time it arrived.",
                                         "Lanjutan field Received: \"for\" menyebut penerima amplop (RCPT TO) salinan ini; setelah \";\" tertulis waktu pesan tiba."},
                                    "RFC 5321 §4.4"};
const Entry extensionField{"", {"An X- field: an extra, non-standard field that some program on the way added for its own use; other programs ignore it.",
                                "Field X-: field tambahan non-standar yang ditambahkan suatu program di perjalanan untuk keperluannya sendiri; program lain mengabaikannya."},
                           "RFC 5322 §3.6.8"};
const Entry otherField{"", {"A header field (name: value) that this lesson does not explain in detail.",
                            "Sebuah field header (nama: nilai) yang tidak dijelaskan secara rinci dalam pelajaran ini."},
                       "RFC 5322 §2.2"};
const Entry notAField{"", {"This line is in the header but is not a field (no \"name:\"), so the message is malformed here.",
                           "Baris ini berada di header tetapi bukan sebuah field (tidak ada \"nama:\"), jadi pesan ini cacat di sini."},
                      "RFC 5322 §2.2"};
const Entry bodyLine{"", {"A line of the message body: the text the author wrote. Servers pass it on unchanged.",
                          "Satu baris badan pesan: teks yang ditulis penulisnya. Server meneruskannya tanpa mengubahnya."},
                     "RFC 5322 §3.5"};
const Entry emptyBodyLine{"", {"An empty line in the body: a break between paragraphs.",
                               "Baris kosong di badan pesan: jeda antarparagraf."},
                          "RFC 5322 §3.5"};
const Entry dotStuffedBodyLine{"", {"A body line that starts with a dot: the sender doubled the dot so it cannot be taken for the end of the message, and the receiver removes the extra one.",
                                    "Baris badan pesan yang diawali titik: pengirim menggandakan titik itu agar tidak dikira akhir pesan, lalu penerima membuang titik tambahannya."},
                               "RFC 5321 §4.5.2, RFC 1939 §3"};
const Entry base64Line{"", {"A line of base64: an attachment (or text) turned into plain letters so it survives the trip; the reader's program decodes it.",
                            "Satu baris base64: lampiran (atau teks) yang diubah menjadi huruf biasa agar selamat selama perjalanan; program pembaca mendekodekannya."},
                       "RFC 2045 §6.8"};
const Entry preamble{"", {"Text before the first part (the preamble): only programs that do not understand MIME show it.",
                          "Teks sebelum bagian pertama (preamble): hanya ditampilkan oleh program yang tidak memahami MIME."},
                     "RFC 2046 §5.1.1"};
const Entry epilogue{"", {"Text after the closing boundary (the epilogue): mail programs ignore it.",
                          "Teks setelah pembatas penutup (epilogue): program surat mengabaikannya."},
                     "RFC 2046 §5.1.1"};
const Entry boundary{"", {"A boundary line: \"--\" and the boundary named in Content-Type. It ends the previous part and starts a new one, whose own header follows.",
                          "Baris pembatas: \"--\" diikuti boundary yang disebut pada Content-Type. Baris ini mengakhiri bagian sebelumnya dan memulai bagian baru, yang header-nya menyusul."},
                     "RFC 2046 §5.1.1"};
const Entry closingBoundary{"", {"The closing boundary (\"--\", the boundary, \"--\"): the last part of this multipart body has ended.",
                                 "Pembatas penutup (\"--\", boundary, \"--\"): bagian terakhir dari badan multipart ini sudah selesai."},
                            "RFC 2046 §5.1.1"};
const Entry statusBlockSeparator{"", {"An empty line between blocks of the delivery report: first the fields about the whole message, then one block per recipient.",
                                      "Baris kosong di antara blok laporan pengantaran: mula-mula field tentang pesan secara keseluruhan, lalu satu blok untuk setiap penerima."},
                                 "RFC 3464 §2.1"};
const Entry statusCode{"", {"Status: the enhanced status code (RFC 3463) for this recipient, the same as in the server's reply.",
                            "Status: kode status rinci (RFC 3463) untuk penerima ini, sama dengan yang ada pada balasan server."},
                       "RFC 3464 §2.3.4"};
} // namespace message

QList<const Entry *> genericFallbacks()
{
    QList<const Entry *> out{&common::messageContent, &common::literalData,     &common::unknownCommand,
                             &common::multilineData,  &common::commandSucceeded, &common::commandFailed,
                             &common::otherExtension, &message::otherField};
    for (const char *digit : {"2", "3", "4", "5"})
        out << smtpReplyClass(digit);
    // IMAP's OK/NO/BAD alone, when neither a response code nor the command it ends says more.
    for (const char *status : {"OK", "NO", "BAD"})
        out << imapStatus(status);
    return out;
}

bool isGenericFallback(const QString &explanation)
{
    for (const Entry *e : genericFallbacks()) {
        for (Language language : {Language::English, Language::Indonesian}) {
            const QString text = e->text.in(language);
            if (explanation == text || explanation.startsWith(text + QStringLiteral(" (")))
                return true;
        }
    }
    return false;
}

} // namespace mf::explain
