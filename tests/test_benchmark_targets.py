"""The NER benchmark's target check (`benchmarks/ner.py`): thresholds read as the issue states them."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _benchmark():
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("ner_benchmark", BENCHMARKS / "ner.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _part(micro: float, org: float) -> dict:
    f1 = lambda v: {"f1": v}  # noqa: E731
    return {"micro": f1(micro), "ORG": f1(org), "PER": f1(0.95), "LOC": f1(0.90), "DATE": f1(0.97), "date_values": 0.99}


def test_targets_report_met_and_missed_per_part():
    reports = {"modern": _part(micro=0.89, org=0.79), "vntc": _part(micro=0.85, org=0.83)}
    report = _benchmark().targets(reports, speed=16_000, ratio=4.0, models_mb=120, agreement=0.95)
    lines = {line.split("  ")[1].strip(): line for line in report.splitlines()}
    assert lines["modern: micro F1"].endswith(": met")
    assert lines["vntc: micro F1"].endswith(": MISSED")
    assert lines["modern: ORG F1"].endswith(": MISSED")
    assert lines["vntc: ORG F1"].endswith(": met")
    assert lines["full pipeline syllables/s, one core"].endswith(": met")
    assert lines["speed / underthesea ner (x)"].endswith(": MISSED")
    assert lines["models/ in total (MB)"].endswith(": MISSED")
    assert lines["inter-annotator agreement (entity micro-F1)"].endswith(": met")
