#!/usr/bin/env bash
# Build every dossier fuzz target and run each for a while.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]        (default 60)
#
# Environment:
#   TARGETS      space-separated subset of targets to run (default: all)
#   SANITIZER    address (default) or none; address falls back to none
#                when its build fails
#   CARGO_LOCK   lock file every cargo command is run under (/tmp/cargo.lock)
#   NICE         niceness of the fuzzers (15)
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
NICE="${NICE:-15}"
SANITIZER="${SANITIZER:-address}"
ALL_TARGETS="fuzz_segment fuzz_jsonl fuzz_html fuzz_feed fuzz_warc fuzz_text_input fuzz_conllu fuzz_date"
TARGETS="${TARGETS:-$ALL_TARGETS}"

# Largest input per target: big enough for a few records or paragraphs,
# small enough that HTML and feed parsing stay fast.
max_len() {
    case "$1" in
        fuzz_date) echo 128 ;;
        fuzz_segment | fuzz_conllu | fuzz_jsonl) echo 16384 ;;
        *) echo 32768 ;;
    esac
}

cargo_locked() { flock "$LOCK" cargo "$@"; }

cd "$FUZZ_DIR" || exit 2

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz" >&2
    cargo_locked install cargo-fuzz --locked || { echo "cannot install cargo-fuzz" >&2; exit 2; }
fi

export RUSTC_BOOTSTRAP=1
echo "== building all targets (sanitizer: $SANITIZER, debug assertions on)" >&2
if ! cargo_locked fuzz build -a -s "$SANITIZER"; then
    if [ "$SANITIZER" != none ]; then
        echo "== build with sanitizer $SANITIZER failed; retrying with -s none" >&2
        SANITIZER=none
        cargo_locked fuzz build -a -s none || { echo "build failed" >&2; exit 2; }
    else
        echo "build failed" >&2
        exit 2
    fi
fi

HOST="$(rustc -vV | sed -n 's/^host: //p')"
BIN_DIR="$FUZZ_DIR/target/$HOST/release"
LOG_DIR="$FUZZ_DIR/target/fuzz-logs"
mkdir -p "$LOG_DIR"

declare -A EXECS CRASHES STATUS
any_crash=0
for t in $TARGETS; do
    bin="$BIN_DIR/$t"
    if [ ! -x "$bin" ]; then
        echo "no binary for $t at $bin" >&2
        EXECS[$t]="-"; CRASHES[$t]="-"; STATUS[$t]="missing"; any_crash=1
        continue
    fi
    corpus="$FUZZ_DIR/corpus/$t"
    artifacts="$FUZZ_DIR/artifacts/$t"
    mkdir -p "$corpus" "$artifacts"
    stamp="$(mktemp)"
    args=(
        "$corpus"
        -max_total_time="$SECS"
        -rss_limit_mb=2048
        -timeout=10
        -max_len="$(max_len "$t")"
        -artifact_prefix="$artifacts/"
        -print_final_stats=1
    )
    [ -d "$FUZZ_DIR/seeds/$t" ] && args+=("$FUZZ_DIR/seeds/$t")
    [ -f "$FUZZ_DIR/dicts/$t.dict" ] && args+=(-dict="$FUZZ_DIR/dicts/$t.dict")
    [ "${KEEP_GOING:-0}" = 1 ] && args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    log="$LOG_DIR/$t.log"
    echo "== $t: ${SECS}s (log: $log)" >&2
    sleep 1 # so artifacts written this run are newer than the stamp
    nice -n "$NICE" "$bin" "${args[@]}" >"$log" 2>&1
    rc=$?
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
printf '%-18s %14s %8s  %s\n' target executions crashes status
printf '%-18s %14s %8s  %s\n' ------ ---------- ------- ------
for t in $TARGETS; do
    printf '%-18s %14s %8s  %s\n' "$t" "${EXECS[$t]}" "${CRASHES[$t]}" "${STATUS[$t]}"
done
echo "(sanitizer: $SANITIZER; ${SECS}s per target; artifacts in $FUZZ_DIR/artifacts/<target>/, logs in $LOG_DIR/)"
exit "$any_crash"
