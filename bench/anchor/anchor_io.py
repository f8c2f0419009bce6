"""Readers shared by the spaCy anchor scripts (stdlib only).

Sentences are returned as lists of token dicts in file order. Nothing here
maps or normalises labels: the gold columns are passed through verbatim.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def limit_threads() -> None:
    """Keep BLAS/OpenMP to one thread (modest CPU use, stable timings).

    Must run before numpy/spacy are imported.
    """
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        os.environ.setdefault(var, "1")


@dataclass
class Sentence:
    sent_id: str | None
    text: str | None
    ids: list[str] = field(default_factory=list)     # index column, verbatim
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)  # whitespace after word
    upos: list[str] = field(default_factory=list)     # CoNLL-U only
    xpos: list[str] = field(default_factory=list)     # CoNLL-U only
    tags: list[str] = field(default_factory=list)     # IOB2 only


def _space_after(misc: str) -> bool:
    return "SpaceAfter=No" not in misc.split("|")


def read_conllu(path: str) -> list[Sentence]:
    """Syntactic words (integer ids) of each sentence.

    Multi-word token ranges (``3-4``) are skipped except for their SpaceAfter:
    words inside a range get no trailing space, the last one gets the range's.
    Empty nodes (``8.1``) are skipped.
    """
    sents: list[Sentence] = []
    cur: Sentence | None = None
    mwt_end = 0           # last word id covered by the current MWT range
    mwt_space = True      # SpaceAfter of that range
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip():
                if cur is not None and cur.words:
                    sents.append(cur)
                cur, mwt_end = None, 0
                continue
            if cur is None:
                cur = Sentence(sent_id=None, text=None)
            if line.startswith("#"):
                key, _, val = line[1:].partition("=")
                key = key.strip()
                if key == "sent_id":
                    cur.sent_id = val.strip()
                elif key == "text":
                    cur.text = val.strip()
                continue
            cols = line.split("\t")
            if len(cols) != 10:
                raise ValueError(f"{path}: not a CoNLL-U line: {line!r}")
            tid = cols[0]
            if "-" in tid:
                mwt_end = int(tid.split("-")[1])
                mwt_space = _space_after(cols[9])
                continue
            if "." in tid:
                continue
            n = int(tid)
            if n < mwt_end:
                space = False
            elif n == mwt_end:
                space = mwt_space
            else:
                space = _space_after(cols[9])
            cur.ids.append(tid)
            cur.words.append(cols[1])
            cur.spaces.append(space)
            cur.upos.append(cols[3])
            cur.xpos.append(cols[4])
    if cur is not None and cur.words:
        sents.append(cur)
    return sents


def _spaces_from_text(words: list[str], text: str | None) -> list[bool] | None:
    """Trailing-whitespace flags by aligning the tokens to ``# text``.

    Returns None when the tokens do not align exactly with the text.
    """
    if not text:
        return None
    spaces: list[bool] = []
    pos = 0
    for w in words:
        if text.startswith(w, pos):
            pos += len(w)
        else:
            return None
        nxt = pos
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        spaces.append(nxt > pos)
        pos = nxt
    if pos != len(text):
        return None
    return spaces


def read_iob2(path: str) -> tuple[list[Sentence], int]:
    """UNER-style IOB2: ``index<TAB>token<TAB>tag<TAB>-<TAB>annotator``.

    ``#`` lines are comments (``# sent_id`` / ``# text`` are kept). Spaces are
    recovered from ``# text`` when the tokens align with it; otherwise every
    token is followed by a space. Returns (sentences, sentences_without_alignment).
    """
    sents: list[Sentence] = []
    cur: Sentence | None = None
    with open(path, encoding="utf-8") as fh:
        lines = [raw.rstrip("\n") for raw in fh] + [""]
    for line in lines:
        if not line.strip():
            if cur is not None and cur.words:
                sents.append(cur)
            cur = None
            continue
        if cur is None:
            cur = Sentence(sent_id=None, text=None)
        if line.startswith("#"):
            key, _, val = line[1:].partition("=")
            key = key.strip()
            if key == "sent_id":
                cur.sent_id = val.strip()
            elif key == "text":
                cur.text = val.strip()
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ValueError(f"{path}: not an IOB2 line: {line!r}")
        cur.ids.append(cols[0])
        cur.words.append(cols[1])
        cur.tags.append(cols[2])
    unaligned = 0
    for s in sents:
        sp = _spaces_from_text(s.words, s.text)
        if sp is None:
            unaligned += 1
            sp = [True] * len(s.words)
        s.spaces = sp
    return sents, unaligned
