#!/usr/bin/env python3
"""Writes the regression corpus of the fuzz targets: the hostile inputs of issue #15, each as a file of
the target that reads it. The big ones (nesting tens of thousands deep) are made here rather than
committed; the small ones are also committed in tests/fuzz/regression/<target>/ (`--small`), beside the
inputs a fuzzer once found.

Usage: make_regression.py OUT_DIR           every input, into OUT_DIR/<target>/
       make_regression.py --small [OUT_DIR] only those under 4 KB (default OUT_DIR: tests/fuzz/regression)

The session targets read a control byte first (tests/fuzz/FuzzSupport.h): 0x00 feeds the bytes whole."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WHOLE = b'\x00'
LOGIN = b'a0 LOGIN bob secret\r\n'
SELECT = LOGIN + b'a1 SELECT INBOX\r\n'


def nested_multipart(depth: int) -> bytes:
    head = bytearray(b'From: mallory@evil.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n')
    tail = bytearray()
    for level in range(depth):
        head += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level)
        tail = b'\r\n--b%d--\r\n' % level + tail
    head += b'Content-Type: text/plain\r\n\r\nbottom\r\n'
    return bytes(head + tail)


def nested_rfc822(depth: int) -> bytes:
    return (b'From: mallory@evil.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n'
            + b'Content-Type: message/rfc822\r\n\r\n' * depth + b'Subject: bottom\r\n\r\nbottom\r\n')


def imap_commands() -> dict[str, bytes]:
    """Issue #15's IMAP commands, as the parser sees them (no CRLF)."""
    return {
        'search-60000-parens': b'a SEARCH ALL ' + b'(' * 60000 + b'ALL',
        'search-not-16000': b'a SEARCH ' + b'NOT ' * 16000 + b'ALL',
        'search-or-9000': b'a SEARCH ' + b'OR ' * 9000 + b'ALL ' * 9000 + b'ALL',
        'search-paren-first-key': b't SEARCH (ALL)',
        'search-star': b't SEARCH *',
        'uid-alone': b'a UID',
        'list-120-stars': b'a LIST "" "' + b'*' * 120 + b'Z"',
        'list-40000-stars': b'a LIST "" "' + b'*' * 40000 + b'Z"',
        'create-20000-levels': b'a CREATE ' + b'a/' * 20000 + b'b',
        'fetch-body-4294967295': b'a FETCH 1 BODY[4294967295]',
        'fetch-body-4294967296': b'a FETCH 1 BODY[4294967296.1]',
        'append-zone-9999': b'a APPEND INBOX "01-Jan-2020 00:00:00 +9999" {5}\r\nhello',
    }


def inputs() -> dict[str, dict[str, bytes]]:
    corpus: dict[str, dict[str, bytes]] = {}
    commands = imap_commands()
    corpus['fuzz_imap_parser'] = dict(commands)
    server = {}
    for name, command in commands.items():
        prefix = SELECT if name.startswith(('search', 'fetch', 'uid')) else LOGIN
        server[name] = WHOLE + prefix + command + b'\r\n'
        server[name + '-before-login'] = WHOLE + command + b'\r\n'
    # APPEND with a literal past the limit, its tag carrying a bare LF: the TOOBIG reply must not echo it.
    server['toobig-bad-tag'] = WHOLE + LOGIN + b'ta\ng APPEND INBOX {999999999}\r\n'
    server['toobig-bad-tag-plus'] = WHOLE + LOGIN + b'ta\rg APPEND INBOX {999999999+}\r\nx\r\n'
    # A LITERAL+ literal of 0 octets, many times: a command that keeps growing.
    server['literal-plus-zero'] = WHOLE + LOGIN + b'a SEARCH' + b' {0+}\r\n' * 20000 + b'\r\n'
    # A message nested deep, appended and then fetched (BODYSTRUCTURE is what crashed).
    deep = nested_rfc822(5000)
    server['append-rfc822-5000-fetch'] = (WHOLE + SELECT + b'a2 APPEND INBOX {%d+}\r\n' % len(deep) + deep
                                          + b'\r\na3 FETCH * (BODYSTRUCTURE BODY ENVELOPE BODY[1.1.1.1])\r\n')
    corpus['fuzz_imap_server'] = server
    corpus['fuzz_mime'] = {
        'multipart-20000-deep': nested_multipart(20000),
        'rfc822-20000-deep': nested_rfc822(20000),
    }
    corpus['fuzz_explainer'] = {
        'uid-alone': b'\x02C: a UID\nS: a BAD x\n',
        'uid-alone-crlf': b'\x02C: a UID\r\n',
        'uid-space': b'\x02C: a UID \n',
    }
    return corpus


def main() -> None:
    args = sys.argv[1:]
    small = '--small' in args
    args = [a for a in args if a != '--small']
    if not args and not small:
        sys.exit(__doc__)
    out = Path(args[0]) if args else HERE / 'regression'
    for target, files in inputs().items():
        for name, data in files.items():
            if small and len(data) >= 4096:
                continue
            (out / target).mkdir(parents=True, exist_ok=True)
            (out / target / name).write_bytes(data)
    print(f'regression inputs written to {out}')


if __name__ == '__main__':
    main()
