#!/usr/bin/env python3
"""Abbreviation mentions against gold, scored by the rules of `shared/eval/score.py`.

    python benchmarks/abbreviations.py [--shared ../shared] [--train] [--cv N] [--errors N]

Sets: `data/ner/dev.jsonl` (whole text) and `eval/dev` (text before the gold
`body_end`); `--train` adds `data/ner/train.jsonl` (the development set).
`--cv N` scores the training articles by N-fold cross-validation: each fold
against a dictionary and model rebuilt without it (an honest estimate to tune on).
Baseline: the first sense of every soe-vinorm entry at every whole-token occurrence.
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
import zlib
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from vnnews_nlp.abbreviations import find_abbreviations  # noqa: E402


def norm_long(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split()).lower()


def load_ner(path: Path) -> list[dict]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs.append({"id": d["id"], "text": d["text"], "ranges": None, "gold": d["abbreviations"]})
    return docs


def load_eval(folder: Path) -> list[dict]:
    docs = []
    for g in sorted(folder.glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        text = (folder / f"{g.stem}.txt").read_text(encoding="utf-8")
        end = gold.get("body_end") or len(text)
        docs.append({"id": gold["id"], "text": text, "ranges": [(0, end)], "gold": gold.get("abbreviations", [])})
    return docs


class Baseline:
    """Plain dictionary lookup: soe-vinorm's first sense, every whole-token occurrence."""

    def __init__(self, path: Path):
        self.table: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            short, _, longs = line.partition(":")
            if short and longs and short not in self.table:
                self.table[short.strip()] = longs.split(",")[0].strip()
        alts = "|".join(regex.escape(s) for s in sorted(self.table, key=len, reverse=True))
        self.pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{alts})(?![\p{{L}}\p{{M}}\p{{N}}])")

    def __call__(self, text: str, ranges) -> list[dict]:
        out = []
        for lo, hi in ranges or [(0, len(text))]:
            for m in self.pattern.finditer(text, lo, hi):
                out.append({"start": m.start(), "short": m.group(), "long": self.table[m.group()]})
        return out


def ours(text: str, ranges) -> list[dict]:
    return [{"start": m.start, "short": m.short, "long": m.long} for m in find_abbreviations(text, ranges)]


def score(docs: list[dict], system, errors: Counter | None = None) -> dict:
    tp = fp = fn = wrong = 0
    for d in docs:
        g = {(a["start"], a["short"]): norm_long(a["long"]) for a in d["gold"]}
        s = {(a["start"], a["short"]): norm_long(a["long"]) for a in system(d["text"], d["ranges"])}
        correct = sum(1 for k, v in s.items() if g.get(k) == v)
        tp += correct
        fp += len(s) - correct
        fn += len(g) - correct
        wrong += sum(1 for k, v in s.items() if k in g and g[k] != v)
        if errors is not None:
            for k, v in s.items():
                if k not in g:
                    errors[("FP", k[1], v, d["text"][max(0, k[0] - 30):k[0] + 30].replace("\n", " "))] += 1
                elif g[k] != v:
                    errors[("WRONG", k[1], f"{v} != {g[k]}", d["text"][max(0, k[0] - 30):k[0] + 30].replace("\n", " "))] += 1
            for k, v in g.items():
                if k not in s:
                    errors[("FN", k[1], v, d["text"][max(0, k[0] - 30):k[0] + 30].replace("\n", " "))] += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    matched = tp + wrong
    return {"p": p, "r": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "wrong_n": wrong,
            "wrong": wrong / matched if matched else 0.0}


def in_fold(doc_id: str, spec: str) -> bool:
    k, n = (int(x) for x in spec.split("/"))
    return zlib.crc32(str(doc_id).encode()) % n == k


