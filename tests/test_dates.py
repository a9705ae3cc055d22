"""Unit tests of the date grammar; every sentence here is written for these tests."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews_nlp.entities.dates import DateMention, find_dates


def found(text: str, published: str | None = None) -> list[tuple[str, str]]:
    """(text, value) of every mention, checking offsets on the way."""
    out = []
    for m in find_dates(text, published):
        assert text[m.start:m.end] == m.text
        out.append((m.text, m.value))
    return out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Đoàn công tác về xã vào 7/3 để khảo sát.", [("7/3", "XXXX-03-07")]),
        ("Kế hoạch được ký ngày 10/1/2024 tại trụ sở.", [("ngày 10/1/2024", "2024-01-10")]),
        ("Văn bản có hiệu lực từ 10-1-2024.", [("10-1-2024", "2024-01-10")]),
        ("Hội nghị diễn ra ngày 10.1.2024 ở hội trường.", [("ngày 10.1.2024", "2024-01-10")]),
        ("Số liệu được chốt trong tháng 12/2024.", [("tháng 12/2024", "2024-12")]),
        ("Lớp học sẽ khai giảng vào tháng 12.", [("tháng 12", "XXXX-12")]),
        ("Công trình khởi công tháng 12 năm 2024.", [("tháng 12 năm 2024", "2024-12")]),
        ("Lễ hội mở màn ngày 7 tháng 3 năm 2024.", [("ngày 7 tháng 3 năm 2024", "2024-03-07")]),
        ("Năm 2024, huyện trồng thêm rừng.", [("Năm 2024", "2024")]),
        ("Dự án hoàn thành trong quý III/2025.", [("quý III/2025", "2025-Q3")]),
        ("Nhà máy chạy thử vào quý 3 năm 2025.", [("quý 3 năm 2025", "2025-Q3")]),
        ("Quy hoạch giai đoạn 2024-2030 đã được duyệt.", [("giai đoạn 2024-2030", "2024/2030")]),
        ("Chiến lược giai đoạn 2023- 2030 được bàn kỹ.", [("giai đoạn 2023- 2030", "2023/2030")]),
        ("Đầu năm 2025, xã mở thêm chợ phiên.", [("Đầu năm 2025", "2025")]),
        ("Lúa chín vào cuối tháng 3 hằng năm.", [("cuối tháng 3", "XXXX-03")]),
        ("Thứ Hai, 7/3 trường mở cửa lại.", [("Thứ Hai, 7/3", "XXXX-03-07")]),
        ("Sáng 7/3, đoàn thanh niên ra quân.", [("Sáng 7/3", "XXXX-03-07")]),
        ("Mưa lớn kéo dài đến chiều 12-5 mới ngớt.", [("chiều 12-5", "XXXX-05-12")]),
        ("Vụ cháy xảy ra rạng sáng 3/4 tại chợ.", [("rạng sáng 3/4", "XXXX-04-03")]),
        ("Ngôi làng đổi khác từ những năm 1990.", [("những năm 1990", "1990/1999")]),
        ("Phong trào ấy nở rộ trong thập niên 90.", [("thập niên 90", "1990/1999")]),
        ("Ngôi đình được dựng từ thế kỷ 18.", [("thế kỷ 18", "1700/1799")]),
        ("Ngôi chùa có từ thế kỷ XVIII.", [("thế kỷ XVIII", "1700/1799")]),
        ("Đội tuyển chuẩn bị cho World Cup 2006 từ sớm.", [("2006", "2006")]),
        ("Anh ghi nhiều bàn nhất mùa giải 2006-2007.", [("2006-2007", "2006/2007")]),
        ("Em nhập học niên khóa 2006-2007.", [("niên khóa 2006-2007", "2006/2007")]),
        ("Trường tổng kết năm học 2024-2025 hôm nay.", [("năm học 2024-2025", "2024/2025")]),
        ("Sản lượng tăng mạnh trong năm 2005.", [("năm 2005", "2005")]),
        ("Bộ phim từng đoạt giải (2005) được chiếu lại.", [("2005", "2005")]),
        ("Ông Hùng (SN 1970) là chủ tiệm.", [("1970", "1970")]),
        ("Cửa hàng mở bán từ 2001 đến 2005.", [("2001 đến 2005", "2001/2005")]),
        ("Sản lượng 6 tháng đầu năm 2024 vượt kế hoạch.", [("6 tháng đầu năm 2024", "2024-01/2024-06")]),
        ("Phiên chợ họp vào tháng Ba.", [("tháng Ba", "XXXX-03")]),
    ],
)
def test_forms(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A range whose second end has no `ngày` is one span.
        ("Hội chợ mở từ ngày 1/4 đến 15/4 ở sân vận động.", [("ngày 1/4 đến 15/4", "XXXX-04-01/XXXX-04-15")]),
        ("Giải đấu diễn ra từ 22 đến 31/12.", [("22 đến 31/12", "XXXX-12-22/XXXX-12-31")]),
        ("Đợt tập huấn vào ngày 18-19/12.", [("ngày 18-19/12", "XXXX-12-18/XXXX-12-19")]),
        ("Lễ hội kéo dài từ ngày 8 đến 10-12-2005.", [("ngày 8 đến 10-12-2005", "2005-12-08/2005-12-10")]),
        ("Từ tháng 10 đến tháng 12, giá lúa tăng.", [("tháng 10 đến tháng 12", "XXXX-10/XXXX-12")]),
        ("Nông dân thu hoạch vào tháng 9-10.", [("tháng 9-10", "XXXX-09/XXXX-10")]),
        ("Công trình làm từ tháng 12/2022 đến 4/2023.", [("tháng 12/2022 đến 4/2023", "2022-12/2023-04")]),
        ("Hạn chót là ngày 21-3-2006, từ ngày 8-3 đến hết ngày 21-3-2006 nhận hồ sơ.",
         [("ngày 21-3-2006", "2006-03-21"), ("ngày 8-3 đến hết ngày 21-3-2006", "2006-03-08/2006-03-21")]),
        # With `ngày` repeated before the second end, the two days are separate mentions.
        ("Tiêm vắc xin từ ngày 25/9 đến ngày 15/10.", [("ngày 25/9 đến ngày 15/10", "XXXX-09-25/XXXX-10-15")]),
        ("Giá tăng trong năm 2004 và 2005.", [("năm 2004", "2004"), ("2005", "2005")]),
        ("Cá về từ tháng 10 tới tháng 2 âm lịch.", [("tháng 10 tới tháng 2 âm lịch", "XXXX-10/XXXX-02")]),
        ("Bến xe đông khách dịp cao điểm 30/4 - 1/5.", [("30/4 - 1/5", "XXXX-04-30/XXXX-05-01")]),
        ("Đội bóng đã đá ở hạng Nhất mùa bóng 2004/2005.", [("2004/2005", "2004/2005")]),
    ],
)
def test_ranges(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Kế hoạch số 14/KH-UBND của tỉnh.",
        "Căn cứ Quyết định 2871/QĐ-UBND về việc giao đất.",
        "Theo Nghị định 15/2024/NĐ-CP, mức phạt tăng.",
        "Theo nghị định 05/1999 về quản lý đất.",
        "Buổi họp bắt đầu lúc 16h30 và kết thúc lúc 16:30.",
        "Anh đã làm ở đây 3 năm, nghỉ phép 30 ngày, năm nay 45 tuổi.",
        "Hôm qua trời mưa, năm ngoái cũng vậy, tuần tới thì chưa biết.",
        "Chủ nhà thắng với tỷ số 2-1 sau hiệp phụ.",
        "Đội khách thua 1-3 trên sân nhà.",
        "Khoảng 3/4 số hộ đã có nước sạch.",
        "Cho thêm 1/2 chén nước vào nồi.",
        "Giá vé là 2000 USD một người.",
        "Tổng chi 60.542.000 đồng cho công trình.",
        "Gọi số 0912 345 678 hoặc 04.726 1938 để đăng ký.",
        "Lãi suất tăng 12-14% so với cùng kỳ.",
        "Máy cài Windows 2000 và phiên bản 2.1 của phần mềm.",
        "Bé được 3-4 tháng tuổi thì tiêm mũi tiếp theo.",
        "Mỗi ngày uống 2-3 lần sau bữa ăn.",
        "Nhà số 17/12 đường Lê Lợi vừa sửa xong.",
        "Giữa năm, mọi người đi nghỉ mát.",
        "Mỗi tháng 2 lần, tổ kiểm tra đi tuần.",
        "Gió mạnh cấp 6-7, giật cấp 8-9, sóng cao 2-4 m.",
        "Nhiệt độ thấp nhất từ 5-7 độ C.",
        "Học sinh lớp 10/1 và lớp 11/2 thi đấu giao hữu.",
        "Tổng đài hoạt động 24/7, gọi 1900 9095.",
        "Em đạt 8/10 điểm và xếp thứ 3/10 toàn khối.",
        "Bệnh nhân chuyển từ Bệnh viện 30/4 sang.",
        "Thuốc uống trong 3 tháng 10 ngày.",
        "Ứng dụng lên phiên bản 2.1 từ tuần trước.",
        "Khoảng 2000 học sinh tham gia.",
        "Hai đội hòa nhau: Hà Tĩnh - Nam Định (1-1), Huế (2-2).",
        "Bảng xếp hạng\nĐội A\n5-4\n12\nĐội B\n4-3\n10",
        "Mỗi cửa có từ 2-4 sạp bán hàng.",
    ],
)
def test_non_dates(sentence: str) -> None:
    assert found(sentence) == []


def test_clock_time_is_left_out() -> None:
    assert found("Lúc 16h30 ngày 2/9, đoàn diễu hành xuất phát.") == [("ngày 2/9", "XXXX-09-02")]


def test_publication_year_fills_missing_year() -> None:
    assert found("Chiều 29/6, hội nghị bế mạc.", published="2024-06-30") == [("Chiều 29/6", "2024-06-29")]
    assert found("Lúa trổ bông vào cuối tháng 11.", published="2024-12-10") == [("cuối tháng 11", "2024-11")]
    assert found("Sáng 7/3, trời nắng.", published=None) == [("Sáng 7/3", "XXXX-03-07")]


def test_unqualified_month_takes_the_year_nearest_publication() -> None:
    assert found("Ngày 28/12, tổ họp tổng kết.", published="2025-01-05") == [("Ngày 28/12", "2024-12-28")]
    assert found("Ngày 5/1, tổ họp tổng kết.", published="2025-01-05") == [("Ngày 5/1", "2025-01-05")]
    assert found("Dự án xong trong quý IV.", published="2025-01-05") == [("quý IV", "2024-Q4")]


def test_day_and_word_month() -> None:
    assert found("Lễ kỷ niệm diễn ra mùng 2 tháng 9 năm 1945.") == [("mùng 2 tháng 9 năm 1945", "1945-09-02")]
    assert found("Ngày Nhà giáo 20 tháng 11 được tổ chức trang trọng.") == [("20 tháng 11", "XXXX-11-20")]
    assert found("Tháng giêng năm 2002, công ty mở chi nhánh.") == [("Tháng giêng năm 2002", "2002-01")]


def test_headline_stamps_are_not_article_text() -> None:
    """The structure stage marks a related-headline list; the entity component keeps no DATE in it."""
    from vnnews_nlp.pipeline import build

    text = "Giá lúa tăng\nBài chính nói về lúa trong năm 2004.\nGiá lúa tháng 6 tăng nhẹ(09/06/2004)\nChợ quê ngày Tết(10/06/2004)\n"
    doc = build(exclude=("vnnews_category",))(text)
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["năm 2004"]
    assert {s.label_ for s in doc.spans["vnnews_boilerplate"]} == {"related"}


def test_decomposed_input_keeps_original_offsets() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Đầu năm 2025, chiều ngày 3/3 trời mưa.")
    mentions = find_dates(text)
    assert [m.value for m in mentions] == ["2025", "XXXX-03-03"]
    assert all(text[m.start:m.end] == m.text for m in mentions)


def test_mentions_are_sorted_and_disjoint() -> None:
    text = "Từ ngày 1/4 đến 15/4 và sáng 20/4, rồi tháng 5/2024 và năm 2025."
    mentions = find_dates(text)
    assert mentions == sorted(mentions, key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert isinstance(mentions[0], DateMention)


@pytest.mark.parametrize("pattern", ["1/", "12-", "1.", "2006 ", "1/1/", "ngày 1/1 ", "năm 2000-"])
def test_date_like_noise_gives_ordered_exact_spans(pattern: str) -> None:
    # Speed on such input is measured by `benchmarks/dates.py --scaling`, not asserted here.
    text = pattern * (20_000 // len(pattern))
    mentions = find_dates(text)
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-– ,()\nngàyháthuýqđếnôm năm ABCĐ")), max_size=80))
def test_offsets_hold_on_date_like_noise(text: str) -> None:
    for m in find_dates(text):
        assert text[m.start:m.end] == m.text
        assert m.start < m.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_never_raises_on_arbitrary_text(text: str, published: str | None) -> None:
    for m in find_dates(text, published):
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Hồ sơ nộp trước ngày 15/12 hằng năm.", [("ngày 15/12", "XXXX-12-15", True)]),
        ("Lễ hội diễn ra vào tháng 2 và tháng 9 hàng năm.", [("tháng 2", "XXXX-02", True), ("tháng 9", "XXXX-09", True)]),
        ("Hằng năm, vào ngày 2/9, người dân treo cờ.", [("ngày 2/9", "XXXX-09-02", True)]),
        # `ngày 20 hàng tháng` has no month: no DATE, so no value at all.
        ("Phí nộp vào ngày 20 hàng tháng, hạn cuối là ngày 5/1 mỗi năm.", [("ngày 5/1", "XXXX-01-05", True)]),
        # A one-off date beside the word keeps its year; so does a year the text writes.
        ("Sáng 7/3, tỉnh họp. Hằng năm tỉnh tổ chức hai lần.", [("Sáng 7/3", "2025-03-07", False)]),
        ("Họp ngày 15/12, mỗi tháng một lần.", [("ngày 15/12", "2024-12-15", False)]),
        ("Quy định từ ngày 1/7/2024 hằng năm được nhắc lại.", [("ngày 1/7/2024", "2024-07-01", True)]),
    ],
)
def test_recurring_dates_get_no_inferred_year(sentence: str, expected: list) -> None:
    mentions = find_dates(sentence, "2025-01-10")
    assert [(m.text, m.value, m.recurring) for m in mentions] == expected


def _candidates_everywhere(ctx) -> list[tuple[int, int, str]]:
    """The grammar's candidates searched over the whole text, line gates ignored."""
    from vnnews_nlp.entities.dates import grammar

    found = []
    for pattern, handler, _gate in grammar._COMPILED:
        for m in pattern.finditer(ctx.text, overlapped=True):
            value = handler(m, ctx) if m.end() > m.start() else None
            if value:
                found.append((m.start(), m.end(), value))
    return found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-– ,()\n\nngàyháthuýqđếnôm năm ABCĐIVX")), max_size=120))
def test_line_gates_find_what_the_whole_text_search_finds(text: str) -> None:
    from vnnews_nlp.entities.dates.grammar import candidates
    from vnnews_nlp.entities.dates.values import Ctx

    ctx = Ctx(text, "2024", 3)
    assert candidates(ctx) == _candidates_everywhere(ctx)


def test_line_gates_on_real_articles() -> None:
    from vnnews_nlp.entities.dates.grammar import candidates
    from vnnews_nlp.entities.dates.values import Ctx
    from vnnews_nlp.textnorm import canonical

    from .conftest import SHARED

    texts = sorted((SHARED / "eval" / "dev").glob("*.txt"))
    if not texts:
        pytest.skip("the shared dev articles are not beside the repository")
    for path in texts:
        ctx = Ctx(canonical(path.read_text(encoding="utf-8")), "2024", 3)
        assert candidates(ctx) == _candidates_everywhere(ctx), path.name
