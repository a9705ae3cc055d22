#!/usr/bin/env python3
"""Abbreviation mentions, cross-validated through the full pipeline, against the dictionary baseline.

    nice -n 10 python benchmarks/abbreviations.py [--folds 5] [--errors N] [--stages full|abbreviations]
                                                  [--set PART=FILE.jsonl ...]

Every annotated article (`vnnews_nlp.train.annotated`: VNTC `ner/train.jsonl`, modern
`ner/modern-train.jsonl`, plus any `--set`) is scored by N-fold cross-validation: for each fold
the dictionary (`scripts/build_abbreviations.py --holdout`) and the fitted sense model
(`python -m vnnews_nlp.train.abbreviations fit --holdout`) are rebuilt without the fold's articles
in a resource folder of their own, and a fresh process runs the whole pipeline
(`vnnews_nlp.pipeline.build()`, each record's `published` passed) over the fold, timing each stage.
Scored as `shared/eval/score.py` scores: a mention matches by start offset and short form, its long
form must be equal after NFC, lower-casing and whitespace folding.
Baseline (same run, same fold dictionary): every whole token of the structure stage's article
text that is a dictionary short form, read with its first sense.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vnnews_nlp.train.annotated import annotated_articles, fold_of  # noqa: E402

FORMS = ("CT", "TT", "HS", "ĐH", "ATTT", "TN", "KH", "KT")
TARGETS = {"all": 0.95, "part": 0.93, "wrong": 0.02, "share": 0.10}


def norm_long(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split()).lower()


def _extra_sets(specs: list[str]) -> list[tuple[str, Path]]:
    out = []
    for spec in specs:
        part, sep, path = spec.partition("=")
        if not sep or not part or not Path(path).is_file():
            raise SystemExit(f"--set wants PART=FILE.jsonl with an existing file, got {spec!r}")
        out.append((part, Path(path)))
    return out


# --- one fold, in its own process (VNNEWS_NLP_HOME = the fold's resources) ------------------------

def _baseline(text: str, ranges, table: dict) -> list[list]:
    """Every whole token that is a dictionary short form, with its first sense."""
    import regex

    from vnnews_nlp.abbreviations.dictionary import lookup_key

    out = []
    for lo, hi in ranges:
        for m in regex.finditer(r"[\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&./\-])[\p{L}\p{M}\p{N}]+)*", text[lo:hi]):
            senses = table.get(lookup_key(m.group()))
            if senses:
                out.append([lo + m.start(), m.group(), senses[0].long])
    return out


def run_fold(spec: str, stages: str, extra: list[tuple[str, Path]]) -> int:
    from vnnews_nlp import pipeline
    from vnnews_nlp.abbreviations.component import mentions_of
    from vnnews_nlp.abbreviations.dictionary import load
    from vnnews_nlp.extensions import article_ranges

    k, n = (int(x) for x in spec.split("/"))
    articles = [a for a in annotated_articles(extra=extra) if fold_of(a.id, n) == k]
    exclude = () if stages == "full" else ("tok2vec", "ner", "vnnews_entities", "vnnews_category")
    nlp = pipeline.build(exclude=exclude)
    table = load()
    for a in articles:
        times: dict[str, float] = {}
        t0 = time.perf_counter()
        doc = nlp.make_doc(a.text)
        times["tokenizer"] = time.perf_counter() - t0
        doc._.vnnews_published = a.published
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            times[name] = time.perf_counter() - t0
        pred = [[m.start, m.short, m.long] for m in mentions_of(doc)]
        base = _baseline(doc.text, article_ranges(doc), table)
        print(json.dumps({"id": a.id, "part": a.part, "pred": pred, "base": base, "time": times},
                         ensure_ascii=False))
    return 0


# --- the parent: fold resources, processes, scores --------------------------------------------------

def _fold_home(home: Path, spec: str, shared: Path) -> None:
    """A resource folder like the repository's, with the dictionary and fitted model rebuilt without the fold
    (the harvested files, learned from unlabelled articles only, are the repository's)."""
    from vnnews_nlp.train.abbreviations import FITTED_FILES
    from vnnews_nlp.train.homes import mirror

    mirror(home, {"data": ("abbreviations.tsv",), "models/abbreviations": FITTED_FILES}, ROOT)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "VNNEWS_NLP_HOME": str(home)}
    run = dict(check=True, capture_output=True, text=True, cwd=ROOT, env=env)
    subprocess.run([sys.executable, "scripts/build_abbreviations.py", "--shared", str(shared),
                    "--holdout", spec, "--out", str(home / "data" / "abbreviations.tsv")], **run)
    subprocess.run([sys.executable, "-m", "vnnews_nlp.train.abbreviations", "fit", "--shared", str(shared),
                    "--holdout", spec, "--out", str(home / "models" / "abbreviations")], **run)


