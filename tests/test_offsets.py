"""Property: every span the whole pipeline reports indexes the input exactly, and output is schema-valid."""
from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnnews_nlp
from vnnews_nlp.schema import validate_document

from .conftest import assert_offsets

WORDS = [
    "Hội khuyến học", "(HKH)", "HKH tỉnh", "Sở GD&ĐT", "UBND", "tỉnh Thanh Hóa", "TP.HCM", "TP HCM",
    "ngày 10/1/2024", "Sáng 7/3", "giai đoạn 2024-2030", "14/KH-UBND", "QĐ-UBND", "KH, KT", "ông Việt",
    "Vương Văn Việt", "Chủ tịch", "hoà", "hòa", "thuỷ", "năm 2024", "quý III/2025", "16h30", "45 tuổi",
    "PGS.TS", "VNĐ", "USD", "xã hội học tập", "(XHHT)", "Ban Tuyên giáo Tỉnh ủy", "-", "…", "“", "”",
    "\n", "\n\n", "  ", ".", ",", ":", "Ảnh:", "Phong Sắc", "{name} - {time}", "2024-11-21 16:12:00",
]


@st.composite
def articles(draw) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=40))
    text = " ".join(pieces)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.booleans())
def test_offsets_hold_for_random_vietnamese_text(text, tokens):
    document = vnnews_nlp.analyze(text, published="2024-03-07", tokens=tokens).to_dict()
    validate_document(document)
    assert_offsets(document, text)
