"""The NER benchmark's target check (`benchmarks/ner.py`): thresholds read as the issue states them."""
from __future__ import annotations

import importlib.util
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "ner.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("ner_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(micro: float, org: float, theirs: float) -> dict:
    f1 = lambda v: {"f1": v}  # noqa: E731
    ours = {"micro": f1(micro), "ORG": f1(org), "PER": f1(0.95), "DATE": f1(0.97), "date_values": 0.99}
    return {
        "model + rules": ours,
        "model + rules, PER/ORG/LOC": {"micro": f1(micro)},
        "underthesea ner (CRF)": {"micro": f1(theirs)},
    }


def test_targets_report_met_and_missed():
    report = _benchmark().targets(_rows(micro=0.86, org=0.79, theirs=0.30), speed_ratio=2.5, models_mb=60)
    lines = {line.split("  ")[1].strip(): line for line in report.splitlines()}
    assert lines["micro F1"].endswith(": met")
    assert lines["ORG F1"].endswith(": MISSED")
    assert lines["PER/ORG/LOC micro-F1 above underthesea"].endswith(": met")  # 0.56 above
    assert lines["speed / underthesea ner (x)"].endswith(": MISSED")
    assert lines["models/ in total (MB)"].endswith(": MISSED")
