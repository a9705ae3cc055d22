"""DATE values: each grammar form's handler checks calendar validity and context and builds the ISO 8601
value (`2024-03-07`, `2024-03`, `2024`, `2024/2030`, `2025-Q3`, `XXXX-03-07`), or refuses the match.

Conventions follow `shared/ANNOTATION.md` (section DATE) and the project's gold data.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import regex

from . import patterns as P


@dataclass(frozen=True)
class Ctx:
    """What handlers need besides the match: the text and the fallback year."""

    text: str
    year: str  # publication year, or "XXXX"
    month: int = 0  # publication month, 0 if unknown

    def year_for(self, month: int) -> str:
        """The year of a month the text leaves unqualified: the nearest one to publication."""
        if self.year == "XXXX" or not self.month or month - self.month <= 6:
            return self.year
        return f"{int(self.year) - 1:04d}"  # December news read in January


Handler = Callable[[regex.Match, Ctx], "str | None"]


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


def _before(ctx: Ctx, pos: int, width: int = 40) -> str:
    return ctx.text[max(0, pos - width):pos]


def _after(ctx: Ctx, pos: int, width: int = 30) -> str:
    return ctx.text[pos:pos + width]


def _intro(m: regex.Match) -> str:
    return (m.groupdict().get("intro") or "").strip()


def _bare_dm_ok(ctx: Ctx, start: int, end: int, sep: str, d: int, mo: int) -> bool:
    """Whether an unintroduced `7/3`, `7-3` or `7.3` is a date and not a count, score or fraction."""
    before = _before(ctx, start)
    if P.NUM_RANGE_BEFORE.search(before) or P.NOT_DATE_BEFORE.search(before):
        return False
    if P.SCORE_NEARBY.search(before) or P.TEAMS_BEFORE.search(before):
        return False
    if sep != "/" and regex.search(r"[^\s.!?:;(]\s(?-i:\p{Lu})\p{L}*\s?\($", before):
        return False  # `Valencia (2-2)`: a result after a team name
    if regex.search(r"(?:^|\n)[ \t\-–•]{0,3}$", before):
        # a line opening `11-3: Hội nghị...` is a date; `5-4` alone on a table row is not
        return bool(regex.match(r"[ \t]{0,2}[:,]", _after(ctx, end)))
    follow_ok = P.FRACTION_FOLLOW_OK.match(_after(ctx, end))
    if (sep == "/" and d < mo or sep != "/") and not follow_ok:
        return False  # `1/2 chén`, `từ 2-4 sạp`: a fraction or a count before its noun
    if (d, mo) == (24, 7):
        return False  # `phục vụ 24/7`: round the clock
    if P.DATE_CUE_BEFORE.search(before):
        return True
    return sep == "/" and not regex.match(r"\s\p{Lu}", _after(ctx, end)) and (d, mo) not in P.FRACTIONS



def _sep_kind(raw: str) -> str:
    raw = raw.strip()
    return "-" if raw in ("-", "–") else raw


def _dm_sep(m: regex.Match, i: str) -> str:
    return _sep_kind(m.string[m.end(f"d{i}"):m.start(f"m{i}")])


def day_date(m: regex.Match, ctx: Ctx) -> str | None:
    """`ngày 10/1/2024`, `Sáng 7/3`, `10-1-2024`, `hôm 3/9`, bare `7/3` in context."""
    d, mo = int(m["d1"]), int(m["m1"])
    y = _year4(m["y1"] or m.groupdict().get("yn"))
    start, end = m.span()
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    if not y:
        counted = P.FOLLOWED_BY_UNIT.match(_after(ctx, end))
        # `ngày 2-3 lần` counts; `ngày 2/9 ngày Quốc khánh` does not.
        if (counted and not (_intro(m) and _dm_sep(m, "1") == "/")) or P.UPPER_NEXT.match(_after(ctx, end)):
            return None
        if regex.search(rf"{P.words('recurrence')}\s{{1,2}}$", _before(ctx, start), P._FLAGS):
            return None
        if not _intro(m) and not _bare_dm_ok(ctx, start, end, _dm_sep(m, "1"), d, mo):
            return None
    elif not _intro(m):
        before = _before(ctx, start)
        if P.NUM_RANGE_BEFORE.search(before) or P.DOC_CODE_BEFORE.search(before):
            return None
    return _ymd(y or ctx.year_for(mo), mo, d)


def day_word_month(m: regex.Match, ctx: Ctx) -> str | None:
    """`ngày 7 tháng 3 năm 2024`, `mùng 2 tháng Chín`."""
    if not regex.search(P.DAYWORD, _intro(m), P._FLAGS):
        # `20 tháng 11` alone is a date too, unless it runs on as a duration (`3 tháng 10 ngày`).
        if not m["mn"] or P.FOLLOWED_BY_UNIT.match(_after(ctx, m.end())):
            return None
        if regex.search(r"(?:\d|năm)\s{1,2}$", _before(ctx, m.start(), 8), P._FLAGS):
            return None
    mo = int(m["mn"]) if m["mn"] else P.month_number(m["mw"])
    y = _year4(m["y"]) or ctx.year_for(mo)
    return _ymd(y, mo, int(m["d"]))


def day_range(m: regex.Match, ctx: Ctx) -> str | None:
    """`ngày 18-19/12`, `22 đến 31/12`, `ngày 29 và 30-4`, `ngày 8 đến 10-12-2005`."""
    d0, d2, mo = int(m["d0"]), int(m["d2"]), int(m["m2"])
    rs = m["rs"].lower()
    if d0 >= d2:
        return None
    joined_by_word = any(w in rs for w in ("và", ",", "hoặc"))
    if not _intro(m):
        before = _before(ctx, m.start())
        from_cue = regex.search(r"(?<![\p{L}])từ\s{1,2}$", before, P._FLAGS)
        if joined_by_word or (not from_cue and ("đến" in rs or "tới" in rs)):
            return None
        if P.NOT_DATE_BEFORE.search(before) or P.SCORE_NEARBY.search(before):
            return None
    if not m["y2"] and P.FOLLOWED_BY_UNIT.match(_after(ctx, m.end())):
        return None
    y = _year4(m["y2"]) or ctx.year_for(mo)
    return f"{_ymd(y, mo, d0)}/{_ymd(y, mo, d2)}"


def dm_range(m: regex.Match, ctx: Ctx) -> str | None:
    """`ngày 29/6 đến 15/7`, `21/3-19/4`, `28-1 đến 31-1-2006`, `1-7-2006 đến 30-6-2008`."""
    rs = m["rs"].lower()
    kinds = {_dm_sep(m, "1"), _dm_sep(m, "2")}
    if len(kinds) > 1:
        return None
    word = "đến" in rs or "tới" in rs
    # One date expression is one DATE (the guideline): `ngày 26/4 đến ngày 28/4`, `ngày 8-3 đến hết ngày 21-3`.
    d1, m1, d2, m2 = int(m["d1"]), int(m["m1"]), int(m["d2"]), int(m["m2"])
    y2 = _year4(m["y2"])
    y1 = _year4(m["y1"]) or y2
    if not _intro(m):
        before = _before(ctx, m.start())
        if P.NOT_DATE_BEFORE.search(before) or P.NUM_RANGE_BEFORE.search(before):
            return None
        if not word and kinds != {"/"} and not P.DATE_CUE_BEFORE.search(before) and not y2:
            return None
    if y1 is None and (m1, d1) >= (m2, d2) and m1 - m2 < 6:
        return None
    if not y2 and P.FOLLOWED_BY_UNIT.match(_after(ctx, m.end())):
        return None
    return f"{_ymd(y1 or ctx.year_for(m1), m1, d1)}/{_ymd(y2 or ctx.year_for(m2), m2, d2)}"


def day_to_month(m: regex.Match, ctx: Ctx) -> str | None:
    """`ngày 15/11/2004 đến hết tháng 10/2005`."""
    y2 = _year4(m["y2"])
    m1, m2 = int(m["m1"]), int(m["m2"])
    y1 = _year4(m["y1"]) or y2 or ctx.year_for(m1)
    return f"{_ymd(y1, m1, int(m['d1']))}/{_ymd(y2 or ctx.year_for(m2), m2)}"


def month(m: regex.Match, ctx: Ctx) -> str | None:
    """`tháng 12`, `tháng 12/2024`, `tháng 1-2006`, `cuối tháng 3`, `tháng 12 năm 2024`, `tháng Ba`."""
    before = _before(ctx, m.start(), 12)
    if regex.search(rf"(?:{P.words('recurrence')}|/)\s{{0,2}}$|cách\s{{1,2}}mạng\s{{1,2}}$", before, P._FLAGS):
        return None
    if m.groupdict().get("mw"):
        word = " ".join(m["mw"].lower().split())
        if _capitalised_word_before(ctx, m.start()):
            return None  # `Tuyết tháng tư`: part of a title
        after = _after(ctx, m.end())
        if regex.search(r"ngày\s{1,2}$", before, P._FLAGS) or regex.match(
            rf"\s{{1,2}}{P.words('counter_after_month_word')}(?!\p{{L}})", after, P._FLAGS
        ):
            return None
        # `tháng năm nay` reads as `this month`'s year, not May.
        if word == "năm" and not m["y"] and regex.match(rf"\s{{1,2}}{P.words('relative_year')}(?!\p{{L}})", after, P._FLAGS):
            return None
        mo = P.month_number(word)
    else:
        mo = int(m["mn"])
        if not m["y"] and regex.match(
            rf"\s{{1,2}}{P.words('counter_after_month')}(?!\p{{L}})", _after(ctx, m.end()), P._FLAGS,
        ):
            return None
    return _ymd(_year4(m["y"]) or ctx.year_for(mo), mo)


def _capitalised_word_before(ctx: Ctx, pos: int) -> bool:
    """The previous word is capitalised and does not start a sentence or line."""
    return bool(regex.search(r"[^\s.!?:;\-–\"“(]\s{1,2}(?-i:\p{Lu})\p{L}*\s{1,2}$", _before(ctx, pos, 30)))


def month_range(m: regex.Match, ctx: Ctx) -> str | None:
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


def bare_month_year(m: regex.Match, ctx: Ctx) -> str | None:
    """`3/2003`, `(11-2005, ...)`: a month and year without `tháng`, but not a document number."""
    before = _before(ctx, m.start())
    if P.DOC_CODE_BEFORE.search(before) or P.NUM_RANGE_BEFORE.search(before) or P.NOT_DATE_BEFORE.search(before):
        return None
    if P.FOLLOWED_BY_UNIT.match(_after(ctx, m.end())):
        return None
    return _ymd(_year4(m["y"]), int(m["mn"]))


def bare_month_year_range(m: regex.Match, ctx: Ctx) -> str | None:
    """`3/2003-3/2004`."""
    a, b = (_year4(m["y1"]), int(m["m1"])), (_year4(m["y2"]), int(m["m2"]))
    if a >= b or P.DOC_CODE_BEFORE.search(_before(ctx, m.start())):
        return None
    return f"{_ymd(a[0], a[1])}/{_ymd(b[0], b[1])}"


def months_of_year(m: regex.Match, ctx: Ctx) -> str | None:
    """`6 tháng đầu năm 2005` → `2005-01/2005-06`; `3 tháng cuối năm 2005` → `2005-10/2005-12`."""
    n = int(m["n"])
    if not 1 <= n <= 12:
        return None
    y = _year4(m["y"]) or ctx.year
    if m["pos"].lower() == "đầu":
        return f"{_ymd(y, 1)}/{_ymd(y, n)}"
    return f"{_ymd(y, 13 - n)}/{_ymd(y, 12)}"


def quarter(m: regex.Match, ctx: Ctx) -> str | None:
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


def keyword_year(m: regex.Match, ctx: Ctx) -> str | None:
    """`năm 2024`, `đầu năm 2025`, `giai đoạn 2024-2030`, `năm học 2024-2025`, `năm 1997 đến 2001`."""
    if m["y2"] and m["kw"].lower().startswith("năm") and m.start() == m.start("kw"):
        # `10 năm 1979-1989`: `năm` counts years here; the bare years stand alone.
        if regex.search(r"\d\s{1,2}$", _before(ctx, m.start(), 8)):
            return None
    return _year_range_value(_year4(m["y1"]), m["y2"])


def anno_domini(m: regex.Match, ctx: Ctx) -> str | None:
    """`năm 500 sau Công nguyên` → `0500`; `916-1125 sau Công nguyên` → `0916/1125`."""
    a = int(m["a"].replace(".", ""))
    if not m["b"]:
        return f"{a:04d}" if m["kw"] or a >= 100 else None
    b = int(m["b"].replace(".", ""))
    return f"{a:04d}/{b:04d}" if a < b else None


def decade(m: regex.Match, ctx: Ctx) -> str | None:
    """`những năm 1990`, `thập niên 90` → `1990/1999`."""
    raw = m["dec"]
    start = int(raw) if len(raw) == 4 else 1900 + int(raw)
    if len(raw) == 3 or not 1000 <= start <= 2090:
        return None
    return f"{start:04d}/{start + 9:04d}"


def century(m: regex.Match, ctx: Ctx) -> str | None:
    """`thế kỷ 18`, `thế kỷ XVIII` → `1700/1799`."""
    c = _number(m["c"])
    if regex.match(r"\s{1,2}(?:trước\s{1,2}công\s{1,2}nguyên|TCN)", _after(ctx, m.end()), P._FLAGS):
        return None  # BCE has no value convention in the guideline
    if c is None or not 1 <= c <= 21:
        return None
    return f"{(c - 1) * 100:04d}/{(c - 1) * 100 + 99:04d}"


def _bare_year_ok(ctx: Ctx, start: int, end: int) -> bool:
    """A four-digit number reads as a year unless it counts, prices or names a product."""
    before = _before(ctx, start)
    if P.NUM_RANGE_BEFORE.search(before) or regex.search(r"\d[\s.,]$", before):
        return False
    if P.PRODUCT_BEFORE.search(before) or P.EMAIL_DATE_BEFORE.search(before):
        return False
    if P.DOC_CODE_BEFORE.search(before):
        return False
    after = _after(ctx, end)
    if regex.match(r"[/\-–]\p{L}|\s?[x×]\s?\d|[ .]\d{3}", after):
        return False  # a code, a size, or a phone number such as `1900 1234`
    return not (P.FOLLOWED_BY_UNIT.match(after) or P.COUNTED_AFTER.match(after))


def bare_year(m: regex.Match, ctx: Ctx) -> str | None:
    """`World Cup 2006`, `(SN 1962)`, `(2005)`, `vào 2020`."""
    if not _bare_year_ok(ctx, m.start(), m.end()):
        return None
    return _year4(m["y1"])


def bare_year_range(m: regex.Match, ctx: Ctx) -> str | None:
    """`1986-2005`, `mùa giải 2006-2007`, `2001 đến 2005`."""
    if not _bare_year_ok(ctx, m.start(), m.end()):
        return None
    return _year_range_value(_year4(m["y1"]), m["y2"])


