"""Find Vietnamese date expressions and normalise them to ISO 8601 values.

A small grammar of regular expressions proposes candidates (day dates, day and
month ranges, months, quarters, years, decades, centuries); each form has a
handler that checks calendar validity and context and builds the value. The
longest candidates win and never overlap. Conventions follow
`shared/ANNOTATION.md` (section DATE) and the project's gold data.

Every pattern has bounded repetitions and bounded lookarounds, so matching is
linear in the length of the input.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import regex

from vnnews_nlp.textnorm import nfc_with_map

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True)
class DateMention:
    """One DATE mention: `text == input[start:end]`, `value` in ISO 8601 form.

    `recurring`: the date comes back every year or month (`ngày 15/12 hằng năm`); its value
    then has no year the text does not give (`XXXX-12-15`).
    """

    start: int
    end: int
    text: str
    value: str
    recurring: bool = False


@dataclass(frozen=True)
class _Ctx:
    """What handlers need besides the match: the text and the fallback year."""

    text: str
    year: str  # publication year, or "XXXX"
    month: int = 0  # publication month, 0 if unknown

    def year_for(self, month: int) -> str:
        """The year of a month the text leaves unqualified: the nearest one to publication."""
        if self.year == "XXXX" or not self.month or month - self.month <= 6:
            return self.year
        return f"{int(self.year) - 1:04d}"  # December news read in January


Handler = Callable[[regex.Match, _Ctx], "str | None"]

# ---------------------------------------------------------------- fragments
_FLAGS = regex.IGNORECASE | regex.VERSION0

TOD = r"(?:rạng\s{1,2}sáng|sáng|trưa|chiều|tối|đêm)"
WEEKDAY = r"(?:thứ\s{1,2}(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s{1,2}nhật)"
DAYWORD = r"(?:ngày|hôm|mùng|mồng)"
# Leading words that belong to the span: `Sáng 7/3`, `thứ Hai, 7/3`, `chiều ngày 3/3`.
_WD_PART = rf"{WEEKDAY}\s{{0,2}},?\s{{0,2}}"
_INTRO_WORDS = (
    rf"(?:{TOD}\s{{1,2}}(?:{_WD_PART})?(?:{DAYWORD}\s{{0,2}})?"
    rf"|{_WD_PART}(?:{DAYWORD}\s{{0,2}})?|{DAYWORD}\s{{0,2}})"
)
MOD = r"(?<!bắt\s{1,2})(?:nửa\s{1,2}đầu|nửa\s{1,2}cuối|trung\s{1,2}tuần|thượng\s{1,2}tuần|hạ\s{1,2}tuần|đầu|cuối|giữa)"

DAY = r"(?:3[01]|[12]\d|0?[1-9])"
MON = r"(?:1[0-2]|0?[1-9])"
YEAR = r"(?:1\d{3}|20\d{2})"
# A word cannot run into the match from the left.
LB_WORD = r"(?<![\p{L}\p{N}_])"
# A number cannot continue another number, code or decimal on the left.
LB_NUM = r"(?<![\p{L}\p{N}_/.,:&@#])"
# Either introducing words, or a bare number that does not continue another one.
INTRO = rf"(?:{LB_WORD}(?P<intro>{_INTRO_WORDS})|{LB_NUM}(?P<intro>))"
END_NUM = r"(?!\d|[.,]\d)"
END_DM = r"(?!\d|[.,/]\d|\s?[-–]\s?\d|/\p{L}|[-–]\p{L})"

MONTH_WORDS = {
    "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11,
    "mười hai": 12, "chạp": 12,
}
MONTH_WORD = r"(?:giêng|mười\s{1,2}một|mười\s{1,2}hai|mười|hai|ba|tư|bốn|năm|sáu|bảy|bẩy|tám|chín|chạp)"


def _dmy(i: str) -> str:
    """Day-month(-year) with one separator kind throughout (`7/3/2024`, `7-3`, `7.3`)."""
    d, m, y = f"d{i}", f"m{i}", f"y{i}"
    return (
        rf"(?:(?P<{d}>{DAY})/(?P<{m}>{MON})(?:/(?P<{y}>{YEAR}|\d\d))?"
        rf"|(?P<{d}>{DAY})\.(?P<{m}>{MON})(?:\.(?P<{y}>{YEAR}))?"
        rf"|(?P<{d}>{DAY})\s?[-–]\s?(?P<{m}>{MON})(?:\s?[-–]\s?(?P<{y}>{YEAR}))?)"
    )


# ---------------------------------------------------------------- values
def _year4(raw: str | None) -> str | None:
    """`2024` → `2024`; a two-digit year `99` → `1999`, `06` → `2006`."""
    if not raw:
        return None
    raw = raw.replace(".", "")
    if len(raw) == 2:
        n = int(raw)
        return f"{2000 + n if n < 50 else 1900 + n:04d}"
    return f"{int(raw):04d}"


def _ymd(year: str, month: int, day: int | None = None) -> str:
    """ISO date or month string."""
    if day is None:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def _roman(s: str) -> int | None:
    """Value of an upper-case Roman numeral, None if malformed."""
    vals = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(s):
        v = vals.get(ch)
        if v is None:
            return None
        nxt = vals.get(s[i + 1], 0) if i + 1 < len(s) else 0
        total += -v if v < nxt else v
    return total or None


def _number(s: str) -> int | None:
    """An Arabic or Roman number."""
    if s.isdigit():
        return int(s)
    return _roman(s.upper())


# ---------------------------------------------------------------- context
_UNIT = (
    r"(?:%|‰|USD|VNĐ|VND|đ\b|đồng|euro|EUR|yên|bảng|đô|người|học\s+sinh|sinh\s+viên|"
    r"hộ|căn|chiếc|con|cái|km|m2|m3|m|cm|mm|kg|g|tấn|lít|ha|mét|lượt|lần|trận|bàn|"
    r"điểm|cây|ngày|tuần|tháng|giờ|phút|giây|tuổi|trang|xe|tỷ|tỉ|triệu|nghìn|ngàn|"
    r"trăm|MW|kW|kWh|suất|vé|đợt|buổi|độ|°|inch|ml|tiếng|h(?:\d{1,2})?|hạt|viên|gói|hộp|bao|thùng|chai|"
    r"cốc|bát|chén|muỗng|thìa|tầng|bậc|lớp|làn|"
    r"năm(?!\s{0,3}(?:nay|tới|sau|ngoái|trước|\d)))(?![\p{L}\d])"
)
# Nouns a four-digit count comes before; a year would not (`2000 học sinh`).
_COUNTED_AFTER = regex.compile(
    r"[ \t]{1,2}(?:học\s+sinh|sinh\s+viên|thí\s+sinh|lao\s+động|công\s+nhân|cán\s+bộ|đảng\s+viên|"
    r"hội\s+viên|đoàn\s+viên|hộ|căn|ngôi|trường|xã|bệnh\s+nhân|ca|vụ|doanh\s+nghiệp|đơn\s+vị|"
    r"sản\s+phẩm|tác\s+phẩm|cuốn|quyển|bộ|tấm|suất|phần\s+quà|liều|mũi|giường|phòng|m²|km²|héc\s*ta)"
    r"(?![\p{L}])(?!\s{1,2}(?:này|đó|ấy|kia)(?![\p{L}]))",
    _FLAGS,
)
_FOLLOWED_BY_UNIT = regex.compile(rf"[ \t]{{0,2}}{_UNIT}", _FLAGS)
# Words that only precede a number in scores, fractions, addresses and counts.
_NOT_DATE_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:(?:tỷ|tỉ)\s+(?:số|lệ)|thắng|thua|hòa|hoà|gỡ|bại|cuộc|cách\s+biệt|số|hẻm|ngõ|"
    r"ngách|kiệt|đường|phố|lô|phòng|công\s+viên|chiếm|bằng|khoảng|gần|hơn|còn|ngập|"
    r"mỗi|hằng|hàng|được|đạt|là|cấp|độ|(?<!cao\s|thời\s)điểm|lớp|thứ|hạng|top|bảng|trang|điều|khoản|chương|mục|"
    r"tập|phần|khu|tổ|câu|bài|ấp|khóm|xe|phiên\s+bản|version|v|"
    # a place or unit named after a date (`Bệnh viện 30/4`) is not a DATE
    r"viện|trường|cầu|sân|chợ|bến|cảng|đoàn|xưởng|xã|nhà\s+máy|công\s+ty|xí\s+nghiệp)[\s,.]{0,2}$"
    r"|[+*x×=][\s,]{0,2}$",
    _FLAGS,
)
# Words after which a bare `7-3` or `7.3` reads as a date.
_DATE_CUE_BEFORE = regex.compile(
    r"(?:(?<![\p{L}])(?:từ|đến|tới|vào|trước|sau|hết|qua|nay|mai|lễ|dịp|khánh|"
    r"kiện|vụ|đi|về|hạn|chót|kết|ngày|hôm|đêm|tối|sáng|chiều|trưa)[\s,:]{0,3}|\(\s{0,2}"
    r"|\d[/.\-–]\d{1,2}\s{1,2}(?:và|hoặc)\s{1,2})$",
    _FLAGS,
)
# Lower case only: `Thắng`, `Hòa` are also given names.
_SCORE_NEARBY = regex.compile(
    r"(?<![\p{L}])(?-i:(?:tỷ|tỉ)\s+số|thắng|thua|hòa|hoà|set|ván|hiệp\s+(?:một|hai|phụ|\d)|"
    r"dẫn\s+trước|chung\s+cuộc)(?![\p{L}])",
    _FLAGS,
)
_DOC_CODE_BEFORE = regex.compile(
    r"(?:nghị\s+định|thông\s+tư|quyết\s+định|công\s+văn|chỉ\s+thị|nghị\s+quyết|luật|"
    r"pháp\s+lệnh|văn\s+bản|kế\s+hoạch|số|NĐ|QĐ|TT|CV|ISO)\s{1,3}(?:số\s{1,3})?$",
    _FLAGS,
)
_FRACTION_FOLLOW_OK = regex.compile(
    r"\s{0,2}(?:[^\p{L}\s]|$|(?:tới|vừa|này|năm|và|tại|ở|để|đã|sẽ|là|khi|của|với|do|cho|"
    r"trong|lúc|theo|nhằm|đến|đi|về|hàng|hằng|mới|rồi|thì|mà|nhưng|sau|trước|nhân|qua|"
    r"hoặc|hay|nay|(?-i:\p{Lu})\p{L}*)(?![\p{L}]))",
    _FLAGS,
)
# Read as fractions unless the context says date (`1/5` alone is a fifth).
_FRACTIONS = {(1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (1, 5), (2, 5), (1, 10)}
_UPPER_NEXT = regex.compile(r"\p{Lu}")  # `2/2C`: an address or code, not a day
# `Rosenborg - Steaua (1-1)`: a fixture, so the number pair is a score.
_TEAMS_BEFORE = regex.compile(r"(?-i:\p{Lu})[\p{L}.]*[ \t][-–][ \t](?-i:\p{Lu})[^\n]{0,30}$")
_NUM_RANGE_BEFORE = regex.compile(r"\d\s?[-–]\s?$")
_EMAIL_DATE_BEFORE = regex.compile(r"[A-Z][a-z]+\s\d{1,2},\s?$")
_PRODUCT_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:windows|win|office|iso|phiên\s+bản|version|model|mã|hotline|fax|tel|điện\s+thoại|ĐT|"
    r"phòng|lô|căn\s+hộ|km|quốc\s+lộ|tỉnh\s+lộ|biển\s+số|chuyến\s+bay|tổng\s+đài)[\s:.]{0,3}$",
    _FLAGS,
)


def _before(ctx: _Ctx, pos: int, width: int = 40) -> str:
    return ctx.text[max(0, pos - width):pos]


def _after(ctx: _Ctx, pos: int, width: int = 30) -> str:
    return ctx.text[pos:pos + width]


def _is_headline_stamp(ctx: _Ctx, start: int, end: int) -> bool:
    """`Title(27/12/2005)` closing a line: a related-headlines stamp, not article text."""
    t = ctx.text
    return (
        start >= 2 and t[start - 1] == "(" and not t[start - 2].isspace()
        and t[end:end + 1] == ")" and t[end + 1:end + 2] in ("", "\n", "\r")
    )


def _intro(m: regex.Match) -> str:
    return (m.groupdict().get("intro") or "").strip()


def _bare_dm_ok(ctx: _Ctx, start: int, end: int, sep: str, d: int, mo: int) -> bool:
    """Whether an unintroduced `7/3`, `7-3` or `7.3` is a date and not a count, score or fraction."""
    before = _before(ctx, start)
    if _NUM_RANGE_BEFORE.search(before) or _NOT_DATE_BEFORE.search(before):
        return False
    if _SCORE_NEARBY.search(before) or _TEAMS_BEFORE.search(before):
        return False
    if sep != "/" and regex.search(r"[^\s.!?:;(]\s(?-i:\p{Lu})\p{L}*\s?\($", before):
        return False  # `Valencia (2-2)`: a result after a team name
    if regex.search(r"(?:^|\n)[ \t\-–•]{0,3}$", before):
        # a line opening `11-3: Hội nghị...` is a date; `5-4` alone on a table row is not
        return bool(regex.match(r"[ \t]{0,2}[:,]", _after(ctx, end)))
    follow_ok = _FRACTION_FOLLOW_OK.match(_after(ctx, end))
    if (sep == "/" and d < mo or sep != "/") and not follow_ok:
        return False  # `1/2 chén`, `từ 2-4 sạp`: a fraction or a count before its noun
    if (d, mo) == (24, 7):
        return False  # `phục vụ 24/7`: round the clock
    if _DATE_CUE_BEFORE.search(before):
        return True
    return sep == "/" and not regex.match(r"\s\p{Lu}", _after(ctx, end)) and (d, mo) not in _FRACTIONS


# ---------------------------------------------------------------- handlers
def _sep_kind(raw: str) -> str:
    raw = raw.strip()
    return "-" if raw in ("-", "–") else raw


def _dm_sep(m: regex.Match, i: str) -> str:
    return _sep_kind(m.string[m.end(f"d{i}"):m.start(f"m{i}")])


def _day_date(m: regex.Match, ctx: _Ctx) -> str | None:
    """`ngày 10/1/2024`, `Sáng 7/3`, `10-1-2024`, `hôm 3/9`, bare `7/3` in context."""
    d, mo = int(m["d1"]), int(m["m1"])
    y = _year4(m["y1"] or m.groupdict().get("yn"))
    start, end = m.span()
    if _is_headline_stamp(ctx, m.start("d1"), end):
        return None
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    if not y:
        counted = _FOLLOWED_BY_UNIT.match(_after(ctx, end))
        # `ngày 2-3 lần` counts; `ngày 2/9 ngày Quốc khánh` does not.
        if (counted and not (_intro(m) and _dm_sep(m, "1") == "/")) or _UPPER_NEXT.match(_after(ctx, end)):
            return None
        if regex.search(r"(?:mỗi|hằng|hàng)\s{1,2}$", _before(ctx, start), _FLAGS):
            return None
        if not _intro(m) and not _bare_dm_ok(ctx, start, end, _dm_sep(m, "1"), d, mo):
            return None
    elif not _intro(m):
        before = _before(ctx, start)
        if _NUM_RANGE_BEFORE.search(before) or _DOC_CODE_BEFORE.search(before):
            return None
    return _ymd(y or ctx.year_for(mo), mo, d)


def _day_word_month(m: regex.Match, ctx: _Ctx) -> str | None:
    """`ngày 7 tháng 3 năm 2024`, `mùng 2 tháng Chín`."""
    if not regex.search(DAYWORD, _intro(m), _FLAGS):
        # `20 tháng 11` alone is a date too, unless it runs on as a duration (`3 tháng 10 ngày`).
        if not m["mn"] or _FOLLOWED_BY_UNIT.match(_after(ctx, m.end())):
            return None
        if regex.search(r"(?:\d|năm)\s{1,2}$", _before(ctx, m.start(), 8), _FLAGS):
            return None
    mo = int(m["mn"]) if m["mn"] else MONTH_WORDS[" ".join(m["mw"].lower().split())]
    y = _year4(m["y"]) or ctx.year_for(mo)
    return _ymd(y, mo, int(m["d"]))


def _day_range(m: regex.Match, ctx: _Ctx) -> str | None:
    """`ngày 18-19/12`, `22 đến 31/12`, `ngày 29 và 30-4`, `ngày 8 đến 10-12-2005`."""
    d0, d2, mo = int(m["d0"]), int(m["d2"]), int(m["m2"])
    rs = m["rs"].lower()
    if d0 >= d2:
        return None
    joined_by_word = any(w in rs for w in ("và", ",", "hoặc"))
    if not _intro(m):
        before = _before(ctx, m.start())
        from_cue = regex.search(r"(?<![\p{L}])từ\s{1,2}$", before, _FLAGS)
        if joined_by_word or (not from_cue and ("đến" in rs or "tới" in rs)):
            return None
        if _NOT_DATE_BEFORE.search(before) or _SCORE_NEARBY.search(before):
            return None
    if not m["y2"] and _FOLLOWED_BY_UNIT.match(_after(ctx, m.end())):
        return None
    y = _year4(m["y2"]) or ctx.year_for(mo)
    return f"{_ymd(y, mo, d0)}/{_ymd(y, mo, d2)}"


def _dm_range(m: regex.Match, ctx: _Ctx) -> str | None:
    """`ngày 29/6 đến 15/7`, `21/3-19/4`, `28-1 đến 31-1-2006`, `1-7-2006 đến 30-6-2008`."""
    rs = m["rs"].lower()
    kinds = {_dm_sep(m, "1"), _dm_sep(m, "2")}
    if len(kinds) > 1:
        return None
    word = "đến" in rs or "tới" in rs
    # Gold keeps `từ ngày 25/9 đến ngày 15/10` as two dates, `ngày 8-3 đến hết ngày 21-3` as one.
    if word and "ngày" in rs and "hết" not in rs:
        return None
    if word and m["y1"] and kinds == {"/"}:
        return None
    d1, m1, d2, m2 = int(m["d1"]), int(m["m1"]), int(m["d2"]), int(m["m2"])
    y2 = _year4(m["y2"])
    y1 = _year4(m["y1"]) or y2
    if not _intro(m):
        before = _before(ctx, m.start())
        if _NOT_DATE_BEFORE.search(before) or _NUM_RANGE_BEFORE.search(before):
            return None
        if not word and kinds != {"/"} and not _DATE_CUE_BEFORE.search(before) and not y2:
            return None
    if y1 is None and (m1, d1) >= (m2, d2) and m1 - m2 < 6:
        return None
    if not y2 and _FOLLOWED_BY_UNIT.match(_after(ctx, m.end())):
        return None
    return f"{_ymd(y1 or ctx.year_for(m1), m1, d1)}/{_ymd(y2 or ctx.year_for(m2), m2, d2)}"


def _day_to_month(m: regex.Match, ctx: _Ctx) -> str | None:
    """`ngày 15/11/2004 đến hết tháng 10/2005`."""
    y2 = _year4(m["y2"])
    m1, m2 = int(m["m1"]), int(m["m2"])
    y1 = _year4(m["y1"]) or y2 or ctx.year_for(m1)
    return f"{_ymd(y1, m1, int(m['d1']))}/{_ymd(y2 or ctx.year_for(m2), m2)}"


def _month(m: regex.Match, ctx: _Ctx) -> str | None:
    """`tháng 12`, `tháng 12/2024`, `tháng 1-2006`, `cuối tháng 3`, `tháng 12 năm 2024`, `tháng Ba`."""
    before = _before(ctx, m.start(), 12)
    if regex.search(r"(?:mỗi|hằng|hàng|/)\s{0,2}$|cách\s{1,2}mạng\s{1,2}$", before, _FLAGS):
        return None
    if m.groupdict().get("mw"):
        word = " ".join(m["mw"].lower().split())
        if _capitalised_word_before(ctx, m.start()):
            return None  # `Tuyết tháng tư`: part of a title
        after = _after(ctx, m.end())
        if regex.search(r"ngày\s{1,2}$", before, _FLAGS) or regex.match(
            r"\s{1,2}(?:lần|tuổi|ngày|tháng|người|con|cái|lượt)(?!\p{L})", after, _FLAGS
        ):
            return None
        # `tháng năm nay` reads as `this month`'s year, not May.
        if word == "năm" and not m["y"] and regex.match(r"\s{1,2}(?:nay|ngoái|tới|sau|trước|năm)(?!\p{L})", after, _FLAGS):
            return None
        mo = MONTH_WORDS[word]
    else:
        mo = int(m["mn"])
        if not m["y"] and regex.match(
            r"\s{1,2}(?:lần|lượt|buổi|kỳ|kì|đợt|tuổi|người|ngày|tuần|giờ)(?!\p{L})",
            _after(ctx, m.end()), _FLAGS,
        ):
            return None
    return _ymd(_year4(m["y"]) or ctx.year_for(mo), mo)


def _capitalised_word_before(ctx: _Ctx, pos: int) -> bool:
    """The previous word is capitalised and does not start a sentence or line."""
    return bool(regex.search(r"[^\s.!?:;\-–\"“(]\s{1,2}(?-i:\p{Lu})\p{L}*\s{1,2}$", _before(ctx, pos, 30)))


def _month_range(m: regex.Match, ctx: _Ctx) -> str | None:
    """`tháng 10 đến tháng 12`, `tháng 9-10`, `tháng 2 và 3`, `tháng 12/2002 đến 4/2003`."""
    rs = m["rs"].lower()
    if ("và" in rs and m["t2"]) or ("," in rs and not m["y2"]):
        return None
    m1, m2 = int(m["m1"]), int(m["m2"])
    y2 = _year4(m["y2"])
    y1 = _year4(m["y1"]) or y2
    wraps = "đến" in rs or "tới" in rs  # `tháng 10 tới tháng 2` runs into the next year
    if (y1 or "") == (y2 or "") and (m1 == m2 or (m1 > m2 and not (wraps and not y1))):
        return None
    if y1 and y2 and y1 > y2:
        return None
    return f"{_ymd(y1 or ctx.year_for(m1), m1)}/{_ymd(y2 or ctx.year_for(m2), m2)}"


def _bare_month_year(m: regex.Match, ctx: _Ctx) -> str | None:
    """`3/2003`, `(11-2005, ...)`: a month and year without `tháng`, but not a document number."""
    before = _before(ctx, m.start())
    if _DOC_CODE_BEFORE.search(before) or _NUM_RANGE_BEFORE.search(before) or _NOT_DATE_BEFORE.search(before):
        return None
    if _FOLLOWED_BY_UNIT.match(_after(ctx, m.end())):
        return None
    return _ymd(_year4(m["y"]), int(m["mn"]))


def _bare_month_year_range(m: regex.Match, ctx: _Ctx) -> str | None:
    """`3/2003-3/2004`."""
    a, b = (_year4(m["y1"]), int(m["m1"])), (_year4(m["y2"]), int(m["m2"]))
    if a >= b or _DOC_CODE_BEFORE.search(_before(ctx, m.start())):
        return None
    return f"{_ymd(a[0], a[1])}/{_ymd(b[0], b[1])}"


def _months_of_year(m: regex.Match, ctx: _Ctx) -> str | None:
    """`6 tháng đầu năm 2005` → `2005-01/2005-06`; `3 tháng cuối năm 2005` → `2005-10/2005-12`."""
    n = int(m["n"])
    if not 1 <= n <= 12:
        return None
    y = _year4(m["y"]) or ctx.year
    if m["pos"].lower() == "đầu":
        return f"{_ymd(y, 1)}/{_ymd(y, n)}"
    return f"{_ymd(y, 13 - n)}/{_ymd(y, 12)}"


def _quarter(m: regex.Match, ctx: _Ctx) -> str | None:
    """`quý III/2025`, `quý 3 năm 2025`, `đầu quý 2`."""
    q = _number(m["q"])
    if q is None or not 1 <= q <= 4:
        return None
    return f"{_year4(m['y']) or ctx.year_for(3 * q)}-Q{q}"


def _year_range_value(y1: str, y2raw: str | None) -> str | None:
    """`2024`, or `2024/2030` for a valid ascending range; None if the range is not one."""
    if not y2raw:
        return y1
    if len(y2raw) == 2:
        y2 = int(y1[:2] + y2raw)
    else:
        y2 = int(y2raw)
    if not 0 < y2 - int(y1) <= 100:
        return None
    return f"{y1}/{y2:04d}"


def _keyword_year(m: regex.Match, ctx: _Ctx) -> str | None:
    """`năm 2024`, `đầu năm 2025`, `giai đoạn 2024-2030`, `năm học 2024-2025`, `năm 1997 đến 2001`."""
    if m["y2"] and m["kw"].lower().startswith("năm") and m.start() == m.start("kw"):
        # `10 năm 1979-1989`: `năm` counts years here; the bare years stand alone.
        if regex.search(r"\d\s{1,2}$", _before(ctx, m.start(), 8)):
            return None
    return _year_range_value(_year4(m["y1"]), m["y2"])


def _anno_domini(m: regex.Match, ctx: _Ctx) -> str | None:
    """`năm 500 sau Công nguyên` → `0500`; `916-1125 sau Công nguyên` → `0916/1125`."""
    a = int(m["a"].replace(".", ""))
    if not m["b"]:
        return f"{a:04d}" if m["kw"] or a >= 100 else None
    b = int(m["b"].replace(".", ""))
    return f"{a:04d}/{b:04d}" if a < b else None


def _decade(m: regex.Match, ctx: _Ctx) -> str | None:
    """`những năm 1990`, `thập niên 90` → `1990/1999`."""
    raw = m["dec"]
    start = int(raw) if len(raw) == 4 else 1900 + int(raw)
    if len(raw) == 3 or not 1000 <= start <= 2090:
        return None
    return f"{start:04d}/{start + 9:04d}"


def _century(m: regex.Match, ctx: _Ctx) -> str | None:
    """`thế kỷ 18`, `thế kỷ XVIII` → `1700/1799`."""
    c = _number(m["c"])
    if regex.match(rf"\s{{1,2}}(?:trước\s{{1,2}}công\s{{1,2}}nguyên|TCN)", _after(ctx, m.end()), _FLAGS):
        return None  # BCE has no value convention in the guideline
    if c is None or not 1 <= c <= 21:
        return None
    return f"{(c - 1) * 100:04d}/{(c - 1) * 100 + 99:04d}"


def _bare_year_ok(ctx: _Ctx, start: int, end: int) -> bool:
    """A four-digit number reads as a year unless it counts, prices or names a product."""
    before = _before(ctx, start)
    if _NUM_RANGE_BEFORE.search(before) or regex.search(r"\d[\s.,]$", before):
        return False
    if _PRODUCT_BEFORE.search(before) or _EMAIL_DATE_BEFORE.search(before):
        return False
    if _DOC_CODE_BEFORE.search(before):
        return False
    after = _after(ctx, end)
    if regex.match(r"[/\-–]\p{L}|\s?[x×]\s?\d|[ .]\d{3}", after):
        return False  # a code, a size, or a phone number such as `1900 1234`
    return not (_FOLLOWED_BY_UNIT.match(after) or _COUNTED_AFTER.match(after))


def _bare_year(m: regex.Match, ctx: _Ctx) -> str | None:
    """`World Cup 2006`, `(SN 1962)`, `(2005)`, `vào 2020`."""
    if not _bare_year_ok(ctx, m.start(), m.end()):
        return None
    return _year4(m["y1"])


def _bare_year_range(m: regex.Match, ctx: _Ctx) -> str | None:
    """`1986-2005`, `mùa giải 2006-2007`, `2001 đến 2005`."""
    if not _bare_year_ok(ctx, m.start(), m.end()):
        return None
    return _year_range_value(_year4(m["y1"]), m["y2"])


# ---------------------------------------------------------------- grammar
SP = r"\s{1,2}"  # between words
SP0 = r"\s{0,2}"  # around punctuation
DASH = r"\s?[-–]\s?"
OPT_MOD = rf"(?:{MOD}{SP})?"
_DAY_RANGE_SEP = rf"(?P<rs>{DASH}|{SP0}(?:đến|tới|và|hoặc){SP0}(?:hết{SP})?(?:ngày{SP0})?|{SP0},{SP0})"
_DM_RANGE_SEP = (
    rf"(?P<rs>{SP0}[-–]{SP0}|{SP}(?:đến|tới){SP}(?:hết{SP})?(?:(?:{TOD}{SP})?ngày{SP0}|{TOD}{SP})?)"
)
_MONTH_RANGE_SEP = rf"(?P<rs>{SP0}[-–]{SP0}|{SP0},{SP}|{SP}(?:đến|tới|và){SP}(?:hết{SP})?)"
_YEAR_RANGE_SEP = rf"(?:\s?[-–]{SP0}|{SP}(?:đến|tới){SP}(?:năm{SP})?)"
_LUNAR = rf"(?:{SP}âm{SP}lịch(?!\p{{L}}))?"
_AD = rf"(?:sau{SP}công{SP}nguyên|SCN)"
_YEAR_KEYWORD = rf"(?P<kw>năm(?:{SP}học)?|giai{SP}đoạn|nhiệm{SP}kỳ|niên{SP}(?:khóa|khoá|học)|mùa{SP}xuân)"
_ROMAN_QUARTER = r"(?-i:IV|III|II|I)"


def _month_year(i: str) -> str:
    """The year after a month: `/2024`, `-2024`, `.2024`, `/99`, ` năm 2024`; group `y{i}`."""
    y = f"y{i}"
    return rf"(?:(?:/|{DASH}|\.)(?P<{y}>{YEAR})|/(?P<{y}>\d\d)(?!\d)|{SP}năm{SP}(?P<{y}>{YEAR}))"


_RULES: list[tuple[str, Handler]] = [
    # `ngày 10/1/2024`, `Sáng 7/3`, `ngày 14/1 năm 2005`, bare `7/3`
    (rf"{INTRO}{_dmy('1')}(?:{SP}năm{SP}(?P<yn>{YEAR}))?{END_DM}", _day_date),
    # scraped listings glue the next field on: `Chủ nhật 30/10/2005230 Kim Mã`
    (rf"{INTRO}(?P<d1>[0-3]\d)/(?P<m1>[01]\d)/(?P<y1>(?:19|20)\d\d)(?=\d)", _day_date),
    # `ngày 7 tháng 3 năm 2024`, `mùng 2 tháng Chín`
    (rf"{INTRO}(?P<d>{DAY}){SP}tháng{SP}(?:(?P<mn>{MON})(?!\d)|(?P<mw>{MONTH_WORD})(?!\p{{L}}))"
     rf"(?:{SP}năm{SP}(?P<y>{YEAR})|{SP0}[/,]{SP0}(?P<y>{YEAR}))?{END_NUM}", _day_word_month),
    # `ngày 18-19/12`, `22 đến 31/12`, `ngày 29 và 30-4`
    (rf"{INTRO}(?P<d0>{DAY}){_DAY_RANGE_SEP}{_dmy('2')}{END_DM}", _day_range),
    # `ngày 29/6 đến 15/7`, `21/3-19/4`, `chiều 28-4 đến hết ngày 30-4-2006`
    (rf"{INTRO}{_dmy('1')}{_DM_RANGE_SEP}{_dmy('2')}{END_DM}", _dm_range),
    # `ngày 15/11/2004 đến hết tháng 10/2005`
    (rf"{INTRO}{_dmy('1')}{SP}(?:đến|tới){SP}hết{SP}tháng{SP}(?P<m2>{MON})(?:{_month_year('2')})?{END_NUM}",
     _day_to_month),
    # `tháng 12`, `cuối tháng 3`, `tháng 12/2024`, `tháng 1-2006`, `tháng 12 năm 2024`
    (rf"{LB_WORD}{OPT_MOD}tháng{SP0}(?P<mn>{MON})(?!\d)(?:{_month_year('')})?{END_NUM}(?!{DASH}\d|\s?/\s?\d)"
     rf"{_LUNAR}", _month),
    # `tháng Ba`, `Tháng giêng năm 2002`
    (rf"{LB_WORD}{OPT_MOD}tháng{SP}(?P<mw>{MONTH_WORD})(?![\p{{L}}\p{{N}}])"
     rf"(?:{SP}năm{SP}(?P<y>{YEAR})(?!\d)|(?!{SP0}\d)(?P<y>))", _month),
    # `tháng 10 đến tháng 12`, `tháng 9-10`, `tháng 2 và 3`, `tháng 12/2002 đến 4/2003`
    (rf"{LB_WORD}{OPT_MOD}tháng{SP0}(?P<m1>{MON})(?!\d)(?:{_month_year('1')})?{_MONTH_RANGE_SEP}"
     rf"(?P<t2>{OPT_MOD}tháng{SP0})?(?P<m2>{MON})(?!\d)(?:{_month_year('2')})?{END_NUM}{_LUNAR}", _month_range),
    # bare `3/2003`, `11-2005`
    (rf"{LB_NUM}(?P<mn>{MON})(?:/|-)(?P<y>{YEAR}){END_NUM}(?!/\p{{L}}|[-–]\p{{L}}|{DASH}\d)", _bare_month_year),
    # bare `3/2003-3/2004`
    (rf"{LB_NUM}(?P<m1>{MON})/(?P<y1>{YEAR}){DASH}(?P<m2>{MON})/(?P<y2>{YEAR}){END_NUM}", _bare_month_year_range),
    # `6 tháng đầu năm 2005`
    (rf"{LB_NUM}(?P<n>\d{{1,2}}){SP}tháng{SP}(?P<pos>đầu|cuối){SP}năm{SP}(?P<y>{YEAR}){END_NUM}", _months_of_year),
    # `quý III/2025`, `quý 3 năm 2025`, `đầu quý 2`, `quý thứ II`
    (rf"{LB_WORD}{OPT_MOD}quý{SP}(?:thứ{SP})?(?P<q>[1-4]|{_ROMAN_QUARTER})(?![\p{{L}}\p{{N}}])"
     rf"(?:{SP0}[/-]{SP0}(?P<y>{YEAR})|{SP}năm{SP}(?P<y>{YEAR}))?{END_NUM}", _quarter),
    # `năm 2024`, `đầu năm 2025`, `giai đoạn 2024-2030`, `năm học 2024-2025`, `năm 1997 đến 2001`
    (rf"{LB_WORD}{OPT_MOD}{_YEAR_KEYWORD}{SP}(?P<y1>{YEAR})"
     rf"(?:{_YEAR_RANGE_SEP}(?P<y2>{YEAR}|\d\d(?!\d)))?{END_NUM}", _keyword_year),
    # `năm 500 sau Công nguyên`, `916-1125 sau Công nguyên`
    (rf"{LB_WORD}(?P<kw>năm{SP})?(?P<a>\d{{1,4}}|\d\.\d{{3}})(?:{SP0}[-–]{SP0}(?P<b>\d{{1,4}}|\d\.\d{{3}}))?"
     rf"{SP}{_AD}", _anno_domini),
    # `những năm 1990`, `thập niên 90`, `đầu thập kỷ 70`
    (rf"{LB_WORD}{OPT_MOD}(?:thập{SP}(?:niên|kỷ|kỉ)|những{SP}năm){SP}(?P<dec>(?:1\d|20)?\d0){END_NUM}", _decade),
    # `thế kỷ 18`, `thế kỷ XVIII`, `cuối thế kỷ thứ 19`
    (rf"{LB_WORD}{OPT_MOD}thế{SP}(?:kỷ|kỉ){SP}(?:thứ{SP})?(?P<c>\d{{1,2}}|(?-i:[IVXL]{{1,6}}))(?![\p{{L}}\p{{N}}])",
     _century),
    # bare `1986-2005`, `2004/2005`, `2002-04`, `2001 đến 2005`
    (rf"{LB_NUM}(?P<y1>(?:1[89]|20)\d\d)(?:\s?[-–/]\s?|{SP}(?:đến|tới){SP})"
     rf"(?P<y2>(?:1[89]|20)\d\d|\d\d(?!\d)){END_NUM}", _bare_year_range),
    # bare `2006` (`World Cup 2006`, `SN 1962`, `(2005)`)
    (rf"{LB_NUM}(?P<y1>(?:1[89]|20)\d\d){END_NUM}(?P<y2>)", _bare_year),
]
# A date never spans a line break: tables and lists put numbers on consecutive lines.
_COMPILED: list[tuple[regex.Pattern, Handler]] = [
    (regex.compile(p.replace(r"\s", r"[^\S\n]"), _FLAGS), h) for p, h in _RULES
]


# ---------------------------------------------------------------- driver
def _candidates(ctx: _Ctx) -> list[tuple[int, int, str]]:
    """Every accepted (start, end, value) from every rule, overlaps included."""
    found: list[tuple[int, int, str]] = []
    for pattern, handler in _COMPILED:
        for m in pattern.finditer(ctx.text, overlapped=True):
            if m.end() == m.start():
                continue
            value = handler(m, ctx)
            if value:
                found.append((m.start(), m.end(), value))
    return found


def _select(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest first, earliest first; drop anything overlapping a kept span."""
    taken: list[tuple[int, int, str]] = []
    occupied: set[int] = set()
    for start, end, value in sorted(cands, key=lambda c: (c[0] - c[1], c[0])):
        if any(i in occupied for i in range(start, end)):
            continue
        occupied.update(range(start, end))
        taken.append((start, end, value))
    return sorted(taken)


