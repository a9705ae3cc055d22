"""Abbreviation dictionary, definitions, document codes, false positives and expansion."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews_nlp.abbreviations import expand_span, expand_text, find_abbreviations, senses
from vnnews_nlp.abbreviations.definitions import find_definitions
from vnnews_nlp.paths import data_path
from vnnews_nlp.textnorm import match_key

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_13bed65524387229.txt"


def longs(text: str, short: str, ranges=None) -> list[str]:
    return [m.long for m in find_abbreviations(text, ranges) if m.short == short]


def shorts(text: str) -> list[str]:
    return [m.short for m in find_abbreviations(text)]


# --- the dictionary file ---------------------------------------------------------------

def _rows() -> list[dict]:
    with data_path("abbreviations.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_tsv_well_formed_sorted_deduplicated():
    rows = _rows()
    assert set(rows[0]) >= {"short", "long", "kind", "context", "source"}
    kinds = {"organisation", "title", "term", "place", "document-code", "currency", "foreign"}
    for r in rows:
        assert r["short"] and r["long"] and r["short"] == r["short"].strip() and r["long"] == r["long"].strip()
        assert r["kind"] in kinds, r
        assert r["source"], r
    keys = [(r["short"], match_key(r["long"])) for r in rows]
    assert keys == sorted(keys)
    # one row per sense; a short form may keep a name and a term spelt alike (`Người Lao Động`, `người lao động`)
    senses_by_case = [(short, key, r["long"][:1].isupper()) for (short, key), r in zip(keys, rows)]
    assert len(senses_by_case) == len(set(senses_by_case))
    assert len({r["short"] for r in rows}) >= 1000


def test_tsv_senses_and_case():
    by = {}
    for r in _rows():
        by.setdefault(r["short"], []).append(r)
    assert {"khuyến học", "Kế hoạch", "khoa học", "khách hàng"} <= {r["long"] for r in by["KH"]}
    assert {"Công đoàn", "cao đẳng"} <= {r["long"] for r in by["CĐ"]}
    assert [r["long"] for r in by["UBND"]] == ["Ủy ban nhân dân"]
    assert "document-code" in {r["kind"] for r in by["QĐ"]}
    assert {(r["long"], r["kind"]) for r in by["NLĐ"]} == {("Người Lao Động", "organisation"), ("người lao động", "term")}
    assert any("soe-vinorm" in r["source"] for r in by["UBND"])
    assert (ROOT / "data" / "NOTICE").read_text(encoding="utf-8").count("MIT") >= 1


def test_workers_and_the_newspaper_by_context():
    assert longs("Tiền lương của NLĐ tăng, doanh nghiệp phải đóng BHXH đủ.", "NLĐ") == ["người lao động"]
    assert longs("TP.HCM (NLĐ)- Sáng nay trời mưa.", "NLĐ") == ["Người Lao Động"]
    assert longs("Theo phóng viên báo NLĐ, công nhân đã nhận lương.", "NLĐ") == ["Người Lao Động"]


# --- the seed article --------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("shared seed article not available")
    text = SEED.read_text(encoding="utf-8")
    return text, text.index("Phong Sắc")


def test_seed_article(seed):
    text, body_end = seed
    found = find_abbreviations(text, [(0, body_end)])
    by_short: dict[str, set[str]] = {}
    for m in found:
        assert text[m.start:m.end] == m.short
        assert m.end <= body_end
        by_short.setdefault(m.short, set()).add(m.long)
    assert by_short["HKH"] == {"Hội khuyến học"}
    assert by_short["GD&ĐT"] == {"Giáo dục và Đào tạo"}
    assert by_short["XHHT"] == {"xã hội học tập"}
    assert by_short["UBND"] == {"Ủy ban nhân dân"}
    assert by_short["KT"] == {"khuyến tài"}
    assert by_short["KH"] == {"khuyến học", "Kế hoạch"}
    code = text.index("14/KH-UBND") + 3
    at = {m.start: m for m in found}
    assert at[code].long == "Kế hoạch" and at[code + 3].short == "UBND"
    pair = text.index("công tác KH, KT") + len("công tác ")
    assert at[pair].long == "khuyến học" and at[pair + 4].long == "khuyến tài"
    definition = text.index("(HKH)") + 1
    assert at[definition].source == "definition"
    # the related headlines after the article are not searched
    assert not [m for m in found if m.short in ("TP", "LHPN")]


def test_seed_expansion(seed):
    text, body_end = seed
    found = find_abbreviations(text, [(0, body_end)])
    out = expand_text(text, found)
    assert "Sở Giáo dục và Đào tạo (GD&ĐT)" in out  # a definition is not expanded twice
    assert "Giáo dục và Đào tạo (Giáo dục và Đào tạo)" not in out
    assert "Sở Giáo dục và Đào tạo thống nhất" in out
    assert "công tác khuyến học, khuyến tài, xây dựng xã hội học tập" in out
    start = text.index("Sở GD&ĐT giai đoạn")
    assert expand_span(text, start, start + len("Sở GD&ĐT"), found) == "Sở Giáo dục và Đào tạo"
    assert expand_span(text, 0, 10, found) is None


# --- definitions ---------------------------------------------------------------------

@pytest.mark.parametrize("text,short,long", [
    ("Hội khuyến học (HKH) tỉnh họp.", "HKH", "Hội khuyến học"),
    ("tại Sở Giáo dục và Đào tạo (GD&ĐT) đã", "GD&ĐT", "Giáo dục và Đào tạo"),
    ("phát triển kinh tế - xã hội (KT-XH) của tỉnh", "KT-XH", "kinh tế - xã hội"),
    ("Bộ Nông nghiệp và Phát triển nông thôn (NN&PTNT) cho biết", "NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("Bộ Lao động - Thương binh và Xã hội (LĐ-TB&XH) họp", "LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
    ("Bộ Văn hóa, Thể thao và Du lịch (VHTTDL) cho biết", "VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    ("Tổ chức Hợp tác và Phát triển Kinh tế (OECD) dự báo", "OECD", "Tổ chức Hợp tác và Phát triển Kinh tế"),
    ("Trung tâm học tập cộng đồng (TTHTCĐ) xã", "TTHTCĐ", "Trung tâm học tập cộng đồng"),
    ("do Thạc sĩ (ThS) Lê An", "ThS", "Thạc sĩ"),
    ("Hội Nông dân (HND) tỉnh Đồng Tháp (ĐT) tổ chức", "ĐT", "Đồng Tháp"),
    ("Liên đoàn Phóng viên Quốc tế (IFJ) lên tiếng", "IFJ", "Liên đoàn Phóng viên Quốc tế"),
    ("ông là Chủ tịch UBND (Ủy ban nhân dân) xã", "UBND", "Ủy ban nhân dân"),
    ("thành lập Trung tâm học tập cộng đồng (viết tắt là TTHTCĐ) tại xã", "TTHTCĐ", "Trung tâm học tập cộng đồng"),
    ("Ban quản lý dự án (gọi tắt: BQLDA) cho biết", "BQLDA", "Ban quản lý dự án"),
    ("học tại Đại học Quốc tế Salem (SIU - Salem International University) ở Mỹ", "SIU",
     "Salem International University"),
])
def test_definition_kinds(text, short, long):
    found = [(d.short, d.long) for d in find_definitions(text, [(0, len(text))])]
    assert (short, long) in found
    assert long in longs(text, short)


def test_coordinated_definition_applies_everywhere():
    text = ("Trước đó quỹ KH, KT của xã đã trao 20 suất. Hội nghị bàn về công tác khuyến học, "
            "khuyến tài (KH, KT) và xây dựng xã hội học tập (XHHT). Sau đó, HKH xã vận động thêm quỹ KH, KT.")
    found = find_abbreviations(text)
    assert [m.long for m in found if m.short == "KH"] == ["khuyến học"] * 3
    assert [m.long for m in found if m.short == "KT"] == ["khuyến tài"] * 3
    assert {m.source for m in found if m.short == "KH"} == {"definition"}


def test_compound_definitions_define_their_parts():
    text = "Quỹ khuyến học - khuyến tài (KH-KT) của tỉnh. Quỹ KH-KT và quỹ KH hỗ trợ, KT cũng vậy."
    got = [(m.short, m.long, m.source) for m in find_abbreviations(text)]
    assert got == [("KH-KT", "khuyến học - khuyến tài", "definition")] * 2 + [
        ("KH", "khuyến học", "definition"), ("KT", "khuyến tài", "definition")]
    text = "công tác khuyến học và khuyến tài (KH và KT) được; khuyến học, khuyến tài (KH/KT)"
    assert {(m.short, m.long) for m in find_abbreviations(text)} == {
        ("KH", "khuyến học"), ("KT", "khuyến tài"), ("KH/KT", "khuyến học, khuyến tài")}


def test_own_definition_beats_dictionary():
    text = "Công ty Phát triển Đô thị (CT) vừa khởi công. Ông Lâm, giám đốc CT, cho biết dự án xong năm sau."
    assert longs(text, "CT") == ["Công ty Phát triển Đô thị"] * 2


def test_definition_in_larger_mention():
    text = "Hội Cựu giáo chức (HCGC) tỉnh họp. HCGC tỉnh đề nghị UBND tỉnh hỗ trợ."
    assert longs(text, "HCGC") == ["Hội Cựu giáo chức"] * 2


# --- document codes and compounds ------------------------------------------------------------

def test_document_codes_split_at_hyphens():
    text = "Theo Quyết định số 2871/QĐ-UBND và Nghị định 100/2019/NĐ-CP, Kế hoạch số 14/KH-UBND, Nghị quyết 49-NQ/TW."
    got = [(m.short, m.long) for m in find_abbreviations(text)]
    assert got == [
        ("QĐ", "Quyết định"), ("UBND", "Ủy ban nhân dân"),
        ("NĐ", "Nghị định"), ("CP", "Chính phủ"),
        ("KH", "Kế hoạch"), ("UBND", "Ủy ban nhân dân"),
        ("NQ", "Nghị quyết"), ("TW", "Trung ương"),
    ]


def test_fixed_compounds_stay_whole():
    text = ("Sở GD&ĐT, Sở LĐ-TB&XH, Sở VH-TT&DL, Sở NN&PTNT và tình hình KT-XH ở TP.HCM, TPHCM; "
            "TP HCM có 2 mentions. PGS.TS Lê Văn A dự SEA Games.")
    assert shorts(text) == ["GD&ĐT", "LĐ-TB&XH", "VH-TT&DL", "NN&PTNT", "KT-XH", "TP.HCM", "TPHCM",
                            "TP", "HCM", "PGS", "TS", "SEA Games"]
    assert longs(text, "SEA Games") == ["Đại hội Thể thao Đông Nam Á"]
    assert longs(text, "TP.HCM") == ["thành phố Hồ Chí Minh"]
    assert longs(text, "PGS") == ["phó giáo sư"] and longs(text, "TS") == ["tiến sĩ"]


def test_html_entity_in_compound():
    text = "Bộ KH&amp;CN vừa công bố."
    found = find_abbreviations(text)
    assert [(m.short, m.long) for m in found] == [("KH&amp;CN", "Khoa học và Công nghệ")]


def test_press_tags_and_currencies():
    text = "TTO - Giá vàng tăng 10 USD, tương đương 250.000 VNĐ mỗi lượng.\nCông nhân được tăng lương (NLĐ)- Ngày 2/9"
    got = {(m.short, m.long) for m in find_abbreviations(text)}
    assert {("TTO", "Tuổi Trẻ Online"), ("USD", "đô la Mỹ"), ("VNĐ", "Việt Nam đồng"),
            ("NLĐ", "Người Lao Động")} <= got


# --- senses by context --------------------------------------------------------------------------

@pytest.mark.parametrize("text,short,long", [
    ("HLV trưởng ĐT Việt Nam công bố danh sách cầu thủ dự AFF Cup.", "ĐT", "đội tuyển"),
    ("Mọi thắc mắc xin liên hệ ĐT: (028) 3822 1234.", "ĐT", "điện thoại"),
    ("Ban chấp hành CĐ cơ sở vận động đoàn viên, người lao động tham gia.", "CĐ", "Công đoàn"),
    ("Thí sinh xét tuyển vào các trường ĐH, CĐ năm nay tăng.", "CĐ", "cao đẳng"),
    ("Ngân hàng đã cơ cấu lại nợ cho hơn 12.000 KH vay vốn.", "KH", "khách hàng"),
    ("TT Bush phát biểu tại Nhà Trắng.", "TT", "Tổng thống"),
])
def test_context_senses(text, short, long):
    assert longs(text, short) == [long]


def test_senses_api():
    ranked = senses("ĐT", "HLV trưởng ĐT Việt Nam công bố danh sách cầu thủ")
    assert ranked[0][0] == "đội tuyển"
    assert abs(sum(p for _, p, _ in ranked) - 1) < 0.01
    assert senses("UBND") == [("Ủy ban nhân dân", 1.0, "organisation")]
    assert senses("QQQZZ") == []
    own = senses("CT", "Công ty Phát triển Đô thị (CT) vừa khởi công")
    assert own[0][0] == "Công ty Phát triển Đô thị" and abs(sum(p for _, p, _ in own) - 1) < 0.01
    assert senses("CP", "Nghị định 100/2019/NĐ-CP")[0][0] == "Chính phủ"


# --- false positives ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Thế kỷ XXI mở ra; chương III quy định rõ, mục IV cũng vậy.",
    "Quãng đường dài 12 km, diện tích 30 ha.",
    "Các mã BT6, DHA, GIL, TS4, SFC và VTC cùng tăng 100 đồng.",
    "Đội U22 và sư đoàn K48 lên đường.",
    "Máy bay mang số hiệu VN 324 hạ cánh an toàn.",
    "CHÚC MỪNG NĂM MỚI AN KHANG THỊNH VƯỢNG",
    "Nữ diễn viên Maggie Q. trở lại Hollywood.",
    "Anh chọn mua xe SH đời mới tại VP Bank Tower.",
    "Ông H.Mubarak tiếp Thủ tướng.",
    "The WORLD said OK, STOP it NOW.",
    "Tàu có công suất dưới 45 CV, trạm biến áp 110 KV.",
])
def test_false_positives(text):
    assert find_abbreviations(text) == []


def test_the_stage_searches_only_what_the_structure_stage_calls_article():
    from vnnews_nlp.pipeline import blank

    nlp = blank()
    stage = nlp.add_pipe("vnnews_abbreviations")
    text = "UBND tỉnh họp.\nẢnh: VNA\nSở GD&ĐT kiểm tra trường(12/11/2003)\n(Theo BBC)"
    doc = nlp.make_doc(text)
    doc._.vnnews_article_ranges = [(0, len(text))]
    credit, related = text.index("Ảnh: VNA"), text.index("Sở GD&ĐT")
    doc.spans["vnnews_boilerplate"] = [doc.char_span(credit, credit + 8, "credit"),
                                       doc.char_span(related, len(text), "related")]
    doc = stage(doc)
    assert [(s.text, s._.vnnews_long_form) for s in doc.spans["vnnews_abbreviations"]] == [("UBND", "Ủy ban nhân dân")]


def test_ranges_limit_the_search():
    text = "UBND tỉnh họp.\nPhong Sắc\nUBND huyện"
    assert [m.start for m in find_abbreviations(text, [(0, 14)])] == [0]
    assert find_abbreviations(text, []) == []


def test_single_letter_places():
    text = "Ông Lê, ngụ P.4, Q.3 và bà Lan ở H.Bình Chánh, Q.Tân Bình."
    assert [(m.short, m.long) for m in find_abbreviations(text)] == [
        ("P", "phường"), ("Q", "quận"), ("H", "huyện"), ("Q", "quận")]


def test_confidence_is_a_probability():
    text = "UBND tỉnh và Hội khuyến học (HKH) phối hợp; HLV đội tuyển nói thêm."
    for m in find_abbreviations(text):
        assert 0.0 < m.confidence <= 1.0
        assert m.source in ("definition", "dictionary", "context")


def test_decomposed_input_keeps_offsets():
    import unicodedata

    text = unicodedata.normalize("NFD", "Sở Giáo dục và Đào tạo (GD&ĐT) và Sở GD&ĐT họp.")
    found = find_abbreviations(text)
    assert len(found) == 2
    for m in found:
        assert text[m.start:m.end] == m.short
        assert match_key(m.long) == match_key("Giáo dục và Đào tạo")


# --- properties -----------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("ABCDĐGHKLMNPQSTUVXY&.-/() ,:;0123456789aăâđêôơưáàạ\n") + ["TP.HCM", "GD&ĐT", " (", "UBND"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_offsets_hold_on_arbitrary_text(text):
    found = find_abbreviations(text)
    for m in found:
        assert text[m.start:m.end] == m.short
        assert m.long
    assert found == sorted(found, key=lambda m: (m.start, m.end))
    expand_text(text, found)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.integers(0, 200), st.integers(0, 200))
def test_no_exception_on_any_text_and_range(text, a, b):
    for m in find_abbreviations(text, [(min(a, b), max(a, b))]):
        assert text[m.start:m.end] == m.short
        assert min(a, b) <= m.start and m.end <= max(a, b)


def test_long_repetitive_input_is_read_through():
    """Pathological input (a 5,000-link chain, unclosed brackets, 5,000 `KH`) is read through; its speed is
    the benchmark's business (`benchmarks/abbreviations.py`), not a timed unit test's."""
    text = ("GD&ĐT-" * 5000) + ("(" + "A" * 50 + " ") * 2000 + "KH, " * 5000
    found = find_abbreviations(text)
    assert sum(1 for m in found if m.short == "GD&ĐT") == 5000
    assert sum(1 for m in found if m.short == "KH") == 5000
