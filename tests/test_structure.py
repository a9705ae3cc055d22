"""Structure rules on dump-style texts written for these tests, and on the real seed dump."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews_nlp.structure.rules import Structure, analyze_structure, article_text

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_13bed65524387229.txt"

PARAGRAPH_1 = ("Sáng 12/5, UBND huyện Bố Trạch tổ chức lễ khánh thành cầu dân sinh bắc qua sông Son, "
               "nối hai thôn Phong Nha và Xuân Sơn với tổng vốn đầu tư hơn 15 tỷ đồng từ ngân sách tỉnh.")
PARAGRAPH_2 = ("Cây cầu dài 120 m, rộng 5 m, được thi công trong 8 tháng. Trước đây, người dân hai thôn "
               "phải đi đò qua sông, mùa mưa lũ rất nguy hiểm cho học sinh và người già.")
PARAGRAPH_3 = ("Ông Trần Văn Bình, Chủ tịch UBND xã Sơn Trạch, cho biết cây cầu giúp hơn 2.000 hộ dân "
               "đi lại thuận tiện, mở ra cơ hội phát triển du lịch cộng đồng dọc sông Son.")
DUMP = "\n".join([
    "Quảng Bình khánh thành cầu dân sinh bắc qua sông Son",
    PARAGRAPH_1,
    "Các đại biểu cắt băng khánh thành cây cầu.",
    PARAGRAPH_2,
    "Người dân đi qua cầu mới. Ảnh: T.LINH",
    PARAGRAPH_3,
    "Hoàng Minh",
    "{name} - {time}",
    "-",
    "2025-05-12 10:20:00",
    "Quảng Bình đầu tư 200 tỷ đồng làm đường ven biển",
    "-",
    "2025-05-11 08:00:00",
    "Bố Trạch ra quân làm thủy lợi mùa khô",
    "Tin liên quan",
    "Khởi công cầu vượt sông Gianh",
])


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0]:span[1]] if span else None


def _kinds(text: str, s: Structure) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in s.boilerplate:
        found.setdefault(block.kind, []).append(text[block.start:block.end])
    return found


def _assert_consistent(text: str, s: Structure) -> None:
    """Ranges index `text`, are ordered, and never overlap a boilerplate block."""
    previous = 0
    for start, end in s.article_ranges:
        assert 0 <= previous <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous = end
    for block in s.boilerplate:
        assert 0 <= block.start < block.end <= len(text)
        for start, end in s.article_ranges:
            assert end <= block.start or start >= block.end, (block, text[start:end])
    for caption in s.captions:
        assert caption in s.article_ranges
    assert s.article_end == max((e for _, e in s.article_ranges), default=0)


def test_dump_with_caption_byline_junk_and_related() -> None:
    s = analyze_structure(DUMP)
    _assert_consistent(DUMP, s)
    assert _text(DUMP, s.title) == "Quảng Bình khánh thành cầu dân sinh bắc qua sông Son"
    assert _text(DUMP, s.author) == "Hoàng Minh"
    assert s.published is None  # the footer's stamps are not a dateline
    captions = [_text(DUMP, c) for c in s.captions]
    assert captions == ["Các đại biểu cắt băng khánh thành cây cầu.", "Người dân đi qua cầu mới."]
    kinds = _kinds(DUMP, s)
    assert kinds["credit"] == ["Ảnh: T.LINH"]
    assert kinds["byline"] == ["Hoàng Minh"]
    assert kinds["template"] == ["{name} - {time}"]
    assert "Khởi công cầu vượt sông Gianh" in kinds["related"][-1]
    assert any("Quảng Bình đầu tư 200 tỷ" in block for block in kinds["related"])
    article = article_text(DUMP, s)
    assert article.split("\n") == [
        "Quảng Bình khánh thành cầu dân sinh bắc qua sông Son", PARAGRAPH_1,
        "Các đại biểu cắt băng khánh thành cây cầu.", PARAGRAPH_2, "Người dân đi qua cầu mới.", PARAGRAPH_3]
    assert s.article_end == DUMP.index(PARAGRAPH_3) + len(PARAGRAPH_3)


def test_reader_letter_with_email_header_and_signature() -> None:
    text = "\n".join([
        "Tôi nên làm gì khi con không chịu học?",
        "From: Lan Anh To: tamsu@example.vn Sent: Monday, May 30, 2005 7:01 AM Subject: hoi ve con",
        "Con trai tôi năm nay 15 tuổi, học lớp 9 nhưng suốt ngày chơi điện tử, không chịu học bài. "
        "Tôi đã nhiều lần nói chuyện với cháu nhưng không có kết quả.",
        "Mong các anh chị cho tôi lời khuyên.",
        "Lan Anh",
    ])
    s = analyze_structure(text)
    _assert_consistent(text, s)
    assert _kinds(text, s)["letter-header"][0].startswith("From: Lan Anh")
    assert _text(text, s.author) == "Lan Anh"
    assert "From:" not in article_text(text, s)
    assert article_text(text, s).endswith("Mong các anh chị cho tôi lời khuyên.")


def test_email_header_on_several_lines() -> None:
    text = (f"Tiêu đề\nFrom: Minh\nSent: Monday, May 30, 2005 7:01 AM\nTo: tamsu@example.vn\n"
            f"Subject: xin loi khuyen\n{PARAGRAPH_1}")
    s = analyze_structure(text)
    assert _kinds(text, s)["letter-header"] == [
        "From: Minh\nSent: Monday, May 30, 2005 7:01 AM\nTo: tamsu@example.vn\nSubject: xin loi khuyen"]
    assert article_text(text, s) == f"Tiêu đề\n{PARAGRAPH_1}"


@pytest.mark.parametrize(("byline", "author"), [
    ("Trần Hùng (TTXVN)", "Trần Hùng"),
    ("NGUYỄN VĂN AN", "NGUYỄN VĂN AN"),
    ("Bài và ảnh: Thu Hà", "Thu Hà"),
    ("Q.LIÊM", "Q.LIÊM"),
    ("Minh Hiếu - Thanh Tùng", "Minh Hiếu - Thanh Tùng"),
])
def test_byline_forms(byline: str, author: str) -> None:
    text = f"Tiêu đề bài viết\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n{byline}"
    s = analyze_structure(text)
    assert _text(text, s.author) == author
    assert s.article_end == text.index(PARAGRAPH_2) + len(PARAGRAPH_2)


def test_source_line_and_photo_credit_line_are_not_article() -> None:
    text = f"Tiêu đề\n{PARAGRAPH_1}\nẢnh minh họa\n{PARAGRAPH_2}\nTheo TTXVN"
    s = analyze_structure(text)
    _assert_consistent(text, s)
    assert s.author is None
    kinds = _kinds(text, s)
    assert kinds["source"] == ["Theo TTXVN"] and kinds["credit"] == ["Ảnh minh họa"]
    assert "TTXVN" not in article_text(text, s)


def test_share_tags_and_related_marker_with_headline() -> None:
    text = f"Tiêu đề\n{PARAGRAPH_1}\nChia sẻ\nFacebook | Zalo\nTags: cầu, Quảng Bình\nXem thêm: Khởi công cầu mới"
    s = analyze_structure(text)
    kinds = _kinds(text, s)
    assert kinds["share"] == ["Chia sẻ\nFacebook | Zalo"]
    assert kinds["tags"] == ["Tags: cầu, Quảng Bình"]
    assert kinds["related"] == ["Xem thêm: Khởi công cầu mới"]
    assert article_text(text, s) == f"Tiêu đề\n{PARAGRAPH_1}"


def test_dated_related_headlines_at_the_end() -> None:
    text = (f"Tiêu đề\n{PARAGRAPH_1}\n{PARAGRAPH_2}\n"
            "Đà Lạt thêm nhiều công trình được chỉnh trang(18/11/2004)\nLễ hội hoa Đà Lạt sắp khai mạc(16/11/2004)")
    s = analyze_structure(text)
    assert _kinds(text, s)["related"][0].startswith("Đà Lạt thêm")
    assert s.article_end == text.index(PARAGRAPH_2) + len(PARAGRAPH_2)


def test_dateline_under_the_title_gives_published() -> None:
    text = f"Tiêu đề\nThứ Năm, 07/03/2024 09:27 (GMT+7)\n{PARAGRAPH_1}"
    s = analyze_structure(text)
    assert s.published == "2024-03-07"
    assert _kinds(text, s)["dateline"] == ["Thứ Năm, 07/03/2024 09:27 (GMT+7)"]


def test_given_title() -> None:
    text = f"Quảng Bình khánh thành cầu\n{PARAGRAPH_1}"
    assert _text(text, analyze_structure(text, title="Quảng Bình  khánh thành cầu").title) == \
        "Quảng Bình khánh thành cầu"
    other = analyze_structure(text, title="Một tiêu đề khác")
    assert other.title is None
    assert other.article_ranges[0] == (0, len("Quảng Bình khánh thành cầu"))


def test_title_run_into_the_lead_is_split_at_the_press_tag() -> None:
    first = ("Đã hoàn tất 9 phiên đàm phán với Hoa Kỳ (NLĐ)- Thứ trưởng Bộ Thương mại cho biết vòng đàm phán "
             "cuối cùng sẽ diễn ra vào tháng tới tại Washington với nhiều nội dung quan trọng.")
    text = f"{first}\n{PARAGRAPH_2}"
    s = analyze_structure(text)
    assert _text(text, s.title) == "Đã hoàn tất 9 phiên đàm phán với Hoa Kỳ"
    assert text[slice(*s.article_ranges[1])].startswith("(NLĐ)- Thứ trưởng")


def test_body_subheadings_and_tables_are_kept() -> None:
    text = (f"Chọn kiểu tóc phù hợp khuôn mặt\n{PARAGRAPH_1}\nMặt tam giác\n"
            "Thích hợp nhất khi chải và buộc gọn tóc về phía sau để lộ khuôn mặt.\n"
            "Bảng xếp hạng\nĐội\nĐiểm\nToyota\n48\nJaguar Cosworth")
    s = analyze_structure(text)
    assert s.author is None
    assert s.article_end == len(text)
    assert "Mặt tam giác" in article_text(text, s)


def test_empty_and_blank() -> None:
    assert analyze_structure("").article_ranges == []
    s = analyze_structure("  \n\n  ")
    assert s.title is None and s.article_end == 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "Tiêu đề", PARAGRAPH_1, "Các đại biểu dự hội nghị.", "Phong Sắc", "{name} - {time}", "-",
    "2024-11-21 16:12:00", "Ảnh: Q.LIÊM", "Tin liên quan", "Theo TTXVN", "", "   ", "Xem thêm:",
    "From: a To: b Sent: c", "Đội\t48", "Toàn cảnh. Ảnh: T.T.D.",
]), max_size=14), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_offsets_are_consistent_on_any_mix(parts: list[str], newline: str) -> None:
    text = newline.join(parts)
    s = analyze_structure(text)
    _assert_consistent(text, s)
    if s.author:
        assert s.author[1] <= len(text)


@pytest.mark.skipif(not SEED.exists(), reason="shared seed dump not available")
def test_real_seed_dump() -> None:
    text = SEED.read_text(encoding="utf-8")
    s = analyze_structure(text)
    _assert_consistent(text, s)
    first_line = text.split("\n", 1)[0]
    assert _text(text, s.title) == first_line
    assert _text(text, s.author) == "Phong Sắc"
    byline_at = text.index("\nPhong Sắc\n") + 1
    assert all(end <= byline_at for _, end in s.article_ranges)
    kinds = _kinds(text, s)
    assert kinds["template"] == ["{name} - {time}"]
    related = "\n".join(kinds["related"])
    assert "Nhiều giải pháp chống ùn tắc giao thông ở TP Thanh Hóa" in related
    assert "Hội LHPN huyện Quảng Xương phát động trồng cây" in related
    assert any(text[a:b] == "Các đại biểu dự hội nghị." for a, b in s.captions)
    assert "Các đại biểu dự hội nghị." in article_text(text, s)
    assert s.article_end == byline_at - 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_offsets_are_consistent_on_arbitrary_text(text: str) -> None:
    _assert_consistent(text, analyze_structure(text))
