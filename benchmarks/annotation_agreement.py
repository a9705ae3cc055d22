"""Inter-annotator agreement on the project's blind double annotation.

    python benchmarks/annotation_agreement.py [--shared ../shared]

Articles in `annotations/second-pass/*.jsonl` were annotated a second time by an
annotator who never saw the first pass (`annotations/*.jsonl`). Both are scored
against each other with `shared/eval/score.py`'s rules: entity micro-F1 over per-document
sets of (label, normalised text), per label, DATE value agreement on matched dates, and
abbreviation mention F1 (start + short form, long form equal after folding). F1 is
symmetric, so which pass is "gold" does not matter. Below 0.90 the disagreements must be
settled in the guideline reading before the data is used.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from ner import LABELS, load_scorer, score  # noqa: E402

from vnnews_nlp.paths import shared_path  # noqa: E402
from vnnews_nlp.train.corpus import read_jsonl, resolve  # noqa: E402


def passes(annotations: Path) -> tuple[list[dict], list[dict]]:
    """(first pass, second pass) of the doubly annotated articles, as full records, same order."""
    second = [r for p in sorted((annotations / "second-pass").glob("*.jsonl")) for r in read_jsonl(p)]
    first = {r["id"]: r for p in sorted(annotations.glob("*.jsonl")) for r in read_jsonl(p)}
    if not second:
        raise FileNotFoundError(f"no second-pass annotations under {annotations / 'second-pass'}")
    missing = [r["id"] for r in second if r["id"] not in first]
    if missing:
        raise ValueError(f"second-pass articles without a first pass: {missing}")
    return [first[r["id"]] for r in second], second


def abbreviation_f1(scorer, gold: list[dict], system: list[dict]) -> dict:
    counts = Counter()
    for g_rec, s_rec in zip(gold, system):
        g = {(a["start"], a["short"]): scorer.norm_long(a["long"]) for a in g_rec["abbreviations"]}
        s = {(a["start"], a["short"]): scorer.norm_long(a["long"]) for a in s_rec["abbreviations"]}
        correct = sum(1 for k, v in s.items() if g.get(k) == v)
        counts.update(tp=correct, fp=len(s) - correct, fn=len(g) - correct)
    return scorer.prf(counts["tp"], counts["fp"], counts["fn"])


def agreement_figures(shared: Path, annotations: Path | None = None) -> dict:
    """Entity and abbreviation agreement between the two passes."""
    scorer = load_scorer(shared)
    first_stored, second_stored = passes(annotations or ROOT / "annotations")
    first, second = resolve(first_stored, shared / "data"), resolve(second_stored, shared / "data")
    entities = score(scorer, first, [r["entities"] for r in second], LABELS)
    return {"articles": len(first), "entities": entities, "abbreviations": abbreviation_f1(scorer, first, second),
            "annotators": sorted({r.get("annotator") for r in first_stored} | {r.get("annotator") for r in second_stored})}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path)
    args = ap.parse_args()
    figures = agreement_figures(args.shared or shared_path())
    ent = figures["entities"]
    print(f"== blind double annotation: {figures['articles']} articles, annotators {', '.join(figures['annotators'])} ==")
    for lab in (*LABELS, "micro"):
        print(f"  {lab:5s} P {ent[lab]['p']:.3f}  R {ent[lab]['r']:.3f}  F1 {ent[lab]['f1']:.3f}"
              f"   (agree {ent[lab]['tp']}, only first {ent[lab]['fn']}, only second {ent[lab]['fp']})")
    print(f"  DATE values equal on matched dates: {ent['date_values']:.3f}")
    ab = figures["abbreviations"]
    print(f"  abbreviations: mention F1 {ab['f1']:.3f} (agree {ab['tp']}, only first {ab['fn']}, only second {ab['fp']})")
    verdict = "met" if ent["micro"]["f1"] >= 0.90 else "MISSED: settle the disagreements before using the data"
    print(f"  entity micro-F1 {ent['micro']['f1']:.3f} (target >= 0.90): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
