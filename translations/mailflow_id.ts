<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
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
    <name>mf::gui::MainWindow</name>
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
        <translation>Node</translation>
    </message>
    <message>
        <source>Write (User A)</source>
        <translation>Tulis (Pengguna A)</translation>
    </message>
    <message>
        <source>Mail client (User B)</source>
        <translation>Klien email (Pengguna B)</translation>
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
