#!/usr/bin/env bash
# The desktop entry passes desktop-file-validate (desktop-file-utils) with no error or warning; hints
# (such as "more than one main category", which Education;Network; is on purpose) are allowed.
#   check_desktop_entry.sh FILE.desktop
set -uo pipefail
output=$(desktop-file-validate "$1" 2>&1)
status=$?
printf '%s\n' "$output"
if [[ $status -ne 0 ]] || grep -qE ': (error|warning): ' <<<"$output"; then
    echo "FAIL: desktop-file-validate reports errors or warnings for $1"
    exit 1
fi
echo "ok: $1"
