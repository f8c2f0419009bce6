#!/usr/bin/env bash
# Crash safety, many times (issue 31): kill -9 an ingest at random moments,
# then check the database and resume it.
#
# One clean ingest of a shard gives the reference counts and its duration.
# Each trial then starts a fresh ingest of the same shard, kills it with
# SIGKILL after a random delay within that duration, runs SQLite's
# integrity_check (and the full-text indexes' own check), resumes the ingest
# to the end, checks again, and compares the row counts that matter with the
# clean run's. Not run in CI: it takes 50 ingests of a shard.
#
#   bench/kill_trials.sh [TRIALS] [SHARD]
#   DOSSIER=target/quick/dossier WORK=/tmp/kill_trials bench/kill_trials.sh 50
#
# Prints one line per trial and "consistent: N/TRIALS"; exits 1 when any
# trial failed (its database is kept in $WORK/failed-N.db).
set -u

trials=${1:-50}
here=$(cd "$(dirname "$0")/.." && pwd)
shard=${2:-$here/../shared/anchor-data/allsides/articles-000.jsonl.gz}
bin=${DOSSIER:-$here/target/quick/dossier}
work=${WORK:-$(mktemp -d /tmp/kill_trials.XXXXXX)}
# A shard of 2,000 fits in one transaction at ingest's default of a commit
# every 2,048 inputs; committing every batch of 512 leaves killed runs with
# part of the shard stored, which the resumed run must complete.
commit_every=${COMMIT_EVERY:-512}
mkdir -p "$work"

if [ ! -f "$shard" ]; then
    echo "kill_trials: no shard at $shard (needs ../shared)" >&2
    exit 2
fi
if [ ! -x "$bin" ]; then
    echo "kill_trials: no dossier binary at $bin (cargo build --profile quick)" >&2
    exit 2
fi

# Row counts a resumed run must reproduce (runs and failures differ by
# design), with sums of the aggregates kept at ingest.
counts() {
    sqlite3 "$1" "
      SELECT 'documents', count(*) FROM documents;
      SELECT 'near_dups', count(*) FROM documents WHERE near_dup_of IS NOT NULL;
      SELECT 'copies', count(*) FROM copies;
      SELECT 'minhash_bands', count(*) FROM minhash_bands;
      SELECT 'entities', count(*) FROM entities;
      SELECT 'mentions', count(*) FROM mentions;
      SELECT 'entity_keys', count(*), sum(documents), sum(mentions) FROM entity_keys;
      SELECT 'corpus_entities', count(*) FROM corpus_entities;
      SELECT 'merges', count(*) FROM merge_evidence;
      SELECT 'person_variants', count(*) FROM person_variants;
      SELECT 'entity_months', count(*), sum(documents) FROM entity_months;
      SELECT 'entity_roles', count(*), sum(documents) FROM entity_roles;
      SELECT 'speakers', count(*), sum(quotes) FROM speakers;
      SELECT 'quotes', count(*) FROM quotes;
      SELECT 'quote_about', count(*) FROM quote_about;
      SELECT 'claims', count(*) FROM claims;
      SELECT 'claim_clusters', count(*) FROM claim_clusters;
      SELECT 'claim_bands', count(*) FROM claim_bands;
      SELECT 'claim_evidence', count(*) FROM claim_evidence;
      SELECT 'disputes', count(*) FROM disputes;
      SELECT 'events', count(*) FROM events;
    " | tr '\n' ' '
}

# SQLite's check plus each full-text index's; prints "ok" when all pass.
check() {
    local out
    out=$(sqlite3 "$1" "PRAGMA integrity_check;" 2>&1)
    # Killed before the first migration committed: no tables yet, which is
    # a consistent (empty) store, not a corrupt index.
    if [ "$(sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE name = 'documents';" 2>/dev/null)" != "1" ]; then
        echo "$out"
        return
    fi
    for fts in documents_fts quotes_fts speakers_fts entity_keys_fts claims_fts; do
        if ! sqlite3 "$1" "INSERT INTO $fts($fts, rank) VALUES('integrity-check', 1);" 2>/dev/null; then
            out="$out; $fts corrupt"
        fi
    done
    echo "$out"
}

ingest() {
    "$bin" ingest "$shard" --db "$1" --commit-every "$commit_every" > "$1.out" 2> "$1.err"
}

clean=$work/clean.db
rm -f "$clean" "$clean-wal" "$clean-shm"
start=$(date +%s.%N)
ingest "$clean" || { echo "kill_trials: the clean ingest failed, see $clean.err" >&2; exit 2; }
duration=$(echo "$(date +%s.%N) - $start" | bc)
reference=$(counts "$clean")
echo "clean run: $duration s; $reference"

ok=0
for i in $(seq 1 "$trials"); do
    db=$work/trial.db
    rm -f "$db" "$db-wal" "$db-shm" "$db.out" "$db.err"
    # A random moment within the clean run's duration (millisecond steps).
    delay=$(awk -v d="$duration" -v r=$((RANDOM * 32768 + RANDOM)) 'BEGIN { printf "%.3f", r / 1073741824 * d }')
    "$bin" ingest "$shard" --db "$db" --commit-every "$commit_every" > "$db.out" 2> "$db.err" &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2> /dev/null; then killed=killed; else killed=finished; fi
    wait "$pid" 2> /dev/null
    if [ -f "$db" ]; then
        stored=$(sqlite3 "$db" "SELECT count(*) FROM copies" 2>/dev/null || echo "no schema yet, 0")
        after_kill=$(check "$db")
    else
        stored=0
        after_kill=ok
    fi
    ingest "$db"
    resumed_rc=$?
    after_resume=$(check "$db")
    got=$(counts "$db")
    if [ "$after_kill" = ok ] && [ "$after_resume" = ok ] && [ "$resumed_rc" = 0 ] && [ "$got" = "$reference" ]; then
        ok=$((ok + 1))
        verdict=consistent
    else
        verdict=FAILED
        cp "$db" "$work/failed-$i.db"
        echo "  after kill: $after_kill; after resume ($resumed_rc): $after_resume"
        echo "  counts: $got"
    fi
    echo "trial $i: $killed at $delay s with $stored inputs stored: $verdict"
done
echo "consistent: $ok/$trials"
[ "$ok" = "$trials" ]
