#!/bin/sh
# Screenshots of the default lesson (start, mid-SMTP with bubbles, delivered, presentation mode) under
# Xvfb, at a projector's 1366x768 unless told otherwise:
#   tools/screenshots.sh [OUTPUT_DIR] [WIDTHxHEIGHT] [BUILD_DIR] [SCENARIO]
# With a SCENARIO (e.g. 04-alias-list), that lesson at its start and its end instead.
set -eu
out=${1:-screenshots}
size=${2:-1366x768}
build=${3:-build}
scenario=${4:-}
bin="$build/tests/app/mailflow-screenshots"
if [ ! -x "$bin" ]; then
    cmake --build "$build" --target mailflow-screenshots
fi
mkdir -p "$out"
if command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a -s "-screen 0 1920x1080x24" "$bin" "$out" "$size" $scenario
else
    QT_QPA_PLATFORM=offscreen "$bin" "$out" "$size" $scenario
fi
