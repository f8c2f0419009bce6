#!/usr/bin/env bash
# Build every dossier fuzz target and run each for a while.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]        (default 60)
#
# Each target runs for SECONDS_PER_TARGET, or until RUNS executions when
# RUNS is set (then the seconds are only a cap; 0 = no cap).
#
# Environment:
#   TARGETS      space-separated subset of targets to run (default: all)
#   SANITIZER    address (default) or none; address falls back to none
#                when its build fails
#   CARGO_LOCK   lock file every cargo command is run under (/tmp/cargo.lock)
#   NICE         niceness of the fuzzers (19)
#   RUNS         stop each target after this many executions (-runs)
#   TIMEOUT      libFuzzer -timeout in seconds (2): a unit slower than this
#                is a failure (timeout- artifact); inputs are at most 32 KiB
#   RSS_MB       libFuzzer -rss_limit_mb (512): more is a failure (oom-)
#   SKIP_BUILD   1: use the binaries already built (fuzz/target/...)
#   PLAIN_CARGO  1: build with plain `cargo build` and the coverage flags
#                cargo-fuzz passes for `-a -s none` (no cargo-fuzz needed;
#                what CI does). Also used when SANITIZER=none and cargo-fuzz
#                is not installed.
#   CORPUS_ROOT  where the growing corpora live (fuzz/corpus); the
#                committed minimised corpus fuzz/min/<target> is read too
#   KEEP_GOING   1: fork mode (-fork=1 -ignore_crashes=1 -ignore_timeouts=1
#                -ignore_ooms=1), so a target goes on after a crash and can
#                find more than one bug in its time (each crash still counts)
#
# Cargo runs under `flock $CARGO_LOCK` (the workspace is shared); the
# fuzzers run without the lock, under `nice`. Uses only the stable toolchain:
# RUSTC_BOOTSTRAP=1 lets it accept the -Z flags cargo-fuzz passes.
#
# Prints a table of executions and crash artifacts (crash-, oom-, timeout-,
# leak-) per target, and exits 1 when any target left one.
set -uo pipefail

SECS="${1:-60}"
case "$SECS" in '' | *[!0-9]*) echo "usage: $0 [SECONDS_PER_TARGET]" >&2; exit 2 ;; esac

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOCK="${CARGO_LOCK:-/tmp/cargo.lock}"
NICE="${NICE:-19}"
RUNS="${RUNS:-}"
TIMEOUT="${TIMEOUT:-2}"
RSS_MB="${RSS_MB:-512}"
SANITIZER="${SANITIZER:-address}"
ALL_TARGETS="fuzz_segment fuzz_jsonl fuzz_html fuzz_feed fuzz_warc fuzz_text_input fuzz_conllu fuzz_date fuzz_analyze"
TARGETS="${TARGETS:-$ALL_TARGETS}"

# Largest input per target: big enough for a few records or paragraphs,
# small enough that HTML and feed parsing stay fast.
max_len() {
    case "$1" in
        fuzz_date) echo 128 ;;
        # The whole pipeline: a few paragraphs are enough to reach every
        # stage, and keep it near 2,000 executions a second.
        fuzz_analyze) echo 4096 ;;
        fuzz_segment | fuzz_conllu | fuzz_jsonl) echo 16384 ;;
        *) echo 32768 ;;
    esac
}

cargo_locked() { flock "$LOCK" cargo "$@"; }

cd "$FUZZ_DIR" || exit 2

HOST="$(rustc -vV | sed -n 's/^host: //p')"

# `cargo fuzz build -a -s none` without cargo-fuzz: the same flags (so the
# same fingerprints, and either build reuses the other's output), with
# --target so that build scripts and proc macros are not instrumented.
plain_cargo_build() {
    echo "== building all targets with plain cargo (sanitizer: none, debug assertions on)" >&2
    RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 -Cllvm-args=-sanitizer-coverage-stack-depth \
-Cdebug-assertions -Ccodegen-units=1" \
        cargo_locked build --release --target "$HOST" --bins
}
if [ "${PLAIN_CARGO:-0}" != 1 ] && [ "$SANITIZER" = none ] && ! cargo fuzz --version >/dev/null 2>&1; then
    PLAIN_CARGO=1
fi

if [ "${SKIP_BUILD:-0}" = 1 ] || [ "${PLAIN_CARGO:-0}" = 1 ]; then
    :
elif ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz" >&2
    cargo_locked install cargo-fuzz --locked || { echo "cannot install cargo-fuzz" >&2; exit 2; }
fi

export RUSTC_BOOTSTRAP=1
if [ "${SKIP_BUILD:-0}" = 1 ]; then
    echo "== using the targets already built (SKIP_BUILD=1)" >&2
