"""`spans.doc_text`: the doc's text read once per Doc, and never a stale copy."""
from __future__ import annotations

from vnnews_nlp.pipeline import blank
from vnnews_nlp.spans import doc_text

TEXT = "Sáng 7/3, UBND tỉnh Quảng Bình họp.  Ông Việt phát biểu.\n250USD\n"


def test_doc_text_is_the_tokenized_text() -> None:
    doc = blank()(TEXT)
    assert doc_text(doc) == doc.text == TEXT


def test_doc_text_survives_a_token_split() -> None:
    doc = blank()(TEXT)
    token = next(t for t in doc if t.text == "250USD")
    with doc.retokenize() as retokenizer:
        retokenizer.split(token, ["250", "USD"], heads=[(token, 0), (token, 0)])
    assert doc_text(doc) == doc.text == TEXT


def test_doc_text_of_a_copy_is_its_own() -> None:
    doc = blank()(TEXT)
    doc_text(doc)
    part = doc[:6].as_doc(copy_user_data=True)
    assert doc_text(part) == part.text != TEXT
