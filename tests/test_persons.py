"""People named by their context (`entities/persons.py`).

Every sentence here is written for these tests (no third-party article text).
"""
from __future__ import annotations

from vnnews_nlp.entities.persons import aged_names, context_persons, initial_names
from vnnews_nlp.pipeline import blank


def _span(doc, text: str, label: str) -> tuple[int, int, str]:
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    return span.start, span.end, label


def _labelled(doc, spans) -> list[tuple[str, str]]:
    return [(doc[s:e].text, label) for s, e, label in spans]


def test_a_name_before_an_age_is_a_person():
    doc = blank()("Korrawan, 29 tuổi, và Mai Lan Chi, 41 tuổi, cùng làm ở Đà Lạt, 100 tuổi thì chưa.")
    assert _labelled(doc, aged_names(doc)) == [("Korrawan", "PER"), ("Mai Lan Chi", "PER")]


def test_one_initial_and_a_name_is_a_person_but_units_are_not():
    doc = blank()("Tiền đạo K.Somchai ghi bàn ở Q.Bình Thạnh, P.Linh Đông, còn XSKT.ĐL đứng cuối.")
    assert _labelled(doc, initial_names(doc)) == [("K.Somchai", "PER")]


def test_model_spans_inside_are_relabelled_nothing_added_for_initials():
    doc = blank()("Tiền đạo K.Somchai ghi bàn. Vitamin C. Song song đó, Korrawan, 29 tuổi, về nước.")
    spans = [_span(doc, "K.Somchai", "ORG")]
    out = _labelled(doc, context_persons(doc, spans))
    assert out == [("K.Somchai", "PER"), ("Korrawan", "PER")]  # no `C. Song`


def test_a_thi_name_is_a_person_whatever_the_model_said_but_streets_stay_places():
    doc = blank()("Bác sĩ ghép thận cho em Đoàn Thị Hoa ở đường Nguyễn Thị Minh Khai.")
    patient = _span(doc, "Đoàn Thị Hoa", "ORG")
    assert _labelled(doc, context_persons(doc, [patient])) == [("Đoàn Thị Hoa", "PER")]
    from vnnews_nlp.entities.steps import run_steps

    street = _span(doc, "Nguyễn Thị Minh Khai", "PER")
    labelled = {(doc[s:e].text, label) for s, e, label, _ in run_steps(doc, [patient, street])}
    assert ("đường Nguyễn Thị Minh Khai", "LOC") in labelled and ("Đoàn Thị Hoa", "PER") in labelled


def test_places_of_given_names_only_are_people_unless_known_or_placed():
    doc = blank()("Ca sĩ Thùy Dương hát, tàu ra Thái Bình Dương, về tới Hà Nội, còn ở Thùy Dương thì mưa.")
    spans = [_span(doc, "Thùy Dương", "LOC"), _span(doc, "Thái Bình Dương", "LOC"), _span(doc, "Hà Nội", "LOC")]
    last = doc.char_span(doc.text.rindex("Thùy Dương"), doc.text.rindex("Thùy Dương") + 10)
    spans.append((last.start, last.end, "LOC"))
    assert [label for _, _, label in context_persons(doc, spans)] == ["PER", "LOC", "LOC", "LOC"]
