<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>EventLayers</name>
    <message numerus="yes">
        <source>%n byte(s) captured on the network:</source>
        <translation>
            <numerusform>%n byte tertangkap di jaringan:</numerusform>
        </translation>
    </message>
    <message>
        <source>The TLS handshake: from here on, everything on this connection is encrypted.</source>
        <translation>Jabat tangan TLS: mulai sini semua yang lewat koneksi ini terenkripsi.</translation>
    </message>
    <message>
        <source>The TLS handshake failed: the connection cannot be protected.</source>
        <translation>Jabat tangan TLS gagal: koneksi tidak dapat dilindungi.</translation>
    </message>
    <message>
        <source>Encrypted: on the network this line travels inside TLS records; only the two ends can read it.</source>
        <translation>Terenkripsi: di jaringan baris ini berjalan di dalam record TLS; hanya kedua ujung yang dapat membacanya.</translation>
    </message>
    <message>
        <source>No bytes were captured for this line (the wire tap runs in the classroom window&apos;s worlds).</source>
        <translation>Tidak ada byte yang tertangkap untuk baris ini (penyadap kabel hanya berjalan di dunia jendela kelas).</translation>
    </message>
    <message>
        <source>The TLS record(s) the wire tap saw for it:</source>
        <translation>Record TLS yang dilihat penyadap kabel untuk baris ini:</translation>
    </message>
    <message>
        <source>No TLS: plain text on the wire. Anyone on the network can read it.</source>
        <translation>Tanpa TLS: teks biasa di kabel. Siapa pun di jaringan dapat membacanya.</translation>
    </message>
    <message>
        <source>The bytes the wire tap saw for it:</source>
        <translation>Byte yang dilihat penyadap kabel untuk baris ini:</translation>
    </message>
    <message>
        <source>The addresses of this connection were not recorded.</source>
        <translation>Alamat koneksi ini tidak tercatat.</translation>
    </message>
    <message>
        <source>From the client %1 to the server %2</source>
        <translation>Dari klien %1 ke server %2</translation>
    </message>
    <message>
        <source>From the server %2 to the client %1</source>
        <translation>Dari server %2 ke klien %1</translation>
    </message>
    <message>
        <source>Between the client %1 and the server %2</source>
        <translation>Antara klien %1 dan server %2</translation>
    </message>
    <message>
        <source>Connection: %1</source>
        <translation>Koneksi: %1</translation>
    </message>
    <message>
        <source>The event</source>
        <translation>Peristiwa</translation>
    </message>
    <message>
        <source>Application layer: %1</source>
        <translation>Lapisan aplikasi: %1</translation>
    </message>
    <message>
        <source>TLS (security layer)</source>
        <translation>TLS (lapisan keamanan)</translation>
    </message>
    <message>
        <source>TCP connection (transport layer)</source>
        <translation>Koneksi TCP (lapisan transport)</translation>
    </message>
    <message>
        <source>%1 (transport layer)</source>
        <translation>%1 (lapisan transport)</translation>
    </message>
    <message>
        <source>Between %1 and the DNS server</source>
        <translation>Antara %1 dan server DNS</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Artinya</translation>
    </message>
    <message>
        <source>Standard: %1</source>
        <translation>Standar: %1</translation>
    </message>
</context>
<context>
    <name>NodeNames</name>
    <message>
        <source>The Internet</source>
        <translation>Internet</translation>
    </message>
    <message>
        <source>DNS server</source>
        <translation>Server DNS</translation>
    </message>
    <message>
        <source>An outside client</source>
        <translation>Klien dari luar</translation>
    </message>
    <message>
        <source>User (%1)</source>
        <translation>Pengguna (%1)</translation>
    </message>
    <message>
        <source>User agent (%1)</source>
        <translation>User agent (%1)</translation>
    </message>
    <message>
        <source>Spool (%1)</source>
        <translation>Spool (%1)</translation>
    </message>
    <message>
        <source>Alias expander (%1)</source>
        <translation>Pengurai alias (%1)</translation>
    </message>
    <message>
        <source>Alias database (%1)</source>
        <translation>Basis data alias (%1)</translation>
    </message>
    <message>
        <source>MTA client (%1)</source>
        <translation>Klien MTA (%1)</translation>
    </message>
    <message>
        <source>MTA server %1</source>
        <translation>Server MTA %1</translation>
    </message>
    <message>
        <source>Mailboxes (%1)</source>
        <translation>Kotak surat (%1)</translation>
    </message>
    <message>
        <source>POP3/IMAP server (%1)</source>
        <translation>Server POP3/IMAP (%1)</translation>
    </message>
    <message>
        <source>Carries mail between the domains&apos; MTA servers. A cut link makes the sender&apos;s spool wait and retry.</source>
        <translation>Membawa surat antar server MTA milik domain-domain. Jika jalurnya terputus, spool pengirim menunggu lalu mencoba lagi.</translation>
    </message>
    <message>
        <source>Answers &quot;which servers take mail for this domain?&quot; with MX records (the lowest preference is tried first) and A records (their addresses). Edit a record: the next lookup sees it.</source>
        <translation>Menjawab &quot;server mana yang menerima surat untuk domain ini?&quot; dengan record MX (preference terendah dicoba lebih dulu) dan record A (alamatnya). Ubah sebuah record: pencarian berikutnya langsung melihatnya.</translation>
    </message>
    <message>
        <source>The person who writes or reads the mail.</source>
        <translation>Orang yang menulis atau membaca surat.</translation>
    </message>
    <message>
        <source>The mail program (user agent): it hands new mail to the spool and fetches mail with POP3 or IMAP.</source>
        <translation>Program surat (user agent): menyerahkan surat baru ke spool dan mengambil surat dengan POP3 atau IMAP.</translation>
    </message>
    <message>
        <source>The outgoing queue: mail waiting its turn to be sent. An entry that could not be sent is deferred and tried again later, each time waiting longer.</source>
        <translation>Antrean keluar: surat yang menunggu giliran untuk dikirim. Entri yang gagal dikirim ditunda dan dicoba lagi nanti, dengan jeda yang makin lama.</translation>
    </message>
    <message>
        <source>Asks the alias database whether a recipient is an alias (a list of other addresses). Edit a row: the next message is expanded with it.</source>
        <translation>Menanyakan ke basis data alias apakah penerima adalah alias (daftar alamat lain). Ubah sebuah baris: pesan berikutnya diuraikan dengan isi baru itu.</translation>
    </message>
    <message>
        <source>Sends the mail to the MTA server with SMTP (submission: STARTTLS, then log in).</source>
        <translation>Mengirim surat ke server MTA dengan SMTP (submission: STARTTLS, lalu login).</translation>
    </message>
    <message>
        <source>Accepts mail with SMTP, adds a Received: line, keeps it in its queue, and delivers it or relays it to the next server.</source>
        <translation>Menerima surat dengan SMTP, menambahkan baris Received:, menyimpannya di antrean, lalu mengantarkannya atau meneruskannya ke server berikutnya.</translation>
    </message>
    <message>
        <source>Where delivered mail is kept until the user agent fetches it.</source>
        <translation>Tempat surat yang sudah diantar disimpan sampai diambil oleh user agent.</translation>
    </message>
    <message>
        <source>The message access agent (like Dovecot&apos;s POP3/IMAP server): it reads the mailbox and serves it to the user agent when asked. POP3 downloads (and usually deletes at QUIT); IMAP keeps the mail on the server.</source>
        <translation>Agen akses pesan (seperti server POP3/IMAP Dovecot): membaca kotak surat dan menyajikannya ke user agent saat diminta. POP3 mengunduh (dan biasanya menghapus saat QUIT); IMAP menyimpan surat tetap di server.</translation>
    </message>
    <message>
        <source>Spool and POP3/IMAP server (%1)</source>
        <translation>Spool dan server POP3/IMAP (%1)</translation>
    </message>
    <message>
        <source>The seed&apos;s spool before User B&apos;s agent. Here it is the message access agent (like Dovecot&apos;s POP3/IMAP server): it reads the mailbox and serves it to the user agent when asked. POP3 downloads (and usually deletes at QUIT); IMAP keeps the mail on the server.</source>
        <translation>Spool pada rancangan awal, tepat sebelum user agent Pengguna B. Di sini ia adalah agen akses pesan (seperti server POP3/IMAP Dovecot): membaca kotak surat dan menyajikannya ke user agent saat diminta. POP3 mengunduh (dan biasanya menghapus saat QUIT); IMAP menyimpan surat tetap di server.</translation>
    </message>
