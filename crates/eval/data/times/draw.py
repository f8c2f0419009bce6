#!/usr/bin/env python3
"""Draw the sentences of the time-expression set (see README.md).

Reads AllSides shards articles-000 .. articles-004 only, shuffles their
articles with a fixed seed, and from each article in turn takes one sentence
(drawn with the same generator) among those a broad pattern says may hold a
time expression, until 100 sentences are drawn. Prints one JSON object per
sentence: shard, article id, date_iso, sentence byte offsets and, for reading
only, the sentence text (never committed).
"""
import gzip, json, random, re, sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "../shared/anchor-data/allsides"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100
SEED = 28

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
REL = ("yesterday|today|tonight|tomorrow|ago|last (?:week|month|year|weekend)|this (?:week|month|year|weekend|morning)"
       "|next (?:week|month|year)|decades?|centur(?:y|ies)|years?|months?|weeks?|days?|hours?")
BROAD = re.compile(r"\b(?:%s|%s|%s|1[89]\d\d|20\d\d|\d0s)\b" % (MONTHS, DAYS, REL), re.I)
ABBREV = re.compile(r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|St|Jr|Sr|Inc|Co|Corp|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ariz|Calif|Fla|Ill|Mass|Mich|Minn|Tenn|Tex|Va|Wash|Wis)\.$")
BOUNDARY = re.compile(r"[.!?]+[\"\u201d\u2019)]*(?=\s+[\"\u201c\u2018(]?[A-Z0-9])|\n+")

def sentences(text):
    # A plain splitter (a period before a capital, not after an initial or a
    # common abbreviation): enough to draw from; gold spans are offsets into
    # the article and the scorer looks only inside each drawn sentence.
    start = 0
    for m in BOUNDARY.finditer(text):
        if text[m.start()] == "." and ABBREV.search(text[max(0, m.start() - 6):m.start() + 1]):
            continue
        yield from trimmed(text, start, m.end())
        start = m.end()
    yield from trimmed(text, start, len(text))

def trimmed(text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e - s >= 20:
        yield s, e

articles = []
for shard in range(5):
    name = "articles-%03d.jsonl.gz" % shard
    with gzip.open("%s/%s" % (ROOT, name), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("date_iso") and d.get("text"):
                articles.append((name, d["id"], d["date_iso"], d["text"]))
rng = random.Random(SEED)
rng.shuffle(articles)
drawn = 0
for name, aid, date, text in articles:
    cands = [(s, e) for s, e in sentences(text) if BROAD.search(text[s:e])]
    if not cands:
        continue
    s, e = rng.choice(cands)
    b = lambda i: len(text[:i].encode("utf-8"))
    print(json.dumps({"shard": name, "id": aid, "date": date, "start": b(s), "end": b(e), "sentence": text[s:e]}, ensure_ascii=False))
    drawn += 1
    if drawn == N:
        break
