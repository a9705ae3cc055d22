"""The shared pipeline is rebuilt after many documents (flat memory) without changing any output."""
from __future__ import annotations

import vnnews_nlp
import vnnews_nlp.pipeline as pipeline

TEXT = "Hội nghị tại Sở GD&ĐT tỉnh Thanh Hóa\nSáng 7/3, UBND tỉnh Thanh Hóa họp với ông Vương Văn Việt."


def test_pipeline_is_rebuilt_after_the_threshold_and_output_is_unchanged(monkeypatch):
    monkeypatch.setattr(pipeline, "RELOAD_AFTER_DOCS", 2)
    first = vnnews_nlp.load()
    before = vnnews_nlp.analyze(TEXT, id="a").to_dict()
    vnnews_nlp.analyze(TEXT, id="a")
    rebuilt = vnnews_nlp.load()
    assert rebuilt is not first
    assert vnnews_nlp.analyze(TEXT, id="a").to_dict() == before
