"""The two dev sets as regression checks: the full pipeline scored by `shared/eval/score.py`.

    python benchmarks/dev_sets.py            # print the figures
    python benchmarks/dev_sets.py --record   # write them to tests/quality_floors.json (deliberately)

`eval/dev` (13 documents with title, author, category) and `data/ner/dev.jsonl` (40 VNTC
articles) are regression tests, not the yardstick: the tests fail when a figure drops more
than `TOLERANCE` below the one recorded in `tests/quality_floors.json`. Record new figures
only on purpose, and say why in the commit.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "quality_floors.json"
TOLERANCE = 0.02
FIGURES = ("entity_micro_f1", "abbreviation_f1", "date_value_accuracy", "title_accuracy", "author_accuracy")


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("vnnews_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _analyse(records: list[dict], out: Path) -> None:
    import vnnews_nlp

    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            doc = vnnews_nlp.analyze(record["text"], id=record["id"], published=record.get("published"))
            handle.write(doc.to_json() + "\n")


def _figures(report: dict, titled: bool) -> dict[str, float]:
    figures = {
        "entity_micro_f1": report["entities"]["micro"]["f1"],
        "abbreviation_f1": report["abbreviations"]["f1"],
        "date_value_accuracy": report["date_value_accuracy"],
    }
    if titled:
        figures.update(title_accuracy=report["title_accuracy"], author_accuracy=report["author_accuracy"])
    figures["offset_errors"] = report["offset_errors"]
    return figures


def dev_figures(shared: Path) -> dict[str, dict[str, float]]:
    """The pipeline's figures on `eval/dev` and on `data/ner/dev.jsonl`, scored by `eval/score.py`."""
    scorer = _scorer(shared)
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="vnnews-dev-") as tmp:
        tmp = Path(tmp)
        records = [json.loads(line) for line in (shared / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
                   if line.strip()]
        _analyse(records, tmp / "eval.jsonl")
        out["eval/dev"] = _figures(scorer.score(shared / "eval" / "dev", tmp / "eval.jsonl", "category_vntc"), True)
        gold = tmp / "ner-dev"
        gold.mkdir()
        records = [json.loads(line) for line in (shared / "data" / "ner" / "dev.jsonl").read_text(encoding="utf-8")
                   .splitlines() if line.strip()]
        for i, record in enumerate(records):
            record["id"] = f"d{i:03d}"
            (gold / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
            (gold / f"{record['id']}.json").write_text(json.dumps(
                {"id": record["id"], "entities": record["entities"], "abbreviations": record["abbreviations"]},
                ensure_ascii=False), encoding="utf-8")
        _analyse([{**r, "published": None} for r in records], tmp / "ner.jsonl")
        out["ner/dev"] = _figures(scorer.score(gold, tmp / "ner.jsonl", "category_vntc"), False)
    return out


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from vnnews_nlp.paths import shared_path

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--record", action="store_true", help=f"write the figures to {FLOORS.relative_to(ROOT)}")
    args = ap.parse_args()
    figures = dev_figures(shared_path())
    for name, values in figures.items():
        print(f"{name:9s} " + "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in values.items()))
    if args.record:
        recorded = {name: {k: v for k, v in values.items() if k in FIGURES} for name, values in figures.items()}
        FLOORS.write_text(json.dumps(recorded, indent=1) + "\n", encoding="utf-8")
        print(f"recorded in {FLOORS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
