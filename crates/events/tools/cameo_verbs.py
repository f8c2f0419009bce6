#!/usr/bin/env python3
"""Generate crates/events/data/cameo_verbs.tsv from PETRARCH-2's CAMEO verb dictionary.

Usage (from the worktree root):
    python3 crates/events/tools/cameo_verbs.py \
        ../shared/anchor-data/petrarch2/dictionaries/CAMEO.2.0.txt > crates/events/data/cameo_verbs.tsv

The dictionary (openeventdata/petrarch2, dictionaries/CAMEO.2.0.txt, MIT licence,
(c) 2015 Open Event Data Alliance) holds synonym sets (&NAME, lines of +WORD), then verb
blocks: "--- NAME [code] ---", the block's verbs (WORD {irregular forms} [own code]), and
patterns "- [pre-verb nouns] * [post-verb nouns and particles] [(PREP NOUN)...] [code]".
Each verb of a block takes the block's patterns. The output has one row per (verb lemma,
pattern) with the synsets expanded and words lowercased, in two kinds of row:

    verb     lemma  particle  code  block      (the verb's own code when it stands alone: the
                                               code on its line, or the block's for the verb
                                               the block is named after)
    pattern  block  particle  subject  object  preps  code   (for every verb of the block)

- particle: a verb particle the pattern or a multi-word verb requires ("set OFF"), or "-";
- subject / object: "-" or alternatives "a|b|financial_aid" (a phrase's last word is its head;
  the other words must modify it);
- preps: "-" or prepositional phrases "to:border;of:banned_party|party" ("to:" = any object);
- code: the CAMEO code, or "-" for PETRARCH's null code (the pattern yields no event);
- block: PETRARCH's block name, joining a block's verbs to its patterns.
Patterns PETRARCH could not read as written (pre-compound verbs such as WIRE_+TAP, codes only
for the reversed roles such as [:173], several bare post-verb nouns) are left out.
"""

import re
import sys

PARTICLES = {
    "up", "out", "off", "down", "back", "away", "over", "forward", "aside", "in", "on", "through",
    "together", "apart", "around", "along", "ahead",
}
TOKEN = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")


def read(path):
    synsets = {}
    verbs = []  # (block, [(lemma, particle, own_code)], [pattern lines], block_code)
    section = None
    current = None
    block = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if line.startswith("&"):
                current = line.strip().rstrip("_")
                synsets[current] = []
                section = "synset"
                continue
            if line.startswith("---"):
                m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
                if not m:
                    continue
                block = {"name": m.group(1), "code": m.group(2), "verbs": [], "patterns": []}
                verbs.append(block)
                section = "verbs"
                continue
            if section == "synset" and line.startswith("+"):
                synsets[current].append(line[1:].strip())
                continue
            if section != "verbs" or block is None:
                continue
            if line.startswith("~"):
                continue
            if line.startswith("-"):
                block["patterns"].append(line[1:].strip())
                continue
            # A verb line: WORD or +WORD_PARTICLE, {forms}, [code].
            code = None
            m = re.search(r"\[([^\]]*)\]", line)
            if m:
                code = m.group(1).strip()
            word = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
            if not word:
                continue
            word = word[0]
            if "+" in word and not word.startswith("+"):
                continue  # pre-compound verbs (WIRE_+TAP): our parse makes the verb the last word
            parts = word.lstrip("+").lower().split("_")
            lemma = parts[0]
            particle = parts[1] if len(parts) == 2 else None
            if len(parts) > 2 or not lemma.isalpha():
                continue
            block["verbs"].append((lemma, particle, code))
    return synsets, verbs


