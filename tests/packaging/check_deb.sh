#!/usr/bin/env bash
# CPack builds the .deb (into a scratch directory, not the build tree's packages/), its control fields
# name the runtime dependencies (dpkg-shlibdeps' Qt 6, GMime, OpenSSL and jemalloc libraries plus the
# ones listed by hand), and the files unpacked into a scratch root are the expected ones under /usr,
# with a program that runs from there.
#   check_deb.sh BUILD_DIR EXPECTED_FILES
set -uo pipefail
build=$1
expected=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail=0
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1; then
    cat "$scratch/cpack.log"
    echo "FAIL: cpack -G DEB"
    exit 1
fi
debs=("$scratch"/out/mailflow_*.deb)
if [[ ${#debs[@]} -ne 1 || ! -f "${debs[0]}" ]]; then
    cat "$scratch/cpack.log"
    echo "FAIL: expected one mailflow_<version>_<arch>.deb, found: ${debs[*]}"
    exit 1
fi
deb=${debs[0]}
arch=$(dpkg --print-architecture)
if [[ "$(basename "$deb")" != mailflow_*_"$arch".deb ]]; then
    echo "package file name is not mailflow_<version>_$arch.deb: $(basename "$deb")"
    fail=1
fi
dpkg-deb --info "$deb"
depends=$(dpkg-deb --field "$deb" Depends)
# dpkg-shlibdeps found these from the binary's NEEDED entries; the last two are listed by hand.
for package in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6sql6 libqt6charts6 \
               'libgmime-3.0-0' libssl3 libjemalloc2 libqt6sql6-sqlite fonts-dejavu-core; do
    if ! grep -qE "(^|, )$package( |,|$)" <<<"$depends"; then
        echo "Depends lacks $package: $depends"
        fail=1
    fi
done
for field in Package Version Architecture Maintainer Section Description; do
    if [[ -z "$(dpkg-deb --field "$deb" "$field")" ]]; then
        echo "control field $field is empty"
        fail=1
    fi
done
root="$scratch/root"
dpkg-deb -x "$deb" "$root"
while read -r file; do
    [[ -z "$file" || "$file" == \#* ]] && continue
    if [[ ! -s "$root/usr/$file" ]]; then
        echo "missing from the package: /usr/$file"
        fail=1
    fi
done <"$expected"
# Stripped (CPACK_STRIP_FILES): no debug sections in the packaged program.
if file "$root/usr/bin/mailflow" | grep -q 'with debug_info'; then
    echo "/usr/bin/mailflow carries debug information"
    fail=1
fi
scenarios=$("$root/usr/bin/mailflow" scenarios --lang en 2>&1)
if ! grep -q '^01-basic-pop3 ' <<<"$scenarios"; then
    printf 'the packaged mailflow scenarios does not list 01-basic-pop3:\n%s\n' "$scenarios"
    fail=1
fi
if [[ $fail -ne 0 ]]; then
    dpkg-deb --contents "$deb"
    echo "FAIL: $(basename "$deb")"
    exit 1
fi
echo "ok: $(basename "$deb") has its dependencies and files"
