"""The annotated corpus: the project's stored annotations resolve against the shared texts."""
from __future__ import annotations

import json

import pytest

from .conftest import REPO, SHARED
from vnnews_nlp.train.corpus import annotated_corpus, read_jsonl

pytestmark = pytest.mark.skipif(not (SHARED / "data" / "ner").exists(), reason="../shared/data is not beside the repo")


def test_stored_annotations_hold_offsets_and_hashes_never_text():
    for path in sorted((REPO / "annotations").rglob("*.jsonl")):
        for record in read_jsonl(path):
            assert set(record) >= {"id", "sha256", "entities", "abbreviations"}, path
            assert "text" not in record and all(len(e) in (3, 4) for e in record["entities"]), record["id"]
            assert all(isinstance(x, int) for e in record["entities"] for x in e[:2])


def test_every_annotated_article_resolves_with_flat_entities_and_valid_offsets():
    records = annotated_corpus(SHARED / "data")
    parts = {r["part"] for r in records}
    assert parts == {"vntc", "modern"}
    project = [r for r in records if r.get("annotator")]
    assert project, "the project's own annotations are part of the corpus"
    for record in project:
        text = record["text"]
        ends = -1
        for entity in sorted(record["entities"], key=lambda e: e["start"]):
            assert text[entity["start"]:entity["end"]] == entity["text"].strip() == entity["text"]
            assert entity["start"] >= ends, f"{record['id']}: overlapping entities"
            ends = entity["end"]
        for mention in record["abbreviations"]:
            assert mention["short"] and text[mention["start"]:mention["end"]] == mention["short"]
        json.dumps(record, ensure_ascii=False)
