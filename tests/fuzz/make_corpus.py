#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/ from what the tests
already hold: the C:/S: scripts (tests/imap/scripts, tests/imap/client-scripts, the scripts written as
string literals in tests/*/tst_*.cpp, the connections of tests/golden/*.golden), the messages of
tests/mime/messages, the bundled scenarios, and a few DNS messages built here.

Usage: make_corpus.py [OUT_DIR]   (default: tests/fuzz/corpus next to this script)

Each seed file is named by the SHA-1 of its content, so running it again changes nothing. The session
targets read a control byte first (tests/fuzz/FuzzSupport.h): each script is written fed whole (0x00),
one byte at a time (0x01) and seven octets at a time (0x07)."""

import hashlib
import re
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
ROOT = TESTS.parent
MAX_PER_TARGET = 40

seeds: dict[str, dict[str, bytes]] = {}


def add(target: str, data: bytes) -> None:
    if not data:
        return
    seeds.setdefault(target, {})[hashlib.sha1(data).hexdigest()[:16]] = data


def add_session(target: str, data: bytes, options: tuple[int, ...] = (0,)) -> None:
    """One seed per feeding mode, cycling through the target's option bits."""
    if not data:
        return
    for i, chunk in enumerate((0x00, 0x01, 0x07)):
        add(target, bytes([chunk | options[i % len(options)]]) + data)


def unescape(text: str) -> bytes:
    """The escapes of ConversationScript's R: lines (\\r \\n \\t \\\\ \\xHH)."""
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == '\\' and i + 1 < len(text):
            n = text[i + 1]
            if n == 'x' and i + 3 < len(text) + 1:
                out += bytes([int(text[i + 2:i + 4], 16)])
                i += 4
                continue
            out += {'r': b'\r', 'n': b'\n', 't': b'\t', '\\': b'\\'}.get(n, n.encode())
            i += 2
            continue
        out += c.encode()
        i += 1
    return bytes(out)


def split_script(text: str) -> tuple[bytes, bytes]:
    """A C:/S: script -> (what the client sends, what the server sends), CRLF line ends."""
    client, server = bytearray(), bytearray()
    for line in text.splitlines():
        if line.startswith('C:'):
            client += line[3:].encode() + b'\r\n' if line.startswith('C: ') else b'\r\n'
        elif line.startswith('R: '):
            client += unescape(line[3:])
        elif line.startswith('S:'):
            server += line[3:].encode() + b'\r\n' if line.startswith('S: ') else b'\r\n'
    return bytes(client), bytes(server)


def explainer_seed(text: str) -> bytes:
    return '\n'.join(l for l in text.splitlines() if l.startswith(('C:', 'S:'))).encode() + b'\n'


def c_literals(source: str) -> list[str]:
    """Runs of adjacent C++ string literals (ordinary and raw), each run concatenated."""
    token = re.compile(r'R"([^(\s]*)\((.*?)\)\1"|"((?:[^"\\\n]|\\.)*)"', re.S)
    runs, current, last_end = [], [], None
    for m in token.finditer(source):
        between = source[last_end:m.start()] if last_end is not None else ''
        if last_end is not None and not re.fullmatch(r'\s*(\+\s*\w+\s*\+\s*|\+\s*)?', between):
            runs.append(''.join(current))
            current = []
        if m.group(2) is not None:
            current.append(m.group(2))
        else:
            current.append(m.group(3).encode().decode('unicode_escape', errors='replace')
                           if '\\' in m.group(3) else m.group(3))
        last_end = m.end()
    if current:
        runs.append(''.join(current))
    return [r for r in runs if re.search(r'^(C|S): ', r, re.M)]


def protocol_bits(proto: str) -> int:
    return {'smtp': 0, 'submission': 0, 'smtps': 0, 'pop3': 1, 'pop3s': 1, 'imap': 2, 'imaps': 2}.get(proto, 3)


def from_connection(proto: str, text: str) -> None:
    client, server = split_script(text)
    p = protocol_bits(proto)
    add(f'fuzz_explainer', bytes([p]) + explainer_seed(text))
    # Scripts in the unit tests often start from a shared prefix held in a variable (a greeting, EHLO, a
    # login): put the usual one back, so the seed reaches the states past it.
    if p == 0:
        if client and not re.match(rb'(?i)(EHLO|HELO)', client):
            client = b'EHLO client.example\r\n' + client
        if server and not server.startswith(b'220'):
            server = b'220 mx.b.example ESMTP\r\n250-mx.b.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n' + server
        add_session('fuzz_smtp_server', client, (0, 0x40, 0x80))
        add_session('fuzz_smtp_client', server, (0, 0x40, 0x80))
    elif p == 1:
        if client and not re.search(rb'(?im)^(PASS|APOP|AUTH|USER) ', client):
            client = b'USER bob\r\nPASS secret\r\n' + client
        add_session('fuzz_pop3_server', client, (0, 0x40))
    elif p == 2:
        add_session('fuzz_imap_server', client, (0, 0x80, 0x40))
        for line in client.split(b'\r\n'):
            if line:
                add('fuzz_imap_parser', line)


def dns_name(name: str) -> bytes:
    return b''.join(bytes([len(l)]) + l.encode() for l in name.split('.') if l) + b'\0'


def dns_seeds() -> None:
    q_mx = struct.pack('>HHHHHH', 0x1a2b, 0x0100, 1, 0, 0, 0) + dns_name('b.example') + struct.pack('>HH', 15, 1)
    add('fuzz_dns_message', q_mx)
    # A response: MX answer, A additional, names compressed against the question (offset 12).
    answer = b'\xc0\x0c' + struct.pack('>HHIH', 15, 1, 300, 2 + 2 + 3) + struct.pack('>H', 10) + b'\x02mx\xc0\x0c'
    mx_offset = 12 + len(dns_name('b.example')) + 4 + 12 + 2
    additional = struct.pack('>H', 0xc000 | mx_offset) + struct.pack('>HHIH', 1, 1, 300, 4) + bytes([127, 0, 0, 3])
    add('fuzz_dns_message', struct.pack('>HHHHHH', 0x1a2b, 0x8580, 1, 1, 0, 1) + q_mx[12:] + answer + additional)
    # NXDOMAIN with the zone's SOA in the authority section.
    soa = dns_name('ns.b.example') + dns_name('hostmaster.b.example') + struct.pack('>IIIII', 1, 3600, 600, 86400, 300)
    add('fuzz_dns_message', struct.pack('>HHHHHH', 7, 0x8583, 1, 0, 1, 0) + dns_name('nope.b.example')
        + struct.pack('>HH', 1, 1) + dns_name('b.example') + struct.pack('>HHIH', 6, 1, 300, len(soa)) + soa)
    # TXT, CNAME and an unknown type; a pointer loop; a truncated message.
    txt = b'\x05hello\x05world'
    add('fuzz_dns_message', struct.pack('>HHHHHH', 9, 0x8400, 0, 3, 0, 0)
        + dns_name('a.example') + struct.pack('>HHIH', 16, 1, 60, len(txt)) + txt
        + dns_name('w.a.example') + struct.pack('>HHIH', 5, 1, 60, 2) + b'\xc0\x0c'
        + dns_name('x.a.example') + struct.pack('>HHIH', 99, 1, 60, 4) + b'\x01\x02\x03\x04')
    add('fuzz_dns_message', struct.pack('>HHHHHH', 1, 0x0100, 1, 0, 0, 0) + b'\xc0\x0c' + struct.pack('>HH', 1, 1))
    add('fuzz_dns_message', q_mx[:20])


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / 'corpus'
    for script in sorted((TESTS / 'imap' / 'scripts').glob('*.imap')):
        from_connection('imap', script.read_text())
    for script in sorted((TESTS / 'imap' / 'client-scripts').glob('*.imap')):
        add('fuzz_explainer', bytes([2]) + explainer_seed(script.read_text()))
    for golden in sorted((TESTS / 'golden').glob('*.golden')):
        for block in re.split(r'^== ', golden.read_text(), flags=re.M):
            m = re.match(r'connection (\w+)', block)
            if m:
                from_connection(m.group(1), block)
    for source, proto in (('smtp/tst_smtpserversession.cpp', 'smtp'), ('smtp/tst_smtpclientsession.cpp', 'smtp'),
                          ('pop3/tst_pop3serversession.cpp', 'pop3'), ('explain/tst_conversationexplainer.cpp', None)):
        for run in c_literals((TESTS / source).read_text()):
            if proto:
                from_connection(proto, run)
            else:
                for p in range(3):
                    add('fuzz_explainer', bytes([p]) + explainer_seed(run))
    for message in sorted((TESTS / 'mime' / 'messages').glob('*.eml')):
        add('fuzz_mime', message.read_bytes())
    for scenario in sorted((ROOT / 'scenarios').glob('*.json')):
        add('fuzz_scenario_loader', scenario.read_bytes())
    dns_seeds()

    for target, files in sorted(seeds.items()):
        directory = out / target
        directory.mkdir(parents=True, exist_ok=True)
        # Keep the biggest variety: the largest seeds first (they carry the most of a conversation).
        chosen = sorted(files.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_PER_TARGET]
        for name, data in chosen:
            (directory / name).write_bytes(data)
        print(f'{target}: {len(chosen)} seeds (of {len(files)})')


if __name__ == '__main__':
    main()
