"""Train the abbreviation sense model from the mentions in `shared/data/ner/train.jsonl`.

    python -m vnnews_nlp.train.abbreviations [--shared ../shared] [--seed 13]

Writes `models/abbreviations/senses.json`:
- `rates`: per short form, [gold mentions, whole-token occurrences] in the training
  texts, so forms that are usually not abbreviations (`PM`, `XP`) are kept out;
- `context`: per ambiguous short form and sense, counts of the words around its
  mentions (a naive Bayes model `senses.py` applies).
Deterministic: the seed only fixes the order of ties.
"""
from __future__ import annotations

import argparse
import json
import random
import zlib
from collections import Counter, defaultdict
from pathlib import Path

import regex

from ..abbreviations.dictionary import load, lookup_key
from ..abbreviations.senses import WINDOW, window_words
from ..paths import model_path, shared_path
from ..textnorm import match_key

MAX_WORDS = 300


def train(shared: Path, seed: int, holdout=None) -> dict:
    random.seed(seed)
    table = load()
    docs = [json.loads(line) for line in (shared / "data/ner/train.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = [d for d in docs if holdout is None or not holdout(d["id"])]
    gold = Counter()
    occurrences = Counter()
    context: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    sense_n: dict[str, Counter] = defaultdict(Counter)
    for doc in docs:
        text = doc["text"]
        starts = set()
        for a in doc["abbreviations"]:
            short = lookup_key(a["short"])
            gold[short] += 1
            starts.add((a["start"], a["short"]))
            if len(table.get(short, ())) > 1:
                key = match_key(a["long"])
                sense_n[short][key] += 1
                context[short][key].update(window_words(text, a["start"], a["end"]))
        for m in regex.finditer(r"[\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&./\-])[\p{L}\p{M}\p{N}]+)*", text):
            whole = lookup_key(m.group())
            pieces = [whole] if whole in table else [lookup_key(p) for p in regex.split(r"[-/]", m.group())]
            for short in pieces:
                if short in table:
                    occurrences[short] += 1
    rates = {s: [gold[s], max(occurrences[s], gold[s])] for s in sorted(set(occurrences) | set(gold))}
    ctx = {}
    for short in sorted(context):
        ctx[short] = {}
        for key in sorted(context[short]):
            words = sorted(context[short][key].items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_WORDS]
            ctx[short][key] = {"n": sense_n[short][key], "words": dict(words)}
    return {"seed": seed, "window": WINDOW, "rates": rates, "context": ctx}


def holdout_filter(spec: str | None):
    """`K/N` → True for the article ids of fold K of N (the split `scripts/build_abbreviations.py` uses)."""
    if not spec:
        return None
    k, n = (int(x) for x in spec.split("/"))
    return lambda doc_id: zlib.crc32(str(doc_id).encode()) % n == k


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, help="shared data folder (default: ../shared beside the checkout)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--holdout", help="K/N: leave out training articles of fold K of N (cross-validation)")
    ap.add_argument("--out", type=Path, default=model_path("abbreviations", "senses.json"))
    args = ap.parse_args()
    model = train(args.shared or shared_path(), args.seed, holdout_filter(args.holdout))
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    print(f"{len(model['rates'])} rates, {len(model['context'])} ambiguous forms -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
