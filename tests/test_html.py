"""extract_html on a small news page written for these tests."""
from __future__ import annotations

import pytest

pytest.importorskip("trafilatura")

from vnnews_nlp.errors import InputError  # noqa: E402
from vnnews_nlp.html import ExtractedPage, extract_html  # noqa: E402
from vnnews_nlp.structure.rules import analyze_structure  # noqa: E402

TITLE = "Quảng Bình khánh thành cầu dân sinh bắc qua sông Son"
PARAGRAPHS = [
    "Sáng 12/5, UBND huyện Bố Trạch tổ chức lễ khánh thành cầu dân sinh bắc qua sông Son, nối hai thôn "
    "Phong Nha và Xuân Sơn với tổng vốn đầu tư hơn 15 tỷ đồng từ ngân sách tỉnh.",
    "Cây cầu dài 120 m, rộng 5 m, được thi công trong 8 tháng. Trước đây, người dân hai thôn phải đi đò "
    "qua sông, mùa mưa lũ rất nguy hiểm cho học sinh và người già trong vùng.",
    "Ông Trần Văn Bình, Chủ tịch UBND xã Sơn Trạch, cho biết cây cầu giúp hơn 2.000 hộ dân đi lại thuận "
    "tiện, mở ra cơ hội phát triển du lịch cộng đồng dọc sông Son trong những năm tới.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head>
<meta charset="utf-8">
<title>{TITLE} | Báo Thử Nghiệm</title>
<meta property="og:title" content="{TITLE}">
<meta name="author" content="Hoàng Minh">
<meta property="article:published_time" content="2025-05-12T10:20:00+07:00">
<link rel="canonical" href="https://baothu.example.vn/quang-binh-khanh-thanh-cau.html">
</head><body>
<header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/kinh-te">Kinh tế</a></li><li><a href="/dang-nhap">Đăng nhập</a></li></ul></nav></header>
<main><article>
<h1>{TITLE}</h1>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<p>{PARAGRAPHS[2]}</p>
</article></main>
<aside><h3>Tin đọc nhiều</h3><ul><li><a href="/a">Giá vàng hôm nay tăng mạnh</a></li></ul></aside>
<footer><p>© 2025 Báo Thử Nghiệm. Giấy phép số 123/GP-BTTTT. Liên hệ quảng cáo: 0123 456 789.</p>
<a href="/dieu-khoan">Điều khoản sử dụng</a></footer>
</body></html>"""


def test_main_content_and_metadata() -> None:
    page = extract_html(PAGE, source="page.html")
    assert isinstance(page, ExtractedPage)
    assert page.title == TITLE
    assert page.author == "Hoàng Minh"
    assert page.published == "2025-05-12"
    assert page.url == "https://baothu.example.vn/quang-binh-khanh-thanh-cau.html"
    assert page.text.split("\n")[0] == TITLE
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text
    for junk in ("Trang chủ", "Đăng nhập", "Giấy phép", "Điều khoản", "Giá vàng"):
        assert junk not in page.text
    assert page.text.count(TITLE) == 1


def test_title_line_is_found_by_the_structure_stage() -> None:
    page = extract_html(PAGE.encode("utf-8"))
    s = analyze_structure(page.text, title=page.title)
    assert s.title == (0, len(TITLE))
    assert s.article_end == len(page.text)


def test_empty_page_gives_empty_text() -> None:
    assert extract_html("").text == ""
    assert extract_html("<html><body></body></html>").text == ""


def test_binary_bytes_raise_naming_the_source() -> None:
    with pytest.raises(InputError, match="blob.html"):
        extract_html(b"\x00\x01\x02\x03" * 100, source="blob.html")
