#!/usr/bin/env bash
# Latency of `dossier serve` per endpoint, p50/p99 at 1 and 4 clients, over
# fixed lists of real queries on a corpus store (wrk on loopback).
#
#   bench/serve/latency.sh DB [SECONDS] [CLIENTS...]
#
# DB is a store made by `dossier ingest` (e.g. the AllSides corpus, 37.5k
# documents); it is opened read-only. The binary is target/quick/dossier
# (BIN=... to change). The server runs with its response cache off
# (CACHE=0, the default here), so every request is a miss: what a
# client sees right after an ingest commit. Each endpoint's list of request
# paths is drawn from the store by fixed rules (below) and written to
# OUT (default /tmp/serve-latency) so a run can be checked and repeated;
# load.py cycles through it on CLIENTS keep-alive connections and prints
# per-request percentiles. WRK=1 uses wrk (urls.lua) instead, whose
# percentiles are corrected for coordinated omission: with a cache, a few
# slow misses among fast hits then dominate its p99 (see load.py).
#
# CACHE=256 MAX_STALE=5 measure the server as `dossier serve` runs by default
# (answers kept, served up to 5 s stale after a commit while recomputed).
# INGEST=FILE runs `dossier ingest FILE --db DB` beside the measurements
# (it WRITES to DB: use a scratch copy), started after the lists are drawn.
#
# Lists (deterministic, no randomness):
#   search        /api/search?q=T for the 50 terms of crates/store/benches/search_terms.txt
#   entity        /api/entities/ID?quotes=0 (the page's profile call) for the 10
#                 entities in most documents and 40 more in >= 20 documents
#                 (ordered by a multiplicative hash of their id)
#   entity_said   /api/quotes?speaker_id=ID&limit=20&facets=false for the same 50 (the
#                 page's call; a server without `facets` ignores it)
#   entity_about  /api/quotes?about_id=ID&limit=20&facets=false
#   entity_net    /api/entities/ID/network?size=10
#   entity_list   /api/entities unfiltered, pages 0..4, and by each type
#   speaker       /api/quotes?speaker=NAME for 50 speakers with >= 5 quotes (hash order)
#   quote_search  /api/quotes?q=T for the 50 terms
#   document      /api/documents/ID for 200 documents (hash order): the pipeline
#                 reruns; the server keeps 64 analyses, so cycling 200 always misses
#   claims        /api/claims, pages 0..4, and about= each of the 10 top entities
#   disputes      /api/disputes, pages 0..4, and about= each of the 10 top entities
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
db="${1:?usage: latency.sh DB [SECONDS] [CLIENTS...]}"
secs="${2:-10}"
shift $(( $# >= 2 ? 2 : 1 ))
clients=("$@"); [ ${#clients[@]} -gt 0 ] || clients=(1 4)
bin="${BIN:-$root/target/quick/dossier}"
out="${OUT:-/tmp/serve-latency}"
only="${ONLY:-}"
mkdir -p "$out"
q() { sqlite3 -readonly "$db" "$1"; }
enc() { python3 -c 'import sys,urllib.parse; [print(urllib.parse.quote(l.rstrip("\n"))) for l in sys.stdin]'; }

terms=$(grep -v '^#' "$root/crates/store/benches/search_terms.txt" | sed '/^\s*$/d' | enc)
ents=$(q "WITH e AS (SELECT corpus_entity_id id, sum(documents) d FROM entity_keys GROUP BY corpus_entity_id)
  SELECT id FROM (SELECT id FROM e ORDER BY d DESC LIMIT 10)
  UNION ALL SELECT id FROM (SELECT id FROM e WHERE d >= 20 AND id NOT IN (SELECT id FROM e ORDER BY d DESC LIMIT 10)
  ORDER BY (id * 2654435761) % 4294967291 LIMIT 40);")
top_names=$(q "WITH e AS (SELECT corpus_entity_id id, sum(documents) d FROM entity_keys GROUP BY corpus_entity_id)
  SELECT c.name FROM e JOIN corpus_entities c ON c.id = e.id ORDER BY d DESC LIMIT 10;" | enc)
printf '%s\n' "$terms" | sed 's|^|/api/search?q=|' > "$out/search.txt"
printf '%s\n' "$terms" | sed 's|^|/api/quotes?q=|' > "$out/quote_search.txt"
printf '%s\n' "$ents" | sed 's|.*|/api/entities/&?quotes=0|' > "$out/entity.txt"
printf '%s\n' "$ents" | sed 's|.*|/api/quotes?speaker_id=&\&limit=20\&facets=false|' > "$out/entity_said.txt"
printf '%s\n' "$ents" | sed 's|.*|/api/quotes?about_id=&\&limit=20\&facets=false|' > "$out/entity_about.txt"
printf '%s\n' "$ents" | sed 's|.*|/api/entities/&/network?size=10|' > "$out/entity_net.txt"
{ for o in 0 50 100 150 200; do echo "/api/entities?offset=$o"; done
  for t in PERSON ORG GPE NORP LOC FAC EVENT; do echo "/api/entities?type=$t"; done; } > "$out/entity_list.txt"
q "SELECT name FROM speakers WHERE quotes >= 5 ORDER BY (id * 2654435761) % 4294967291 LIMIT 50;" | enc \
  | sed 's|^|/api/quotes?speaker=|' > "$out/speaker.txt"
q "SELECT id FROM documents ORDER BY (id * 2654435761) % 4294967291 LIMIT 200;" \
  | sed 's|^|/api/documents/|' > "$out/document.txt"
for kind in claims disputes; do
  { for o in 0 50 100 150 200; do echo "/api/$kind?offset=$o"; done
    printf '%s\n' "$top_names" | sed "s|^|/api/$kind?about=|"; } > "$out/$kind.txt"
done

port_file="$out/server.out"
stale=()
[ -n "${MAX_STALE:-}" ] && stale=(--max-stale "$MAX_STALE")
"$bin" serve --db "$db" --bind 127.0.0.1:0 --response-cache "${CACHE:-0}" "${stale[@]}" > "$port_file" 2> "$out/server.err" &
server=$!
ingest=""
trap 'kill $server $ingest 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$port_file" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$port_file")
if [ -n "${INGEST:-}" ]; then
  "$bin" ingest "$INGEST" --db "$db" > "$out/ingest.out" 2> "$out/ingest.err" &
  ingest=$!
fi
echo "# $(date -u +%FT%TZ) db=$db bin=$bin cache=${CACHE:-0} max_stale=${MAX_STALE:-default} ingest=${INGEST:-none} seconds=$secs"
printf '%-13s %7s %8s %8s %8s %8s %6s  %s\n' endpoint clients rps p50_ms p99_ms max_ms errors load
for ep in search entity entity_said entity_about entity_net entity_list speaker quote_search document claims disputes; do
  [ -n "$only" ] && [[ " $only " != *" $ep "* ]] && continue
  # One untimed pass: the page cache and the server's own caches warm.
  while read -r p; do curl -s -o /dev/null "$base$p"; done < "$out/$ep.txt"
  for c in "${clients[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [ -n "${WRK:-}" ]; then
      r=$(URLS="$out/$ep.txt" wrk -t1 -c"$c" -d"${secs}s" --timeout 10s -s "$here/urls.lua" "$base" | grep '^RESULT')
    else
      r=$(python3 "$here/load.py" "$base" "$out/$ep.txt" "$c" "$secs" | grep '^RESULT')
    fi
    eval "$(echo "$r" | sed 's/^RESULT //')"
    printf '%-13s %7s %8s %8s %8s %8s %6s  %s\n' "$ep" "$c" "$rps" "$p50_ms" "$p99_ms" "$max_ms" "$errors" "$load"
  done
done
if [ -n "$ingest" ]; then
  if kill -0 "$ingest" 2>/dev/null; then echo "# the ingest was still running at the end"; else echo "# the ingest ended before the last run"; fi
  tail -2 "$out/ingest.err" | sed 's/^/# /'
fi
