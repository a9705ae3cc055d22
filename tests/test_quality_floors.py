"""Quality floors: the dev sets may not fall more than 0.02 below the figures recorded in the repository.

`eval/dev` and `data/ner/dev.jsonl` are regression tests (accuracy is decided by cross-validation,
`benchmarks/ner.py`); the recorded figures in `tests/quality_floors.json` are updated deliberately with
`python benchmarks/dev_sets.py --record`, the commit saying why.
"""
from __future__ import annotations

import json
import sys

import pytest

from .conftest import REPO, SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared is not beside the repo")


@pytest.fixture(scope="module")
def figures() -> dict:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from dev_sets import dev_figures

    return dev_figures(SHARED)


@pytest.mark.parametrize("dev_set", ["eval/dev", "ner/dev"])
def test_dev_set_stays_above_its_recorded_floor(figures, dev_set):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from dev_sets import FLOORS, TOLERANCE

    recorded = json.loads(FLOORS.read_text(encoding="utf-8"))[dev_set]
    got = figures[dev_set]
    fallen = {k: (got[k], v) for k, v in recorded.items() if got[k] < v - TOLERANCE}
    assert not fallen, f"{dev_set}: below the recorded floor (got, recorded): {fallen}"
    assert got["offset_errors"] == 0
