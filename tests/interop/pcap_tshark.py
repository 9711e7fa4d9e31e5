"""`mailflow run --pcap FILE --tls-keylog KEYFILE`, read back with Wireshark's tshark and capinfos (issue 16).

The default lesson's capture must show the DNS MX answer for b.example, the POP3 download, and the SMTP
commands of the submission and of the relay: up to STARTTLS without the key log, and all of them in order
(EHLO, MAIL, RCPT, DATA, QUIT) with it. The POP3S lesson's commands are readable
only with the key log: without it tshark sees TLS records, with it the decrypted POP3 commands; the same
for IMAPS (pcap-imaps.json, the POP3S lesson read with IMAPS). In both
captures no packet may be malformed, and every IP, TCP and UDP checksum must be right. The tshark options
come from the command line `mailflow run` prints for the student, so that line is tested as well."""

import os
import shlex
import subprocess
import sys
import tempfile

MAILFLOW = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
CHECKSUMS = ["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]


def run(args, timeout=180):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def capture(scenario, directory):
    name = os.path.splitext(os.path.basename(scenario))[0]
    pcap = os.path.join(directory, name + ".pcapng")
    keys = os.path.join(directory, name + ".keys")
    out = run([MAILFLOW, "run", scenario, "--lang", "en", "--pcap", pcap, "--tls-keylog", keys])
    assert out.returncode == 0, out.stdout + out.stderr
    print(out.stderr, end="")
    hint = [line for line in out.stderr.splitlines() if "read it with: " in line]
    assert hint, "no tshark hint printed:\n" + out.stderr
    command = shlex.split(hint[0].split("read it with: ", 1)[1])
    assert command[:3] == ["tshark", "-r", pcap], command
    assert command[-2:] == ["-o", "tls.keylog_file:" + keys], command
    assert os.stat(keys).st_mode & 0o077 == 0, "the key log must be readable by its owner only"
    decode_as = command[3:-2]
    return pcap, keys, decode_as


def tshark(pcap, decode_as, *args):
    out = run(["tshark", "-r", pcap] + decode_as + list(args))
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    for line in lines:
        print("  tshark> " + line)
    return lines


def check_whole(pcap, decode_as, keys):
    """capinfos reads it; tshark finds nothing malformed and no bad checksum."""
    info = run(["capinfos", "-c", "-M", pcap])
    assert info.returncode == 0, info.stdout + info.stderr
    packets = [line for line in info.stdout.splitlines() if "Number of packets" in line]
    print("  capinfos> " + packets[0].strip())
    assert int(packets[0].split(":")[1]) > 10, info.stdout
    bad = tshark(pcap, decode_as, "-o", "tls.keylog_file:" + keys, *CHECKSUMS, "-Y",
                 "_ws.malformed || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0"
                 " || _ws.expert.severity >= 0x00800000")
    assert bad == [], "malformed packets or bad checksums:\n" + "\n".join(bad)


def in_order(wanted, got):
    it = iter(got)
    return all(any(w == g for g in it) for w in wanted)


def default_lesson(directory):
    pcap, keys, decode_as = capture("01-basic-pop3", directory)
    check_whole(pcap, decode_as, keys)

    # SMTP, per TCP stream. The submission and the relay both go into STARTTLS: without the key log each
    # stream shows its commands up to STARTTLS (Wireshark names commands by their first four letters)...
    def smtp_streams(*options):
        streams = {}
        for line in tshark(pcap, decode_as, *options, "-Y", "smtp.req.command", "-T", "fields",
                           "-e", "tcp.stream", "-e", "smtp.req.command"):
            stream, commands = line.split("\t")
            streams.setdefault(stream, []).extend(commands.split(","))
        return streams

    hidden = smtp_streams()
    assert len(hidden) >= 2 and all(c[-1] in ("STARTTLS", "STAR") and "MAIL" not in c for c in hidden.values()), hidden
    # ... and with it the whole conversation, in order, on the submission and on the relay.
    shown = smtp_streams("-o", "tls.keylog_file:" + keys)
    full = [s for s, commands in shown.items() if in_order(["EHLO", "MAIL", "RCPT", "DATA", "QUIT"], commands)]
    assert len(full) >= 2, "want the submission and the relay, each EHLO MAIL RCPT DATA QUIT: %r" % shown

    mx = tshark(pcap, decode_as, "-Y", "dns.flags.response == 1 && dns.qry.type == 15", "-T", "fields",
                "-e", "dns.qry.name", "-e", "dns.mx.preference", "-e", "dns.mx.mail_exchange")
    assert any(line.startswith("b.example\t") and "mx.b.example" in line for line in mx), mx

    pop = tshark(pcap, decode_as, "-Y", "pop.request.command", "-T", "fields", "-e", "pop.request.command")
    assert in_order(["RETR", "DELE", "QUIT"], pop), pop


def implicit_tls_lesson(directory, scenario, dissector, field, wanted):
    """A lesson that reads mail over implicit TLS (POP3S or IMAPS): its commands are hidden without the key
    log and readable, in order, with it."""
    pcap, keys, decode_as = capture(scenario, directory)
    check_whole(pcap, decode_as, keys)
    ports = [o.split("==")[1].split(",")[0] for o in decode_as if o.startswith("tls.port==") and o.endswith("," + dissector)]
    assert ports, decode_as
    on_port = "tcp.port == %s && %s" % (ports[0], field)
    hidden = tshark(pcap, decode_as, "-Y", on_port, "-T", "fields", "-e", field)
    assert hidden == [], "commands readable without the key log: %r" % hidden
    records = tshark(pcap, decode_as, "-Y", "tcp.port == %s && tls.record" % ports[0], "-T", "fields",
                     "-e", "frame.number")
    assert records, "no TLS records on port %s" % ports[0]
    shown = tshark(pcap, decode_as, "-o", "tls.keylog_file:" + keys, "-Y", on_port, "-T", "fields", "-e", field)
    assert in_order(wanted, [w for line in shown for w in line.split()]), shown


def main():
    with tempfile.TemporaryDirectory() as directory:
        default_lesson(directory)
        implicit_tls_lesson(directory, "03-pop3s", "pop", "pop.request.command", ["AUTH", "RETR", "DELE", "QUIT"])
        implicit_tls_lesson(directory, os.path.join(HERE, "pcap-imaps.json"), "imap", "imap.request",
                            ["AUTHENTICATE", "SELECT", "FETCH", "LOGOUT"])
    print("ok")


if __name__ == "__main__":
    main()
