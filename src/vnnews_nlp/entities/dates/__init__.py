"""Find Vietnamese date expressions and normalise them to ISO 8601 values.

A small grammar of regular expressions (`grammar.py`, words from `data/lexicons/date_words.tsv`)
proposes candidates; each form's handler (`values.py`) checks calendar validity and context and
builds the value. The longest candidates win and never overlap. Matching runs on the text's canonical
spelling; offsets index the input. Conventions follow `shared/ANNOTATION.md` (section DATE).
Related-headline stamps (`Title(27/12/2005)`) are not article text: the structure stage marks them.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ...textnorm import canonical_with_map
from .grammar import candidates, select
from .patterns import _FLAGS, words
from .values import Ctx

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



def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace and a trailing comma the optional parts may have swallowed."""
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _context(text: str, published: str | None) -> Ctx:
    """The search context; `published` is read leniently (`2024`, `2024-06`, `2024-06-29...`)."""
    m = regex.match(r"\s*(\d{4})(?:-(\d{1,2}))?", published or "")
    if not m:
        return Ctx(text, "XXXX")
    month = int(m[2]) if m[2] and 1 <= int(m[2]) <= 12 else 0
    return Ctx(text, m[1], month)


# `ngày 15/12 hằng năm`, `tháng 3 hàng năm`, `Hằng năm, vào ngày 2/9`: a date that comes back.
_RECURS_AFTER = regex.compile(
    rf"[^\S\n]{{1,2}}(?:vào[^\S\n]{{1,2}})?{words('recurrence')}[^\S\n]{{1,2}}(?:năm|tháng)(?![\p{{L}}])", _FLAGS)
_RECURS_BEFORE = regex.compile(rf"(?<![\p{{L}}]){words('recurrence')}[^\S\n]{{1,2}}năm[^\S\n,]{{0,2}},?[^\S\n]{{1,2}}"
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
    norm, mapping = canonical_with_map(text)
    ctx = _context(norm, published)
    found = [(start, end, value) for start, end, value in
             ((*_trim(norm, s, e), v) for s, e, v in select(candidates(ctx))) if start < end]
    out: list[DateMention] = []
    for (start, end, value), recurring in zip(found, _recurring(norm, found)):
        if recurring:
            value = _without_inferred_year(value, norm[start:end])
        if mapping is not None:
            start, end = mapping[start], mapping[end]
        out.append(DateMention(start, end, text[start:end], value, recurring))
    return out
