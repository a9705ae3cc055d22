"""The components as spaCy factories, found through entry points by a plain spaCy user.

Each check runs in a fresh interpreter that imports only spaCy, so nothing the
test suite imported earlier can register the factories by the back door.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

TEXT = (
    "Phối hợp đẩy mạnh hoạt động khuyến học\n"
    "Sáng 7/3/2024, tại Sở Giáo dục và Đào tạo (GD&ĐT) tỉnh Quảng Bình đã diễn ra hội nghị "
    "giữa Hội Khuyến học tỉnh với Sở GD&ĐT. Ông Vương Văn Việt, Chủ tịch UBND tỉnh, phát biểu.\n"
    "Phong Sắc\n"
)

_PRELUDE = """
import json, sys
import spacy

assert "vnnews_nlp" not in sys.modules
nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vnnews.VietnameseTokenizer.v1"}}})
"""


def _run(body: str, text: str = TEXT) -> dict:
    script = _PRELUDE + textwrap.dedent(body)
    result = subprocess.run(
        [sys.executable, "-c", script], input=text, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_tokenizer_from_entry_point_keeps_the_text() -> None:
    out = _run("""
        text = sys.stdin.read()
        doc = nlp(text)
        print(json.dumps({"same": doc.text == text, "tokens": len(doc), "pipes": nlp.pipe_names,
                          "module": type(nlp.tokenizer).__module__}))
    """)
    assert out["same"] and out["tokens"] > 40
    assert out["pipes"] == []
    assert out["module"].startswith("vnnews_nlp")


def test_abbreviations_alone_write_their_extensions() -> None:
    out = _run("""
        nlp.add_pipe("vnnews_abbreviations")
        doc = nlp(sys.stdin.read())
        spans = doc.spans["vnnews_abbreviations"]
        print(json.dumps({
            "mentions": [[m.short, m.long, m.source, m.start, m.end] for m in doc._.vnnews_abbreviations],
            "spans": [[s.text, s._.vnnews_long_form, s._.vnnews_abbreviation_source, s._.vnnews_confidence, s.label_] for s in spans],
        }, ensure_ascii=False))
    """)
    assert out["mentions"], "no abbreviation found"
    for short, _long, _source, start, end in out["mentions"]:
        assert TEXT[start:end] == short
    assert {m[0] for m in out["mentions"]} >= {"GD&ĐT", "UBND"}
    gdđt = next(m for m in out["mentions"] if m[0] == "GD&ĐT")
    assert gdđt[1] == "Giáo dục và Đào tạo"
    for text, long_form, source, confidence, label in out["spans"]:
        assert long_form and source in ("definition", "dictionary", "context")
        assert 0.0 <= confidence <= 1.0 and label == "ABBR"


def test_full_pipeline_from_factories() -> None:
    out = _run("""
        for name in ("vnnews_structure", "vnnews_abbreviations", "vnnews_entities", "vnnews_category"):
            nlp.add_pipe(name)
        doc = nlp(sys.stdin.read())
        print(json.dumps({
            "pipes": nlp.pipe_names,
            "title": doc._.vnnews_title.text if doc._.vnnews_title is not None else None,
            "author": doc._.vnnews_author,
            "article_ranges": doc._.vnnews_article_ranges,
            "boilerplate": doc._.vnnews_boilerplate,
            "abbreviations": len(doc._.vnnews_abbreviations),
            "ents": [[e.label_, e.text, e._.vnnews_value, e._.vnnews_expansion] for e in doc.ents],
            "cats": doc.cats,
        }, ensure_ascii=False))
    """)
    assert out["pipes"] == ["vnnews_structure", "vnnews_abbreviations", "vnnews_entities", "vnnews_category"]
    assert out["title"] == "Phối hợp đẩy mạnh hoạt động khuyến học"
    assert out["article_ranges"] and isinstance(out["boilerplate"], list)
    assert out["abbreviations"] > 0
    dates = [e for e in out["ents"] if e[0] == "DATE"]
    assert dates and dates[0][2] == "2024-03-07"
    # Without a trained recogniser in this pipeline, the entity stage still gives dates;
    # every value it writes is ISO 8601.
    assert all(e[2] is None for e in out["ents"] if e[0] != "DATE")
    assert out["cats"] and sum(out["cats"].values()) == pytest.approx(1.0, abs=1e-3)


def test_nlp_pipe_runs_the_components_in_batches() -> None:
    out = _run("""
        nlp.add_pipe("vnnews_abbreviations")
        nlp.add_pipe("vnnews_category")
        text = sys.stdin.read()
        docs = list(nlp.pipe([text, "UBND tỉnh họp.", ""]))
        print(json.dumps({"n": len(docs), "texts_kept": [d.text for d in docs] == [text, "UBND tỉnh họp.", ""],
                          "cats": [bool(d.cats) for d in docs],
                          "abbr": [len(d._.vnnews_abbreviations) for d in docs]}))
    """)
    assert out["n"] == 3 and out["texts_kept"]
    assert out["cats"][:2] == [True, True]
    assert out["abbr"][0] > 0 and out["abbr"][1] == 1 and out["abbr"][2] == 0
