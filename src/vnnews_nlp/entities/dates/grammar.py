"""The date grammar: one regular expression per form (day dates, day and month ranges, months, quarters,
years, decades, centuries), each with the handler in `values.py` that builds its value. Every candidate
of every form is proposed (`candidates`); the longest win and never overlap (`select`).
"""
from __future__ import annotations

import regex

from . import patterns as P
from . import values as V

SP = r"\s{1,2}"  # between words
SP0 = r"\s{0,2}"  # around punctuation
DASH = r"\s?[-–]\s?"
OPT_MOD = rf"(?:{P.MOD}{SP})?"
_DAY_RANGE_SEP = rf"(?P<rs>{DASH}|{SP0}(?:{P.RANGE_TO}|và|hoặc){SP0}(?:hết{SP})?(?:ngày{SP0})?|{SP0},{SP0})"
_DM_RANGE_SEP = (
    rf"(?P<rs>{SP0}[-–]{SP0}|{SP}(?:{P.RANGE_TO}){SP}(?:hết{SP})?(?:(?:{P.TOD}{SP})?ngày{SP0}|{P.TOD}{SP})?)"
)
_MONTH_RANGE_SEP = rf"(?P<rs>{SP0}[-–]{SP0}|{SP0},{SP}|{SP}(?:{P.RANGE_TO}|và){SP}(?:hết{SP})?)"
# `2024-2030`, `2019 đến 2021`, and `năm học 2023/24` (the guideline's own example)
_YEAR_RANGE_SEP = rf"(?:\s?[-–/]{SP0}|{SP}(?:{P.RANGE_TO}){SP}(?:năm{SP})?)"
_LUNAR = rf"(?:{SP}âm{SP}lịch(?!\p{{L}}))?"
_AD = rf"(?:sau{SP}công{SP}nguyên|SCN)"
_YEAR_KEYWORD = rf"(?P<kw>{P.words('year_keyword')})"
_ROMAN_QUARTER = r"(?-i:IV|III|II|I)"
# What a line must hold for a form to match on it: a digit, or a day and month (`7/3`, `7.3`, `7 - 3`).
_DIGIT = regex.compile(r"\d")
_DAY_MONTH = regex.compile(r"\d(?:[/.]|[^\S\n]?[-–][^\S\n]?)\d")


def _month_year(i: str) -> str:
    """The year after a month: `/2024`, `-2024`, `.2024`, `/99`, ` năm 2024`; group `y{i}`."""
    y = f"y{i}"
    return rf"(?:(?:/|{DASH}|\.)(?P<{y}>{P.YEAR})|/(?P<{y}>\d\d)(?!\d)|{SP}năm{SP}(?P<{y}>{P.YEAR}))"


