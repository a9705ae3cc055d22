"""The pipeline's components as spaCy expects them: declared assigns/requires and `nlp.evaluate()`."""
from __future__ import annotations

import pytest
from spacy.training import Example

import vnnews_nlp

TEXT = "Thủ tướng gặp doanh nghiệp\n\nSáng 3/5/2024, ông Nguyễn Văn An làm việc với Bộ Y tế tại Hà Nội."
GOLD = [("Sáng 3/5/2024", "DATE"), ("Nguyễn Văn An", "PER"), ("Bộ Y tế", "ORG"), ("Hà Nội", "LOC")]


@pytest.fixture(scope="module")
def nlp():
    return vnnews_nlp.load()


def _reference(nlp, gold, language="vi"):
    doc = nlp.make_doc(TEXT)
    spans = []
    for text, label in gold:
        start = TEXT.index(text)
        spans.append(doc.char_span(start, start + len(text), label=label, alignment_mode="expand"))
    doc.ents = spans
    doc._.vnnews_language = language
    return doc


def test_every_own_component_declares_what_it_writes(nlp):
    summary = nlp.analyze_pipes(pretty=False)["summary"]
    own = [name for name in nlp.pipe_names if name.startswith("vnnews_")]
    assert own, nlp.pipe_names
    for name in own:
        assert summary[name]["assigns"], f"{name} declares no assigns"
        assert all(a.startswith(("doc._.vnnews_", "span._.vnnews_", "token._.vnnews_", "doc.", "token."))
                   for a in summary[name]["assigns"]), summary[name]["assigns"]
    assert "doc.ents" in summary["vnnews_entities"]["assigns"]


def test_evaluate_scores_entities_and_language_against_a_reference(nlp):
    scores = nlp.evaluate([Example(nlp.make_doc(TEXT), _reference(nlp, GOLD))])
    assert scores["ents_f"] == pytest.approx(1.0)
    assert scores["language_acc"] == pytest.approx(1.0)


def test_evaluate_counts_a_missed_entity_and_a_wrong_language(nlp):
    gold = GOLD + [("doanh nghiệp", "ORG")]
    scores = nlp.evaluate([Example(nlp.make_doc(TEXT), _reference(nlp, gold, language="other"))])
    assert scores["ents_r"] == pytest.approx(4 / 5)
    assert scores["language_acc"] == pytest.approx(0.0)
