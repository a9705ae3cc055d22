"""Every entity knows where it came from; `--explain` / `explain=True` writes it into the JSON."""
from __future__ import annotations

import json
import subprocess
import sys

import vnnews_nlp
from vnnews_nlp.schema import validate_document as validate

from .conftest import REPO

TEXT = ("Hội nghị tổng kết\nSáng 15/1, Hội khuyến học (HKH) tỉnh Quảng Bình họp tại TP Đồng Hới. "
        "Chủ tịch UBND tỉnh Trần Văn An dự. Đoàn công tác của Bộ Giáo dục và Đào tạo sang Nhật Bản.")
SOURCES = ("model", "definition", "rule:", "gazetteer:")


def test_spans_carry_their_source_and_the_steps_that_changed_them():
    doc = vnnews_nlp.load()(TEXT)
    assert doc.ents
    for ent in doc.ents:
        assert ent._.vnnews_source.startswith(SOURCES), (ent.text, ent._.vnnews_source)
        assert isinstance(ent._.vnnews_changed_by, tuple)
    dates = [e for e in doc.ents if e.label_ == "DATE"]
    assert dates and all(e._.vnnews_source == "rule:date_grammar" for e in dates)


def test_explain_adds_provenance_to_the_json_only_when_asked():
    plain = vnnews_nlp.analyze(TEXT).to_dict()
    assert all("source" not in e for e in plain["entities"])
    explained = vnnews_nlp.analyze(TEXT, explain=True).to_dict()
    validate(explained)
    assert all(e["source"].startswith(SOURCES) and isinstance(e["changed_by"], list) for e in explained["entities"])


def test_cli_explain(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "vnnews_nlp.cli", "analyze", str(path), "--explain"],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    entities = json.loads(done.stdout)["entities"]
    assert entities and all("source" in e for e in entities)
