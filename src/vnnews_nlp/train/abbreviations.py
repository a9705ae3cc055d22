"""Fit and harvest the abbreviation sense model.

    python -m vnnews_nlp.train.abbreviations fit [--holdout K/N] [--out models/abbreviations] [--param NAME=VALUE]
    python -m vnnews_nlp.train.abbreviations harvest [--seed 13] [--limit N]

`fit` (seconds) writes `senses.json` from the annotated articles (`train.annotated`; `--holdout`
leaves a cross-validation fold out):
- `rates`: per short form, [gold mentions, candidate mentions] where the detector proposes it in
  the article part, so forms that are usually not mentions (`PM`, `XP`) are kept out;
- `context`: per ambiguous short form and sense, counts of the features around its mentions;
- `params`: the sense model's hyper-parameters (`abbreviations.model.DEFAULTS`, or `--param`).
`harvest` (minutes, `nice`) reads the ~130,000 unlabelled articles of `shared/data` and writes
`data/abbreviations_harvested.tsv` (in-text definitions, by how many articles write them) and
`contexts.tsv.gz` (contexts of long forms written in full and of defined short forms); see
`train.abbreviation_harvest`. Run `scripts/build_abbreviations.py` between the two passes' uses.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from ..abbreviations.boundaries import candidates
from ..abbreviations.dictionary import load, lookup_key
from ..abbreviations.features import Words, features
from ..abbreviations.model import DEFAULTS, FITTED
from ..paths import model_path, shared_path
from ..structure.rules import analyze_structure
from ..textnorm import match_key
from .annotated import Article, training_articles

FITTED_FILES = (FITTED,)  # what `fit` writes: rebuilt per cross-validation fold


def article_parts(text: str) -> list[tuple[int, int]]:
    """The structure stage's article ranges without its boilerplate blocks (as the pipeline searches)."""
    from ..abbreviations.component import subtract

    s = analyze_structure(text)
    return subtract(s.article_ranges, [(b.start, b.end) for b in s.boilerplate])


def fit(articles: list[Article], params: dict[str, float] | None = None) -> dict:
    """The fitted part of the sense model from annotated articles."""
    table = load()
    gold: Counter = Counter()
    proposed: Counter = Counter()
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    contexts: dict[str, Counter] = defaultdict(Counter)
    for art in articles:
        text = art.text
        words = Words.of(text)
        for m in art.mentions:
            short = lookup_key(m["short"])
            gold[short] += 1
            if len(table.get(short, ())) > 1:
                key = match_key(m["long"])
                contexts[short][key] += 1
                counts[short][key].update(features(words, m["start"], m["end"]))
        golden = {m["start"] for m in art.mentions}
        for piece in candidates(text, article_parts(text), {}):
            short = lookup_key(text[piece.start:piece.end])
            if short in table and piece.start not in golden:
                proposed[short] += 1
    rates = {s: [gold[s], gold[s] + proposed[s]] for s in sorted(set(proposed) | set(gold))}
    ctx = {
        short: {key: {"n": contexts[short][key], "t": sum(c.values()), "f": dict(sorted(c.items()))}
                for key, c in sorted(senses.items())}
        for short, senses in sorted(counts.items())
    }
    return {"params": {**DEFAULTS, **(params or {})}, "rates": rates, "context": ctx}


def _params(specs: list[str]) -> dict[str, float]:
    out = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        if not sep or name not in DEFAULTS:
            raise SystemExit(f"--param wants NAME=VALUE with NAME one of {', '.join(DEFAULTS)}; got {spec!r}")
        out[name] = float(value)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("fit", "harvest"))
    ap.add_argument("--shared", type=Path, help="shared data folder (default: ../shared beside the checkout)")
    ap.add_argument("--holdout", help="fit: K/N leaves out the annotated articles of fold K of N")
    ap.add_argument("--param", action="append", default=[], help="fit: NAME=VALUE, a sense-model hyper-parameter")
    ap.add_argument("--out", type=Path, default=model_path("abbreviations"), help="the model folder")
    ap.add_argument("--seed", type=int, default=13, help="harvest: the seed of the article order")
    ap.add_argument("--limit", type=int, default=0, help="harvest: read at most N articles (a quick trial)")
    args = ap.parse_args()
    shared = args.shared or shared_path()
    if args.command == "harvest":
        from .abbreviation_harvest import harvest

        return harvest(shared, args.out, seed=args.seed, limit=args.limit)
    model = fit(training_articles(shared, args.holdout), _params(args.param))
    out = args.out / FITTED
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(f"{len(model['rates'])} rates, {len(model['context'])} ambiguous forms -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
