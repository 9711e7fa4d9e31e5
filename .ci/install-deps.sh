#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages MailFlow needs. Idempotent: only missing packages are installed.
#   .ci/install-deps.sh          what building and running the app needs
#   .ci/install-deps.sh --tests  also the real clients and servers the tests talk to
#   .ci/install-deps.sh --fuzz   those and clang with libFuzzer (.ci/fuzz-and-sanitize.sh)
set -euo pipefail

build_pkgs=(cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-charts-dev libqt6opengl6-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
    libssl-dev libgmime-3.0-dev libjemalloc-dev openssl fonts-dejavu-core
    dpkg-dev)
test_pkgs=(python3 python3-aiosmtpd curl swaks libnet-ssleay-perl dnsutils fetchmail tshark
    dovecot-core dovecot-imapd dovecot-pop3d postfix xvfb xauth imagemagick
    desktop-file-utils appstream groff-base man-db file)
fuzz_pkgs=(clang libclang-rt-14-dev)

pkgs=("${build_pkgs[@]}")
if [[ "${1:-}" == "--tests" || "${1:-}" == "--fuzz" ]]; then
    pkgs+=("${test_pkgs[@]}")
fi
if [[ "${1:-}" == "--fuzz" ]]; then
    pkgs+=("${fuzz_pkgs[@]}")
fi

missing=()
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
echo "Installing: ${missing[*]}"
# Postfix is only needed for its smtp-sink benchmark tool: never let it configure a running mail system.
echo "postfix postfix/main_mailer_type select No configuration" | "${sudo[@]}" debconf-set-selections
# tshark reads the packet captures in the tests; it needs no setuid dumpcap for that.
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo[@]}" debconf-set-selections
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The tests start Dovecot privately; a system-wide Dovecot on ports 110/143 is not wanted.
if [[ " ${missing[*]} " == *" dovecot-core "* ]] && command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
    "${sudo[@]}" systemctl disable --now dovecot >/dev/null 2>&1 || true
fi
