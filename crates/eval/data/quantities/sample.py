"""Draw sentences with money from AllSides shards 000-004 (seeded).

    python3 sample.py > picks-dev.jsonl                      # the dev sample: seed 20261207, 55/25/25
    python3 sample.py 20261208 20 10 10 picks-dev.jsonl > picks-check.jsonl

Arguments: seed, sentences with "$", with "dollars" written out, with
another currency; a picks file whose sentences are left out. Run from the
repository root (it reads ../shared/anchor-data/allsides).
"""
import gzip, json, random, re, sys
ROOT = "../shared/anchor-data/allsides"
SHARDS = [f"articles-00{i}" for i in range(5)]
sample200 = set(json.loads(l)["id"] for l in open(f"{ROOT}/sample-200.jsonl"))
SIGN = re.compile(r"[$€£¥₹]")
NUM = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|a|several|few|dozen|thousands?|millions?|billions?|trillions?|mln|bln|bn|m)"
# A currency word with a number at most two words before it ("won" left
# out: nearly always the verb).
WORD = re.compile(NUM + r"(?:\s+\S+){0,2}?\s+(dollars?|dlrs|euros?|pounds?|sterling|stg|yen|yuan|renminbi|rupees?|rubles?|roubles?|pesos?|crowns?|kronor|kroner|francs?|rand|shekels?|lira|riyals?|dirhams?|hryvnias?|zlotys?)\b", re.I)
# Sentence split: after . ! ? followed by whitespace and an upper-case letter or quote, or at newlines.
SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z“\"(])|\n+")
def sentences(text):
    pos = 0
    for m in SPLIT.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)
signs, words, others = [], [], []
OTHER_SIGN = re.compile(r"[€£¥₹]")
for shard in SHARDS:
    for line in gzip.open(f"{ROOT}/{shard}.jsonl.gz", "rt", encoding="utf-8"):
        d = json.loads(line)
        if d["id"] in sample200:
            continue
        t = d["text"]
        b = t.encode("utf-8")
        for s, e in sentences(t):
            sent = t[s:e]
            if len(sent) < 20 or len(sent) > 600:
                continue
            has_digit = re.search(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion)\b", sent, re.I)
            if not has_digit:
                continue
            bs = len(t[:s].encode("utf-8")); be = bs + len(sent.encode("utf-8"))
            item = (d["id"], shard, bs, be)
            w = WORD.search(sent)
            if OTHER_SIGN.search(sent) or (w and not w.group(1).lower().startswith("dol")):
                others.append(item)
            elif SIGN.search(sent):
                signs.append(item)
            elif w:
                words.append(item)
print(len(signs), len(words), len(others), file=sys.stderr)
args = sys.argv[1:]
seed = int(args[0]) if args else 20261207
n_sign, n_word, n_other = (int(a) for a in args[1:4]) if len(args) >= 4 else (55, 25, 25)
if len(args) >= 5:
    seen = {(p["id"], p["start"]) for p in map(json.loads, open(args[4]))}
    signs, words, others = ([x for x in xs if (x[0], x[2]) not in seen] for xs in (signs, words, others))
rng = random.Random(seed)
# Three strata: 55 sentences with "$", 25 with "dollars" written out and 25
# with another currency (a sign €£¥₹ or a word: euros, pounds, yen, ...;
# "pounds" is often weight, which tests false alarms). Dollars are most of
# the corpus's money; the other strata check the currency words.
pick = rng.sample(signs, n_sign) + rng.sample(words, n_word) + rng.sample(others, n_other)
rng.shuffle(pick)
for i, (aid, shard, s, e) in enumerate(pick):
    print(json.dumps({"n": i + 1, "id": aid, "shard": shard, "start": s, "end": e}))
