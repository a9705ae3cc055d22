"""What the sense model sees around a mention: the same features at harvest, fitting and run time.

A text is read once into `Words` (match keys with offsets); a span's features are the words
within `WINDOW` either side (`w:`), its direct neighbours (`l1:`, `r1:`, `r2:`; a neighbour behind
punctuation is the punctuation, `r1:#(`), their shapes (`r1s:Cap`, `l1s:num`) and whether a
place name of the gazetteer follows (`r1:place`, as in `TT Phong Điền`).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..textnorm import canonical_text, match_key

WINDOW = 8
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_PLACE_WORDS = 3  # a place name after a short form is at most this many syllables


@dataclass
class Words:
    """The words of a text: match keys, raw forms and offsets, for features by position."""

    keys: list[str]
    raw: list[str]
    starts: list[int]
    ends: list[int]
    text: str

    @classmethod
    def of(cls, text: str, lo: int = 0, hi: int | None = None) -> "Words":
        """The words of `text[lo:hi]` (offsets index `text`)."""
        hi = len(text) if hi is None else hi
        spans = [m.span() for m in _WORD.finditer(text, lo, hi)]
        starts = [a for a, _ in spans]
        ends = [b for _, b in spans]
        raw = [text[a:b] for a, b in spans]
        # the keys of all words at once: the text's canonical lower-case form, where it keeps its length
        folded = canonical_text(text[lo:hi]).lower()
        if len(folded) == hi - lo:
            keys = [folded[a - lo:b - lo] for a, b in spans]
        else:
            keys = [match_key(w) for w in raw]
        return cls(keys, raw, starts, ends, text)

    @classmethod
    def of_parts(cls, text: str, parts: list[tuple[int, int]]) -> "Words":
        """The words of several ranges of `text`, in order."""
        out = cls([], [], [], [], text)
        for lo, hi in parts:
            w = cls.of(text, lo, hi)
            out.keys += w.keys
            out.raw += w.raw
            out.starts += w.starts
            out.ends += w.ends
        return out

    def around(self, start: int, end: int) -> tuple[int, int]:
        """(index of the first word after the span, index one past the last word before it)."""
        return bisect_left(self.starts, end), bisect_right(self.ends, start)


def shape(word: str) -> str:
    """`num`, `CAP` (an acronym), `Cap` (a name or a sentence start) or `low`."""
    if word[:1].isdigit():
        return "num"
    if word.isupper() and len(word) > 1:
        return "CAP"
    return "Cap" if word[:1].isupper() else "low"


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    from ..entities.vocab import places  # the gazetteer the entity stage reads too

    return frozenset(match_key(name) for name, kind in places().items() if kind not in ("ward",) and " " in name)


def _gap(text: str, a: int, b: int) -> str | None:
    """None when only spaces separate two positions, else the first non-space character between them."""
    between = text[a:b].strip()
    return None if not between else between[0]


def features(words: Words, start: int, end: int) -> list[str]:
    """The features of the span `text[start:end]` (its own words excluded)."""
    right, left = words.around(start, end)
    keys, text = words.keys, words.text
    out = {"w:" + k for k in keys[max(0, left - WINDOW):left]}
    out.update("w:" + k for k in keys[right:right + WINDOW])
    if left > 0:
        gap = text[words.ends[left - 1]:start].strip()
        if not gap:
            out.add("l1:" + keys[left - 1])
            out.add("l1s:" + shape(words.raw[left - 1]))
        else:
            out.add("l1:#" + gap[-1])
    if right < len(keys):
        gap = _gap(text, end, words.starts[right])
        if gap is None:
            out.add("r1:" + keys[right])
            out.add("r1s:" + shape(words.raw[right]))
            if right + 1 < len(keys) and _gap(text, words.ends[right], words.starts[right + 1]) is None:
                out.add("r2:" + keys[right] + " " + keys[right + 1])
            if _place_follows(words, right):
                out.add("r1:place")
        else:
            out.add("r1:#" + gap)
    return sorted(out)


def _place_follows(words: Words, i: int) -> bool:
    """Whether capitalised words from index i spell a place of the gazetteer (`Phong Điền`)."""
    if not words.raw[i][:1].isupper():
        return False
    names = _places()
    key = words.keys[i]
    for n in range(1, _PLACE_WORDS):
        j = i + n
        if j >= len(words.keys) or not words.raw[j][:1].isupper():
            return False
        if words.starts[j] - words.ends[j - 1] != 1:
            return False
        key += " " + words.keys[j]
        if key in names:
            return True
    return False
