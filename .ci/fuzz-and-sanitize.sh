#!/bin/bash
# Fuzzing and sanitizers (issue #15), for CI or by hand (`make fuzz`):
#   1. builds the libFuzzer targets of tests/fuzz with clang (MAILFLOW_FUZZ=ON, ASan+UBSan), nothing else;
#   2. replays each target's regression corpus (tests/fuzz/regression plus the big inputs that
#      tests/fuzz/make_regression.py writes): every input must run clean;
#   3. fuzzes each target for FUZZ_SECONDS (default 30) from a copy of its seed corpus (tests/fuzz/corpus);
#      a crash leaves its input in $FUZZ_BUILD/artifacts/ and fails the run;
#   4. builds the protocol and simulation Qt Test executables under ASan+UBSan and runs them with ctest.
#      By default with gcc in their own tree (MAILFLOW_SANITIZE=ON, jemalloc off: about 26 minutes of
#      compiling on two cores). With SANITIZE_IN_FUZZ_TREE=1 (what CI uses) they are built with clang in
#      the fuzz tree, whose libraries are already compiled under ASan+UBSan, so only the test programs
#      compile. GUI and benchmark programs are not built: tests/app and tests/benchmark are left out, as
#      are the interop tests that need the app.
# Environment: FUZZ_SECONDS, JOBS (default 2), FUZZ_BUILD (build-fuzz), SANITIZE_BUILD (build-sanitize),
# SANITIZE_IN_FUZZ_TREE=1, SKIP_FUZZ=1 or SKIP_SANITIZE=1 to run one half. Everything runs under `nice -n 10`.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-30}
JOBS=${JOBS:-2}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
SANITIZE_BUILD=${SANITIZE_BUILD:-build-sanitize}
TARGETS=(fuzz_smtp_server fuzz_smtp_client fuzz_pop3_server fuzz_imap_parser fuzz_imap_server
         fuzz_dns_message fuzz_mime fuzz_explainer fuzz_scenario_loader)
# Leak checking is off: Qt (plugin loader, the SQLite driver's global state, QCoreApplication kept for the
# process) and GMime (g_mime_init's charset and iconv caches, GObject's type system) keep allocations
# for the life of the process on purpose; LeakSanitizer reports them as leaks at exit and buries real
# findings. Memory errors and undefined behaviour stay fatal.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export QT_QPA_PLATFORM=offscreen

failures=()
declare -A took
phase_start=$SECONDS
phase() { # phase NAME: ends the current phase under NAME
    took[$1]=$((SECONDS - phase_start))
    echo "== $1: ${took[$1]} s"
    phase_start=$SECONDS
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ ${SKIP_FUZZ:-0} != 1 ]]; then
    nice -n 10 cmake -S . -B "$FUZZ_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAILFLOW_FUZZ=ON \
        -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang >/dev/null
    nice -n 10 cmake --build "$FUZZ_BUILD" --target fuzzers -j "$JOBS"
    phase "fuzz build"

    mkdir -p "$work/regression" "$FUZZ_BUILD/artifacts"
    cp -r tests/fuzz/regression/. "$work/regression/"
    python3 tests/fuzz/make_regression.py "$work/regression" >/dev/null
    for t in "${TARGETS[@]}"; do
        [[ -d $work/regression/$t ]] || continue
        echo "-- replaying $(ls "$work/regression/$t" | wc -l) regression inputs of $t"
        if ! nice -n 10 "$FUZZ_BUILD/tests/fuzz/$t" -timeout=60 -rss_limit_mb=4096 "$work/regression/$t"/* \
            >"$work/$t.replay.log" 2>&1; then
            tail -40 "$work/$t.replay.log"
            failures+=("$t: regression input failed")
        fi
    done
    phase "regression replay"

    for t in "${TARGETS[@]}"; do
        mkdir -p "$work/corpus/$t"
        cp -r "tests/fuzz/corpus/$t/." "$work/corpus/$t/" 2>/dev/null || true
        echo "-- fuzzing $t for $FUZZ_SECONDS s"
        if ! nice -n 10 "$FUZZ_BUILD/tests/fuzz/$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/artifacts/$t-" \
            "$work/corpus/$t" >"$work/$t.fuzz.log" 2>&1; then
            tail -60 "$work/$t.fuzz.log"
            failures+=("$t: fuzzing found a crash (input in $FUZZ_BUILD/artifacts/)")
        fi
        grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$work/$t.fuzz.log" | tail -1 || true
    done
    phase "fuzzing"
fi

if [[ ${SKIP_SANITIZE:-0} != 1 ]]; then
    if [[ ${SANITIZE_IN_FUZZ_TREE:-0} == 1 ]]; then
        SANITIZE_BUILD=$FUZZ_BUILD
        nice -n 10 cmake -S . -B "$SANITIZE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAILFLOW_FUZZ=ON \
            -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang >/dev/null
    else
        nice -n 10 cmake -S . -B "$SANITIZE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAILFLOW_SANITIZE=ON \
            >/dev/null
    fi
    # The Qt Test executables of the protocol and simulation folders, by name.
    mapfile -t tests < <(grep -ho 'mailflow_add_qtest(tst_[a-z0-9_]*' \
        tests/{core,smtp,pop3,imap,mime,dns,store,explain,simulation}/CMakeLists.txt 2>/dev/null \
        | sed 's/.*(//' | sort -u)
    nice -n 10 cmake --build "$SANITIZE_BUILD" --target "${tests[@]}" -j "$JOBS"
    phase "sanitizer build"
    regex="^($(IFS='|'; echo "${tests[*]}"))\$"
    if ! (cd "$SANITIZE_BUILD" && nice -n 10 ctest -R "$regex" -j "$JOBS" --output-on-failure --timeout 900); then
        failures+=("sanitizer tests failed")
    fi
    phase "sanitizer tests"
fi

echo "== times:"
for p in "fuzz build" "regression replay" "fuzzing" "sanitizer build" "sanitizer tests"; do
    [[ -n ${took[$p]:-} ]] && echo "   $p: ${took[$p]} s"
done
echo "   total: $SECONDS s"
if ((${#failures[@]})); then
    printf 'FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "fuzz-and-sanitize: all clean"
