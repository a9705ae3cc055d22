"""Finding abbreviation mentions: candidates, the guideline's mention boundaries, filters, senses.

Matching runs on the NFC form of the text (tone placement is folded in the keys); every offset
and every `short` is the input's own (`text[start:end] == short`).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Sequence

from ..textnorm import nfc_with_map
from .boundaries import Piece, candidates, place_letters
from .definitions import Definition, find_definitions
from .dictionary import is_curated, lookup_key, senses_of
from .features import Words, features
from .filters import acceptable
from .model import mention_rate
from .roles import role_of
from .senses import context_scores, grams, rank


@dataclass(frozen=True)
class AbbreviationMention:
    """One abbreviation mention: `text[start:end] == short`, with its long form in that place."""

    start: int
    end: int
    short: str
    long: str
    source: str  # "definition" | "dictionary" | "context"
    confidence: float


def _ranges(text: str, ranges: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
    if ranges is None:
        return [(0, len(text))]
    out = []
    for lo, hi in sorted(ranges):
        lo, hi = max(0, lo), min(len(text), hi)
        if lo < hi:
            out.append((lo, hi))
    return out


def _nearest(defs: list[Definition], starts: list[int], pos: int) -> Definition:
    """The definition governing a mention: the last one before it, else the first."""
    i = bisect_right(starts, pos) - 1
    return defs[i] if i >= 0 else defs[0]


@dataclass
class _Article:
    """What every mention of one text is decided against (its words and word grams read when first asked)."""

    text: str
    parts: list[tuple[int, int]]
    defined: dict[str, list[Definition]]
    starts: dict[str, list[int]]
    sites: set[tuple[int, int]]

    @cached_property
    def words(self) -> Words:
        return Words.of_parts(self.text, self.parts)

    @cached_property
    def doc_key(self) -> frozenset[str]:
        return grams(self.words.keys)

    def near(self, start: int, end: int) -> list[str]:
        right, left = self.words.around(start, end)
        return self.words.keys[max(0, left - 8):left] + self.words.keys[right:right + 8]

    def definition(self, key: str, pos: int) -> Definition:
        return _nearest(self.defined[key], self.starts[key], pos)


class _Lazy:
    """The article's word grams as a set, built only if a cue word is looked up."""

    def __init__(self, art: _Article):
        self.art = art

    def __contains__(self, key: object) -> bool:
        return key in self.art.doc_key


def _p_mention(key: str) -> float:
    """How likely a dictionary form is a mention where it stands (annotated rate, else by provenance)."""
    gold, seen = mention_rate(key)
    return (gold + 1) / (seen + 2) if seen else (0.85 if is_curated(key) else 0.6)


def _compound(art: _Article, piece: Piece) -> AbbreviationMention | None:
    """A compound's long form: its parts' long forms joined as the compound joins them."""
    longs, conf = [], 1.0
    for a, b, joiner in piece.parts:
        key = lookup_key(art.text[a:b])
        if key in art.defined:
            longs.append(art.definition(key, a).long)
        else:
            ranked = rank(key, [features(art.words, a, b)], art.near(a, b), _Lazy(art))
            if not ranked:
                return None
            longs.append(ranked[0].sense.long)
            conf *= ranked[0].p
        longs.append(joiner)
    short = art.text[piece.start:piece.end]
    return AbbreviationMention(piece.start, piece.end, short, "".join(longs), "context", round(0.7 * conf, 3))


