"""Entity benchmark: our recogniser against gold and against underthesea's CRF `ner`, in one run.

    python benchmarks/ner.py [--shared ../shared] [--model models/ner] [--skip-underthesea]

Scores by `shared/eval/score.py`'s rules (per document the set of unique
(label, normalised text) pairs) on `shared/data/ner/dev.jsonl` and on the
`shared/eval/dev` gold folder (its `published` passed in): per-label P/R/F1,
micro-F1, DATE value accuracy; an ablation (model alone, rules alone, both);
underthesea's PER/ORG/LOC on the same documents; and throughput in syllables/s
on one core of tokenizer + ner + entities beside underthesea's `ner`.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("PER", "ORG", "LOC", "DATE")
Entities = list[dict]


def load_scorer(shared: Path):
    """`shared/eval/score.py` as a module, so normalisation is exactly the scorer's."""
    spec = importlib.util.spec_from_file_location("vnnews_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ner_dev(shared: Path) -> list[dict]:
    """`ner/dev.jsonl` records as {id, text, published, entities}."""
    lines = (shared / "data" / "ner" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [{**json.loads(line), "published": None} for line in lines if line.strip()]


def eval_dev(shared: Path) -> list[dict]:
    """The `eval/dev` gold folder as records; gold `published` is passed to the system."""
    out = []
    for gold_path in sorted((shared / "eval" / "dev").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        out.append({"id": gold["id"], "text": text, "published": gold.get("published"), "entities": gold["entities"]})
    return out


def score(scorer, records: list[dict], outputs: list[Entities], labels: Iterable[str] = LABELS) -> dict:
    """Per-label and micro P/R/F1 over per-document sets, plus DATE value accuracy (score.py's rules)."""
    counts = {lab: Counter() for lab in labels}
    values = Counter()
    for record, ents in zip(records, outputs):
        gold = {(e["label"], scorer.norm_entity(e["label"], e["text"])) for e in record["entities"]}
        system = {(e["label"], scorer.norm_entity(e["label"], e["text"])) for e in ents}
        for lab in labels:
            g, s = {x for x in gold if x[0] == lab}, {x for x in system if x[0] == lab}
            counts[lab].update(tp=len(g & s), fp=len(s - g), fn=len(g - s))
        g_vals = {scorer.norm_entity("DATE", e["text"]): e.get("value") for e in record["entities"] if e["label"] == "DATE"}
        s_vals: dict[str, str] = {}
        for e in ents:
            if e["label"] == "DATE":
                s_vals.setdefault(scorer.norm_entity("DATE", e["text"]), e.get("value"))
        for key, value in g_vals.items():
            if key in s_vals:
                values.update(matched=1, correct=int(str(s_vals[key]) == str(value)))
    report = {lab: scorer.prf(c["tp"], c["fp"], c["fn"]) for lab, c in counts.items()}
    report["micro"] = scorer.prf(*(sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")))
    report["date_values"] = round(values["correct"] / values["matched"], 4) if values["matched"] else 0.0
    return report


def run_pipeline(nlp, records: list[dict]) -> list[Entities]:
    """Entities of each record through a vnnews pipeline, offsets checked against the input."""
    out = []
    for record in records:
        doc = nlp.make_doc(record["text"])
        doc._.vnnews_published = record.get("published")
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        ents = [{"label": e.label_, "text": e.text, "start": e.start_char, "end": e.end_char, "value": e._.vnnews_value}
                for e in doc.ents]
        assert all(record["text"][e["start"] : e["end"]] == e["text"] for e in ents)
        out.append(ents)
    return out


def underthesea_entities(text: str) -> Entities:
    """underthesea's CRF `ner`, line by line, its B-/I- tags turned into (label, text) spans."""
    from underthesea import ner

    out: Entities = []
    for line in text.splitlines():
        if not line.strip():
            continue
        current: list[str] = []
        label = None
        for word, _pos, _chunk, tag in ner(line):
            if tag.startswith("I-") and label == tag[2:]:
                current.append(word)
                continue
            if label:
                out.append({"label": label, "text": " ".join(current)})
            label, current = (tag[2:], [word]) if tag[:2] in ("B-", "I-") else (None, [])
        if label:
            out.append({"label": label, "text": " ".join(current)})
    return [e for e in out if e["label"] in ("PER", "ORG", "LOC")]


def syllables(nlp, texts: list[str]) -> int:
    """Syllables (word-like tokens of our tokenizer) in `texts`: the unit of both throughputs."""
    return sum(1 for text in texts for t in nlp.make_doc(text) if t.is_alpha or t.like_num)


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def table(rows: dict[str, dict]) -> str:
    head = f"{'system':28s} " + " ".join(f"{lab:>6s}" for lab in (*LABELS, "micro")) + "  datevals"
    lines = [head]
    for name, rep in rows.items():
        cells = " ".join(f"{rep[lab]['f1']:6.3f}" if lab in rep else "     -" for lab in (*LABELS, "micro"))
        lines.append(f"{name:28s} {cells}  {rep.get('date_values', 0):.3f}")
    return "\n".join(lines)


def detail(rep: dict) -> str:
    return "\n".join(
        f"  {lab:5s} P {rep[lab]['p']:.3f}  R {rep[lab]['r']:.3f}  F1 {rep[lab]['f1']:.3f}"
        f"   (tp {rep[lab]['tp']} fp {rep[lab]['fp']} fn {rep[lab]['fn']})"
        for lab in (*LABELS, "micro") if lab in rep
    )


def pipelines(model: Path) -> dict[str, object]:
    """Full pipelines for the ablation: model+rules, model alone, rules alone."""
    from vnnews_nlp.pipeline import build

    both = build(ner_model=model, exclude=("vnnews_category",))
    alone = build(ner_model=model, exclude=("vnnews_category",))
    alone.get_pipe("vnnews_entities").use_rules = False
    rules = build(ner_model=model, exclude=("vnnews_category", "ner"))
    return {"model + rules": both, "model alone": alone, "rules alone": rules}


def recogniser(model: Path):
    """Tokenizer + trained ner + entities component: what the throughput figure measures."""
    from vnnews_nlp.pipeline import build

    return build(ner_model=model, exclude=("vnnews_structure", "vnnews_abbreviations", "vnnews_category"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "ner")
    ap.add_argument("--skip-underthesea", action="store_true")
    args = ap.parse_args()
    scorer = load_scorer(args.shared)
    sets = {"ner/dev.jsonl": ner_dev(args.shared), "eval/dev": eval_dev(args.shared)}
    systems = pipelines(args.model)
    results: dict[str, dict] = {}
    for set_name, records in sets.items():
        rows = {name: score(scorer, records, run_pipeline(nlp, records)) for name, nlp in systems.items()}
        if not args.skip_underthesea:
            rows["underthesea ner (CRF)"] = score(
                scorer, records, [underthesea_entities(r["text"]) for r in records], ("PER", "ORG", "LOC")
            )
            rows["model + rules, PER/ORG/LOC"] = score(
                scorer, records, run_pipeline(systems["model + rules"], records), ("PER", "ORG", "LOC")
            )
        results[set_name] = rows
        print(f"\n== {set_name}: {len(records)} documents ==")
        print(detail(rows["model + rules"]))
        print(table(rows))
        if "underthesea ner (CRF)" in rows:
            ours = rows["model + rules, PER/ORG/LOC"]["micro"]["f1"]
            theirs = rows["underthesea ner (CRF)"]["micro"]["f1"]
            print(f"PER/ORG/LOC micro-F1: ours {ours:.3f}  underthesea {theirs:.3f}  (+{ours - theirs:.3f})")
    texts = [r["text"] for r in sets["ner/dev.jsonl"]]
    nlp = recogniser(args.model)
    n = syllables(nlp, texts)
    timed(lambda: list(nlp.pipe(texts[:3])))  # warm-up: lazy loads
    ours_s = timed(lambda: list(nlp.pipe(texts)))
    print(f"\n== throughput, one core, {len(texts)} documents, {n} syllables ==")
    print(f"ours (tokenizer + ner + entities): {n / ours_s:9.0f} syllables/s")
    speed_ratio = None
    if not args.skip_underthesea:
        underthesea_entities(texts[0])
        theirs_s = timed(lambda: [underthesea_entities(t) for t in texts])
        speed_ratio = theirs_s / ours_s
        print(f"underthesea ner:                  {n / theirs_s:9.0f} syllables/s")
        print(f"ratio: {speed_ratio:.1f}x")
    from vnnews_nlp.paths import folder_mb

    print("\n== targets (ner/dev.jsonl, model + rules) ==")
    print(targets(results["ner/dev.jsonl"], speed_ratio, folder_mb(ROOT / "models")))
    return 0


def targets(rows: dict[str, dict], speed_ratio: float | None, models_mb: float) -> str:
    """The issue's acceptance figures, each with its threshold and whether it is met."""
    ours = rows["model + rules"]
    checks = [(f"{lab} F1", ours[lab]["f1"], floor) for lab, floor in
              (("micro", 0.85), ("ORG", 0.80), ("PER", 0.90), ("DATE", 0.90))]
    checks.append(("date-value accuracy", ours["date_values"], 0.95))
    if "underthesea ner (CRF)" in rows:
        gain = rows["model + rules, PER/ORG/LOC"]["micro"]["f1"] - rows["underthesea ner (CRF)"]["micro"]["f1"]
        checks.append(("PER/ORG/LOC micro-F1 above underthesea", gain, 0.40))
    if speed_ratio is not None:
        checks.append(("speed / underthesea ner (x)", speed_ratio, 3.0))
    lines = [f"  {name:40s} {value:7.3f}  (target >= {floor:.2f}): {'met' if value >= floor else 'MISSED'}"
             for name, value, floor in checks]
    lines.append(f"  {'models/ in total (MB)':40s} {models_mb:7.1f}  (target <= 50): {'met' if models_mb <= 50 else 'MISSED'}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