_HEADLINE_LINE = regex.compile(r"(?m)^[^\n]{0,400}?\S\(\d\d/\d\d/\d{4}\)[ \t]*$")


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines like `Some headline(27/12/2005)`: a related-headlines block, outside the article."""
    return [m.span() for m in _HEADLINE_LINE.finditer(text)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace and a trailing comma the optional parts may have swallowed."""
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _context(text: str, published: str | None) -> _Ctx:
    """The search context; `published` is read leniently (`2024`, `2024-06`, `2024-06-29...`)."""
    m = regex.match(r"\s*(\d{4})(?:-(\d{1,2}))?", published or "")
    if not m:
        return _Ctx(text, "XXXX")
    month = int(m[2]) if m[2] and 1 <= int(m[2]) <= 12 else 0
    return _Ctx(text, m[1], month)


# `ngày 15/12 hằng năm`, `tháng 3 hàng năm`, `Hằng năm, vào ngày 2/9`: a date that comes back.
_RECURS_AFTER = regex.compile(r"[^\S\n]{1,2}(?:vào[^\S\n]{1,2})?(?:hằng|hàng|mỗi)[^\S\n]{1,2}(?:năm|tháng)(?![\p{L}])",
                              _FLAGS)
_RECURS_BEFORE = regex.compile(r"(?<![\p{L}])(?:hằng|hàng|mỗi)[^\S\n]{1,2}năm[^\S\n,]{0,2},?[^\S\n]{1,2}"
                               r"(?:(?:vào|cứ[^\S\n]{1,2}(?:đến|tới|vào)|đến|tới)[^\S\n]{1,2})?$", _FLAGS)
