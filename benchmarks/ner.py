"""Entity benchmark: 5-fold cross-validation over every annotated article, beside underthesea.

    python benchmarks/ner.py [--folds 5] [--jobs 2] [--work build/ner-cv] [--curve] [--ablate [STEP ...]]
                             [--skip-underthesea] [--config F] [--vectors DIR] [--set KEY=VALUE]
    python benchmarks/ner.py --throughput-only [--skip-underthesea]

The annotated corpus (`vnnews_nlp.train.corpus`: 760 VNTC articles of c. 2006, the modern
articles of 2017–2024) is cut into folds by a hash of the article id. For each fold a
recogniser is trained on the other folds (`benchmarks/ner_folds.py`, cached in --work) and
the fold's articles go through the full pipeline with that model: no model ever scores an
article it was trained on. Scored by `shared/eval/score.py`'s rules (per document the set
of unique (label, normalised text) pairs), per label P/R/F1, separately for the VNTC and the
modern part: model + rules, model alone, rules alone, and underthesea's `ner` on the same
articles. `--curve` adds the learning curve (the model trained on ¼, ½, ¾ of the training
folds), `--ablate` the out-of-fold gain of each rule step. Last, throughput of the full
pipeline (shipped models) on one core beside underthesea's `ner` in the same run, model
sizes, and the issue's targets. `ner/dev.jsonl` and `eval/dev` are not used: they are
regression tests with floors in the test suite.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
LABELS = ("PER", "ORG", "LOC", "DATE")
PARTS = ("vntc", "modern")
SYLLABLE = re.compile(r"\w+")
CURVE = (0.25, 0.5, 0.75)
TARGETS = {"micro": {"modern": 0.88, "vntc": 0.86}, "ORG": 0.82, "PER": 0.92, "LOC": 0.88, "DATE": 0.95,
           "date_values": 0.97, "syllables_per_s": 15_000, "vs_underthesea": 5.0, "models_mb": 100}


def load_scorer(shared: Path):
    """`shared/eval/score.py` as a module, so normalisation is exactly the scorer's."""
    spec = importlib.util.spec_from_file_location("vnnews_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(scorer, records: list[dict], outputs: list[list[dict]], labels=LABELS) -> dict:
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


def run_pipeline(nlp, records: list[dict]) -> list[list[dict]]:
    """Entities of each record through a vnnews pipeline (its `published` passed), offsets checked."""
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


def pipelines(model: Path | None, steps: tuple[str, ...] | None = None) -> dict[str, object]:
    """Pipelines without the classifier: model + rules, model alone, rules alone."""
    from vnnews_nlp.pipeline import build

    def make(use_rules: bool, with_model: bool):
        exclude = ("vnnews_category",) if with_model else ("vnnews_category", "ner")
        nlp = build(ner_model=model, exclude=exclude)
        component = nlp.get_pipe("vnnews_entities")
        component.use_rules = use_rules
        if steps is not None:
            component.steps = steps
        return nlp

    return {"model + rules": make(True, True), "model alone": make(False, True), "rules alone": make(True, False)}


def underthesea_entities(text: str) -> list[dict]:
    """underthesea's CRF `ner` sentence by sentence, its B-/I- tags turned into (label, text) spans."""
    from underthesea import ner, sent_tokenize

    out: list[dict] = []
    for line in text.splitlines():
        for sentence in sent_tokenize(line) if line.strip() else ():
            current: list[str] = []
            label = None
            for word, _pos, _chunk, tag in ner(sentence):
                if tag.startswith("I-") and label == tag[2:]:
                    current.append(word)
                    continue
                if label:
                    out.append({"label": label, "text": " ".join(current)})
                label, current = (tag[2:], [word]) if tag[:2] in ("B-", "I-") else (None, [])
            if label:
                out.append({"label": label, "text": " ".join(current)})
    return [e for e in out if e["label"] in ("PER", "ORG", "LOC")]


def by_part(records: list[dict], outputs: list[list[dict]]) -> dict[str, tuple[list, list]]:
    """Records and outputs split by corpus part, plus `all`."""
    split = {part: ([], []) for part in (*PARTS, "all")}
    for record, out in zip(records, outputs):
        for part in (record["part"], "all"):
            split[part][0].append(record)
            split[part][1].append(out)
    return split


def table(rows: dict[str, dict]) -> str:
    head = f"{'system':30s} " + " ".join(f"{lab:>6s}" for lab in (*LABELS, "micro")) + "  datevals"
    lines = [head]
    for name, rep in rows.items():
        cells = " ".join(f"{rep[lab]['f1']:6.3f}" if lab in rep else "     -" for lab in (*LABELS, "micro"))
        lines.append(f"{name:30s} {cells}  {rep.get('date_values', 0):.3f}")
    return "\n".join(lines)


def detail(rep: dict) -> str:
    return "\n".join(
        f"  {lab:5s} P {rep[lab]['p']:.3f}  R {rep[lab]['r']:.3f}  F1 {rep[lab]['f1']:.3f}"
        f"   (tp {rep[lab]['tp']} fp {rep[lab]['fp']} fn {rep[lab]['fn']})"
        for lab in (*LABELS, "micro") if lab in rep
    )


def out_of_fold(records: list[dict], models: dict[int, Path], folds: int, steps=None, systems=None) -> dict[str, list]:
    """Every article through the pipelines of the model that never saw it; outputs in record order."""
    from vnnews_nlp.train.corpus import fold_of

    outputs: dict[str, list] = {}
    index = {r["id"]: i for i, r in enumerate(records)}
    for k, model in models.items():
        fold = [r for r in records if fold_of(r["id"], folds) == k]
        for name, nlp in pipelines(model, steps).items():
            if systems and name not in systems:
                continue
            outs = outputs.setdefault(name, [None] * len(records))
            for record, ents in zip(fold, run_pipeline(nlp, fold)):
                outs[index[record["id"]]] = ents
    return outputs


def cached_underthesea(records: list[dict], work: Path) -> list[list[dict]]:
    """underthesea's entities for every record, computed once per corpus into --work."""
    path = work / "underthesea.jsonl"
    cache = {}
    if path.exists():
        cache = {d["id"]: d["entities"] for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    missing = [r for r in records if r["id"] not in cache]
    if missing:
        print(f"underthesea ner on {len(missing)} articles ...", flush=True)
        with path.open("a", encoding="utf-8") as handle:
            for r in missing:
                cache[r["id"]] = underthesea_entities(r["text"])
                handle.write(json.dumps({"id": r["id"], "entities": cache[r["id"]]}, ensure_ascii=False) + "\n")
    return [cache[r["id"]] for r in records]


def throughput(records: list[dict], skip_underthesea: bool, limit: int = 150) -> tuple[float, float | None]:
    """Syllables per CPU-second of the full shipped pipeline (all stages) on one core, and of underthesea `ner`
    on the same texts. CPU time, not wall time: the machine is shared, and both run on one thread."""
    from vnnews_nlp.pipeline import build

    texts = [r["text"] for r in records if r["part"] == "modern"][:limit]
    n = sum(len(SYLLABLE.findall(t)) for t in texts)
    nlp = build()
    list(nlp.pipe(texts[:3]))
    started = time.process_time()
    list(nlp.pipe(texts))
    ours = n / (time.process_time() - started)
    print(f"\n== throughput, one core, {len(texts)} modern articles, {n} syllables (per CPU-second) ==")
    print(f"vnnews full pipeline (all stages, shipped models): {ours:9.0f} syllables/s")
    if skip_underthesea:
        return ours, None
    underthesea_entities(texts[0])
    started = time.process_time()
    for text in texts:
        underthesea_entities(text)
    theirs = n / (time.process_time() - started)
    print(f"underthesea ner (sentence by sentence):           {theirs:9.0f} syllables/s")
    print(f"ratio: {ours / theirs:.1f}x")
    return ours, ours / theirs


def check(name: str, value: float, floor: float, higher: bool = True) -> str:
    met = value >= floor if higher else value <= floor
    sign = ">=" if higher else "<="
    return f"  {name:44s} {value:9.3f}  (target {sign} {floor:g}): {'met' if met else 'MISSED'}"


def targets(reports: dict[str, dict], speed: float, ratio: float | None, models_mb: float, agreement: float | None) -> str:
    lines = []
    for part in PARTS:
        rep = reports[part]
        lines.append(check(f"{part}: micro F1", rep["micro"]["f1"], TARGETS["micro"][part]))
        for lab in ("ORG", "PER", "LOC", "DATE"):
            lines.append(check(f"{part}: {lab} F1", rep[lab]["f1"], TARGETS[lab]))
        lines.append(check(f"{part}: date-value accuracy", rep["date_values"], TARGETS["date_values"]))
    lines.append(check("full pipeline syllables/s, one core", speed, TARGETS["syllables_per_s"]))
    if ratio is not None:
        lines.append(check("speed / underthesea ner (x)", ratio, TARGETS["vs_underthesea"]))
    lines.append(check("models/ in total (MB)", models_mb, TARGETS["models_mb"], higher=False))
    if agreement is not None:
        lines.append(check("inter-annotator agreement (entity micro-F1)", agreement, 0.90))
    return "\n".join(lines)


def main() -> int:
    from ner_folds import FoldJob, fold_models

    from vnnews_nlp.paths import folder_mb, shared_path
    from vnnews_nlp.train.corpus import annotated_corpus
    from vnnews_nlp.train.ner import CONFIG, default_vectors, uses_vectors

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, help="shared folder (default ../shared)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only-folds", type=int, nargs="*", help="score only these folds (quick experiments)")
    ap.add_argument("--jobs", type=int, default=2, help="fold models trained at once")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "ner-cv")
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--vectors", type=Path)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--curve", action="store_true", help="learning curve: ¼, ½, ¾ of the training folds")
    ap.add_argument("--curve-folds", type=int, help="draw the learning curve on the first N scored folds only")
    ap.add_argument("--ablate", nargs="*", metavar="STEP",
                    help="out-of-fold gain of each rule step (or of the steps named)")
    ap.add_argument("--skip-underthesea", action="store_true")
    ap.add_argument("--throughput-only", action="store_true",
                    help="only the full-pipeline speed beside underthesea (no folds, no training)")
    ap.add_argument("--json", type=Path, help="write every figure here too")
    ap.add_argument("--annotations", type=Path, help="the project's annotations folder (default: annotations/)")
    args = ap.parse_args()
    shared = args.shared or shared_path()
    scorer = load_scorer(shared)
    records = annotated_corpus(shared / "data", annotations=args.annotations)
    if args.throughput_only:
        speed, ratio = throughput(records, args.skip_underthesea)
        print(check("full pipeline syllables/s, one core", speed, TARGETS["syllables_per_s"]))
        if ratio is not None:
            print(check("speed / underthesea ner (x)", ratio, TARGETS["vs_underthesea"]))
        return 0
    overrides = {k: json.loads(v) if v[:1] in "0123456789[{tf-" else v for k, v in (s.split("=", 1) for s in args.set)}
    vectors = args.vectors or (default_vectors(shared / "data") if uses_vectors(args.config) else None)
    folds = list(args.only_folds if args.only_folds else range(args.folds))
    args.work.mkdir(parents=True, exist_ok=True)
    wanted = [FoldJob(k) for k in folds]
    curve_folds = folds[: args.curve_folds] if args.curve_folds else folds
    if args.curve:
        wanted += [FoldJob(k, f) for f in CURVE for k in curve_folds]
    models = fold_models(records, wanted, args.work, args.folds, args.config, overrides, vectors, args.seed, args.jobs)
    from vnnews_nlp.train.corpus import fold_of

    records = [r for r in records if fold_of(r["id"], args.folds) in folds]
    counts = Counter(r["part"] for r in records)
    print(f"\n== {len(folds)}-fold cross-validation over {len(records)} annotated articles "
          f"(VNTC {counts['vntc']}, modern {counts['modern']}); every article scored by a model that never saw it ==")
    outputs = out_of_fold(records, {k: models[FoldJob(k)] for k in folds}, args.folds)
    if not args.skip_underthesea:
        outputs["underthesea ner (PER/ORG/LOC)"] = cached_underthesea(records, args.work)
    figures: dict = {"parts": {}}
    for part in (*PARTS, "all"):
        rows = {}
        for name, outs in outputs.items():
            recs, outs_part = by_part(records, outs)[part]
            labels = ("PER", "ORG", "LOC") if name.startswith("underthesea") else LABELS
            rows[name] = score(scorer, recs, outs_part, labels)
        figures["parts"][part] = rows
        print(f"\n-- {part} ({len(by_part(records, outputs['model + rules'])[part][0])} articles) --")
        print(detail(rows["model + rules"]))
        print(table(rows))
    if args.curve:
        curve_records = [r for r in records if fold_of(r["id"], args.folds) in curve_folds]
        print(f"\n== learning curve: model + rules, micro-F1 out of fold on {len(curve_folds)} fold(s), "
              f"{len(curve_records)} articles ==")
        print(f"{'share of training folds':24s} {'articles':>9s} {'VNTC':>7s} {'modern':>7s} {'all':>7s}")
        for fraction in (*CURVE, 1.0):
            outs = out_of_fold(curve_records, {k: models[FoldJob(k, fraction)] for k in curve_folds}, args.folds,
                               systems=("model + rules",))["model + rules"]
            split = by_part(curve_records, outs)
            cells = [score(scorer, *split[p])["micro"]["f1"] for p in (*PARTS, "all")]
            n = sum(json.loads((models[FoldJob(k, fraction)] / "train-report.json").read_text())["train_docs"]
                    for k in curve_folds) // len(curve_folds)
            figures.setdefault("curve", {})[fraction] = cells
            print(f"{fraction:<24.2f} {n:9d} " + " ".join(f"{c:7.3f}" for c in cells))
    if args.ablate is not None:
        from vnnews_nlp.entities.steps import STEP_NAMES as STEPS, check_steps

        check_steps(args.ablate)

        print("\n== rule steps: out-of-fold micro-F1 change when the step is removed (negative = the step gains) ==")
        base = {p: figures["parts"][p]["model + rules"]["micro"]["f1"] for p in (*PARTS, "all")}
        for step in args.ablate or STEPS:
            outs = out_of_fold(records, {k: models[FoldJob(k)] for k in folds}, args.folds,
                               steps=tuple(s for s in STEPS if s != step), systems=("model + rules",))["model + rules"]
            split = by_part(records, outs)
            deltas = [score(scorer, *split[p])["micro"]["f1"] - base[p] for p in (*PARTS, "all")]
            figures.setdefault("ablation", {})[step] = deltas
            print(f"  without {step:16s} VNTC {deltas[0]:+.4f}  modern {deltas[1]:+.4f}  all {deltas[2]:+.4f}")
    speed, ratio = throughput(records, args.skip_underthesea)
    agreement = None
    try:
        from annotation_agreement import agreement_figures

        agreement = agreement_figures(shared)["entities"]["micro"]["f1"]
    except (ImportError, FileNotFoundError, KeyError):
        pass
    print("\n== targets (cross-validated, model + rules) ==")
    print(targets({p: figures["parts"][p]["model + rules"] for p in PARTS}, speed, ratio, folder_mb(ROOT / "models"), agreement))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
