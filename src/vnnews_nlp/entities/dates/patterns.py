"""The date grammar's regular-expression pieces: words from `data/lexicons/date_words.tsv`, numbers here.

Every piece has bounded repetitions and bounded lookarounds, so matching stays linear in the
length of the input. The patterns match the text's canonical spelling (`textnorm.canonical`).
"""
from __future__ import annotations

import regex

from ...lexicon import alternation, values

_FLAGS = regex.IGNORECASE | regex.VERSION0
SPACES = r"\s+"  # between the words of a phrase in a context pattern


def words(kind: str, space: str = r"\s{1,2}") -> str:
    """The phrases of `kind` in `date_words.tsv` as a regex alternation (longest first)."""
    return alternation("date_words", kind, space)


# ---------------------------------------------------------------- fragments
TOD = words("time_of_day")
WEEKDAY = words("weekday")
DAYWORD = words("day_word")
# Leading words that belong to the span: `Sáng 7/3`, `thứ Hai, 7/3`, `chiều ngày 3/3`.
_WD_PART = rf"{WEEKDAY}\s{{0,2}},?\s{{0,2}}"
_INTRO_WORDS = (
    rf"(?:{TOD}\s{{1,2}}(?:{_WD_PART})?(?:{DAYWORD}\s{{0,2}})?"
    rf"|{_WD_PART}(?:{DAYWORD}\s{{0,2}})?|{DAYWORD}\s{{0,2}})"
)
MOD = rf"(?<!bắt\s{{1,2}}){words('modifier')}"  # `đầu` of `bắt đầu` opens no date

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

MONTH_WORD = words("month_word")


def month_number(word: str) -> int:
    """`Chín` → 9, `mười một` → 11."""
    from ...textnorm import match_key

    return int(values("date_words", "month_word", "value")[match_key(word)])


def dmy(i: str) -> str:
    """Day-month(-year) with one separator kind throughout (`7/3/2024`, `7-3`, `7.3`)."""
    d, m, y = f"d{i}", f"m{i}", f"y{i}"
    return (
        rf"(?:(?P<{d}>{DAY})/(?P<{m}>{MON})(?:/(?P<{y}>{YEAR}|\d\d))?"
        rf"|(?P<{d}>{DAY})\.(?P<{m}>{MON})(?:\.(?P<{y}>{YEAR}))?"
        rf"|(?P<{d}>{DAY})\s?[-–]\s?(?P<{m}>{MON})(?:\s?[-–]\s?(?P<{y}>{YEAR}))?)"
    )


# ---------------------------------------------------------------- context
# `20h`, `5 năm` (but not `năm nay`, `năm 2024`) count too.
UNIT = (
    rf"(?:{words('count_unit', SPACES)}|h(?:\d{{1,2}})?"
    rf"|năm(?!\s{{0,3}}(?:{words('relative_year', SPACES)}|\d)))(?![\p{{L}}\d])"
)
# Nouns a four-digit count comes before; a year would not (`2000 học sinh`).
COUNTED_AFTER = regex.compile(
    rf"[ \t]{{1,2}}{words('counted_noun', SPACES)}"
    rf"(?![\p{{L}}])(?!\s{{1,2}}{words('demonstrative')}(?![\p{{L}}]))",
    _FLAGS,
)
FOLLOWED_BY_UNIT = regex.compile(rf"[ \t]{{0,2}}{UNIT}", _FLAGS)
# Words that only precede a number in scores, fractions, addresses and counts.
# Also a place or unit named after a date (`Bệnh viện 30/4`); `điểm` but not `cao điểm`, `thời điểm`.
NOT_DATE_BEFORE = regex.compile(
    rf"(?<![\p{{L}}])(?:{words('not_date_before', SPACES)}|(?<!cao\s|thời\s)điểm)[\s,.]{{0,2}}$"
    r"|[+*x×=][\s,]{0,2}$",
    _FLAGS,
)
# Words after which a bare `7-3` or `7.3` reads as a date.
DATE_CUE_BEFORE = regex.compile(
    rf"(?:(?<![\p{{L}}]){words('date_cue_before')}[\s,:]{{0,3}}|\(\s{{0,2}}"
    r"|\d[/.\-–]\d{1,2}\s{1,2}(?:và|hoặc)\s{1,2})$",
    _FLAGS,
)
# Lower case only: `Thắng`, `Hòa` are also given names.
SCORE_NEARBY = regex.compile(
    rf"(?<![\p{{L}}])(?-i:{words('score_word', SPACES)}|hiệp\s+\d)(?![\p{{L}}])",
    _FLAGS,
)
DOC_CODE_BEFORE = regex.compile(rf"{words('doc_code_before', SPACES)}\s{{1,3}}(?:số\s{{1,3}})?$", _FLAGS)
FRACTION_FOLLOW_OK = regex.compile(
    rf"\s{{0,2}}(?:[^\p{{L}}\s]|$|(?:{words('fraction_follow')}|(?-i:\p{{Lu}})\p{{L}}*)(?![\p{{L}}]))",
    _FLAGS,
)
# Read as fractions unless the context says date (`1/5` alone is a fifth).
FRACTIONS = {(1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (1, 5), (2, 5), (1, 10)}
UPPER_NEXT = regex.compile(r"\p{Lu}")  # `2/2C`: an address or code, not a day
# `Rosenborg - Steaua (1-1)`: a fixture, so the number pair is a score.
TEAMS_BEFORE = regex.compile(r"(?-i:\p{Lu})[\p{L}.]*[ \t][-–][ \t](?-i:\p{Lu})[^\n]{0,30}$")
NUM_RANGE_BEFORE = regex.compile(r"\d\s?[-–]\s?$")
EMAIL_DATE_BEFORE = regex.compile(r"[A-Z][a-z]+\s\d{1,2},\s?$")
PRODUCT_BEFORE = regex.compile(rf"(?<![\p{{L}}]){words('product_before', SPACES)}[\s:.]{{0,3}}$", _FLAGS)