def _find(text: str, parts: list[tuple[int, int]]) -> list[AbbreviationMention]:
    definitions = find_definitions(text, parts)
    defined: dict[str, list[Definition]] = {}
    for d in definitions:
        defined.setdefault(lookup_key(d.short), []).append(d)
    art = _Article(text, parts, defined, {key: [d.start for d in defs] for key, defs in defined.items()},
                   {(d.start, d.end) for d in definitions})
    out: dict[int, AbbreviationMention] = {}
    free: list[tuple[Piece, str, str | None, list[str]]] = []
    governed: list[tuple[int, Definition]] = []
    for piece in candidates(text, parts, defined):
        if piece.start in out:
            continue
        short = text[piece.start:piece.end]
        key = lookup_key(short)
        if piece.single:
            out[piece.start] = AbbreviationMention(piece.start, piece.end, short, place_letters()[short],
                                                   "dictionary", 0.9)
        elif piece.parts:
            mention = _compound(art, piece)
            if mention is not None:
                out[piece.start] = mention
        elif key in defined and piece.role is None:
            d = art.definition(key, piece.start)
            conf = 0.97 if (piece.start, piece.end) in art.sites else 0.93
            out[piece.start] = AbbreviationMention(piece.start, piece.end, short, d.long, "definition", conf)
            governed.append((piece.start, d))
        elif acceptable(text, piece.start, piece.end, key) or (piece.role and senses_of(key)):
            role = piece.role or role_of(text, piece.start, piece.end)
            feats = features(art.words, piece.start, piece.end) if len(senses_of(key)) > 1 else []
            free.append((piece, key, role, feats))
            out[piece.start] = None  # type: ignore[assignment]  # decided below, with the article's other mentions
    # one sense per article: the free mentions of a form share their contexts
    pooled: dict[str, list[list[str]]] = {}
    for piece, key, role, feats in free:
        if role is None and feats:
            pooled.setdefault(key, []).append(feats)
    scores = {key: context_scores(key, contexts) for key, contexts in pooled.items()}
    for piece, key, role, feats in free:
        near = art.near(piece.start, piece.end) if feats else ()
        ranked = rank(key, [feats] if feats else [], near, _Lazy(art), role, scores=scores.get(key))
        if not ranked:
            del out[piece.start]
            continue
        best = ranked[0]
        source = "dictionary" if best.sense == senses_of(key)[0] and not role else "context"
        out[piece.start] = AbbreviationMention(piece.start, piece.end, text[piece.start:piece.end], best.sense.long,
                                               source, round(best.p * _p_mention(key), 3))
    found = sorted((m for m in out.values() if m is not None), key=lambda m: (m.start, m.end))
    # a long form holding abbreviations of its own is written out in full (`Trường ĐH … TP.HCM (HUFLIT)`)
    written = {d: _written_out(text, d, found) for d in {d for _, d in governed}}
    for pos, d in governed:
        if written[d] != d.long:
            out[pos] = replace(out[pos], long=written[d])
    return sorted((m for m in out.values() if m is not None), key=lambda m: (m.start, m.end))


def _written_out(text: str, d: Definition, found: list[AbbreviationMention]) -> str:
    inner = [m for m in found if d.long_start <= m.start and m.end <= d.long_end]
    if not inner:
        return d.long
    parts, pos = [], d.long_start
    for m in inner:
        parts += [text[pos:m.start], m.long]
        pos = m.end
    parts.append(text[pos:d.long_end])
    return "".join(parts)


def find_abbreviations(text: str, ranges: Sequence[tuple[int, int]] | None = None) -> list[AbbreviationMention]:
    """Every abbreviation mention inside the ranges (None: the whole text), sorted by offset.

    NFD or mixed input gives the same mentions as its NFC form, at the input's own offsets.
    """
    if not text:
        return []
    parts = _ranges(text, ranges)
    norm, mapping = nfc_with_map(text)
    if mapping is None:
        return _find(text, parts)
    # map the ranges onto the NFC text, run there, map every mention back
    nparts = [(bisect_left(mapping, lo), bisect_left(mapping, hi)) for lo, hi in parts]
    out = []
    for m in _find(norm, [(lo, hi) for lo, hi in nparts if lo < hi]):
        start, end = mapping[m.start], mapping[m.end]
        out.append(replace(m, start=start, end=end, short=text[start:end]))
    return out
