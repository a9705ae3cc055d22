"""Letter alignment of a short form with the words of a long form (`GD&ĐT` ↔ `Giáo dục và Đào tạo`)."""
from __future__ import annotations

from functools import lru_cache

import regex

from ..textnorm import strip_diacritics
from . import lexicon

_UNIT = regex.compile(r"&amp;|&|[.\-/]|\p{Lu}\p{M}*(?:[\p{Ll}][\p{M}]*)*|\p{N}+|\p{Ll}\p{M}*")
_PUNCT_FILLER = ("-", "–", "/", ",")
_MAX_SKIPS = 2


def units(short: str) -> list[str]:
    """`GD&ĐT` → g d & d t; `ThS` → th s; separators become `|`."""
    out = []
    for u in _UNIT.findall(short):
        if u in ("&", "&amp;"):
            out.append("&")
        elif u in ".-/":
            out.append("|")
        elif u.isdigit():
            return []
        else:
            out.append(strip_diacritics(u).lower())
    return out


def fold(word: str) -> str:
    """Lower case without diacritics: what initials are compared in."""
    return strip_diacritics(word).lower()


@lru_cache(maxsize=1)
def _filler() -> frozenset[str]:
    """Words (folded) a long form may hold without a letter in the short form: `của`, `và`, `of`."""
    return frozenset(fold(w) for w in lexicon.words("definition_filler")) | frozenset(_PUNCT_FILLER)


@lru_cache(maxsize=1)
def _and() -> frozenset[str]:
    """What `&` in a short form stands for (folded)."""
    return frozenset(fold(w) for w in lexicon.words("definition_and")) | {"&"}


@lru_cache(maxsize=1)
def separators() -> frozenset[str]:
    """What stands between coordinated long forms (`khuyến học, khuyến tài (KH, KT)`)."""
    return frozenset(_PUNCT_FILLER) | (_and() - {"&"})


def match(units: list[str], words: list[str], end: int, anchored_start: bool) -> tuple[int, int] | None:
    """Match all units against words[..end) right to left; return (first word index, skips) or None.

    The last word must carry the last letter; `anchored_start` demands the match begin at word 0.
    """
    memo: dict[tuple[int, int, int], tuple[int, int] | None] = {}

    def go(i: int, j: int, skips: int) -> tuple[int, int] | None:
        if i == 0:
            if anchored_start and j != 0:
                return None
            return (j, skips)
        if j == 0:
            return None
        key = (i, j, skips)
        if key in memo:
            return memo[key]
        unit, word = units[i - 1], words[j - 1]
        best = None
        options = []
        if unit == "|":
            options.append((i - 1, j, skips))
        elif unit == "&":
            if word in _and():
                options.append((i - 1, j - 1, skips))
        elif word[:1].isalnum() and word.startswith(unit):
            options.append((i - 1, j - 1, skips))
            # two single letters carried by one syllable's initial cluster (`NG` in `Nguyễn`)
            if i >= 2 and len(unit) == 1 and len(units[i - 2]) == 1 and word.startswith(units[i - 2] + unit):
                options.append((i - 2, j - 1, skips + 1))
        if i < len(units) and (word in _filler()) and (i > 0):
            cost = 0 if word in ("-", "–") else 1
            if skips + cost <= _MAX_SKIPS:
                options.append((i, j - 1, skips + cost))
        for ni, nj, ns in options:
            r = go(ni, nj, ns)
            if r is not None and (best is None or r[1] < best[1] or (r[1] == best[1] and r[0] > best[0])):
                best = r
        memo[key] = best
        return best

    if not units or units[-1] in ("|", "&") or units[0] in ("|", "&"):
        return None
    return go(len(units), end, 0)