elif [ "${PLAIN_CARGO:-0}" = 1 ]; then
    SANITIZER=none
    plain_cargo_build || { echo "build failed" >&2; exit 2; }
elif ! (echo "== building all targets (sanitizer: $SANITIZER, debug assertions on)" >&2
    cargo_locked fuzz build -a -s "$SANITIZER"); then
    if [ "$SANITIZER" != none ]; then
        echo "== build with sanitizer $SANITIZER failed; retrying with -s none" >&2
        SANITIZER=none
        cargo_locked fuzz build -a -s none || { echo "build failed" >&2; exit 2; }
    else
        echo "build failed" >&2
        exit 2
    fi
fi

BIN_DIR="${CARGO_TARGET_DIR:-$FUZZ_DIR/target}/$HOST/release"
LOG_DIR="$FUZZ_DIR/target/fuzz-logs"
mkdir -p "$LOG_DIR"

declare -A EXECS CRASHES STATUS WALL
any_crash=0
for t in $TARGETS; do
    bin="$BIN_DIR/$t"
    if [ ! -x "$bin" ]; then
        echo "no binary for $t at $bin" >&2
        EXECS[$t]="-"; CRASHES[$t]="-"; STATUS[$t]="missing"; WALL[$t]=0; any_crash=1
        continue
    fi
    corpus="${CORPUS_ROOT:-$FUZZ_DIR/corpus}/$t"
    artifacts="$FUZZ_DIR/artifacts/$t"
    mkdir -p "$corpus" "$artifacts"
    stamp="$(mktemp)"
    args=(
        "$corpus"
        -max_total_time="$SECS"
        -rss_limit_mb="$RSS_MB"
        -timeout="$TIMEOUT"
        -max_len="$(max_len "$t")"
        -artifact_prefix="$artifacts/"
        -print_final_stats=1
    )
    [ -n "$RUNS" ] && args+=(-runs="$RUNS")
    [ -d "$FUZZ_DIR/min/$t" ] && args+=("$FUZZ_DIR/min/$t")
    # The reproducers of bugs fixed since: replayed first, as regressions.
    [ -d "$FUZZ_DIR/repro/$t" ] && args+=("$FUZZ_DIR/repro/$t")
    [ -d "$FUZZ_DIR/seeds/$t" ] && args+=("$FUZZ_DIR/seeds/$t")
    [ -f "$FUZZ_DIR/dicts/$t.dict" ] && args+=(-dict="$FUZZ_DIR/dicts/$t.dict")
    [ "${KEEP_GOING:-0}" = 1 ] && args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    log="$LOG_DIR/$t.log"
    echo "== $t: ${RUNS:+$RUNS runs, at most }${SECS}s (log: $log)" >&2
    t0=$SECONDS
    sleep 1 # so artifacts written this run are newer than the stamp
    nice -n "$NICE" "$bin" "${args[@]}" >"$log" 2>&1
    rc=$?
    WALL[$t]=$((SECONDS - t0))
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    [ -z "$execs" ] && execs="$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')"
    n_crash="$(find "$artifacts" -maxdepth 1 -type f -newer "$stamp" \
        \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)"
    rm -f "$stamp"
    EXECS[$t]="${execs:-?}"
    CRASHES[$t]="$n_crash"
    if [ "$n_crash" -gt 0 ]; then
        STATUS[$t]="CRASH (rc $rc)"
        any_crash=1
        grep -m1 -E "panicked at|ERROR: (libFuzzer|AddressSanitizer)" "$log" | sed "s/^/   $t: /" >&2
    elif [ "$rc" -ne 0 ]; then
        STATUS[$t]="error (rc $rc, see log)"
        any_crash=1
    else
        STATUS[$t]="ok"
    fi
done

echo
printf '%-18s %14s %7s %8s %8s  %s\n' target executions seconds exec/s crashes status
printf '%-18s %14s %7s %8s %8s  %s\n' ------ ---------- ------- ------ ------- ------
for t in $TARGETS; do
    rate="-"
    case "${EXECS[$t]}" in '' | *[!0-9]*) ;; *) [ "${WALL[$t]}" -gt 0 ] && rate=$((EXECS[$t] / WALL[$t])) ;; esac
    printf '%-18s %14s %7s %8s %8s  %s\n' "$t" "${EXECS[$t]}" "${WALL[$t]}" "$rate" "${CRASHES[$t]}" "${STATUS[$t]}"
done
echo "(sanitizer: $SANITIZER; ${RUNS:+$RUNS runs or }${SECS}s per target; -timeout=$TIMEOUT -rss_limit_mb=$RSS_MB; artifacts in $FUZZ_DIR/artifacts/<target>/, logs in $LOG_DIR/)"
exit "$any_crash"
