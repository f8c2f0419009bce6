#!/usr/bin/env python3
"""Per-stage time budget of dossier from a `perf record --call-graph` profile.

Reads `perf script` output on stdin. Each sample is charged to the innermost
frame that names a stage (see STAGES, checked in order for each frame), so a
perceptron lookup made by the parser counts as parsing and one made by the
entity recogniser counts as entities. Samples with no stage frame go to
"other" (the kernel, the allocator outside any stage, start-up glue).

    perf record --call-graph dwarf,16384 -F 999 -o perf.data -- dossier analyze FILE --threads 1 >/dev/null
    perf script -i perf.data | python3 bench/stage_budget.py

Prints a table and, with --json, one JSON object of stage -> share.
"""
import json
import re
import sys
from collections import Counter

# (stage, pattern on the demangled frame name). Order matters only within
# one frame; across frames the innermost match wins.
STAGES = [
    ("start-up (model load)", r"Pipeline::new|Model::from_bytes|Weights::read|Weights::from_parts|Gazetteer::from_tsv|NerModel::from_bytes|CueModel::from_bytes"),
    ("reading input", r"dossier_ingest::"),
    ("language detection", r"detect_language|whatlang::"),
    ("segmentation", r"dossier_text::segment|dossier_text::boundary|Doc::new|content_hash"),
    ("tagging", r"Tagger::predict|Tagger::prepare|tagger::features"),
    ("lemmatisation", r"Lemmatizer::|lemma::"),
    ("parsing", r"Parser::parse|parser::State|Parser::label"),
    ("entities: recognition", r"entities::recognize|ner::|Gazetteer::find|gazetteer_codes"),
    ("entities: coreference", r"entities::cluster|resolve_pronouns_and_nominals"),
    ("entities: roles, keys, metonymy", r"extract_entities|dossier_extract::entities::"),
    ("attribution", r"dossier_extract::quotes|dossier_extract::cues|link_speakers"),
    ("output (JSON)", r"dossier_schema::|serde_json::"),
    ("store (SQLite)", r"dossier_store::|sqlite3|rusqlite::"),
]
COMPILED = [(name, re.compile(p)) for name, p in STAGES]
FRAME = re.compile(r"^\s+[0-9a-f]+\s+(.*?)\s+\(")


def stage_of(frames):
    for fn in frames:  # innermost first
        for name, pat in COMPILED:
            if pat.search(fn):
                return name
    return "other"


def main():
    counts = Counter()
    frames = []
    in_sample = False
    for line in sys.stdin:
        if not line.strip():
            if in_sample:
                counts[stage_of(frames)] += 1
            frames, in_sample = [], False
            continue
        if not line[0].isspace():
            in_sample = True
            frames = []
            continue
        m = FRAME.match(line)
        if m:
            frames.append(m.group(1))
    if in_sample:
        counts[stage_of(frames)] += 1
    total = sum(counts.values()) or 1
    order = [name for name, _ in STAGES] + ["other"]
    shares = {name: counts[name] / total for name in order if counts[name]}
    if "--json" in sys.argv:
        print(json.dumps({"samples": total, "shares": shares}))
        return
    # Shares of the analysis proper (start-up and input excluded), too.
    skip = {"start-up (model load)", "reading input", "other"}
    work = sum(counts[n] for n in order if n not in skip) or 1
    print(f"{'stage':34} {'share':>7} {'of analysis':>12}")
    for name in order:
        if counts[name]:
            rel = "" if name in skip else f"{100 * counts[name] / work:11.1f}%"
            print(f"{name:34} {100 * counts[name] / total:6.1f}% {rel:>12}")
    print(f"{'samples':34} {total:7d}")


if __name__ == "__main__":
    main()
