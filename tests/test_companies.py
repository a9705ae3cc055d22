"""Foreign companies and media in Latin script (`entities/companies.py`).

Every sentence here is written for these tests (no third-party article text).
"""
from __future__ import annotations

from vnnews_nlp.entities.companies import companies, company_names
from vnnews_nlp.entities.vocab import read_gazetteer
from vnnews_nlp.entities.vocab import world_organisations as known_organisations
from vnnews_nlp.pipeline import blank


def _labelled(doc, spans) -> list[tuple[str, str]]:
    return [(doc[s:e].text, label) for s, e, label in spans]


def _span(doc, text: str, label: str) -> tuple[int, int, str]:
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    return span.start, span.end, label


def test_list_is_sorted_unique_and_sourced():
    rows = read_gazetteer("world_organisations.tsv")
    names = [r["name"] for r in rows]
    assert names == sorted(names, key=str.casefold) and len(names) == len(set(names))
    assert all(r["source"] and r["kind"] in ("company", "media", "international") for r in rows)
    assert {"Motorola", "Reuters", "UNESCO"} <= known_organisations()


def test_latin_names_after_lower_case_heads_and_listed_names_are_org():
    doc = blank()("Theo hãng Zentrix và tờ Daily Lantern, Nokia vượt Motorola trong quý này.")
    assert _labelled(doc, company_names(doc)) == [
        ("Zentrix", "ORG"), ("Daily Lantern", "ORG"), ("Nokia", "ORG"), ("Motorola", "ORG"),
    ]


def test_products_and_longer_names_are_not_companies():
    doc = blank()("Chiếc máy bay Boeing 777 và xe BMW của đội Thể Công Viettel, công ty TNHH Hoa Sen.")
    assert company_names(doc) == []


def test_model_readings_of_two_names_are_kept():
    doc = blank()("Giám đốc công ty Zentrix Carlos Mendes cho biết Motorola sẽ hợp tác.")
    spans = [_span(doc, "Zentrix", "ORG"), _span(doc, "Carlos Mendes", "PER"), _span(doc, "Motorola", "LOC")]
    assert _labelled(doc, companies(doc, spans)) == [
        ("Zentrix", "ORG"), ("Carlos Mendes", "PER"), ("Motorola", "ORG"),
    ]
