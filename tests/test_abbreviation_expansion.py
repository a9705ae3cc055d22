"""`expanded_text`: free-standing mentions written out; codes, names and mixed terms left as written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

import vnnews_nlp
from vnnews_nlp.abbreviations import expand_span, expand_text, find_abbreviations

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CODE = regex.compile(r"\d+(?:/\d+)*[/-][\p{L}\p{N}&.\-/]*\p{L}")


def test_codes_stay_as_written_and_free_mentions_are_written_out():
    text = "Theo Quyết định 723/QĐ-UBND của UBND tỉnh và Kế hoạch số 25/KH-UBND, UBND huyện triển khai."
    out = expand_text(text, find_abbreviations(text))
    assert "723/QĐ-UBND" in out and "25/KH-UBND" in out
    assert out.count("Ủy ban nhân dân") == 2


@pytest.mark.parametrize("text,kept", [
    ("Giải ASEAN Cup 2024 khởi tranh vào tháng 12.", "ASEAN Cup 2024"),
    ("Nvidia công bố nền tảng AI Factory mới.", "AI Factory"),
    ("Phóng viên VTC News có mặt tại hiện trường.", "VTC News"),
])
def test_mixed_terms_stay_as_written(text, kept):
    assert kept in expand_text(text, find_abbreviations(text))


def test_a_name_recognised_as_an_entity_keeps_its_words_but_the_entity_has_an_expansion():
    text = "Sở GD&ĐT tỉnh vừa họp với các trường THPT."
    found = find_abbreviations(text)
    name = (0, len("Sở GD&ĐT tỉnh"))
    out = expand_text(text, found, names=[name])
    assert out.startswith("Sở GD&ĐT tỉnh") and "trung học phổ thông" in out
    assert expand_span(text, *name, found) == "Sở Giáo dục và Đào tạo tỉnh"


def _dev_texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((SHARED / "eval" / "dev").glob("*.txt")):
        out.append((path.stem, path.read_text(encoding="utf-8")))
    ner_dev = SHARED / "data" / "ner" / "dev.jsonl"
    if ner_dev.exists():
        for line in ner_dev.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            out.append((rec["id"], rec["text"]))
    return out


@pytest.mark.skipif(not (SHARED / "eval" / "dev").is_dir(), reason="shared dev texts not beside the repository")
def test_no_expansion_lands_inside_a_code_or_a_larger_entity_on_the_dev_texts():
    checked_codes = checked_names = 0
    for doc_id, text in _dev_texts():
        doc = vnnews_nlp.analyze(text, id=doc_id)
        expanded = doc.expanded_text
        for m in doc.abbreviations:
            around = next((t for t in CODE.finditer(text, max(0, m.start - 30), min(len(text), m.end + 30))
                           if t.start() <= m.start and m.end <= t.end()), None)
            if around is not None:
                assert around.group() in expanded, (doc_id, around.group())
                checked_codes += 1
        names = [e for e in doc.entities if e.label != "DATE"
                 and any(e.start <= m.start and m.end <= e.end and (m.start, m.end) != (e.start, e.end)
                         for m in doc.abbreviations)]
        for e in names:
            same = sum(1 for x in names if x.text == e.text)
            assert expanded.count(e.text) >= same, (doc_id, e.text)
            checked_names += 1
    assert checked_codes > 0 and checked_names > 0
