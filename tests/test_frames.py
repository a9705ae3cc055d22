"""to_dataframe / Document.to_frame: tidy tables, one row per item, keyed by the document id."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import vnnews_nlp
from vnnews_nlp.document import Abbreviation, Category, Document, Entity

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_13bed65524387229.txt"

TEXT_A = "Sáng 7/3, Sở GD&ĐT tỉnh Quảng Bình họp với ông Vương Văn Việt."
TEXT_B = "UBND tỉnh chỉ đạo."


def _documents() -> list[Document]:
    a = Document(
        id="a",
        title="Họp",
        published="2024-03-07",
        category=Category("Giáo dục", 0.9, {"Giáo dục": 0.9, "Xã hội": 0.1}),
        entities=[
            Entity("DATE", "Sáng 7/3", 0, 8, value="2024-03-07"),
            Entity("ORG", "Sở GD&ĐT", 10, 18, expansion="Sở Giáo dục và Đào tạo"),
            Entity("LOC", "tỉnh Quảng Bình", 19, 34),
            Entity("PER", "Vương Văn Việt", 47, 61),
        ],
        abbreviations=[Abbreviation("GD&ĐT", "Giáo dục và Đào tạo", 13, 18, "dictionary", 0.95)],
    )
    b = Document(
        id="b",
        entities=[Entity("ORG", "UBND tỉnh", 0, 9, expansion="Ủy ban nhân dân tỉnh")],
        abbreviations=[Abbreviation("UBND", "Ủy ban nhân dân", 0, 4, "dictionary", 0.99)],
        warnings=["empty body"],
    )
    empty = Document(id="c")
    return [a, b, empty]


def test_the_fixture_offsets_are_real() -> None:
    a, b, _ = _documents()
    for document, text in ((a, TEXT_A), (b, TEXT_B)):
        assert all(text[e.start : e.end] == e.text for e in document.entities)
        assert all(text[m.start : m.end] == m.short for m in document.abbreviations)


def test_documents_table_has_one_row_per_document() -> None:
    frame = vnnews_nlp.to_dataframe(_documents(), table="documents")
    assert list(frame["id"]) == ["a", "b", "c"]
    assert frame.set_index("id").loc["a", "category"] == "Giáo dục"
    assert frame.set_index("id").loc["a", "category_score"] == pytest.approx(0.9)
    assert list(frame["n_entities"]) == [4, 1, 0]
    assert list(frame["n_abbreviations"]) == [1, 1, 0]
    assert list(frame["n_warnings"]) == [0, 1, 0]
    assert pd.isna(frame.set_index("id").loc["c", "category"])


def test_entities_table_is_tidy() -> None:
    frame = vnnews_nlp.to_dataframe(_documents(), table="entities")
    assert list(frame.columns[:7]) == ["id", "label", "text", "start", "end", "value", "expansion"]
    assert len(frame) == 5
    assert list(frame["id"]) == ["a", "a", "a", "a", "b"]
    assert frame["id"].notna().all()
    date = frame[frame["label"] == "DATE"].iloc[0]
    assert date["value"] == "2024-03-07"
    assert frame.groupby("label").size().to_dict() == {"DATE": 1, "LOC": 1, "ORG": 2, "PER": 1}
    org_b = frame[(frame["id"] == "b") & (frame["label"] == "ORG")].iloc[0]
    assert org_b["expansion"] == "Ủy ban nhân dân tỉnh"


def test_abbreviations_table_is_tidy() -> None:
    frame = vnnews_nlp.to_dataframe(_documents(), table="abbreviations")
    assert list(frame.columns[:7]) == ["id", "short", "long", "start", "end", "source", "confidence"]
    assert list(zip(frame["id"], frame["short"], frame["long"])) == [
        ("a", "GD&ĐT", "Giáo dục và Đào tạo"),
        ("b", "UBND", "Ủy ban nhân dân"),
    ]


def test_empty_input_keeps_the_columns() -> None:
    for table in ("documents", "entities", "abbreviations"):
        frame = vnnews_nlp.to_dataframe([], table=table)
        assert frame.empty and "id" in frame.columns


def test_documents_as_dicts_give_the_same_table() -> None:
    documents = _documents()
    from_objects = vnnews_nlp.to_dataframe(documents, table="entities")
    from_dicts = vnnews_nlp.to_dataframe([d.to_dict() for d in documents], table="entities")
    pd.testing.assert_frame_equal(from_objects, from_dicts)


def test_unknown_table_is_an_error() -> None:
    with pytest.raises(ValueError, match="table must be one of"):
        vnnews_nlp.to_dataframe(_documents(), table="tokens")


def test_document_to_frame_is_its_own_table() -> None:
    a = _documents()[0]
    pd.testing.assert_frame_equal(a.to_frame(), vnnews_nlp.to_dataframe([a], table="entities"))
    assert list(a.to_frame("abbreviations")["short"]) == ["GD&ĐT"]
    assert a.to_frame("documents").shape[0] == 1


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_pipeline_output_as_frames() -> None:
    text = SEED.read_text(encoding="utf-8")
    document = vnnews_nlp.analyze(text, id=SEED.stem)
    entities = document.to_frame("entities")
    assert len(entities) == len(document.entities) > 0
    assert set(entities["id"]) == {SEED.stem}
    assert all(text[s:e] == t for s, e, t in zip(entities["start"], entities["end"], entities["text"]))
    abbreviations = document.to_frame("abbreviations")
    assert len(abbreviations) == len(document.abbreviations) > 0
    assert all(text[s:e] == t for s, e, t in zip(abbreviations["start"], abbreviations["end"], abbreviations["short"]))
    row = document.to_frame("documents").iloc[0]
    assert row["id"] == SEED.stem and row["n_entities"] == len(document.entities)
