#include "ExplanationTables.h"

namespace mf::explain {

namespace {

const Entry kCommands[] = {
    {"USER", {"Gives the mailbox user name (the password follows with PASS).",
              "Menyebutkan nama pengguna kotak surat (kata sandi menyusul dengan PASS)."},
     "RFC 1939 §7"},
    {"PASS", {"Gives the password in clear text: only safe inside TLS (POP3S or after STLS).",
              "Mengirim kata sandi sebagai teks biasa: hanya aman di dalam TLS (POP3S atau setelah STLS)."},
     "RFC 1939 §7"},
    {"APOP", {"Logs in with an MD5 digest of the greeting's timestamp and the password.",
              "Login dengan digest MD5 dari stempel waktu pada salam dan kata sandi."},
     "RFC 1939 §7"},
    {"AUTH", {"Logs in with a SASL mechanism (PLAIN sends the password base64-encoded).",
              "Login dengan mekanisme SASL (PLAIN mengirim kata sandi dalam base64)."},
     "RFC 5034 §4"},
    {"STAT", {"Asks how many messages are in the maildrop and their total size in octets.",
              "Menanyakan jumlah pesan di kotak surat dan total ukurannya dalam oktet."},
     "RFC 1939 §5"},
    {"LIST", {"Lists message numbers and their sizes in octets.", "Menampilkan nomor pesan beserta ukurannya dalam oktet."},
     "RFC 1939 §5"},
    {"RETR", {"Downloads a whole message to the user's device.", "Mengunduh satu pesan utuh ke perangkat pengguna."},
     "RFC 1939 §5"},
    {"DELE", {"Marks a message for deletion; it is really deleted only after QUIT. This is why POP3 usually leaves nothing on the server.",
              "Menandai pesan untuk dihapus; pesan benar-benar dihapus hanya setelah QUIT. Inilah sebabnya POP3 biasanya tidak menyisakan surat di server."},
     "RFC 1939 §5"},
    {"NOOP", {"Does nothing; keeps the connection alive.", "Tidak melakukan apa-apa; menjaga koneksi tetap hidup."},
     "RFC 1939 §5"},
    {"RSET", {"Unmarks every message marked for deletion in this session.",
              "Membatalkan semua tanda hapus pada sesi ini."},
     "RFC 1939 §5"},
    {"QUIT", {"Ends the session; the server now deletes the messages marked with DELE (UPDATE state).",
              "Mengakhiri sesi; server kini menghapus pesan yang ditandai DELE (status UPDATE)."},
     "RFC 1939 §6"},
    {"TOP", {"Downloads a message's headers and the first n lines of its body.",
             "Mengunduh header pesan dan n baris pertama badannya."},
     "RFC 1939 §7"},
    {"UIDL", {"Asks for each message's unique id, so a client can remember what it already downloaded.",
              "Meminta id unik setiap pesan, agar klien ingat pesan mana yang sudah diunduh."},
     "RFC 1939 §7"},
    {"CAPA", {"Asks which capabilities the server supports.", "Menanyakan kemampuan apa saja yang didukung server."},
     "RFC 2449 §5"},
    {"STLS", {"Asks to switch this connection to TLS before logging in.",
              "Meminta agar koneksi ini beralih ke TLS sebelum login."},
     "RFC 2595 §4"},
};

const Entry kResponseCodes[] = {
    {"IN-USE", {"The mailbox is locked by another session (only one POP3 session may hold it).",
                "Kotak surat sedang dikunci sesi lain (hanya satu sesi POP3 yang boleh memegangnya)."},
     "RFC 2449 §8.1.1"},
    {"LOGIN-DELAY", {"Logging in again so soon is not allowed.", "Login ulang secepat ini tidak diizinkan."},
     "RFC 2449 §8.1.2"},
    {"AUTH", {"Authentication failed (wrong credentials, or TLS required first).",
              "Autentikasi gagal (kredensial salah, atau harus TLS dahulu)."},
     "RFC 3206 §4"},
    {"SYS/TEMP", {"A temporary server problem; try again later.", "Masalah server sementara; coba lagi nanti."},
     "RFC 3206 §5"},
    {"SYS/PERM", {"A permanent server problem.", "Masalah server permanen."}, "RFC 3206 §5"},
};

const Entry kCapabilities[] = {
    {"TOP", {"The server supports TOP.", "Server mendukung TOP."}, "RFC 2449 §6.1"},
    {"USER", {"The server accepts USER/PASS logins.", "Server menerima login USER/PASS."}, "RFC 2449 §6.2"},
    {"SASL", {"SASL login mechanisms the server offers.", "Mekanisme login SASL yang ditawarkan server."},
     "RFC 2449 §6.3"},
    {"RESP-CODES", {"Error replies carry codes in brackets such as [IN-USE].",
                    "Balasan galat membawa kode dalam kurung siku seperti [IN-USE]."},
     "RFC 2449 §6.4"},
    {"PIPELINING", {"The client may send several commands at once.", "Klien boleh mengirim beberapa perintah sekaligus."},
     "RFC 2449 §6.6"},
    {"UIDL", {"The server supports UIDL (unique ids).", "Server mendukung UIDL (id unik)."}, "RFC 2449 §6.7"},
    {"IMPLEMENTATION", {"The server software's name.", "Nama perangkat lunak server."}, "RFC 2449 §6.9"},
    {"STLS", {"The server can switch to TLS with STLS.", "Server dapat beralih ke TLS dengan STLS."}, "RFC 2595 §4"},
    {"EXPIRE", {"How long the server keeps messages.", "Berapa lama server menyimpan pesan."}, "RFC 2449 §6.7"},
    {"LOGIN-DELAY", {"Minimum time between logins.", "Jeda minimum antar login."}, "RFC 2449 §6.5"},
};

} // namespace

const Entry *pop3Command(QByteArrayView verb) { return find(kCommands, verb); }
const Entry *pop3ResponseCode(QByteArrayView code) { return find(kResponseCodes, code); }
const Entry *pop3Capability(QByteArrayView keyword) { return find(kCapabilities, keyword); }

} // namespace mf::explain