def cross_validate(shared: Path, folds: int, stages: str, sets: list[str]) -> list[dict]:
    results = []
    for k in range(folds):
        spec = f"{k}/{folds}"
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            _fold_home(home, spec, shared)
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "VNNEWS_NLP_HOME": str(home),
                   "VNNEWS_SHARED": str(shared)}
            cmd = [sys.executable, __file__, "--fold", spec, "--stages", stages]
            for s in sets:
                cmd += ["--set", s]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, env=env)
        results.extend(json.loads(line) for line in out.stdout.splitlines() if line.startswith("{"))
        print(f"  fold {spec}: {sum(1 for r in results)} articles done", file=sys.stderr)
    return results


def _prf(c: Counter) -> dict:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    matched = c["tp"] + c["wrong"]
    return {"p": p, "r": r, "f1": f, "tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "wrong_n": c["wrong"],
            "wrong": c["wrong"] / matched if matched else 0.0}


def score(articles: dict, results: list[dict], key: str, errors: Counter | None = None) -> dict[str, dict]:
    """Mention P/R/F1 and wrong-sense share per part and over all, as `score.py` counts them."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        art = articles[r["id"]]
        gold = {(g["start"], g["short"]): norm_long(g["long"]) for g in art.mentions}
        sys_ = {(s, short): norm_long(long) for s, short, long in r[key]}
        correct = sum(1 for k, v in sys_.items() if gold.get(k) == v)
        wrong = sum(1 for k, v in sys_.items() if k in gold and gold[k] != v)
        for part in (art.part, "all"):
            counts[part].update(tp=correct, fp=len(sys_) - correct, fn=len(gold) - correct, wrong=wrong)
        if errors is not None:
            text = art.text
            for (start, short), v in sys_.items():
                ctx = text[max(0, start - 35):start + 35].replace("\n", " ")
                if (start, short) not in gold:
                    errors[("FP", art.part, short, v, ctx)] += 1
                elif gold[(start, short)] != v:
                    errors[("WRONG", art.part, short, f"{v} != {gold[(start, short)]}", ctx)] += 1
            for (start, short), v in gold.items():
                if (start, short) not in sys_:
                    ctx = text[max(0, start - 35):start + 35].replace("\n", " ")
                    errors[("FN", art.part, short, v, ctx)] += 1
    return {part: _prf(c) for part, c in counts.items()}


def per_form(articles: dict, results: list[dict]) -> dict[str, Counter]:
    """Per ambiguous form: gold mentions, found (start + short), found with the gold sense."""
    out = {f: Counter() for f in FORMS}
    for r in results:
        art = articles[r["id"]]
        sys_ = {(s, short): norm_long(long) for s, short, long in r["pred"]}
        for g in art.mentions:
            if g["short"] in out:
                c = out[g["short"]]
                c["gold"] += 1
                got = sys_.get((g["start"], g["short"]))
                c["found"] += got is not None
                c["right"] += got == norm_long(g["long"])
    return out


def defined_mentions(shared: Path) -> dict[str, Counter]:
    """Per form, the mentions of held-out unlabelled articles (`abbreviation_harvest.held_out`, never
    harvested) whose article defines the form: read with the definition masked, are they given the
    defined sense? Against the dictionary's first sense."""
    from vnnews_nlp.abbreviations.definitions import find_definitions
    from vnnews_nlp.abbreviations.dictionary import lookup_key, senses_of
    from vnnews_nlp.abbreviations.features import Words, features
    from vnnews_nlp.abbreviations.roles import role_of
    from vnnews_nlp.abbreviations.senses import grams, rank
    from vnnews_nlp.textnorm import match_key
    from vnnews_nlp.train.abbreviation_harvest import articles
    import regex

    from vnnews_nlp.abbreviations.senses import usable

    out: dict[str, Counter] = defaultdict(Counter)
    for _, _, text in articles(shared, held=True):
        for d in find_definitions(text, [(0, len(text))]):
            key = lookup_key(d.short)
            senses = [s for s in senses_of(key) if usable(s)]
            if len(senses) < 2 or match_key(d.long) not in {match_key(s.long) for s in senses}:
                continue
            lo, hi = min(d.start, d.long_start), max(d.end, d.long_end)
            masked = text[:max(0, lo - 1)] + " " * (min(len(text), hi + 1) - max(0, lo - 1)) + text[hi + 1:]
            words = Words.of(masked)
            doc = grams(words.keys)
            for m in regex.finditer(rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){regex.escape(d.short)}(?![\p{{L}}\p{{M}}\p{{N}}])", masked):
                right, left = words.around(m.start(), m.end())
                near = words.keys[max(0, left - 8):left] + words.keys[right:right + 8]
                ranked = rank(key, [features(words, m.start(), m.end())], near, doc, role_of(masked, m.start(), m.end()))
                c = out[key]
                c["n"] += 1
                c["ours"] += match_key(ranked[0].sense.long) == match_key(d.long)
                c["first"] += match_key(senses[0].long) == match_key(d.long)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--stages", choices=("full", "abbreviations"), default="full",
                    help="full pipeline (reported) or structure + abbreviations only (quicker; no time share)")
    ap.add_argument("--set", action="append", default=[], help="PART=FILE.jsonl: another annotated set")
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    ap.add_argument("--dump", type=Path, help="write every article's predictions here (JSON Lines)")
    ap.add_argument("--fold", help=argparse.SUPPRESS)  # K/N: run one fold (in the fold's resource home)
    args = ap.parse_args()
    extra = _extra_sets(args.set)
    if args.fold:
        return run_fold(args.fold, args.stages, extra)
    shared = args.shared.resolve()
    articles = {a.id: a for a in annotated_articles(shared, extra=extra)}
    t0 = time.perf_counter()
    results = cross_validate(shared, args.folds, args.stages, args.set)
    wall = time.perf_counter() - t0
    if args.dump:
        args.dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), encoding="utf-8")
    errors: Counter = Counter()
    ours = score(articles, results, "pred", errors if args.errors else None)
    base = score(articles, results, "base")
    parts = [p for p in ours if p != "all"] + ["all"]
    n_docs = Counter(articles[r["id"]].part for r in results)
    print(f"{args.folds}-fold cross-validation, {len(results)} annotated articles, "
          f"{'full pipeline' if args.stages == 'full' else 'structure + abbreviations'} ({wall:.0f} s)")
    print(f"{'part':8s} {'system':9s} {'docs':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'fp':>5s} "
          f"{'fn':>5s} {'wrong':>6s} {'wrong%':>7s}")
    for part in parts:
        for label, res in (("ours", ours), ("baseline", base)):
            r = res[part]
            docs = len(results) if part == "all" else n_docs[part]
            print(f"{part:8s} {label:9s} {docs:5d} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f} {r['tp']:5d} "
                  f"{r['fp']:5d} {r['fn']:5d} {r['wrong_n']:6d} {100 * r['wrong']:6.1f}%")
    print("per form (gold mentions; found = start and short form; right = with the gold long form):")
    for form, c in per_form(articles, results).items():
        acc = f"{c['right'] / c['gold']:.3f}" if c["gold"] else "  n/a"
        sense = f"{c['right'] / c['found']:.3f}" if c["found"] else "  n/a"
        print(f"  {form:5s} gold {c['gold']:4d}  found {c['found']:4d}  right {c['right']:4d}  "
              f"accuracy {acc}  sense accuracy {sense}")
    print("senses on held-out unlabelled articles (never harvested) that define an ambiguous form; its other "
          "mentions read with the definition masked, pseudo-gold = the defined sense:")
    defined = defined_mentions(shared)
    total = sum(defined.values(), Counter())
    for form, c in [(f, defined.get(f, Counter())) for f in FORMS] + [("all forms", total)]:
        if c["n"]:
            print(f"  {form:9s} mentions {c['n']:4d}  sense accuracy {c['ours'] / c['n']:.3f}  "
                  f"(dictionary first sense {c['first'] / c['n']:.3f})")
        else:
            print(f"  {form:9s} mentions    0")
    share = None
    if args.stages == "full":
        stage_time: Counter = Counter()
        for r in results:
            stage_time.update(r["time"])
        total = sum(stage_time.values())
        share = stage_time["vnnews_abbreviations"] / total
        print("time per stage (s): " + ", ".join(f"{k} {v:.1f}" for k, v in stage_time.most_common())
              + f"; total {total:.1f} s, {1000 * total / len(results):.1f} ms/article")
    print("targets:")
    checks = [(f"F1 all >= {TARGETS['all']}", ours["all"]["f1"] >= TARGETS["all"], f"{ours['all']['f1']:.3f}")]
    for part in parts[:-1]:
        checks.append((f"F1 {part} >= {TARGETS['part']}", ours[part]["f1"] >= TARGETS["part"], f"{ours[part]['f1']:.3f}"))
    checks.append((f"wrong sense <= {100 * TARGETS['wrong']:.0f}% of matched", ours["all"]["wrong"] <= TARGETS["wrong"],
                   f"{100 * ours['all']['wrong']:.1f}%"))
    checks.append(("F1 above the dictionary baseline", ours["all"]["f1"] > base["all"]["f1"],
                   f"{ours['all']['f1']:.3f} vs {base['all']['f1']:.3f}"))
    if share is not None:
        checks.append((f"abbreviation stage share of pipeline time <= {100 * TARGETS['share']:.0f}%",
                       share <= TARGETS["share"], f"{100 * share:.1f}%"))
    for name, ok, value in checks:
        print(f"  {name:55s} {value:>18s}: {'met' if ok else 'MISSED'}")
    if args.errors:
        for (kind, part, short, long, ctx), n in errors.most_common(args.errors):
            print(f"{n:3d} {kind:5s} {part:6s} {short:10s} {long[:50]:50s} | {ctx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
