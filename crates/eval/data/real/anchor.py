#!/usr/bin/env python3
"""Turn reading notes into offsets for the real-text gold set.

Annotators write one JSON file per article that quotes the text it marks
(exact strings, per paragraph). This script finds each string in the
article as dossier holds it and writes offsets and labels only, so that no
article text enters the repository.

    anchor.py check TEXTS.jsonl NOTES_DIR [NN ...]   # report strings not found
    anchor.py build TEXTS.jsonl NOTES_DIR SPLITS.tsv > gold.jsonl

TEXTS.jsonl is `dossier analyze` output for the articles (for `text` and
`paragraphs`). Notes files are named `NN_ID.attr.json` (attributions) and
`NN_ID.ent.json` (entities and roles); SPLITS.tsv maps id to shard and split.
"""
import json, os, re, sys


def load_texts(path):
    docs = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        docs[d["id"]] = d
    return docs


class Article:
    def __init__(self, d):
        self.id = d["id"]
        self.text = d["text"]
        self.b = self.text.encode("utf-8")
        self.paras = [(p["start"], p["end"]) for p in d["paragraphs"]]

    def para_text(self, p):
        s, e = self.paras[p]
        return self.b[s:e].decode("utf-8")

    def find_all(self, para, needle, words=False):
        """Byte spans of every occurrence of needle in paragraph para."""
        s, e = self.paras[para]
        hay = self.b[s:e]
        nb = needle.encode("utf-8")
        out, i = [], 0
        while nb:
            j = hay.find(nb, i)
            if j < 0:
                break
            if not words or (_boundary(hay, j - 1) and _boundary(hay, j + len(nb))):
                out.append((s + j, s + j + len(nb)))
            i = j + 1
        return out


def _boundary(hay, k):
    if k < 0 or k >= len(hay):
        return True
    c = hay[k : k + 1]
    return not (c.isalnum() or c == b"_")


def norm(s):
    return s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


def locate(art, para, needle, near=None, occ=None, errors=None, what=""):
    if needle is None:
        return None
    if para is None or para < 0 or para >= len(art.paras):
        errors.append(f"{what}: paragraph {para} does not exist")
        return None
    hits = art.find_all(para, needle)
    if not hits:
        # A forgiving second try: straight and curly quotes alike.
        pt = art.para_text(para)
        n2 = norm(needle)
        k = norm(pt).find(n2)
        if k >= 0:
            errors.append(f"{what}: {needle!r} found only after quote normalisation in P{para}: copy the marks exactly")
        else:
            errors.append(f"{what}: {needle!r} not found in P{para}")
        return None
    if occ is not None:
        if occ >= len(hits):
            errors.append(f"{what}: occurrence {occ} of {needle!r} not in P{para} (has {len(hits)})")
            return None
        return hits[occ]
    if len(hits) > 1 and near is None:
        errors.append(f"{what}: {needle!r} occurs {len(hits)} times in P{para}: give occ")
        return hits[0]
    if len(hits) > 1:
        return min(hits, key=lambda h: min(abs(h[0] - near[1]), abs(h[1] - near[0])))
    return hits[0]


def build_attr(art, notes, errors):
    out = []
    seen = set()
    for a in notes.get("attributions", []):
        n = a.get("n")
        where = f"{art.id} #{n}"
        if n in seen:
            errors.append(f"{where}: duplicate n")
        seen.add(n)
        para = a.get("para")
        frags = a.get("content") or []
        if isinstance(frags, str):
            frags = [frags]
        occ = a.get("occ") or {}
        content = []
        for k, f in enumerate(frags):
            fp = a.get("content_para", [para] * len(frags))
            fp = fp[k] if isinstance(fp, list) else fp
            h = locate(art, fp, f, occ=(occ.get("content") if k == 0 else None), errors=errors, what=f"{where} content")
            if h:
                content.append(list(h))
        if not content:
            errors.append(f"{where}: no content")
            continue
        near = (content[0][0], content[-1][1])
        cue = locate(art, a.get("cue_para", para), a.get("cue"), near, occ.get("cue"), errors, f"{where} cue")
        src = locate(art, a.get("source_para", para), a.get("source"), cue or near, occ.get("source"), errors, f"{where} source")
        kind = a.get("kind")
        if kind not in ("direct", "indirect", "mixed", "partial"):
            errors.append(f"{where}: kind {kind!r}")
        sk = a.get("speaker_kind")
        if sk not in ("person", "institution", "government", "anonymous", "unnamed", "document", "media"):
            errors.append(f"{where}: speaker_kind {sk!r}")
        out.append(
            {
                "n": n,
                "kind": kind,
                "content": content,
                "cue": list(cue) if cue else None,
                "source": list(src) if src else None,
                "speaker": a.get("speaker"),
                "speaker_kind": sk,
                "continues": a.get("continues"),
                "repeats": a.get("repeats"),
            }
        )
    nons = []
    for x in notes.get("non_attributions", []):
        h = locate(art, x.get("para"), x.get("text"), occ=x.get("occ"), errors=errors, what=f"{art.id} non-attribution")
        if h:
            nons.append({"span": list(h), "why": x.get("why")})
    return out, nons


TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK", "PRODUCT", "OTHER"}


def build_ent(art, notes, errors):
    ents = {}
    for e in notes.get("entities", []):
        t = e.get("type")
        where = f"{art.id} entity {e.get('text')!r} P{e.get('para')}"
        if t not in TYPES:
            errors.append(f"{where}: type {t!r}")
            continue
        para = e.get("para")
        if para is None or para >= len(art.paras):
            errors.append(f"{where}: no such paragraph")
            continue
        hits = art.find_all(para, e.get("text") or "", words=True)
        if not hits:
            errors.append(f"{where}: not found")
            continue
        if e.get("occ") is not None:
            occs = e["occ"] if isinstance(e["occ"], list) else [e["occ"]]
            hits = [hits[k] for k in occs if k < len(hits)]
        for h in hits:
            prev = ents.get(h)
            if prev and prev != t:
                errors.append(f"{where}: typed both {prev} and {t}")
            ents[h] = t
    # Nested spans (a shorter string inside a longer one marked in the same
    # paragraph: "Obama" inside "Obama administration") keep the longer.
    spans = sorted(ents)
    keep = []
    for h in spans:
        if any(o != h and o[0] <= h[0] and h[1] <= o[1] for o in spans):
            continue
        keep.append(h)
    entities = [{"span": list(h), "type": ents[h]} for h in keep]
    people = []
    for p in notes.get("people", []):
        roles = []
        for r in p.get("roles", []):
            h = locate(art, r.get("para"), r.get("text"), occ=r.get("occ"), errors=errors, what=f"{art.id} role of {p.get('name')}")
            if h:
                roles.append(list(h))
        people.append({"name": p.get("name"), "gender": p.get("gender"), "roles": roles})
    return entities, people


def main():
    mode, texts, notes_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    docs = load_texts(texts)
    splits = {}
    if mode == "build":
        for line in open(sys.argv[4]):
            if line.strip() and not line.startswith("#"):
                i, shard, split = line.split()[:3]
                splits[i] = (shard, split)
    files = sorted(os.listdir(notes_dir))
    by_id = {}
    for f in files:
        m = re.match(r"(\d+)_([^.]+)\.(attr|ent)\.json$", f)
        if m and mode == "check" and sys.argv[4:] and m.group(1) not in sys.argv[4:]:
            continue
        if m:
            by_id.setdefault(m.group(2), {})[m.group(3)] = os.path.join(notes_dir, f)
    errors = []
    lines = []
    for i, parts in sorted(by_id.items()):
        if i not in docs:
            errors.append(f"{i}: not in {texts}")
            continue
        art = Article(docs[i])
        rec = {"id": i}
        if mode == "build":
            rec["shard"], rec["split"] = splits[i]
        rec["text_bytes"] = len(art.b)
        rec["content_hash"] = docs[i].get("content_hash")
        if "attr" in parts:
            try:
                notes = json.load(open(parts["attr"], encoding="utf-8"))
            except Exception as ex:
                errors.append(f"{parts['attr']}: {ex}")
                continue
            rec["genre"] = notes.get("genre")
            rec["attributions"], rec["non_attributions"] = build_attr(art, notes, errors)
        if "ent" in parts:
            try:
                notes = json.load(open(parts["ent"], encoding="utf-8"))
            except Exception as ex:
                errors.append(f"{parts['ent']}: {ex}")
                continue
            rec["entities"], rec["people"] = build_ent(art, notes, errors)
        lines.append(rec)
    for e in errors:
        print("error:", e, file=sys.stderr)
    if mode == "build":
        for rec in lines:
            print(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
    else:
        print(f"{len(lines)} articles, {len(errors)} problems", file=sys.stderr)
    sys.exit(1 if errors and mode == "check" else 0)


if __name__ == "__main__":
    main()
