"""Turn reading notes into offsets: money.jsonl for `dossier eval money`.

    python3 anchor.py PICKS NOTES > money.jsonl

PICKS is sample.py's output (one sampled sentence a line: n, id, shard,
byte start and end; `split` when not `dev`). NOTES is the annotators' file, one money expression a
line, tab-separated: sentence n, the expression exactly as written,
amount (a number, or `null` when the text gives none: "millions of
dollars"), ISO 4217 code (or `null`), and, for a conversion the text
states, the expression it converts. A sentence with no money has one line
`n<TAB>-`. The notes quote the articles, so they stay outside the
repository; money.jsonl holds offsets and labels only.
"""
import gzip, json, sys

ROOT = "../shared/anchor-data/allsides"


def main(picks_path, notes_path):
    picks = [json.loads(l) for l in open(picks_path)]
    need = {}
    for p in picks:
        need.setdefault(p["shard"], set()).add(p["id"])
    texts = {}
    for shard, ids in need.items():
        assert int(shard[-3:]) <= 4, "only shards 000-004 may be read"
        for line in gzip.open(f"{ROOT}/{shard}.jsonl.gz", "rt", encoding="utf-8"):
            d = json.loads(line)
            if d["id"] in ids:
                texts[d["id"]] = d["text"].encode("utf-8")
    notes = {}
    for line in open(notes_path, encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        notes.setdefault(int(cols[0]), []).append(cols[1:])
    bad = 0
    for p in picks:
        text = texts[p["id"]]
        region = (p["start"], p["end"])
        money, cursor, index = [], {}, {}
        for cols in notes.get(p["n"], []):
            if cols == ["-"]:
                continue
            expr, amount, currency = cols[0], cols[1], cols[2]
            needle = expr.encode("utf-8")
            at = text.find(needle, cursor.get(expr, region[0]), region[1])
            if at < 0:
                print(f"not found in {p['n']}: {expr!r}", file=sys.stderr)
                bad += 1
                continue
            cursor[expr] = at + 1
            conv = None
            if len(cols) > 3:
                conv = index[cols[3]]
            index[expr] = len(money)
            money.append({
                "start": at,
                "end": at + len(needle),
                "amount": None if amount == "null" else float(amount),
                "currency": None if currency == "null" else currency,
                "conversion_of": conv,
            })
        print(json.dumps({"n": p["n"], "split": p.get("split", "dev"), "id": p["id"], "shard": p["shard"], "start": p["start"],
                          "end": p["end"], "text_bytes": len(text), "money": money}))
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