_RULES: list[tuple[str, V.Handler, regex.Pattern | None]] = [
    # `ngày 10/1/2024`, `Sáng 7/3`, `ngày 14/1 năm 2005`, bare `7/3`
    (rf"{P.INTRO}{P.dmy('1')}(?:{SP}năm{SP}(?P<yn>{P.YEAR}))?{P.END_DM}", V.day_date, _DAY_MONTH),
    # scraped listings glue the next field on: `Chủ nhật 30/10/2005230 Kim Mã`
    (rf"{P.INTRO}(?P<d1>[0-3]\d)/(?P<m1>[01]\d)/(?P<y1>(?:19|20)\d\d)(?=\d)", V.day_date, _DAY_MONTH),
    # `ngày 7 tháng 3 năm 2024`, `mùng 2 tháng Chín`
    (rf"{P.INTRO}(?P<d>{P.DAY}){SP}tháng{SP}(?:(?P<mn>{P.MON})(?!\d)|(?P<mw>{P.MONTH_WORD})(?!\p{{L}}))"
     rf"(?:{SP}năm{SP}(?P<y>{P.YEAR})|{SP0}[/,]{SP0}(?P<y>{P.YEAR}))?{P.END_NUM}", V.day_word_month, _DIGIT),
    # `ngày 18-19/12`, `22 đến 31/12`, `ngày 29 và 30-4`
    (rf"{P.INTRO}(?P<d0>{P.DAY}){_DAY_RANGE_SEP}{P.dmy('2')}{P.END_DM}", V.day_range, _DAY_MONTH),
    # `ngày 29/6 đến 15/7`, `21/3-19/4`, `chiều 28-4 đến hết ngày 30-4-2006`
    (rf"{P.INTRO}{P.dmy('1')}{_DM_RANGE_SEP}{P.dmy('2')}{P.END_DM}", V.dm_range, _DAY_MONTH),
    # `ngày 15/11/2004 đến hết tháng 10/2005`
    (rf"{P.INTRO}{P.dmy('1')}{SP}(?:{P.RANGE_TO}){SP}hết{SP}tháng{SP}(?P<m2>{P.MON})(?:{_month_year('2')})?{P.END_NUM}",
     V.day_to_month, _DAY_MONTH),
    # `tháng 12`, `cuối tháng 3`, `tháng 12/2024`, `tháng 1-2006`, `tháng 12 năm 2024`
    (rf"{P.LB_WORD}{OPT_MOD}tháng{SP0}(?P<mn>{P.MON})(?!\d)(?:{_month_year('')})?{P.END_NUM}(?!{DASH}\d|\s?/\s?\d)"
     rf"{_LUNAR}", V.month, _DIGIT),
    # `tháng Ba`, `Tháng giêng năm 2002`
    (rf"{P.LB_WORD}{OPT_MOD}tháng{SP}(?P<mw>{P.MONTH_WORD})(?![\p{{L}}\p{{N}}])"
     rf"(?:{SP}năm{SP}(?P<y>{P.YEAR})(?!\d)|(?!{SP0}\d)(?P<y>))", V.month, None),
    # `tháng 10 đến tháng 12`, `tháng 9-10`, `tháng 2 và 3`, `tháng 12/2002 đến 4/2003`
    (rf"{P.LB_WORD}{OPT_MOD}tháng{SP0}(?P<m1>{P.MON})(?!\d)(?:{_month_year('1')})?{_MONTH_RANGE_SEP}"
     rf"(?P<t2>{OPT_MOD}tháng{SP0})?(?P<m2>{P.MON})(?!\d)(?:{_month_year('2')})?{P.END_NUM}{_LUNAR}", V.month_range, _DIGIT),
    # bare `3/2003`, `11-2005`
    (rf"{P.LB_NUM}(?P<mn>{P.MON})(?:/|-)(?P<y>{P.YEAR}){P.END_NUM}(?!/\p{{L}}|[-–]\p{{L}}|{DASH}\d)", V.bare_month_year, _DAY_MONTH),
    # bare `3/2003-3/2004`
    (rf"{P.LB_NUM}(?P<m1>{P.MON})/(?P<y1>{P.YEAR}){DASH}(?P<m2>{P.MON})/(?P<y2>{P.YEAR}){P.END_NUM}", V.bare_month_year_range, _DAY_MONTH),
    # `6 tháng đầu năm 2005`
    (rf"{P.LB_NUM}(?P<n>\d{{1,2}}){SP}tháng{SP}(?P<pos>đầu|cuối){SP}năm{SP}(?P<y>{P.YEAR}){P.END_NUM}", V.months_of_year, _DIGIT),
    # `quý III/2025`, `quý 3 năm 2025`, `đầu quý 2`, `quý thứ II`
    (rf"{P.LB_WORD}{OPT_MOD}quý{SP}(?:thứ{SP})?(?P<q>[1-4]|{_ROMAN_QUARTER})(?![\p{{L}}\p{{N}}])"
     rf"(?:{SP0}[/-]{SP0}(?P<y>{P.YEAR})|{SP}năm{SP}(?P<y>{P.YEAR}))?{P.END_NUM}", V.quarter, None),
    # `năm 2024`, `đầu năm 2025`, `giai đoạn 2024-2030`, `năm học 2024-2025`, `năm 1997 đến 2001`
    (rf"{P.LB_WORD}{OPT_MOD}{_YEAR_KEYWORD}{SP}(?P<y1>{P.YEAR})"
     rf"(?:{_YEAR_RANGE_SEP}(?P<y2>{P.YEAR}|\d\d(?!\d)))?{P.END_NUM}", V.keyword_year, _DIGIT),
    # `năm 500 sau Công nguyên`, `916-1125 sau Công nguyên`
    (rf"{P.LB_WORD}(?P<kw>năm{SP})?(?P<a>\d{{1,4}}|\d\.\d{{3}})(?:{SP0}[-–]{SP0}(?P<b>\d{{1,4}}|\d\.\d{{3}}))?"
     rf"{SP}{_AD}", V.anno_domini, _DIGIT),
    # `những năm 1990`, `thập niên 90`, `đầu thập kỷ 70`
    (rf"{P.LB_WORD}{OPT_MOD}(?:thập{SP}(?:niên|kỷ|kỉ)|những{SP}năm){SP}(?P<dec>(?:1\d|20)?\d0){P.END_NUM}", V.decade, _DIGIT),
    # `thế kỷ 18`, `thế kỷ XVIII`, `cuối thế kỷ thứ 19`
    (rf"{P.LB_WORD}{OPT_MOD}thế{SP}(?:kỷ|kỉ){SP}(?:thứ{SP})?(?P<c>\d{{1,2}}|(?-i:[IVXL]{{1,6}}))(?![\p{{L}}\p{{N}}])",
     V.century, None),
    # bare `1986-2005`, `2004/2005`, `2002-04`, `2001 đến 2005`
    (rf"{P.LB_NUM}(?P<y1>(?:1[89]|20)\d\d)(?:\s?[-–/]\s?|{SP}(?:{P.RANGE_TO}){SP})"
     rf"(?P<y2>(?:1[89]|20)\d\d|\d\d(?!\d)){P.END_NUM}", V.bare_year_range, _DIGIT),
    # bare `2006` (`World Cup 2006`, `SN 1962`, `(2005)`)
    (rf"{P.LB_NUM}(?P<y1>(?:1[89]|20)\d\d){P.END_NUM}(?P<y2>)", V.bare_year, _DIGIT),
]
# A date never spans a line break: tables and lists put numbers on consecutive lines.
_COMPILED: list[tuple[regex.Pattern, V.Handler, regex.Pattern | None]] = [
    (regex.compile(p.replace(r"\s", r"[^\S\n]"), P._FLAGS), h, gate) for p, h, gate in _RULES
]