</context>
<context>
    <name>TranscriptExporter</name>
    <message>
        <source>all events</source>
        <translation>semua peristiwa</translation>
    </message>
    <message>
        <source>%1, filtered</source>
        <translation>%1, tersaring</translation>
    </message>
    <message>
        <source>what an eavesdropper sees on %1</source>
        <translation>yang dilihat penyadap di %1</translation>
    </message>
    <message>
        <source>MailFlow transcript: %1</source>
        <translation>Transkrip MailFlow: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Di mana</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Apa yang terjadi</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Artinya</translation>
    </message>
</context>
<context>
    <name>TranscriptFormat</name>
    <message>
        <source>change cipher spec</source>
        <translation>change cipher spec</translation>
    </message>
    <message>
        <source>alert</source>
        <translation>alert</translation>
    </message>
    <message>
        <source>handshake</source>
        <translation>handshake</translation>
    </message>
    <message>
        <source>application data</source>
        <translation>data aplikasi</translation>
    </message>
    <message>
        <source>type %1</source>
        <translation>jenis %1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 dtk</translation>
    </message>
    <message>
        <source>… %1 more bytes</source>
        <translation>… %1 byte lagi</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 byte)</translation>
    </message>
    <message>
        <source>Encrypted TLS: %1</source>
        <translation>TLS terenkripsi: %1</translation>
    </message>
    <message>
        <source>TLS records: %1. The content is encrypted: an eavesdropper cannot read it (RFC 8446 §5).</source>
        <translation>Record TLS: %1. Isinya terenkripsi: penyadap tidak dapat membacanya (RFC 8446 §5).</translation>
    </message>
    <message>
        <source>Readable by anyone: %1</source>
        <translation>Bisa dibaca siapa saja: %1</translation>
    </message>
    <message>
        <source>Plain text, readable by anyone on the network: %1</source>
        <translation>Teks biasa, bisa dibaca siapa saja di jaringan: %1</translation>
    </message>
    <message>
        <source>Encrypted TLS (continued)</source>
        <translation>TLS terenkripsi (lanjutan)</translation>
    </message>
    <message>
        <source>Part of an encrypted TLS record: unreadable without the session keys.</source>
        <translation>Bagian dari record TLS terenkripsi: tidak terbaca tanpa kunci sesi.</translation>
    </message>
</context>
<context>
    <name>mf::gui::AddressCompleter</name>
    <message>
        <source>list: %1</source>
        <translation>daftar: %1</translation>
    </message>
    <message>
        <source>An alias: the alias expander turns it into these addresses: %1</source>
        <translation>Sebuah alias: pengurai alias mengubahnya menjadi alamat-alamat ini: %1</translation>
    </message>
    <message>
        <source>A user of this lesson</source>
        <translation>Pengguna dalam pelajaran ini</translation>
    </message>
</context>
<context>
    <name>mf::gui::CaptionStrip</name>
    <message>
        <source>Open a lesson from the Lessons panel.</source>
        <translation>Buka pelajaran dari panel Pelajaran.</translation>
    </message>
    <message>
        <source>%1 is ready.</source>
        <translation>%1 siap.</translation>
    </message>
    <message>
        <source>Press Space to play the lesson, → to watch one hop, Shift+→ for one protocol command, ← to go back. Click a node or an envelope to inspect it.</source>
        <translation>Tekan Spasi untuk memutar pelajaran, → untuk melihat satu lompatan, Shift+→ untuk satu perintah protokol, ← untuk kembali. Klik sebuah simpul atau amplop untuk memeriksanya.</translation>
    </message>
</context>
<context>
    <name>mf::gui::ChartsPanel</name>
    <message>
        <source>Delivered: %1</source>
        <translation>Terkirim: %1</translation>
    </message>
    <message>
        <source>Deferred: %1</source>
        <translation>Ditunda: %1</translation>
    </message>
    <message>
        <source>Bounced: %1</source>
        <translation>Dikembalikan: %1</translation>
    </message>
    <message>
        <source>Average time</source>
        <translation>Waktu rata-rata</translation>
    </message>
    <message>
        <source>Queue length (simulated seconds)</source>
        <translation>Panjang antrean (detik simulasi)</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>Ditunda</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>Dikembalikan</translation>
    </message>
    <message>
        <source>Bytes per protocol</source>
        <translation>Byte per protokol</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Byte</translation>
    </message>
    <message>
        <source>Slowest hops (simulated ms)</source>
        <translation>Hop paling lambat (ms simulasi)</translation>
    </message>
</context>
<context>
    <name>mf::gui::ComposerPanel</name>
    <message>
        <source>No lesson is running. Open one in the Lessons panel first.</source>
        <translation>Belum ada pelajaran yang berjalan. Buka dulu sebuah pelajaran di panel Pelajaran.</translation>
    </message>
    <message>
        <source>This lesson has no users who could write a mail.</source>
        <translation>Pelajaran ini tidak punya pengguna yang bisa menulis surat.</translation>
    </message>
    <message>
        <source>“%1” is not an email address. An address looks like name@domain, for example bob@b.example. Separate several addresses with commas.</source>
        <translation>“%1” bukan alamat email. Alamat berbentuk nama@domain, misalnya bob@b.example. Pisahkan beberapa alamat dengan koma.</translation>
    </message>
    <message>
        <source>Add at least one recipient in To, Cc or Bcc.</source>
        <translation>Tambahkan minimal satu penerima di Kepada, Cc, atau Bcc.</translation>
    </message>
    <message>
        <source>The mail could not be sent: %1 does not belong to a domain of this lesson.</source>
        <translation>Surat tidak dapat dikirim: %1 bukan bagian dari domain pelajaran ini.</translation>
    </message>
    <message>
        <source>Sent as message %1.</source>
        <translation>Terkirim sebagai pesan %1.</translation>
    </message>
    <message>
        <source>Sent as message %1 with 1 attachment.</source>
        <translation>Terkirim sebagai pesan %1 dengan 1 lampiran.</translation>
    </message>
    <message>
        <source>Sent as message %1 with %2 attachments.</source>
        <translation>Terkirim sebagai pesan %1 dengan %2 lampiran.</translation>
    </message>
    <message>
        <source>The views show an earlier moment: press Play (Space) to come back to now and watch it travel.</source>
        <translation>Tampilan sedang menunjukkan saat sebelumnya: tekan Jalankan (Spasi) untuk kembali ke saat ini dan melihat perjalanannya.</translation>
    </message>
    <message>
        <source>Press Play (Space) or Step (Right) to watch it travel.</source>
        <translation>Tekan Jalankan (Spasi) atau Maju satu hop (Kanan) untuk melihat perjalanannya.</translation>
    </message>
    <message>
        <source>%1 is too large to attach (more than %2).</source>
        <translation>%1 terlalu besar untuk dilampirkan (lebih dari %2).</translation>
    </message>
    <message>
        <source>%1 cannot be attached: %2</source>
        <translation>%1 tidak dapat dilampirkan: %2</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Lampirkan berkas</translation>
    </message>
    <message>
        <source>Write a mail as a user of the lesson and send it into the flow. Bcc recipients get a copy but nobody sees them in the headers.</source>
        <translation>Tulis surat sebagai pengguna pelajaran dan kirimkan ke dalam alur. Penerima Bcc mendapat salinan, tetapi tidak terlihat oleh siapa pun di header.</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Dari:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Kepada:</translation>
    </message>
    <message>
        <source>&amp;Cc:</source>
        <translation>&amp;Cc:</translation>
    </message>
    <message>
        <source>&amp;Bcc:</source>
        <translation>&amp;Bcc:</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>&amp;Subjek:</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Pesan:</translation>
    </message>
    <message>
        <source>Attachments:</source>
        <translation>Lampiran:</translation>
    </message>
    <message>
        <source>Who writes the mail. Its user agent (UA) puts it in the spool of this user&apos;s domain.</source>
        <translation>Siapa yang menulis surat. User agent (UA)-nya menaruh surat di spool domain pengguna ini.</translation>
    </message>
    <message>
        <source>Main recipients, separated by commas. Start typing to pick a user or an alias.</source>
        <translation>Penerima utama, dipisahkan koma. Mulai mengetik untuk memilih pengguna atau alias.</translation>
    </message>
    <message>
        <source>Copy recipients: everyone sees them in the Cc: header.</source>
        <translation>Penerima tembusan: semua orang melihatnya di header Cc:.</translation>
    </message>
    <message>
        <source>Blind copy: these recipients are only in the envelope (RCPT TO), never in the headers.</source>
        <translation>Tembusan tersembunyi: penerima ini hanya ada di amplop (RCPT TO), tidak pernah di header.</translation>
    </message>
    <message>
        <source>name@domain, …</source>
        <translation>nama@domain, …</translation>
    </message>
    <message>
        <source>for example %1</source>
        <translation>misalnya %1</translation>
    </message>
    <message>
        <source>What the mail is about</source>
        <translation>Tentang apa surat ini</translation>
    </message>
    <message>
        <source>Type your message here.</source>
        <translation>Ketik pesan Anda di sini.</translation>
    </message>
    <message>
        <source>Attach file…</source>
        <translation>Lampirkan berkas…</translation>
    </message>
    <message>
        <source>Add a file: it travels as a separate MIME part, encoded in base64.</source>
        <translation>Tambahkan berkas: berkas dikirim sebagai bagian MIME tersendiri, dienkode dengan base64.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <source>Put the mail into the flow: UA → spool → MTA → … → User B&apos;s mailbox.</source>
        <translation>Masukkan surat ke dalam alur: UA → spool → MTA → … → kotak surat Pengguna B.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Kosongkan</translation>
    </message>
    <message>
        <source>Check the password and send it again.</source>
        <translation>Periksa kata sandinya, lalu kirim lagi.</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Kata sa&amp;ndi:</translation>
    </message>
    <message>
        <source>The password the user agent logs in with when it submits the mail (SMTP AUTH), from the lesson. Type a wrong one to see the MTA server refuse it.</source>
        <translation>Kata sandi dari pelajaran yang dipakai user agent untuk masuk saat mengirim surat (SMTP AUTH). Ketik kata sandi yang salah untuk melihat server MTA menolaknya.</translation>
    </message>
    <message>
        <source>Sending of message %1 failed. The mail server %2 replied: “%3”.</source>
        <translation>Pengiriman pesan %1 gagal. Server surat %2 menjawab: “%3”.</translation>
    </message>
    <message>
        <source>The message was not sent; it is back in the form.</source>
        <translation>Pesan tidak terkirim; pesan itu dikembalikan ke formulir.</translation>
    </message>
