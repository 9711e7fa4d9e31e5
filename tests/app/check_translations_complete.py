#!/usr/bin/env python3
"""Fails when a user-visible string of app/ has no Indonesian translation.

usage: check_translations_complete.py <lupdate> <app source dir> <mailflow_id.ts> <scratch dir>

lupdate refreshes a COPY of the .ts file from app/ first, so a new tr() string that nobody ran
`make translations` for is caught as well as an entry left type="unfinished". Placeholders (%1, %n)
must survive translation, or the text shown would lose its numbers and names.
"""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

lupdate, app_dir, ts_file, scratch = sys.argv[1:5]
os.makedirs(scratch, exist_ok=True)
copy = os.path.join(scratch, os.path.basename(ts_file))
shutil.copyfile(ts_file, copy)
subprocess.run([lupdate, app_dir, '-ts', copy, '-no-obsolete', '-locations', 'none', '-silent'],
               check=True)

problems = []
placeholder = re.compile(r'%(?:\d+|n)')
for context in ET.parse(copy).getroot().iter('context'):
    name = context.findtext('name')
    for message in context.iter('message'):
        source = message.findtext('source')
        translation = message.find('translation')
        kind = translation.get('type')
        texts = [form.text or '' for form in translation.iter('numerusform')] or [translation.text or '']
        if kind in ('unfinished', 'obsolete', 'vanished'):
            problems.append(f'{kind}: {name}: {source!r}')
        elif not all(t.strip() for t in texts):
            problems.append(f'empty: {name}: {source!r}')
        elif any(sorted(placeholder.findall(t)) != sorted(placeholder.findall(source)) for t in texts):
            problems.append(f'placeholders differ: {name}: {source!r} -> {texts!r}')

if problems:
    print(f'{len(problems)} string(s) of {ts_file} need work '
          '(run `make translations`, then translate them):')
    print('\n'.join('  ' + p for p in problems))
    sys.exit(1)
print('every string of app/ is translated')
