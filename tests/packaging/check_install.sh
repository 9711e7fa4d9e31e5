#!/usr/bin/env bash
# `cmake --install` of the build tree into a scratch prefix puts every expected file in place, the
# installed program runs from there, and the installed desktop entry, metainfo and icon agree with each
# other (appstreamcli validate-tree).
#   check_install.sh BUILD_DIR EXPECTED_FILES
set -uo pipefail
build=$1
expected=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail=0
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
while read -r file; do
    [[ -z "$file" || "$file" == \#* ]] && continue
    if [[ ! -s "$prefix/$file" ]]; then
        echo "missing or empty: $file"
        fail=1
    fi
done <"$expected"
if [[ ! -x "$prefix/bin/mailflow" ]]; then
    echo "bin/mailflow is not executable"
    fail=1
fi
# Nothing lands outside the expected list (a stray install() would go unnoticed in the .deb otherwise).
unexpected=$(cd "$prefix" && find . -type f | sed 's|^\./||' | grep -vxF -f <(grep -v '^#' "$expected"))
if [[ -n "$unexpected" ]]; then
    printf 'installed but not expected:\n%s\n' "$unexpected"
    fail=1
fi
scenarios=$("$prefix/bin/mailflow" scenarios --lang en 2>&1)
if ! grep -q '^01-basic-pop3 ' <<<"$scenarios"; then
    printf 'installed mailflow scenarios does not list 01-basic-pop3:\n%s\n' "$scenarios"
    fail=1
fi
tree=$(appstreamcli validate-tree --no-net --no-color "$prefix" 2>&1)
if [[ $? -ne 0 ]] || grep -qE '^[EWI]: ' <<<"$tree"; then
    printf 'appstreamcli validate-tree:\n%s\n' "$tree"
    fail=1
fi
if [[ $fail -ne 0 ]]; then
    echo "FAIL: cmake --install $build"
    exit 1
fi
echo "ok: every expected file installed under a scratch prefix; validate-tree passes"