def cross_validate(shared: Path, folds: int, errors: int) -> dict:
    """Rebuild dictionary and model without each fold, score the fold in a fresh process."""
    total = Counter()
    for k in range(folds):
        spec = f"{k}/{folds}"
        with tempfile.TemporaryDirectory() as home:
            (Path(home) / "data").mkdir()
            run = dict(check=True, capture_output=True, text=True, cwd=ROOT)
            subprocess.run([sys.executable, "scripts/build_abbreviations.py", "--shared", str(shared),
                            "--holdout", spec, "--out", f"{home}/data/abbreviations.tsv"], **run)
            subprocess.run([sys.executable, "-m", "vnnews_nlp.train.abbreviations", "--shared", str(shared),
                            "--holdout", spec, "--out", f"{home}/models/abbreviations/senses.json"],
                           env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, **run)
            out = subprocess.run([sys.executable, __file__, "--shared", str(shared), "--fold", spec,
                                  "--errors", str(errors)], env={**os.environ, "VNNEWS_NLP_HOME": home}, **run)
        lines = out.stdout.splitlines()
        r = json.loads(lines[0])
        total.update({key: r[key] for key in ("tp", "fp", "fn", "wrong_n")})
        for line in lines[1:]:
            print(line)
    p = total["tp"] / (total["tp"] + total["fp"]) if total["tp"] + total["fp"] else 0.0
    r = total["tp"] / (total["tp"] + total["fn"]) if total["tp"] + total["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    matched = total["tp"] + total["wrong_n"]
    return {"p": p, "r": r, "f1": f, **total, "wrong": total["wrong_n"] / matched if matched else 0.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--train", action="store_true", help="also score the training articles")
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent errors of ours")
    ap.add_argument("--cv", type=int, default=0, help="N-fold cross-validation on the training articles")
    ap.add_argument("--fold", help=argparse.SUPPRESS)  # K/N: score fold K only (used by --cv)
    args = ap.parse_args()
    if args.fold:
        docs = [d for d in load_ner(args.shared / "data/ner/train.jsonl") if in_fold(d["id"], args.fold)]
        errors: Counter = Counter()
        print(json.dumps(score(docs, ours, errors)))
        for (kind, short, long, ctx), n in errors.most_common(args.errors):
            print(f"{n:3d} {kind:5s} {short:10s} {long[:45]:45s} | {ctx}")
        return 0
    sets = {
        "ner/dev": load_ner(args.shared / "data/ner/dev.jsonl"),
        "eval/dev": load_eval(args.shared / "eval/dev"),
    }
    if args.train:
        sets["ner/train"] = load_ner(args.shared / "data/ner/train.jsonl")
    baseline = Baseline(args.shared / "data/abbreviations/soe-vinorm/abbreviations.txt")
    print(f"{'set':10s} {'system':9s} {'docs':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'fp':>5s} {'fn':>5s} {'wrong%':>7s} {'sec':>6s}")
    errors: Counter = Counter()
    verdicts = []
    for name, docs in sets.items():
        results = {}
        for label, system in (("ours", ours), ("baseline", baseline)):
            t0 = time.perf_counter()
            r = results[label] = score(docs, system, errors if (label == "ours" and args.errors) else None)
            dt = time.perf_counter() - t0
            print(f"{name:10s} {label:9s} {len(docs):5d} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f} "
                  f"{r['tp']:5d} {r['fp']:5d} {r['fn']:5d} {100 * r['wrong']:6.1f}% {dt:6.2f}")
        us, base = results["ours"], results["baseline"]
        ok = us["f1"] >= 0.93 and us["wrong"] <= 0.03 and us["f1"] - base["f1"] >= 0.15
        verdicts.append(f"{name}: {'met' if ok else 'MISSED'} (F1 {us['f1']:.3f} >= 0.93, wrong "
                        f"{100 * us['wrong']:.1f}% <= 3%, +{100 * (us['f1'] - base['f1']):.1f} >= 15 points)")
    print("targets: " + "; ".join(verdicts))
    if args.cv:
        r = cross_validate(args.shared, args.cv, args.errors)
        print(f"{'train-cv':10s} {'ours':9s} {'':5s} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f} "
              f"{r['tp']:5d} {r['fp']:5d} {r['fn']:5d} {100 * r['wrong']:6.1f}%")
    if args.errors:
        for (kind, short, long, ctx), n in errors.most_common(args.errors):
            print(f"{n:3d} {kind:5s} {short:10s} {long[:45]:45s} | {ctx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
