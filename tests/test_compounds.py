"""One-syllable entities that open a common word (`entities/compounds.py`).

Every sentence here is written for these tests (no third-party article text).
"""
from __future__ import annotations

from vnnews_nlp.entities.compounds import dictionary_words, not_word_openings
from vnnews_nlp.pipeline import blank
from vnnews_nlp.textnorm import match_key


def _one(doc, text: str, label: str) -> tuple[int, int, str]:
    span = doc.char_span(doc.text.index(text), doc.text.index(text) + len(text))
    return span.start, span.end, label


def test_dictionary_holds_lower_case_compounds_only():
    words = dictionary_words()
    assert match_key("huân chương") in words and match_key("áo dài") in words
    assert match_key("lan tỏa") in words and match_key("lan toả") in words  # the list's `toả` meets news' `tỏa`


def test_word_openings_are_no_entities():
    doc = blank()("Huân chương được trao hôm qua. Áo dài được bán ở Lào nhiều hơn.")
    spans = [_one(doc, "Huân", "PER"), _one(doc, "Áo", "LOC"), _one(doc, "Lào", "LOC")]
    assert not_word_openings(doc, spans) == [_one(doc, "Lào", "LOC")]


def test_names_stay_after_honorifics_and_before_non_words():
    doc = blank()("Chị Lan tỏa sáng trên sân khấu, còn Mỹ đã rút quân.")
    spans = [_one(doc, "Lan", "PER"), _one(doc, "Mỹ", "LOC")]
    assert not_word_openings(doc, spans) == spans


def test_longer_spans_are_kept():
    doc = blank()("Thành Công đi học.")
    spans = [(0, 2, "PER")]
    assert not_word_openings(doc, spans) == spans


def test_organisations_are_written_in_whole_words():
    from vnnews_nlp.entities.compounds import whole_words

    doc = blank()("Theo Đài Khí tượng Thủy văn tỉnh, còn TAND tỉnh Thái Bình công bố bản án.")
    station = (1, 5, "ORG")  # `Đài Khí tượng Thủy` stops inside `thủy văn`
    start = doc.char_span(doc.text.index("TAND"), doc.text.index("TAND") + 4).start
    court_span = (start, start + 4, "ORG")  # `TAND tỉnh Thái Bình` ends in a place: nothing to finish
    out = whole_words(doc, [station, court_span])
    assert [doc[s:e].text for s, e, _ in out] == ["Đài Khí tượng Thủy văn", "TAND tỉnh Thái Bình"]
