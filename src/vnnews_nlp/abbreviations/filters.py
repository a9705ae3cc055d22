"""Keeping out what looks like an abbreviation but is not one in the guideline's sense.

Roman numerals, headlines in capitals, stock tickers, flight and model numbers,
parts of foreign names (`VP Bank`), forms the annotated articles rarely mark.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..textnorm import strip_diacritics
from .dictionary import is_curated, senses_of
from .lexicon import alternation, words
from .model import mention_rate

_ROMAN = regex.compile(r"[IVX]+")
# A Latin name word beside a short form makes it part of a name: `VP Bank`, `Tel Aviv`, `Nintendo DS`.
_NAME_NEXT = regex.compile(r" ([A-Z][a-z]{2,})\b")
_NAME_PREV = regex.compile(r"(?<=[\p{L},] )([A-Z][a-z]{2,}) $")
_NUMBER_BEFORE = regex.compile(r"\d[\d.,]*\s?$")
_PRODUCT_BEFORE = regex.compile(r"(?:\b([A-Za-z][A-Za-z0-9]*)|\d+) $")


@lru_cache(maxsize=1)
def _syllable() -> regex.Pattern:
    vowels = "".join(sorted(words("syllable_vowel")))
    return regex.compile(rf"(?:{alternation('syllable_onset')})?[{vowels}]{{1,3}}(?:{alternation('syllable_coda')})?")


@lru_cache(maxsize=1)
def _code_number() -> regex.Pattern:
    """`VN 324` is a flight; `VN 280 triệu USD` is an amount."""
    return regex.compile(rf"(?: - | |-)\d{{2,5}}\b(?![/.,]\d)(?! ?(?:{alternation('quantity_after_code')})\b)")


def _product(text: str, start: int) -> bool:
    """A brand or a number right before: `Nokia G20`, `ProDesk 400 G7` (not `vắc xin Covid-19`, `in 3D`)."""
    m = _PRODUCT_BEFORE.search(text, max(0, start - 30), start)
    return bool(m) and (m.group(1) is None or not syllable_like(m.group(1)))


def syllable_like(piece: str) -> bool:
    """Whether a word could be one Vietnamese syllable (`TỈNH`, `Duy`), unlike most acronyms."""
    base = strip_diacritics(piece).lower()
    return bool(_syllable().fullmatch(base)) or bool(_syllable().fullmatch(piece.lower()))


def _in_caps_run(text: str, start: int, end: int) -> bool:
    """Whether the span sits among upper-case ordinary words (a headline in capitals)."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    words = regex.findall(r"[\p{L}\p{M}]+", text[max(lo, start - 60):min(hi, end + 60)])
    caps = [w for w in words if w.isupper() and len(w) >= 2]
    vietnamese_caps = [w for w in caps if syllable_like(w)]
    return len(vietnamese_caps) >= 3 and len(caps) >= 0.6 * len(words)


_TICKERS = regex.compile(r"\b[A-Z][A-Z0-9]{2}(?:(?:, | và )[A-Z][A-Z0-9]{2}\b){2,}")


def _in_ticker_list(text: str, start: int, end: int) -> bool:
    """`BT6, DHA, GIL, SFC và VTC`: stock codes listed together, some unknown."""
    lo, hi = max(0, start - 80), min(len(text), end + 80)
    for m in _TICKERS.finditer(text, lo, hi):
        if m.start() <= start and end <= m.end():
            codes = regex.findall(r"[A-Z][A-Z0-9]{2}", m.group())
            return any(not senses_of(c) or any(ch.isdigit() for ch in c) for c in codes)
    return False


def _beside_foreign_name(text: str, start: int, end: int) -> bool:
    """`VP Bank`, `Tel Aviv`, `Nintendo DS`; but `ĐHDL Duy Tân` stands beside a Vietnamese name."""
    m = _NAME_NEXT.match(text, end) or _NAME_PREV.search(text, max(0, start - 20), start)
    return bool(m) and not syllable_like(m.group(1))


def acceptable(text: str, start: int, end: int, key: str) -> bool:
    """The filters between a dictionary form and a real mention."""
    short = text[start:end]
    if _ROMAN.fullmatch(short) or len(short) == 1:
        return False  # one letter is a mention only as a place word (`Q.3`), decided before
    caps = sum(1 for c in short if c.isupper())
    gold, seen = mention_rate(key)
    if seen >= 3 and gold / seen < 0.5:
        return False
    if any(c.isdigit() for c in short) and _product(text, start):
        return False  # `Nokia G20`, `ProDesk 400 G7`: a model name, not `G20`
    if any(c.isdigit() for c in short) or caps < 2:
        if not is_curated(key):
            return False
        if caps < 2 and not any("curated" in s.sources for s in senses_of(key)) and gold < 3:
            return False
    if caps >= 2 and syllable_like(short) and _in_caps_run(text, start, end):
        return False
    # after a number these are units (`45 CV` horsepower, `110 KV`), not `Công văn`
    if short in words("unit_after_number") and _NUMBER_BEFORE.search(text, max(0, start - 12), start):
        return False
    if len(short) == 3 and _in_ticker_list(text, start, end):
        return False
    weak = gold < 3 and not any("curated" in s.sources for s in senses_of(key))
    if weak and _beside_foreign_name(text, start, end):
        return False
    if len(short) == 2 and _code_number().match(text, end):
        number = text[end:end + 8].lstrip(" -")
        if not number.startswith(("19", "20")):
            return False  # a flight or model number: `VN 324`
    return True


