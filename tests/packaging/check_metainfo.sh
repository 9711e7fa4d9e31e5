#!/usr/bin/env bash
# The AppStream metainfo passes `appstreamcli validate --no-net` (package appstream) with nothing to
# report beyond pedantic notes.
#   check_metainfo.sh FILE.metainfo.xml
set -uo pipefail
output=$(appstreamcli validate --no-net --no-color "$1" 2>&1)
status=$?
printf '%s\n' "$output"
if [[ $status -ne 0 ]] || grep -qE '^[EWI]: ' <<<"$output"; then
    echo "FAIL: appstreamcli validate reports problems for $1"
    exit 1
fi
echo "ok: $1"