</context>
<context>
    <name>mf::gui::ControlBar</name>
    <message>
        <source>Cannot restart the lesson</source>
        <translation>Pelajaran tidak dapat dimulai ulang</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>Kontrol</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Mundur</translation>
    </message>
    <message>
        <source>Go back one hop and show the world as it was then (Left)</source>
        <translation>Mundur satu hop dan tampilkan keadaan simulasi saat itu (Kiri)</translation>
    </message>
    <message>
        <source>Step hop</source>
        <translation>Maju satu hop</translation>
    </message>
    <message>
        <source>Let the message make one hop, then pause (Right)</source>
        <translation>Biarkan pesan maju satu hop, lalu jeda (Kanan)</translation>
    </message>
    <message>
        <source>Step command</source>
        <translation>Maju satu perintah</translation>
    </message>
    <message>
        <source>Let one protocol command or reply through, then pause (Shift+Right)</source>
        <translation>Loloskan satu perintah atau balasan protokol, lalu jeda (Shift+Kanan)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Mulai ulang</translation>
    </message>
    <message>
        <source>Start the lesson again from the beginning (R)</source>
        <translation>Mulai pelajaran lagi dari awal (R)</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Kecepatan</translation>
    </message>
    <message>
        <source>How fast simulated time runs compared with real time</source>
        <translation>Seberapa cepat waktu simulasi berjalan dibandingkan waktu nyata</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Jeda</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Jalankan</translation>
    </message>
    <message>
        <source>Pause the lesson (Space)</source>
        <translation>Jeda pelajaran (Spasi)</translation>
    </message>
    <message>
        <source>Run the lesson (Space)</source>
        <translation>Jalankan pelajaran (Spasi)</translation>
    </message>
</context>
<context>
    <name>mf::gui::DeviceView</name>
    <message>
        <source>(no subject)</source>
        <translation>(tanpa subjek)</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Sudah dibaca</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>Belum dibaca</translation>
    </message>
    <message>
        <source>Only on this device: the server deleted it after the download (POP3).</source>
        <translation>Hanya ada di perangkat ini: server menghapusnya setelah diunduh (POP3).</translation>
    </message>
    <message>
        <source>Not checked yet. Press Check mail.</source>
        <translation>Belum diperiksa. Tekan Periksa surat.</translation>
    </message>
    <message>
        <source>Checking mail over %1…</source>
        <translation>Memeriksa surat lewat %1…</translation>
    </message>
    <message>
        <source>The lesson is paused: press Play (Space) or Step (Right).</source>
        <translation>Pelajaran dijeda: tekan Jalankan (Spasi) atau Maju satu hop (Kanan).</translation>
    </message>
    <message>
        <source>The check over %1 failed: %2</source>
        <translation>Pemeriksaan lewat %1 gagal: %2</translation>
    </message>
    <message>
        <source>1 new message over %1.</source>
        <translation>1 pesan baru lewat %1.</translation>
    </message>
    <message>
        <source>%1 new messages over %2.</source>
        <translation>%1 pesan baru lewat %2.</translation>
    </message>
    <message>
        <source>No new mail (%1).</source>
        <translation>Tidak ada surat baru (%1).</translation>
    </message>
    <message>
        <source>IMAP keeps the mail on the server.</source>
        <translation>IMAP menyimpan surat di server.</translation>
    </message>
    <message>
        <source>1 message downloaded over %1.</source>
        <translation>1 pesan diunduh lewat %1.</translation>
    </message>
    <message>
        <source>%1 messages downloaded over %2.</source>
        <translation>%1 pesan diunduh lewat %2.</translation>
    </message>
    <message>
        <source>No mail on the server (%1).</source>
        <translation>Tidak ada surat di server (%1).</translation>
    </message>
    <message>
        <source>Deleted from the server.</source>
        <translation>Dihapus dari server.</translation>
    </message>
    <message>
        <source>Left on the server.</source>
        <translation>Dibiarkan di server.</translation>
    </message>
    <message>
        <source>Choose a message to read it.</source>
        <translation>Pilih pesan untuk membacanya.</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Dari:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Kepada:</translation>
    </message>
    <message>
        <source>Cc:</source>
        <translation>Cc:</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Tanggal:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Subjek:</translation>
    </message>
    <message>
        <source>Attachments:</source>
        <translation>Lampiran:</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(tanpa nama)</translation>
    </message>
    <message>
        <source>Read with IMAP: the message stays on the server; opening it sets the \Seen flag there, so your other devices show it as read.</source>
        <translation>Dibaca dengan IMAP: pesan tetap di server; membukanya memasang flag \Seen di sana, jadi perangkat Anda yang lain menampilkannya sebagai sudah dibaca.</translation>
    </message>
    <message>
        <source>Downloaded with POP3 and left on the server. POP3 has no read flag on the server: only this device knows you read it.</source>
        <translation>Diunduh dengan POP3 dan dibiarkan di server. POP3 tidak punya tanda sudah dibaca di server: hanya perangkat ini yang tahu Anda sudah membacanya.</translation>
    </message>
    <message>
        <source>Downloaded with POP3 and deleted from the server: this device has the only copy.</source>
        <translation>Diunduh dengan POP3 dan dihapus dari server: hanya perangkat ini yang punya salinannya.</translation>
    </message>
    <message>
        <source>Check mail</source>
        <translation>Periksa surat</translation>
    </message>
    <message>
        <source>Connect to the access server and fetch new mail with the chosen protocol.</source>
        <translation>Hubungkan ke server akses dan ambil surat baru dengan protokol yang dipilih.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subjek</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
</context>
<context>
    <name>mf::gui::EventLogExport</name>
    <message>
        <source>Export the event log</source>
        <translation>Ekspor log peristiwa</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl *.json);;All files (*)</source>
        <translation>JSON lines (*.jsonl *.json);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Ekspor gagal</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Tidak dapat menulis %1: %2</translation>
    </message>
    <message>
        <source>Event log as &amp;JSON lines…</source>
        <translation>Log peristiwa sebagai &amp;JSON lines…</translation>
    </message>
    <message>
        <source>Save every event, one JSON object per line, as `mailflow run --format json` prints them</source>
        <translation>Simpan setiap peristiwa, satu objek JSON per baris, sama seperti keluaran `mailflow run --format json`</translation>
    </message>