def candidates(ctx: V.Ctx) -> list[tuple[int, int, str]]:
    """Every accepted (start, end, value) from every rule, overlaps included."""
    found: list[tuple[int, int, str]] = []
    text = ctx.text
    lines = _lines(text)
    windows: dict[regex.Pattern | None, list[tuple[int, int]]] = {None: [(0, len(text))]}
    for pattern, handler, gate in _COMPILED:
        if gate not in windows:
            windows[gate] = _windows(text, lines, gate)
        for lo, hi in windows[gate]:
            for m in pattern.finditer(text, lo, hi, overlapped=True):
                if m.end() == m.start():
                    continue
                value = handler(m, ctx)
                if value:
                    found.append((m.start(), m.end(), value))
    return found


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, its `\n` excluded."""
    out = []
    start = 0
    while (end := text.find("\n", start)) >= 0:
        out.append((start, end))
        start = end + 1
    out.append((start, len(text)))
    return out


def _windows(text: str, lines: list[tuple[int, int]], gate: regex.Pattern) -> list[tuple[int, int]]:
    """The runs of consecutive lines in which `gate` occurs, as (start, end) ranges.

    Searching a form only there finds what searching the whole text finds: no piece of a form matches
    a line break, the search still reads the text before a range (lookbehinds), and each lookahead
    reads a range's end, a line break, as it reads the end of the text.
    """
    out: list[tuple[int, int]] = []
    for start, end in lines:
        if gate.search(text, start, end):
            if out and out[-1][1] + 1 == start:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
    return out


def select(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest first, earliest first; drop anything overlapping a kept span."""
    taken: list[tuple[int, int, str]] = []
    occupied: set[int] = set()
    for start, end, value in sorted(cands, key=lambda c: (c[0] - c[1], c[0])):
        if any(i in occupied for i in range(start, end)):
            continue
        occupied.update(range(start, end))
        taken.append((start, end, value))
    return sorted(taken)


