"""Property tests of the entity rules: any text built from the words the rules react to, with any model
spans, gives flat, in-range spans with known labels (no rule may crash or overlap spans).

The texts are random sequences of trigger words (football, share trading, initials, brackets, company
heads, dictionary-word starts), so every rule runs on its edge cases: text ends, glued punctuation,
empty brackets.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnnews_nlp.entities.steps import run_steps
from vnnews_nlp.pipeline import blank

WORDS = [
    "đội", "trận", "thắng", "gặp", "tiếp", "và", "với", "ở", "cầu thủ", "HLV", "bàn thắng", "V-League", "CLB",
    "Đồng Tháp", "Long An", "Việt Nam", "Lào", "Halida Thanh Hóa", "2-1", "4", "-", "–", ",", ".", "(", ")",
    "tuổi", "34", "S.Trithip", "K.", "Q.1", "H.H", "XSKT.ĐL.LĐ", "cổ phiếu", "khớp lệnh", "chứng khoán", "KMX",
    "TRV", "hãng", "công ty", "tờ", "Motorola", "Nokia", "Boeing", "máy bay", "777", "Huân", "chương", "Áo",
    "dài", "Mỹ", "Tâm", "Đảng", "Cộng", "hòa", "Lãnh sự quán", "tại", "TP.HCM", "đồng bằng", "sông", "Hồng",
    "thị trấn", "Hội chợ", "Sáng tạo", "(ISYF)", "ISYF", "Kon Tum Kon Tum", "Nguyễn Văn An", "\n",
]
LABELS = ("PER", "ORG", "LOC")
_nlp = blank()


@st.composite
def texts_and_spans(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
    text = " ".join(words)
    doc = _nlp(text)
    n = len(doc)
    cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=12))))
    spans = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < b:
            spans.append((a, b, draw(st.sampled_from(LABELS))))
    return doc, spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_and_spans())
def test_rules_give_flat_in_range_spans(case):
    doc, model = case
    out = [(s, e, label) for s, e, label, _ in run_steps(doc, model)]
    assert all(0 <= s < e <= len(doc) and label in LABELS for s, e, label in out)
    taken = [i for s, e, _ in out for i in range(s, e)]
    assert len(taken) == len(set(taken))  # flat