</context>
<context>
    <name>mf::gui::FlowDiagramView</name>
    <message>
        <source>User</source>
        <translation>Peng­guna</translation>
    </message>
    <message>
        <source>A person who writes and reads email.</source>
        <translation>Orang yang menulis dan membaca email.</translation>
    </message>
    <message>
        <source>User agent</source>
        <translation>User agent</translation>
    </message>
    <message>
        <source>The user agent is the mail program (like Thunderbird) a person uses to write, send and read mail.</source>
        <translation>User agent adalah program surat (seperti Thunderbird) yang dipakai seseorang untuk menulis, mengirim, dan membaca surat.</translation>
    </message>
    <message>
        <source>Spool</source>
        <translation>Spool</translation>
    </message>
    <message>
        <source>The spool is a waiting room on disk: a message stays here until the next program picks it up.</source>
        <translation>Spool adalah ruang tunggu di disk: pesan tinggal di sini sampai program berikutnya mengambilnya.</translation>
    </message>
    <message>
        <source>The alias expander checks whether an address is a nickname or a mailing list and replaces it with the real mailboxes.</source>
        <translation>Pengurai alias memeriksa apakah sebuah alamat adalah nama samaran atau milis, lalu menggantinya dengan kotak surat yang sebenarnya.</translation>
    </message>
    <message>
        <source>The database holds the alias table the alias expander looks addresses up in.</source>
        <translation>Basis data menyimpan tabel alias tempat pengurai alias mencari alamat.</translation>
    </message>
    <message>
        <source>MTA client</source>
        <translation>Klien MTA</translation>
    </message>
    <message>
        <source>The MTA client hands the message over to a mail server by speaking SMTP.</source>
        <translation>Klien MTA menyerahkan pesan ke server surat dengan berbicara SMTP.</translation>
    </message>
    <message>
        <source>MTA server</source>
        <translation>Server MTA</translation>
    </message>
    <message>
        <source>The MTA server (mail transfer agent) accepts mail with SMTP and passes it on towards the recipient&apos;s domain.</source>
        <translation>Server MTA (mail transfer agent) menerima surat dengan SMTP dan meneruskannya ke arah domain penerima.</translation>
    </message>
    <message>
        <source>The Internet carries the message between the mail servers of different domains.</source>
        <translation>Internet membawa pesan antar server surat dari domain yang berbeda.</translation>
    </message>
    <message>
        <source>DNS server</source>
        <translation>Server DNS</translation>
    </message>
    <message>
        <source>The DNS server answers which mail server receives mail for a domain (its MX records; the lowest preference wins).</source>
        <translation>Server DNS menjawab server surat mana yang menerima surat untuk sebuah domain (record MX-nya; preference terendah menang).</translation>
    </message>
    <message>
        <source>The mailboxes keep each user&apos;s delivered mail until their user agent fetches it with POP3 or IMAP.</source>
        <translation>Kotak surat menyimpan surat setiap pengguna yang sudah diantar sampai user agent-nya mengambilnya dengan POP3 atau IMAP.</translation>
    </message>
    <message>
        <source>POP3/IMAP server</source>
        <translation>Server POP3/IMAP</translation>
    </message>
    <message>
        <source>The POP3/IMAP server (the message access agent, like Dovecot) reads the mailboxes and serves them to the user agent when it asks. The user agent&apos;s request goes out; the message comes back.</source>
        <translation>Server POP3/IMAP (agen akses pesan, seperti Dovecot) membaca kotak surat dan menyajikannya ke user agent saat diminta. User agent mengirim permintaan; pesannya datang sebagai balasan.</translation>
    </message>
    <message>
        <source>Spool · POP3/IMAP</source>
        <translation>Spool · POP3/IMAP</translation>
    </message>
    <message>
        <source>The seed&apos;s spool before the user agent, shown together with the POP3/IMAP server (like Dovecot) that really serves it: it reads the mailbox and hands the mail over when the user agent asks. POP3 downloads (and usually deletes); IMAP keeps the mail on the server.</source>
        <translation>Spool pada rancangan awal, tepat sebelum user agent, ditampilkan bersama server POP3/IMAP (seperti Dovecot) yang sebenarnya melayaninya: membaca kotak surat dan menyerahkan surat saat user agent memintanya. POP3 mengunduh (dan biasanya menghapus); IMAP menyimpan surat tetap di server.</translation>
    </message>
    <message>
        <source>Out­side client</source>
        <translation>Klien luar</translation>
    </message>
    <message>
        <source>A program outside the lesson&apos;s domains that connects straight to a mail server.</source>
        <translation>Program di luar domain pelajaran yang terhubung langsung ke server surat.</translation>
    </message>
    <message>
        <source>%1 deferred</source>
        <translation>%1 ditunda</translation>
    </message>
    <message>
        <source>%1 queued</source>
        <translation>%1 antre</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>1 message</source>
        <translation>1 pesan</translation>
    </message>
    <message>
        <source>%1 messages</source>
        <translation>%1 pesan</translation>
    </message>
    <message>
        <source>1 question</source>
        <translation>1 pertanyaan</translation>
    </message>
    <message>
        <source>%1 questions</source>
        <translation>%1 pertanyaan</translation>
    </message>
    <message>
        <source>link down</source>
        <translation>tautan putus</translation>
    </message>
    <message>
        <source>down</source>
        <translation>mati</translation>
    </message>
    <message>
        <source>Message %1: click to inspect its envelope, headers and path.</source>
        <translation>Pesan %1: klik untuk memeriksa amplop, header, dan jalurnya.</translation>
    </message>
    <message>
        <source>retry in %1</source>
        <translation>coba lagi dalam %1</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>menunggu</translation>
    </message>
    <message>
        <source>Diagram as &amp;PNG…</source>
        <translation>Diagram sebagai &amp;PNG…</translation>
    </message>
    <message>
        <source>Save the flow diagram as a picture</source>
        <translation>Simpan diagram alur sebagai gambar</translation>
    </message>
    <message>
        <source>%1 (backup)</source>
        <translation>%1 (cadangan)</translation>
    </message>
    <message>
        <source>%1: sending domain</source>
        <translation>%1: domain pengirim</translation>
    </message>
    <message>
        <source>%1: receiving domain</source>
        <translation>%1: domain penerima</translation>
    </message>
    <message>
        <source>The diagram is empty.</source>
        <translation>Diagram kosong.</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Perbesar (&amp;I)</translation>
    </message>
    <message>
        <source>Enlarge the diagram (Ctrl++ or Ctrl+wheel); drag or scroll to pan</source>
        <translation>Perbesar diagram (Ctrl++ atau Ctrl+roda); seret atau gulir untuk menggeser</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Perkecil (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit the diagram</source>
        <translation>Pas&amp;kan diagram</translation>
    </message>
    <message>
        <source>Show the whole diagram again (Ctrl+0)</source>
        <translation>Tampilkan seluruh diagram lagi (Ctrl+0)</translation>
    </message>
    <message>
        <source>Alias ex­pander</source>
        <translation>Peng­urai alias</translation>
    </message>
    <message>
        <source>Data­base</source>
        <translation>Basis data</translation>
    </message>
    <message>
        <source>Inter­net</source>
        <translation>Inter­net</translation>
    </message>
    <message>
        <source>Mail­boxes</source>
        <translation>Kotak surat</translation>
    </message>
    <message>
        <source>✘ connection refused</source>
        <translation>✘ koneksi ditolak</translation>
    </message>
    <message>
        <source>✘ no connection</source>
        <translation>✘ tidak tersambung</translation>
    </message>
    <message>
        <source>%1 ✓ read</source>
        <translation>%1 ✓ dibaca</translation>
    </message>
    <message>
        <source>%1 ● unread</source>
        <translation>%1 ● belum dibaca</translation>
    </message>
    <message>
        <source>%1 read, %2 unread</source>
        <translation>%1 dibaca, %2 belum dibaca</translation>
    </message>
    <message>
        <source>✘ not sent (%1)</source>
        <translation>✘ tidak terkirim (%1)</translation>
    </message>
</context>
<context>
    <name>mf::gui::LessonEndCard</name>
    <message>
        <source>Lesson finished: %1</source>
        <translation>Pelajaran selesai: %1</translation>
    </message>
    <message>
        <source>This lesson states no expectations.</source>
        <translation>Pelajaran ini tidak menyatakan harapan apa pun.</translation>
    </message>
    <message>
        <source>Every expectation of the lesson holds (the same checks as mailflow run):</source>
        <translation>Semua harapan pelajaran terpenuhi (pemeriksaan yang sama dengan mailflow run):</translation>
    </message>
    <message>
        <source>%1 of %2 expectations hold (the same checks as mailflow run):</source>
        <translation>%1 dari %2 harapan terpenuhi (pemeriksaan yang sama dengan mailflow run):</translation>
    </message>
    <message>
        <source>What to notice</source>
        <translation>Yang perlu diperhatikan</translation>
    </message>
    <message>
        <source>Walk back with Back (Left) and look at each hop again.</source>
        <translation>Mundurlah dengan Mundur (Kiri) dan lihat lagi setiap hop.</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <source>Start this lesson again from the beginning (R)</source>
        <translation>Mulai pelajaran ini lagi dari awal (R)</translation>
    </message>
    <message>
        <source>Next lesson</source>
        <translation>Pelajaran berikutnya</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Hide this card; the lesson stays finished</source>
        <translation>Sembunyikan kartu ini; pelajaran tetap selesai</translation>
    </message>
    <message>
        <source>%1 takes the lesson&apos;s path, %2 nodes from %3 to %4</source>
        <translation>%1 menempuh jalur pelajaran, %2 simpul dari %3 ke %4</translation>
    </message>
</context>
<context>
    <name>mf::gui::MailClientPanel</name>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Kata sandi:</translation>
    </message>
    <message>
        <source>The lesson&apos;s password for this user. Type a wrong one to see the server refuse the login.</source>
        <translation>Kata sandi pengguna ini menurut pelajaran. Ketik yang salah untuk melihat server menolak login.</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Ponsel</translation>
    </message>
    <message>
        <source>(%1 unread)</source>
        <translation>(%1 belum dibaca)</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Pengguna:</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>P&amp;rotokol:</translation>
    </message>
    <message>
        <source>Whose mailbox to read.</source>
        <translation>Kotak surat siapa yang dibaca.</translation>
    </message>
    <message>
        <source>How the mail client talks to the access server.</source>
        <translation>Cara klien email berbicara dengan server akses.</translation>
    </message>
    <message>
        <source>&amp;Leave messages on server</source>
        <translation>&amp;Biarkan pesan di server</translation>
    </message>
    <message>
        <source>IMAP always keeps the mail on the server.</source>
        <translation>IMAP selalu menyimpan surat di server.</translation>
    </message>
    <message>
        <source>IMAP (port 143): the mail stays on the server and every device sees the same mailbox. Open a message on the laptop, then check on the phone: it is read there too.</source>
        <translation>IMAP (port 143): surat tetap di server dan setiap perangkat melihat kotak surat yang sama. Buka pesan di laptop, lalu periksa di ponsel: di sana juga sudah terbaca.</translation>
    </message>
    <message>
        <source>Without it, POP3 deletes each message from the server after downloading it (DELE).</source>
        <translation>Tanpa pilihan ini, POP3 menghapus setiap pesan dari server setelah mengunduhnya (DELE).</translation>
    </message>
    <message>
        <source>POP3S (port 995): POP3 inside TLS, so nobody on the network can read the password or the mail.</source>
        <translation>POP3S (port 995): POP3 di dalam TLS, jadi tidak ada orang di jaringan yang bisa membaca kata sandi atau suratnya.</translation>
    </message>
    <message>
        <source>POP3 (port 110): the mail client downloads the messages.</source>
        <translation>POP3 (port 110): klien email mengunduh pesan-pesannya.</translation>
    </message>
    <message>
        <source>They stay on the server, so the other device gets them too.</source>
        <translation>Pesan tetap di server, jadi perangkat lain juga mendapatkannya.</translation>
    </message>
    <message>
        <source>Then they are deleted from the server: the other device will find nothing.</source>
        <translation>Lalu pesan dihapus dari server: perangkat lain tidak akan menemukan apa-apa.</translation>
    </message>
</context>
<context>
    <name>mf::gui::MainWindow</name>
    <message>
        <source>finished</source>
        <translation>selesai</translation>
    </message>
    <message>
        <source>Cannot open the lesson</source>
        <translation>Pelajaran tidak dapat dibuka</translation>
    </message>
    <message>
        <source>The lesson %1 could not be opened.</source>
        <translation>Pelajaran %1 tidak dapat dibuka.</translation>
    </message>
    <message>
        <source>Open a lesson</source>
        <translation>Buka pelajaran</translation>
    </message>
    <message>
        <source>MailFlow scenarios (*.json)</source>
        <translation>Skenario MailFlow (*.json)</translation>
    </message>
    <message>
        <source>MailFlow: how an email travels</source>
        <translation>MailFlow: perjalanan sebuah email</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;Open lesson file…</source>
        <translation>B&amp;uka berkas pelajaran…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Ekspor</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Panel</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>Atur ulang &amp;tata letak</translation>
    </message>
    <message>
        <source>Put every panel back in its place and size</source>
        <translation>Kembalikan setiap panel ke tempat dan ukurannya semula</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Jalankan</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transkrip</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Simpul</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Tulis</translation>
    </message>
    <message>
        <source>Mail client</source>
        <translation>Klien email</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>Pelajaran</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Grafik</translation>
    </message>
    <message>
        <source>The flow diagram appears here.</source>
        <translation>Diagram alur muncul di sini.</translation>
    </message>
    <message>
        <source>No lesson loaded.</source>
        <translation>Belum ada pelajaran yang dimuat.</translation>
    </message>
    <message>
        <source>showing the past: event %1 of %2</source>
        <translation>menampilkan masa lalu: peristiwa %1 dari %2</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>dijeda</translation>
    </message>
    <message>
        <source>running</source>
        <translation>berjalan</translation>
    </message>
    <message>
        <source>%1   simulated time %2 s   %3</source>
        <translation>%1   waktu simulasi %2 dtk   %3</translation>
    </message>
    <message>
        <source>Export the diagram</source>
        <translation>Ekspor diagram</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Gambar PNG (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Ekspor gagal</translation>
    </message>
    <message>
        <source>The diagram could not be saved to %1: %2</source>
        <translation>Diagram tidak dapat disimpan ke %1: %2</translation>
    </message>
</context>
<context>
    <name>mf::gui::MessageInspector</name>
    <message>
        <source>%1 bytes</source>
        <translation>%1 byte</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>TLS + login</source>
        <translation>TLS + login</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>login, no TLS</source>
        <translation>login, tanpa TLS</translation>
    </message>
    <message>
        <source>no TLS</source>
        <translation>tanpa TLS</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Pesan:</translation>
    </message>
    <message>
        <source>Every message seen so far. Clicking an envelope in the diagram also selects it.</source>
        <translation>Semua pesan yang sudah terlihat sejauh ini. Mengklik amplop di diagram juga memilihnya.</translation>
    </message>
    <message>
        <source>Envelope (SMTP): what servers route by</source>
        <translation>Amplop (SMTP): dasar server merutekan surat</translation>
    </message>
    <message>
        <source>Headers: what the reader sees</source>
        <translation>Header: yang dilihat pembaca</translation>
    </message>
    <message>
        <source>MAIL FROM:</source>
        <translation>MAIL FROM:</translation>
    </message>
    <message>
        <source>RCPT TO:</source>
        <translation>RCPT TO:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Dari:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Kepada:</translation>
    </message>
    <message>
        <source>Cc:</source>
        <translation>Cc:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Subjek:</translation>
    </message>
    <message>
        <source>Received trail</source>
        <translation>Jejak Received</translation>
    </message>
    <message>
        <source>Raw source</source>
        <translation>Sumber mentah</translation>
    </message>
    <message>
        <source>MIME structure</source>
        <translation>Struktur MIME</translation>
    </message>
    <message>
        <source>Each server that accepts the message adds a Received: line on top. Read from hop 1 (the first server) down to the latest.</source>
        <translation>Setiap server yang menerima pesan menambahkan baris Received: di paling atas. Baca dari hop 1 (server pertama) sampai yang terakhir.</translation>
    </message>
    <message>
        <source>Hop</source>
        <translation>Hop</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>Diterima oleh</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>With</source>
        <translation>Dengan</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>With: ESMTP = plain SMTP, ESMTPS = encrypted with TLS, ESMTPSA = encrypted and logged in (RFC 3848).</source>
        <translation>Dengan: ESMTP = SMTP biasa, ESMTPS = terenkripsi dengan TLS, ESMTPSA = terenkripsi dan sudah login (RFC 3848).</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Bagian</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>bounce: %1</source>
        <translation>bounce: %1</translation>
    </message>
    <message>
        <source>%1 · %2 → %3</source>
        <translation>%1 · %2 → %3</translation>
    </message>
    <message>
        <source>No lesson loaded.</source>
        <translation>Belum ada pelajaran yang dimuat.</translation>
    </message>
    <message>
        <source>No message yet. Press Step or Play: the first one appears when User A writes it.</source>
        <translation>Belum ada pesan. Tekan Maju satu hop atau Jalankan: pesan pertama muncul saat Pengguna A menulisnya.</translation>
    </message>
    <message>
        <source>Message %1 does not exist yet at this moment.</source>
        <translation>Pesan %1 belum ada pada saat ini.</translation>
    </message>
    <message>
        <source>Message %1, now at: %2</source>
        <translation>Pesan %1, sekarang di: %2</translation>
    </message>
    <message>
        <source>&lt;&gt; (empty: a bounce)</source>
        <translation>&lt;&gt; (kosong: sebuah bounce)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(tidak ada)</translation>
    </message>
    <message>
        <source>MAIL FROM is empty (&lt;&gt;): this is a bounce, a delivery status notification. Nobody answers a bounce, so no bounce can bounce again.</source>
        <translation>MAIL FROM kosong (&lt;&gt;): ini adalah bounce, yaitu pemberitahuan status pengiriman. Tidak ada yang membalas bounce, jadi bounce tidak bisa memantul lagi.</translation>
    </message>
    <message>
        <source>MAIL FROM differs from the From: header: bounces go to the envelope sender (a list owner, a forwarder), not to the author.</source>
        <translation>MAIL FROM berbeda dengan header From. Bounce dikirim ke pengirim amplop (pemilik milis, penerus), bukan ke penulisnya.</translation>
    </message>
    <message>
        <source>RCPT TO has %1, which the headers do not show: a Bcc recipient, or the members an alias expanded to. Servers deliver by the envelope, not by the To: header.</source>
        <translation>RCPT TO berisi %1, yang tidak tampak di header: penerima Bcc, atau anggota hasil uraian alias. Server mengantar berdasarkan amplop, bukan header To:.</translation>
    </message>
    <message>
        <source>No Received: line: no server has accepted this message over SMTP yet (a bounce that a server writes and delivers itself never gets one).</source>
        <translation>Tidak ada baris Received:: belum ada server yang menerima pesan ini lewat SMTP (bounce yang ditulis dan diantar sendiri oleh server tidak pernah mendapatkannya).</translation>
    </message>
    <message>
        <source>The name the sending client gave (EHLO), then in brackets what the connection showed: %1</source>
        <translation>Nama yang diberikan klien pengirim (EHLO), lalu dalam kurung yang terlihat dari koneksinya: %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Not delivered yet: the mailbox server adds Return-Path: (the envelope sender, for bounces) and Delivered-To: at final delivery.</source>
        <translation>Belum diantar: server kotak surat menambahkan Return-Path: (pengirim amplop, untuk bounce) dan Delivered-To: saat pengantaran akhir.</translation>
    </message>
    <message>
        <source>Delivered. The mailbox server added Return-Path: %1 (where bounces go) and Delivered-To: %2 (whose mailbox).</source>
        <translation>Sudah diantar. Server kotak surat menambahkan Return-Path: %1 (tujuan bounce) dan Delivered-To: %2 (kotak surat siapa).</translation>
    </message>
    <message>
        <source>file &quot;%1&quot;</source>
        <translation>berkas &quot;%1&quot;</translation>
    </message>
    <message>
        <source>charset %1</source>
        <translation>charset %1</translation>
    </message>
    <message>
        <source>encoded %1</source>
        <translation>dienkode %1</translation>
    </message>
    <message>
        <source>attached message</source>
        <translation>pesan terlampir</translation>
    </message>
    <message>
        <source>whole message</source>
        <translation>seluruh pesan</translation>
    </message>
    <message>
        <source>part %1</source>
        <translation>bagian %1</translation>
    </message>
</context>
<context>
    <name>mf::gui::NodeInspector</name>
    <message>
        <source>%1 s</source>
        <translation>%1 dtk</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 mnt %2 dtk</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 jam %2 mnt</translation>
    </message>
    <message>
        <source>queued (waiting its turn)</source>
        <translation>antre (menunggu giliran)</translation>
    </message>
    <message>
        <source>active (being sent)</source>
        <translation>aktif (sedang dikirim)</translation>
    </message>
    <message>
        <source>deferred (will retry)</source>
        <translation>ditunda (akan dicoba lagi)</translation>
    </message>
    <message>
        <source>done (handed on)</source>
        <translation>selesai (sudah diteruskan)</translation>
    </message>
    <message>
        <source>bounced (gave up)</source>
        <translation>bounce (menyerah)</translation>
    </message>
    <message>
        <source>&amp;Node:</source>
        <translation>&amp;Node:</translation>
    </message>
    <message>
        <source>Every part of the mail system. Clicking a node in the diagram also selects it.</source>
        <translation>Semua bagian sistem surat. Mengklik node di diagram juga memilihnya.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Percobaan</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>Coba lagi berikutnya</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Galat terakhir</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subjek</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>Tambah baris</translation>
    </message>
    <message>
        <source>Delete row</source>
        <translation>Hapus baris</translation>
    </message>
    <message>
        <source>No lesson loaded.</source>
        <translation>Belum ada pelajaran yang dimuat.</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
    <message>
        <source>Alias table</source>
        <translation>Tabel alias</translation>
    </message>
    <message>
        <source>DNS zone</source>
        <translation>Zona DNS</translation>
    </message>
    <message>
        <source>Mailboxes</source>
        <translation>Kotak surat</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>dalam %1</translation>
    </message>
    <message>
        <source>now</source>
        <translation>sekarang</translation>
    </message>
    <message>
        <source>The queue is empty at this moment.</source>
        <translation>Antrean kosong pada saat ini.</translation>
    </message>
    <message>
        <source>Nothing is waiting at this moment. Messages already handed on are listed in green.</source>
        <translation>Tidak ada yang menunggu pada saat ini. Pesan yang sudah diteruskan ditampilkan dengan warna hijau.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting at this moment. Messages already handed on are listed in green.</source>
        <translation>
            <numerusform>%n pesan menunggu pada saat ini. Pesan yang sudah diteruskan ditampilkan dengan warna hijau.</numerusform>
        </translation>
    </message>
    <message>
        <source>deleted (downloaded with POP3)</source>
        <translation>dihapus (diunduh dengan POP3)</translation>
    </message>
    <message>
        <source>new</source>
        <translation>baru</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message numerus="yes">
        <source>Users: %1. %n message(s) in the mailboxes at this moment.</source>
        <translation>
            <numerusform>Pengguna: %1. %n pesan di kotak surat pada saat ini.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <source>Host name</source>
        <translation>Nama host</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Domain</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Berjalan</translation>
    </message>
    <message>
        <source>no (stopped by the lesson)</source>
        <translation>tidak (dihentikan oleh pelajaran)</translation>
    </message>
    <message>
        <source>MX preference</source>
        <translation>Preference MX</translation>
    </message>
    <message>
        <source>SMTP between servers (port 25 role)</source>
        <translation>SMTP antar server (peran port 25)</translation>
    </message>
    <message>
        <source>%1, STARTTLS offered</source>
        <translation>%1, STARTTLS ditawarkan</translation>
    </message>
    <message>
        <source>Submission for users (port 587 role)</source>
        <translation>Submission untuk pengguna (peran port 587)</translation>
    </message>
    <message>
        <source>%1, STARTTLS</source>
        <translation>%1, STARTTLS</translation>
    </message>
    <message>
        <source>SMTPS for users (port 465 role)</source>
        <translation>SMTPS untuk pengguna (peran port 465)</translation>
    </message>
    <message>
        <source>%1, TLS from the start</source>
        <translation>%1, TLS sejak awal</translation>
    </message>
    <message>
        <source>Login (AUTH) required to submit</source>
        <translation>Wajib login (AUTH) untuk mengirim</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>backup MX: takes mail only when the preferred server does not answer</source>
        <translation>MX cadangan: hanya menerima surat jika server utama tidak menjawab</translation>
    </message>
    <message>
        <source>Largest message accepted</source>
        <translation>Ukuran pesan maksimum</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Host names</source>
        <translation>Nama host</translation>
    </message>
    <message>
        <source>POP3</source>
        <translation>POP3</translation>
    </message>
    <message>
        <source>%1, STLS offered</source>
        <translation>%1, STLS ditawarkan</translation>
    </message>
    <message>
        <source>POP3S</source>
        <translation>POP3S</translation>
    </message>
    <message>
        <source>IMAP</source>
        <translation>IMAP</translation>
    </message>
    <message>
        <source>IMAPS</source>
        <translation>IMAPS</translation>
    </message>
    <message>
        <source>POP3 needs TLS before the password</source>
        <translation>POP3 wajib TLS sebelum kata sandi</translation>
    </message>
    <message>
        <source>IMAP login only after TLS</source>
        <translation>Login IMAP hanya setelah TLS</translation>
    </message>
    <message>
        <source>Login required</source>
        <translation>Wajib login</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>UDP and TCP</source>
        <translation>UDP dan TCP</translation>
    </message>
    <message>
        <source>Answers for</source>
        <translation>Menjawab untuk</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>Coba sendiri</translation>
    </message>
    <message>
        <source>dig @%1 -p %2 %3 MX</source>
        <translation>dig @%1 -p %2 %3 MX</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latensi</translation>
    </message>
    <message>
        <source>%1 ms one way</source>
        <translation>%1 ms satu arah</translation>
    </message>
    <message>
        <source>Links cut</source>
        <translation>Jalur terputus</translation>
    </message>
    <message>
        <source>none: every domain reaches every other</source>
        <translation>tidak ada: setiap domain menjangkau semua domain lain</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zona</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Pref.</source>
        <translation>Pref.</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>The domain this record belongs to</source>
        <translation>Domain pemilik record ini</translation>
    </message>
    <message>
        <source>The name asked for</source>
        <translation>Nama yang ditanyakan</translation>
    </message>
    <message>
        <source>MX: a mail server of the zone. A: an IPv4 address.</source>
        <translation>MX: server surat zona ini. A: alamat IPv4.</translation>
    </message>
    <message>
        <source>MX preference: the lowest is tried first</source>
        <translation>Preference MX: yang terendah dicoba lebih dulu</translation>
    </message>
    <message>
        <source>MX: the mail server&apos;s host name. A: the address.</source>
        <translation>MX: nama host server surat. A: alamatnya.</translation>
    </message>
    <message>
        <source>How long (seconds) others may remember the answer</source>
        <translation>Berapa lama (detik) pihak lain boleh mengingat jawabannya</translation>
    </message>
    <message>
        <source>The DNS server reads this table for every query. MX: mail for the zone goes to the host with the lowest preference first. A: the address of a host. Double-click a cell to change it; the next lookup sees the change.</source>
        <translation>Server DNS membaca tabel ini untuk setiap kueri. MX: surat untuk zona ini dikirim dulu ke host dengan preference terendah. A: alamat sebuah host. Klik dua kali sebuah sel untuk mengubahnya; pencarian berikutnya langsung melihat perubahannya.</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>Alias</translation>
    </message>
    <message>
        <source>Member (delivered to)</source>
        <translation>Anggota (tujuan antar)</translation>
    </message>
    <message>
        <source>Owner (gets the bounces)</source>
        <translation>Pemilik (menerima bounce)</translation>
    </message>
    <message>
        <source>The alias expander looks up every recipient here: an alias is replaced by its members (one row per member). Double-click a cell to change it; the next message is expanded with the change.</source>
        <translation>Pengurai alias mencari setiap penerima di sini: alias diganti dengan anggotanya (satu baris per anggota). Klik dua kali sebuah sel untuk mengubahnya; pesan berikutnya diuraikan dengan perubahan itu.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Tidak tersimpan: %1</translation>
    </message>
    <message>
        <source>Saved. It applies to the next message or lookup.</source>
        <translation>Tersimpan. Berlaku untuk pesan atau pencarian berikutnya.</translation>
    </message>
    <message>
        <source>%1 has no aliases yet. &quot;Add row&quot; creates one: type the alias and the address it stands for.</source>
        <translation>%1 belum punya alias. &quot;Tambah baris&quot; membuat satu: ketik aliasnya dan alamat yang diwakilinya.</translation>
    </message>
    <message>
        <source>The zone is empty: every lookup fails.</source>
        <translation>Zona kosong: setiap pencarian gagal.</translation>
    </message>
</context>
<context>
    <name>mf::gui::PacketCaptureDialog</name>
    <message>
        <source>Export packet capture</source>
        <translation>Ekspor tangkapan paket</translation>
    </message>
    <message>
        <source>Also save the TLS &amp;key log, so Wireshark can decrypt the TLS sessions</source>
        <translation>Simpan juga &amp;log kunci TLS, agar Wireshark dapat mendekripsi sesi TLS</translation>
    </message>
    <message>
        <source>Warning: the key log holds the session keys. Anyone who has it can read every TLS session of this lesson, passwords included. Share it only with the capture it belongs to.</source>
        <translation>Peringatan: log kunci berisi kunci sesi. Siapa pun yang memilikinya dapat membaca setiap sesi TLS pelajaran ini, termasuk kata sandinya. Bagikan hanya bersama tangkapan yang menjadi pasangannya.</translation>
    </message>
    <message>
        <source>No key log can be saved: %1</source>
        <translation>Log kunci tidak dapat disimpan: %1</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Capture file:</source>
        <translation>Berkas tangkapan:</translation>
    </message>
    <message>
        <source>Save the packet capture</source>
        <translation>Simpan tangkapan paket</translation>
    </message>
    <message>
        <source>pcapng captures (*.pcapng);;All files (*)</source>
        <translation>Tangkapan pcapng (*.pcapng);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Save the TLS key log</source>
        <translation>Simpan log kunci TLS</translation>
    </message>
    <message>
        <source>Key logs (*.keys *.txt);;All files (*)</source>
        <translation>Log kunci (*.keys *.txt);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Key log file:</source>
        <translation>Berkas log kunci:</translation>
    </message>
</context>
<context>
    <name>mf::gui::PacketCaptureExport</name>
    <message>
        <source>Export failed</source>
        <translation>Ekspor gagal</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Tidak dapat menulis %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n packet(s) to %1.</source>
        <translation>
            <numerusform>%n paket tersimpan di %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the TLS key log to %1. It holds the session keys: keep it to yourself.</source>
        <translation>Log kunci TLS tersimpan di %1. Berkas ini berisi kunci sesi: simpan untuk Anda sendiri.</translation>
    </message>
    <message>
        <source>The capture reached its limit of %1 MiB and stopped: later traffic is not in the file.</source>
        <translation>Tangkapan mencapai batas %1 MiB dan berhenti: lalu lintas sesudahnya tidak ada di berkas.</translation>
    </message>
    <message>
        <source>MailFlow&apos;s servers do not use the well-known ports, so tell Wireshark which protocol each port carries (Analyze &gt; Decode As…), or open the file with:</source>
        <translation>Server MailFlow tidak memakai port baku, jadi beri tahu Wireshark protokol yang dibawa setiap port (Analyze &gt; Decode As…), atau buka berkas dengan:</translation>
    </message>
    <message>
        <source>Packet capture saved</source>
        <translation>Tangkapan paket tersimpan</translation>
    </message>
    <message>
        <source>&amp;Packet capture…</source>
        <translation>&amp;Tangkapan paket…</translation>
    </message>
    <message>
        <source>Save what crossed the network as a pcapng file for Wireshark</source>
        <translation>Simpan apa yang melintasi jaringan sebagai berkas pcapng untuk Wireshark</translation>
    </message>
</context>
<context>
    <name>mf::gui::ScenarioBrowser</name>
    <message>
        <source>(finished)</source>
        <translation>(selesai)</translation>
    </message>
    <message>
        <source>Open a lesson file</source>
        <translation>Buka berkas pelajaran</translation>
    </message>
    <message>
        <source>MailFlow scenarios (*.json);;All files (*)</source>
        <translation>Skenario MailFlow (*.json);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>No problems found: %1 domain(s), %2 user(s), %3 timeline action(s), %4 expectation(s).</source>
        <translation>Tidak ada masalah: %1 domain, %2 pengguna, %3 aksi linimasa, %4 ekspektasi.</translation>
    </message>
    <message>
        <source>Lesson started. Press Play (Space) or step with Right.</source>
        <translation>Pelajaran dimulai. Tekan Jalankan (Spasi) atau maju selangkah dengan Kanan.</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Baris %1</translation>
    </message>
    <message>
        <source>The running lesson goes on.</source>
        <translation>Pelajaran yang sedang berjalan tetap berlanjut.</translation>
    </message>
    <message>
        <source>1 problem in %1.</source>
        <translation>1 masalah di %1.</translation>
    </message>
    <message>
        <source>%1 problems in %2.</source>
        <translation>%1 masalah di %2.</translation>
    </message>
    <message>
        <source>Fix the file, then press Validate again.</source>
        <translation>Perbaiki berkasnya, lalu tekan Validasi lagi.</translation>
    </message>
    <message>
        <source>The lesson could not start. The previous lesson keeps running.</source>
        <translation>Pelajaran tidak dapat dimulai. Pelajaran sebelumnya tetap berjalan.</translation>
    </message>
    <message>
        <source>The lesson could not start. Fix the problem, then press Open again, or open another lesson.</source>
        <translation>Pelajaran tidak dapat dimulai. Perbaiki masalahnya, lalu tekan Buka lagi, atau buka pelajaran lain.</translation>
    </message>
    <message>
        <source>Bundled lessons</source>
        <translation>Pelajaran bawaan</translation>
    </message>
    <message>
        <source>Files from disk</source>
        <translation>Berkas dari disk</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>Buka berkas…</translation>
    </message>
    <message>
        <source>Add a scenario file (JSON) from disk to the list and check it.</source>
        <translation>Tambahkan berkas skenario (JSON) dari disk ke daftar dan periksa.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Start this lesson from the beginning. A file with problems is not started.</source>
        <translation>Mulai pelajaran ini dari awal. Berkas yang bermasalah tidak dijalankan.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Read the running lesson&apos;s file again (after editing it) and start it from the beginning.</source>
        <translation>Baca lagi berkas pelajaran yang sedang berjalan (setelah diedit) dan mulai dari awal.</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Validasi</translation>
    </message>
    <message>
        <source>Check the file against the scenario format and list every problem with its line.</source>
        <translation>Periksa berkas terhadap format skenario dan tampilkan setiap masalah beserta barisnya.</translation>
    </message>
    <message>
        <source>Choose a lesson</source>
        <translation>Pilih pelajaran</translation>
    </message>
    <message>
        <source>Pick a lesson in the list above to read the lecturer&apos;s notes, then press Open.</source>
        <translation>Pilih pelajaran di daftar atas untuk membaca catatan dosen, lalu tekan Buka.</translation>
    </message>
    <message>
        <source>Bundled lesson: %1</source>
        <translation>Pelajaran bawaan: %1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Berkas: %1</translation>
    </message>
    <message>
        <source>(running)</source>
        <translation>(berjalan)</translation>
    </message>
    <message>
        <source>This lesson has no notes.</source>
        <translation>Pelajaran ini tidak punya catatan.</translation>
    </message>
    <message>
        <source>This file has problems and cannot be opened. Press Validate to list them.</source>
        <translation>Berkas ini bermasalah dan tidak dapat dibuka. Tekan Validasi untuk melihat daftarnya.</translation>
    </message>
</context>
<context>
    <name>mf::gui::TranscriptModel</name>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Di mana</translation>
    </message>
    <message>
        <source>Bytes on the wire</source>
        <translation>Byte di jaringan</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Apa yang terjadi</translation>
    </message>
    <message>
        <source>What an eavesdropper can tell</source>
        <translation>Yang bisa diketahui penyadap</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Artinya</translation>
    </message>
</context>
<context>
    <name>mf::gui::TranscriptPanel</name>
    <message>
        <source>Click a line to go to that step; the highlighted line is the current step. Its layers are shown here.</source>
        <translation>Klik sebuah baris untuk menuju langkah itu; baris yang disorot adalah langkah saat ini. Lapisan-lapisannya ditampilkan di sini.</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>&amp;Protokol:</translation>
    </message>
    <message>
        <source>&amp;Node:</source>
        <translation>&amp;Simpul:</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Pesan:</translation>
    </message>
    <message>
        <source>Show only the events of one protocol (SMTP includes submission and SMTPS, POP3 includes POP3S, IMAP includes IMAPS)</source>
        <translation>Tampilkan hanya peristiwa satu protokol (SMTP mencakup submission dan SMTPS, POP3 mencakup POP3S, IMAP mencakup IMAPS)</translation>
    </message>
    <message>
        <source>Show only what happened at one node: hops to or from it, its own events, and the protocol lines of its server</source>
        <translation>Tampilkan hanya yang terjadi di satu simpul: hop ke atau dari simpul itu, peristiwanya sendiri, dan baris protokol servernya</translation>
    </message>
    <message>
        <source>Show only the events that name one message (hops, queues, deliveries) and its copies</source>
        <translation>Tampilkan hanya peristiwa yang menyebut satu pesan (hop, antrean, pengiriman) beserta salinannya</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Tampilkan semua</translation>
    </message>
    <message>
        <source>No event up to the current step passes these filters. Choose another, or Show all.</source>
        <translation>Tidak ada peristiwa sampai langkah ini yang lolos filter ini. Pilih yang lain, atau Tampilkan semua.</translation>
    </message>
    <message>
        <source>Clear the protocol, node and message filters</source>
        <translation>Hapus filter protokol, simpul, dan pesan</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Semua</translation>
    </message>
    <message>
        <source>MailFlow transcript: %1</source>
        <translation>Transkrip MailFlow: %1</translation>
    </message>
    <message>
        <source>Export the transcript (%1) as HTML</source>
        <translation>Ekspor transkrip (%1) sebagai HTML</translation>
    </message>
    <message>
        <source>Export the transcript (%1) as text</source>
        <translation>Ekspor transkrip (%1) sebagai teks</translation>
    </message>
    <message>
        <source>Web pages (*.html)</source>
        <translation>Halaman web (*.html)</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Berkas teks (*.txt)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Ekspor gagal</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Tidak dapat menulis %1: %2</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Semua peristiwa</translation>
    </message>
    <message>
        <source>Every step of the lesson: hops, DNS, database lookups, queues and protocol lines</source>
        <translation>Setiap langkah pelajaran: hop, DNS, pencarian basis data, antrean, dan baris protokol</translation>
    </message>
    <message>
        <source>Eavesdropper view</source>
        <translation>Tampilan penyadap</translation>
    </message>
    <message>
        <source>Show what someone listening on the network sees on this connection: after STARTTLS, or on an implicit-TLS port, only encrypted bytes (Ctrl+E)</source>
        <translation>Tampilkan apa yang dilihat orang yang menyadap jaringan pada koneksi ini: setelah STARTTLS, atau di port TLS implisit, hanya byte terenkripsi (Ctrl+E)</translation>
    </message>
    <message>
        <source>Eavesdropper view: the bytes that really crossed the network on this connection. Before STARTTLS anyone can read them; after the TLS handshake only encrypted TLS records are visible. Untick the button to see the decrypted dialogue.</source>
        <translation>Tampilan penyadap: byte yang benar-benar melewati jaringan pada koneksi ini. Sebelum STARTTLS siapa pun bisa membacanya; setelah handshake TLS hanya record TLS terenkripsi yang terlihat. Matikan tombol ini untuk melihat dialog yang sudah didekripsi.</translation>
    </message>
    <message>
        <source>Transcript (%1) as &amp;text…</source>
        <translation>Transkrip (%1) sebagai &amp;teks…</translation>
    </message>
    <message>
        <source>Transcript (%1) as &amp;HTML…</source>
        <translation>Transkrip (%1) sebagai &amp;HTML…</translation>
    </message>
</context>
<context>
    <name>mf::gui::ViewMenuAdditions</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
    <message>
        <source>Show MailFlow in English</source>
        <translation>Tampilkan MailFlow dalam bahasa Inggris</translation>
    </message>
    <message>
        <source>Show MailFlow in Bahasa Indonesia</source>
        <translation>Tampilkan MailFlow dalam Bahasa Indonesia</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>Mode p&amp;resentasi</translation>
    </message>
    <message>
        <source>Large text and strong contrast for a projector (F5)</source>
        <translation>Teks besar dan kontras kuat untuk proyektor (F5)</translation>
    </message>
    <message>
        <source>&amp;Animations</source>
        <translation>&amp;Animasi</translation>
    </message>
    <message>
        <source>Envelopes travel and lines stay a moment; off, each step jumps straight to its state</source>
        <translation>Amplop bergerak dan baris tampil sejenak; jika mati, setiap langkah langsung melompat ke keadaannya</translation>
    </message>
</context>
<context>
    <name>mf::gui::WorldSession</name>
    <message>
        <source>Cannot create a temporary directory for the lesson: %1</source>
        <translation>Tidak dapat membuat direktori sementara untuk pelajaran: %1</translation>
    </message>
    <message>
        <source>The lesson could not start: %1</source>
        <translation>Pelajaran tidak dapat dimulai: %1</translation>
    </message>
</context>
</TS>
