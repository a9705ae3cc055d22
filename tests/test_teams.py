"""Clubs named after provinces in football reports (`entities/teams.py`).

Every sentence here is written for these tests (no third-party article text).
"""
from __future__ import annotations

from vnnews_nlp.entities.teams import is_football_report, team_names
from vnnews_nlp.pipeline import blank

REPORT = (
    "Vòng 5 giải hạng nhất: Bình Định thắng Long An 2-1 trên sân nhà. "
    "HLV của Bình Định khen các cầu thủ trẻ, tiền đạo số 9 ghi bàn ở phút cuối. "
    "Các cặp đấu khác: Cần Thơ-Hậu Giang, đội Sông Lam và Nghệ An. Trận tới, Bình Định làm khách ở Long An. "
    "Đội Lào thua Việt Nam 0-3."
)


def _doc(text: str):
    return blank()(text)


def _span(doc, text: str, label: str = "LOC", nth: int = 0) -> tuple[int, int, str]:
    """Token range of the nth occurrence of `text` in the doc."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text))
    assert span is not None, text
    return span.start, span.end, label


def _labelled(doc, spans) -> set[tuple[str, str, int]]:
    return {(doc[s:e].text, label, doc[s].idx) for s, e, label in spans}


def test_football_report_needs_several_football_words():
    assert is_football_report(_doc(REPORT))
    assert not is_football_report(_doc("Bình Định thắng lớn trong thu hút đầu tư, theo báo cáo của tỉnh."))
    assert not is_football_report(_doc("Các cầu thủ trẻ của Bình Định đến thăm trường."))


def test_province_standing_as_team_is_org_with_its_other_mentions():
    doc = _doc(REPORT)
    spans = [
        _span(doc, "Bình Định"),
        _span(doc, "Long An"),
        _span(doc, "Bình Định", nth=1),
        _span(doc, "Cần Thơ"),
        _span(doc, "Hậu Giang"),
        _span(doc, "Bình Định", nth=2),
        _span(doc, "Long An", nth=1),
    ]
    out = {(text, label) for text, label, _ in _labelled(doc, team_names(doc, spans))}
    assert ("Bình Định", "ORG") in out  # before `thắng`, then every mention
    assert ("Cần Thơ", "ORG") in out and ("Hậu Giang", "ORG") in out  # fixture pair
    assert ("Long An", "ORG") in out  # after `thắng`
    # `ở Long An`: that mention is the place
    placed = _span(doc, "Long An", nth=1)
    assert (doc[placed[0]:placed[1]].text, "LOC", doc[placed[0]].idx) in _labelled(doc, team_names(doc, spans))


def test_names_after_doi_are_added_and_joined_places_follow():
    doc = _doc(REPORT)
    out = {(text, label) for text, label, _ in _labelled(doc, team_names(doc, [_span(doc, "Nghệ An")]))}
    assert ("Sông Lam", "ORG") in out
    assert ("Nghệ An", "ORG") in out  # `đội Sông Lam và Nghệ An`


def test_national_teams_stay_places():
    doc = _doc(REPORT)
    spans = [_span(doc, "Việt Nam")]
    out = _labelled(doc, team_names(doc, spans))
    texts = {(text, label) for text, label, _ in out}
    assert ("Việt Nam", "LOC") in texts
    assert not any(text == "Lào" for text, _ in texts)  # `Đội Lào`: a country's team, no club


def test_other_texts_are_left_alone():
    doc = _doc("Đoàn công tác đã đến Bình Định và gặp lãnh đạo tỉnh Long An.")
    spans = [_span(doc, "Bình Định"), _span(doc, "Long An")]
    assert team_names(doc, spans) == spans


def test_unmarked_province_standing_as_team_is_added():
    doc = _doc(REPORT.replace("Bình Định thắng Long An", "trận Kon Tum thắng Long An"))
    out = {(text, label) for text, label, _ in _labelled(doc, team_names(doc, []))}
    assert ("Kon Tum", "ORG") in out and ("Long An", "ORG") in out
    assert not any(label == "LOC" for _, label in out)  # unmarked names join only as teams


def test_foreign_clubs_read_as_people_or_cities_are_org_where_a_club_stands():
    doc = _doc(REPORT + " Trận Molvania 2-1 Brodsk diễn ra ở Tarvia. Federer thắng Nadal.")
    spans = [_span(doc, "Molvania", "LOC"), _span(doc, "Brodsk", "PER"), _span(doc, "Federer", "PER"),
             _span(doc, "Tarvia", "LOC")]
    out = {(text, label) for text, label, _ in _labelled(doc, team_names(doc, spans))}
    assert {("Molvania", "ORG"), ("Brodsk", "ORG"), ("Federer", "PER"), ("Tarvia", "LOC")} <= out