# `tháng 2 và tháng 9 hàng năm`: a list shares the last date's recurrence.
_LIST_JOIN = regex.compile(r"[^\S\n]{0,2}(?:,|và|hoặc|hay|,[^\S\n]{1,2}và)[^\S\n]{1,2}", _FLAGS)
_YEAR_IN_VALUE = regex.compile(r"(?<![\d-])\d{4}")


def _recurring(text: str, found: list[tuple[int, int, str]]) -> list[bool]:
    """Which of the (start, end, value) mentions, in text order, recur every year or month."""
    flags = [bool(_RECURS_AFTER.match(text, end) or _RECURS_BEFORE.search(text[max(0, start - 30):start]))
             for start, end, _ in found]
    for i in range(len(found) - 2, -1, -1):
        if flags[i + 1] and not flags[i] and _LIST_JOIN.fullmatch(text, found[i][1], found[i + 1][0]):
            flags[i] = True
    return flags


def _without_inferred_year(value: str, mention: str) -> str:
    """`2024-12-15` → `XXXX-12-15` when the mention does not write the year itself."""
    return _YEAR_IN_VALUE.sub(lambda m: m.group() if m.group() in mention else "XXXX", value)


def find_dates(text: str, published: str | None = None) -> list[DateMention]:
    """All DATE mentions in `text`, sorted and non-overlapping, longest span first.

    `published` (ISO `YYYY-MM-DD`) supplies a year the text leaves out; without
    it that year is written `XXXX`.
    """
    if not text:
        return []
    norm, mapping = nfc_with_map(text)
    ctx = _context(norm, published)
    stamped = _headline_lines(norm)
    cands = [c for c in _candidates(ctx) if not any(a <= c[0] < b for a, b in stamped)]
    found = [(start, end, value) for start, end, value in
             ((*_trim(norm, s, e), v) for s, e, v in _select(cands)) if start < end]
    out: list[DateMention] = []
    for (start, end, value), recurring in zip(found, _recurring(norm, found)):
        if recurring:
            value = _without_inferred_year(value, norm[start:end])
        if mapping is not None:
            start, end = mapping[start], mapping[end]
        out.append(DateMention(start, end, text[start:end], value, recurring))
    return out
