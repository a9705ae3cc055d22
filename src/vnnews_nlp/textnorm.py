"""Matching-time normalisation: never changes reported text or offsets.

Dictionaries, gazetteers and models compare `match_key(...)` of both sides, so
`hoà`/`hòa`, NFD/NFC input and case differences meet in one form.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Entries of the per-word caches below: 16,384 keep 98% of a news article's syllables hits
# (as 65,536 did); two caches of 65,536 held 22 MB in every worker.
WORD_CACHE = 16_384

# Tone marks in oa/oe/uy are written on either letter (`hòa`/`hoà`); keys
# always carry it on the second, so both spellings meet.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
_OLD_STYLE = regex.compile(
    r"(?i)([oO])([\u0300\u0301\u0303\u0309\u0323])([aAeE])(?![\p{L}\p{M}])"
    r"|([uU])([\u0300\u0301\u0303\u0309\u0323])([yY])(?![\p{L}\p{M}])"
)


def _move_tone(match: regex.Match) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


# The Icelandic eth that legacy encodings and OCR leave for `đ` (same length: offsets hold).
_ETH = str.maketrans({"ð": "đ", "Ð": "Đ"})


def _canonical(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.translate(_ETH))
    # After NFD the tone mark directly follows its vowel (vowel-quality marks
    # like circumflex/horn come first), so the swap is purely local.
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(_move_tone, decomposed))


@lru_cache(maxsize=WORD_CACHE)
def canonical(text: str) -> str:
    """`text` in NFC with tone marks placed one way (`hòa` and `hoà` meet), case kept."""
    return _canonical(text)


def canonical_text(text: str) -> str:
    """`canonical` of a whole text (an article), uncached; same length as an NFC `text`."""
    return _canonical(text)


def canonical_with_map(text: str) -> tuple[str, list[int] | None]:
    """A whole text in its canonical spelling and the map from its indices to `text`'s (None: identity).

    Moving a tone mark inside a syllable keeps the NFC length, so the map is NFC's (`nfc_with_map`):
    patterns match the canonical view and every offset still indexes the input.
    """
    nfc, mapping = nfc_with_map(text)
    view = _canonical(nfc)
    return (view if len(view) == len(nfc) else nfc), mapping


@lru_cache(maxsize=WORD_CACHE)
def match_key(text: str) -> str:
    """Canonical form for matching: NFC, tone marks placed one way, lower case, spaces folded."""
    return " ".join(canonical(text).lower().split())


def strip_diacritics(text: str) -> str:
    """`Đồng Tháp` → `Dong Thap`: for initial-letter comparison of abbreviations."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("Đ", "D").replace("đ", "d")


def nfc_with_map(text: str) -> tuple[str, list[int] | None]:
    """NFC-normalise `text`, returning the result and a map from its indices to `text`'s.

    The map has one entry per character of the result plus one for the end;
    it is None when `text` is already NFC (identity map), the common case.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    mapping: list[int] = []
    # Normalise each base character with its combining marks as one unit, so
    # every output character maps to the start of the unit it came from.
    for cluster in regex.finditer(r"\P{M}\p{M}*|\p{M}+", text):
        normalised = unicodedata.normalize("NFC", cluster.group())
        out.append(normalised)
        mapping.extend([cluster.start()] * len(normalised))
    mapping.append(len(text))
    return "".join(out), mapping
