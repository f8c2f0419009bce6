#!/usr/bin/env bash
# Reproduce models/gazetteer.tsv, models/word-case.tsv and models/en-ner.bin
# from scratch: the teacher (spaCy's small English model, in the throwaway
# venv) labels 4,000 AllSides articles, the UD EWT train sentences and the
# CC BY GUM train documents, then dossier's own trainer fits the perceptron
# recogniser to those labels (seeds 1-4, 5 epochs each, averaged).
# About 15 minutes on 2 cores, most of it spaCy.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
DATA=$SHARED/anchor-data
OUT=bench/out
bench/anchor/setup.sh >/dev/null
cargo build --release
mkdir -p "$OUT/spacy-ner"
target/release/dossier analyze "$DATA/allsides/articles-000.jsonl.gz" "$DATA/allsides/articles-001.jsonl.gz" \
  > "$OUT/distill-text.jsonl"
bench/.venv/bin/python bench/anchor/spacy_distill.py "$OUT/distill-text.jsonl" "$OUT/distill-ents.jsonl"
# EWT train, as splits.tsv lists it (the upstream file lists must not be used).
awk -F'\t' -v d="$DATA/ud/ewt/" 'NR > 1 && $2 == "train" { print d $3 }' "$DATA/ud/ewt/splits.tsv" \
  | xargs cat > "$OUT/ewt-train.conllu"
bench/.venv/bin/python bench/anchor/spacy_ner.py --conllu "$OUT/ewt-train.conllu" "$OUT/spacy-ner/ewt-train.tsv"
# GUM train, CC BY genres only (see NOTICE): spaCy's labels, corrected by
# GUM's own names when training.
awk -F'\t' -v d="$DATA/ud/gum/" 'NR > 1 && $2 == "train" && $1 ~ /^GUM_(news|interview|bio|voyage|textbook|vlog|speech|conversation)_/ { print d $3 }' \
  "$DATA/ud/gum/splits.tsv" | xargs cat > "$OUT/gum-train-ccby.conllu"
bench/.venv/bin/python bench/anchor/spacy_ner.py --conllu "$OUT/gum-train-ccby.conllu" "$OUT/spacy-ner/gum-train-ccby.tsv"
target/release/dossier train gazetteer --data "$DATA"
target/release/dossier train word-case "$DATA/allsides"
# GUM is given twice: a weight for the gold-corrected sentences.
target/release/dossier train entities --distill-text "$OUT/distill-text.jsonl" --distill-ents "$OUT/distill-ents.jsonl" \
  --extra-conllu "$OUT/ewt-train.conllu" --extra-tags "$OUT/spacy-ner/ewt-train.tsv" \
  --extra-conllu "$OUT/gum-train-ccby.conllu" --extra-tags "$OUT/spacy-ner/gum-train-ccby.tsv" \
  --extra-conllu "$OUT/gum-train-ccby.conllu" --extra-tags "$OUT/spacy-ner/gum-train-ccby.tsv" --epochs 5 --runs 4