def words_of(item, synsets):
    """Alternatives (each a phrase of lowercased words, head last) for one noun item."""
    item = item.strip()
    if item.startswith("{") and item.endswith("}"):
        parts = item[1:-1].split()
    else:
        parts = [item]
    options = [[]]
    for p in parts:
        if p.startswith("&"):
            alts = synsets.get(p.rstrip("_"))
            if alts is None:
                return None
            alts = [a.strip("_").lower().split("_") for a in alts]
        else:
            w = p.strip("_").lower()
            if not re.fullmatch(r"[a-z][a-z'\-]*", w):
                return None
            alts = [[w]]
        options = [o + a for o in options for a in alts]
        if len(options) > 400:
            return None
    return ["_".join(o) for o in options]


def code_of(text):
    text = text.strip()
    first = text.split(":")[0].strip()
    if first in ("---", ""):
        return "-" if text.startswith("---") else None
    return first if re.fullmatch(r"\d{2,4}", first) else None


def pattern_row(pattern, synsets):
    m = re.search(r"\[([^\]]*)\]\s*$", pattern)
    if not m:
        return None
    code = code_of(m.group(1))
    if code is None:
        return None
    body = pattern[: m.start()]
    if "*" not in body:
        return None
    pre, post = body.split("*", 1)
    subject = None
    for tok in TOKEN.findall(pre):
        if tok in ("$", "+", "^", "%") or tok.startswith("("):
            continue
        if subject is not None:
            return None
        subject = words_of(tok, synsets)
        if subject is None:
            return None
    particle = None
    obj = None
    preps = []
    for tok in TOKEN.findall(post):
        if tok in ("$", "+", "^", "%"):
            continue
        if tok.startswith("("):
            inner = TOKEN.findall(tok[1:-1])
            inner = [t for t in inner if t not in ("$", "+", "^", "%")]
            if not inner:
                return None
            prep = inner[0].lower()
            if not prep.isalpha():
                return None
            noun = []
            if len(inner) > 2:
                return None
            if len(inner) == 2:
                noun = words_of(inner[1], synsets)
                if noun is None:
                    return None
            preps.append(prep + ":" + "|".join(noun))
            continue
        lower = tok.lower()
        if obj is None and particle is None and not preps and lower in PARTICLES:
            particle = lower
            continue
        if obj is not None or preps:
            return None
        obj = words_of(tok, synsets)
        if obj is None:
            return None
    return particle, subject, obj, preps, code


def main():
    synsets, blocks = read(sys.argv[1])
    out = sys.stdout
    out.write(
        "# Generated by crates/events/tools/cameo_verbs.py from PETRARCH-2's CAMEO verb dictionary\n"
        "# (openeventdata/petrarch2, dictionaries/CAMEO.2.0.txt). Copyright (c) 2015 Open Event Data\n"
        "# Alliance, MIT licence (see NOTICE). Do not edit: change the generator or\n"
        "# data/verbs.tsv (dossier's own codes, which take precedence).\n"
        "# Rows: verb lemma particle code block | pattern block particle subject object preps code.\n"
    )
    for b in blocks:
        name = b["name"]
        rows = []
        for pattern in b["patterns"]:
            r = pattern_row(pattern, synsets)
            if r is not None and r not in rows:
                rows.append(r)
        for lemma, vparticle, own in b["verbs"]:
            # The block's code is written for its head verb (the block's name); its synonyms
            # are looser ("OVERSEE_MANAGE" holds control, lead and head), so they keep only a
            # code of their own. Their patterns still apply.
            if own:
                default = code_of(own)
            elif lemma == name.lower() and not vparticle:
                default = code_of(b["code"])
            else:
                default = None
            out.write(f"verb\t{lemma}\t{vparticle or '-'}\t{default or '-'}\t{name}\n")
        for particle, subject, obj, preps, code in rows:
            cols = [
                "pattern",
                name,
                particle or "-",
                "|".join(subject) if subject else "-",
                "|".join(obj) if obj else "-",
                ";".join(preps) if preps else "-",
                code,
            ]
            out.write("\t".join(cols) + "\n")

if __name__ == "__main__":
    main()
